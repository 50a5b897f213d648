import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listContacts, setNickname } from '../../src/actions/contacts.js';
import { syncNow, syncStatus } from '../../src/actions/sync.js';
import { openClient, type SessionClient } from '../../src/client.js';
import { CONTACTS } from '../../src/config/contacts.js';
import { startDevnet, type Devnet } from '../../src/devnet/index.js';
import { createIdentity } from '../../src/identity/account.js';
import { retrieveMessages } from '../../src/rpc/storage.js';
import { tempDir } from '../helpers/cli.js';
import { repoRoot } from '../helpers/spec.js';

/**
 * A config push cut by kill -9 right after its store reached the swarm (before the process
 * recorded the confirmation) is neither lost nor doubled: the pending push was persisted before
 * it was sent, and the next sync completes it with the same bytes, so the swarm holds one copy.
 */
let dn: Devnet;
let root: string;
let network: string;
let devA: SessionClient;
let devB: SessionClient;
const noPass = async (): Promise<undefined> => undefined;
const Y = '05' + '22'.repeat(32);

function childSync(
  dataDir: string,
  env: Record<string, string>,
): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'test', 'e2e', 'sync-kill-child.ts'), dataDir, network],
      { cwd: repoRoot, env: { ...process.env, ...env } },
    );
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

async function swarmCopies(c: SessionClient): Promise<string[]> {
  const signer = { accountId: c.keys.accountId, ed25519Pk: c.keys.ed25519Pk, ed25519Sk: c.keys.ed25519Sk };
  // every member of the swarm: one copy means one hash on each
  const hashes = new Set<string>();
  const asked: string[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await retrieveMessages(c.net, {
      signer,
      namespace: CONTACTS.namespace,
      lastHash: () => undefined,
      ...(asked.length > 0 ? { preferNot: asked } : {}),
    });
    asked.push(r.nodeEd25519);
    for (const m of r.messages) hashes.add(m.hash);
  }
  return [...hashes].sort();
}

beforeAll(async () => {
  root = tempDir('e2e-sync-kill-');
  dn = await startDevnet({ dir: join(root, 'devnet'), nodes: 6, swarmSize: 3 });
  network = join(root, 'devnet', 'devnet.json');
  const a = await createIdentity({
    dataDir: join(root, 'a'),
    name: 'me',
    backend: 'plaintext',
    passphrase: noPass,
  });
  await createIdentity({
    dataDir: join(root, 'b'),
    name: 'me',
    backend: 'plaintext',
    passphrase: noPass,
    recoveryPassword: a.recoveryPassword,
  });
  devA = await openClient({ dataDir: join(root, 'a'), profile: 'me', passphrase: noPass, network });
  devB = await openClient({ dataDir: join(root, 'b'), profile: 'me', passphrase: noPass, network });
}, 120_000);

afterAll(async () => {
  await devA?.close();
  await devB?.close();
  await dn?.stop();
});

describe('a config push interrupted by kill -9', () => {
  it('is completed exactly once by the next sync', async () => {
    await setNickname(devA.store, devA.keys.accountId, Y, 'Yvonne', Date.now());
    const killed = await childSync(join(root, 'a'), { SESSION_TEST_KILL_AFTER_CONFIG_STORE: '1' });
    expect(killed.signal, killed.stderr).toBe('SIGKILL');

    // the store reached the swarm; locally the push is still awaited (persisted before sending)
    const pending = (await syncStatus(devA.keys, devA.db)).namespaces.find(
      (n) => n.namespace === CONTACTS.namespace,
    )!;
    expect(pending).toMatchObject({ status: 'waiting', needsPush: true, pendingSeqno: 1, lastPushAt: null });
    const afterKill = await swarmCopies(devA);
    expect(afterKill).toHaveLength(1);

    // the next sync (a new process would do the same) completes it: same bytes, same hash
    const r = await syncNow(devA);
    const ns = r.namespaces.find((n) => n.namespace === CONTACTS.namespace)!;
    expect(ns.pushed?.hashes).toEqual(afterKill);
    expect(await swarmCopies(devA)).toEqual(afterKill);
    const done = (await syncStatus(devA.keys, devA.db)).namespaces.find(
      (n) => n.namespace === CONTACTS.namespace,
    )!;
    expect(done).toMatchObject({ status: 'clean', needsPush: false, pendingSeqno: null, lastPushSeqno: 1 });
    expect(done.lastPushHashes).toEqual(afterKill);

    // and the other device gets it once
    await syncNow(devB);
    expect(
      (await listContacts(devB.store, devB.keys.accountId)).find((c) => c.accountId === Y)?.nickname,
    ).toBe('Yvonne');
    expect((await syncNow(devA)).namespaces.every((n) => n.pushed === undefined)).toBe(true);
  }, 240_000);
});
