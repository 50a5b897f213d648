import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MUTED_FOREVER_S } from '../../src/config/mute.js';
import { startDevnet, type Devnet } from '../../src/devnet/index.js';
import { runCli, tempDir, type CliResult } from '../helpers/cli.js';

/**
 * `conversation mute|unmute` write the Contacts `!` (unix seconds) through the synced configs:
 * `conversation list` shows mutedUntil, a second device of the account (restored from stdin,
 * `sync now`) shows the same, unmute clears it on both, --forever is the far-future value, and a
 * bad --for is exit 2 naming the flag. The built CLI against a devnet.
 */
let dn: Devnet;
let root: string;
let network: string;
const dirA = (): string => join(root, 'a');
const dirB = (): string => join(root, 'b');
let peer = '';

interface Listed {
  id: string;
  mutedUntil: number | null;
}

function cli(args: string[], dataDir: string, json = true): Promise<CliResult> {
  const full = [...args, '--data-dir', dataDir, '--network', network, ...(json ? ['--json'] : [])];
  return runCli(full, { timeoutMs: 90_000 });
}

async function mutedUntil(dataDir: string, id: string): Promise<number | null | undefined> {
  const r = await cli(['conversation', 'list', '--all'], dataDir);
  expect(r.code, r.stderr).toBe(0);
  return (r.json.result.conversations as Listed[]).find((c) => c.id === id)?.mutedUntil;
}

beforeAll(async () => {
  root = tempDir('e2e-conv-mute-');
  dn = await startDevnet({ dir: join(root, 'devnet'), nodes: 6, swarmSize: 3 });
  network = join(root, 'devnet', 'devnet.json');
  await runCli(['identity', 'create', '--name', 'me', '--no-passphrase', '--json', '--data-dir', dirA()]);
  const p = await runCli([
    'identity',
    'create',
    '--name',
    'p',
    '--no-passphrase',
    '--json',
    '--data-dir',
    join(root, 'peers'),
  ]);
  peer = p.json.result.accountId as string;
  const s = await cli(['message', 'send', peer, 'hello'], dirA());
  expect(s.code, s.stderr).toBe(0);
  const phrase = (await runCli(['identity', 'export', '--yes', '--json', '--data-dir', dirA()])).json.result
    .recoveryPassword as string;
  const restored = await runCli(['identity', 'restore', '--no-passphrase', '--json', '--data-dir', dirB()], {
    stdin: phrase,
  });
  expect(restored.code, restored.stderr).toBe(0);
}, 180_000);
afterAll(async () => dn?.stop());

describe('conversation mute|unmute', () => {
  it('a bad --for is exit 2 naming the flag, and changes nothing', async () => {
    for (const bad of ['soon', '10s', '400d']) {
      const r = await cli(['conversation', 'mute', peer, '--for', bad], dirA());
      expect(r.code, r.stderr).toBe(2);
      expect(r.json.error.message).toContain('--for');
    }
    const both = await cli(['conversation', 'mute', peer, '--for', '1h', '--forever'], dirA());
    expect(both.code).toBe(2);
    expect(await mutedUntil(dirA(), peer)).toBeNull();
  }, 120_000);

  it('mute for 1h: the list shows mutedUntil ≈ now + 1 h; human output says until when', async () => {
    const before = Math.floor(Date.now() / 1000);
    const r = await cli(['conversation', 'mute', peer, '--for', '1h'], dirA());
    const after = Math.ceil(Date.now() / 1000);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.result).toMatchObject({ conversation: peer, kind: 'direct', forever: false, pushed: true });
    const until = r.json.result.mutedUntil as number;
    expect(until).toBeGreaterThanOrEqual(before + 3600);
    expect(until).toBeLessThanOrEqual(after + 3600);
    expect(await mutedUntil(dirA(), peer)).toBe(until);

    const h = await cli(['conversation', 'mute', peer, '--for', '1h', '--no-push'], dirA(), false);
    expect(h.code, h.stderr).toBe(0);
    expect(h.stdout).toMatch(/muted until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
    expect(h.stderr).toContain('not pushed');
  }, 120_000);

  it('a second device after `sync now` shows the same mutedUntil', async () => {
    const a = await mutedUntil(dirA(), peer);
    // the --no-push change above goes out with this sync
    expect((await cli(['sync', 'now'], dirA())).code).toBe(0);
    const s = await cli(['sync', 'now'], dirB());
    expect(s.code, s.stderr).toBe(0);
    expect(a).not.toBeNull();
    expect(await mutedUntil(dirB(), peer)).toBe(a);
  }, 180_000);

  it('unmute clears it, here and (after sync) on the other device', async () => {
    const r = await cli(['conversation', 'unmute', peer], dirA());
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.result).toMatchObject({ mutedUntil: null, forever: false, pushed: true });
    expect(await mutedUntil(dirA(), peer)).toBeNull();
    expect((await cli(['sync', 'now'], dirB())).code).toBe(0);
    expect(await mutedUntil(dirB(), peer)).toBeNull();
  }, 180_000);

  it('--forever writes the far-future value; human output says until unmuted', async () => {
    const r = await cli(['conversation', 'mute', peer, '--forever'], dirA(), false);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('muted until you unmute it');
    expect(await mutedUntil(dirA(), peer)).toBe(MUTED_FOREVER_S);
    expect((await cli(['sync', 'now'], dirB())).code).toBe(0);
    expect(await mutedUntil(dirB(), peer)).toBe(MUTED_FOREVER_S);
  }, 180_000);

  it('a group the configs do not hold: not found (exit 6), nothing changed', async () => {
    const r = await cli(['conversation', 'mute', '03' + 'e'.repeat(64), '--for', '1h'], dirA());
    expect(r.code).toBe(6);
    expect(r.json.error.code).toBe('NOT_FOUND');
  }, 60_000);
});
