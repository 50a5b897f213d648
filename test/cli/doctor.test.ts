import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../src/devnet/index.js';
import { runCli, tempDir } from '../helpers/cli.js';

/** `session doctor` through the CLI, against a local network. */
let dn: Devnet;
let root: string;
let network: string;
let dataDir: string;
const doctor = (extra: string[] = []) =>
  runCli(['doctor', '--data-dir', dataDir, '--network', network, '--json', ...extra], { timeoutMs: 90_000 });

beforeAll(async () => {
  root = tempDir('doctor-');
  dn = await startDevnet({ dir: join(root, 'devnet'), nodes: 6, swarmSize: 3 });
  network = join(root, 'devnet', 'devnet.json');
  dataDir = join(root, 'data');
});
afterAll(async () => dn?.stop());

describe('session doctor', () => {
  it('without an identity: the network checks pass, the profile is a warning, exit 0', async () => {
    const r = await doctor();
    expect(r.code).toBe(0);
    const byId = Object.fromEntries(r.json.result.checks.map((c: { id: string }) => [c.id, c]));
    expect(byId.network.verdict).toBe('ok');
    expect(byId.seeds.verdict).toBe('ok');
    expect(byId.seeds.detail).toContain('pinned certificate ok');
    expect(byId.profile.verdict).toBe('warn');
    expect(byId.profile.next).toContain('identity create');
    expect(byId.pool.verdict).toBe('ok');
    expect(byId.path.verdict).toBe('ok');
    expect(byId.clock.verdict).toBe('ok');
  }, 120_000);

  it('with an identity: keystore and database are checked without unlocking anything', async () => {
    const c = await runCli(['identity', 'create', '--name', 'doc', '--json', '--data-dir', dataDir], {
      env: { SESSION_PASSPHRASE: 'correct horse battery staple' },
    });
    expect(c.code).toBe(0);
    const r = await doctor(); // no passphrase given: doctor must not need it
    expect(r.code).toBe(0);
    const ids = r.json.result.checks.map((x: { id: string; verdict: string }) => `${x.id}:${x.verdict}`);
    expect(ids).toEqual(
      expect.arrayContaining(['profile:ok', 'secrets:ok', 'database:ok', 'pool:ok', 'path:ok']),
    );
    // human output: one line per check
    const h = await runCli(['doctor', '--data-dir', dataDir, '--network', network], { timeoutMs: 90_000 });
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/^ok +network +local network/m);
    expect(h.stdout).toMatch(/^ok +database +.*integrity ok/m);
  }, 120_000);

  it('a keystore readable by others fails with the next step, exit 6', async () => {
    const ks = join(dataDir, 'profiles', 'doc', 'keystore.json');
    chmodSync(ks, 0o644);
    try {
      const r = await doctor();
      expect(r.code).toBe(6);
      expect(r.json.ok).toBe(false);
      const s = r.json.error.details.checks.find((c: { id: string }) => c.id === 'secrets');
      expect(s.verdict).toBe('fail');
      expect(s.next).toContain('chmod 600');
    } finally {
      chmodSync(ks, 0o600);
    }
  }, 120_000);

  it('no network answering: the seed check fails with what the seed did, exit 3', async () => {
    await dn.stop();
    const r = await doctor();
    expect(r.code).toBe(3);
    const seed = r.json.error.details.checks.find((c: { id: string }) => c.id === 'seeds');
    expect(seed.verdict).toBe('fail');
    expect(seed.detail).toContain('refused');
  }, 120_000);
});
