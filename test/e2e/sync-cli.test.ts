import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../src/devnet/index.js';
import { runCli, tempDir, type CliResult } from '../helpers/cli.js';

/**
 * `profile set`, `sync now` and `sync status` of the built CLI: two devices of one account (the
 * second restored from the first's Recovery Password) against a devnet.
 */
let dn: Devnet;
let root: string;
let network: string;
const dirA = (): string => join(root, 'a');
const dirB = (): string => join(root, 'b');

function cli(args: string[], dataDir: string): Promise<CliResult> {
  const full = [...args, '--data-dir', dataDir, '--network', network, '--json'];
  return runCli(full, { timeoutMs: 90_000 });
}

beforeAll(async () => {
  root = tempDir('e2e-sync-cli-');
  dn = await startDevnet({ dir: join(root, 'devnet'), nodes: 6, swarmSize: 3 });
  network = join(root, 'devnet', 'devnet.json');
  await runCli(['identity', 'create', '--name', 'me', '--no-passphrase', '--json', '--data-dir', dirA()]);
  const phrase = (await runCli(['identity', 'export', '--yes', '--json', '--data-dir', dirA()])).json.result
    .recoveryPassword as string;
  await runCli(['identity', 'restore', '--no-passphrase', '--json', '--data-dir', dirB()], { stdin: phrase });
}, 120_000);
afterAll(async () => dn?.stop());

const shownName = async (dir: string): Promise<string | null> =>
  (await runCli(['identity', 'show', '--json', '--data-dir', dir])).json.result.displayName as string | null;

describe('session sync', () => {
  it('device A sets the name; `sync now` on device B takes it', async () => {
    // --no-push: left for `sync now` (without it the command pushes right away, see below)
    expect((await cli(['profile', 'set', '--name', 'CLI Alice', '--no-push'], dirA())).code).toBe(0);
    const before = await cli(['sync', 'status'], dirA());
    expect(before.code).toBe(0);
    expect(before.json.result.namespaces[0]).toMatchObject({
      domain: 'UserProfile',
      status: 'dirty',
      needsPush: true,
    });
    const a = await cli(['sync', 'now'], dirA());
    expect(a.code).toBe(0);
    expect(a.json.result.namespaces[0].pushed.hashes).toHaveLength(1);
    const b = await cli(['sync', 'now'], dirB());
    expect(b.code).toBe(0);
    expect(b.json.result.displayName).toBe('CLI Alice');
    expect(await shownName(dirB())).toBe('CLI Alice');
    const st = await cli(['sync', 'status'], dirB());
    expect(st.json.result.namespaces[0]).toMatchObject({
      status: 'clean',
      seqno: 1,
      lastMergeResult: 'adopted',
    });
  }, 180_000);

  it('both set the name offline; after syncing both show the same name and config', async () => {
    await cli(['profile', 'set', '--name', 'Name A', '--no-push'], dirA());
    await cli(['profile', 'set', '--name', 'Name B', '--no-push'], dirB());
    expect((await cli(['sync', 'now'], dirA())).code).toBe(0);
    const b = await cli(['sync', 'now'], dirB());
    expect(b.json.result.namespaces[0]).toMatchObject({ merged: 'merged', seqno: 3 });
    const a = await cli(['sync', 'now'], dirA());
    expect(a.json.result.namespaces[0].merged).toBe('adopted');
    const nameA = await shownName(dirA());
    expect(['Name A', 'Name B']).toContain(nameA);
    expect(await shownName(dirB())).toBe(nameA);
    const sa = (await cli(['sync', 'status'], dirA())).json.result.namespaces[0];
    const sb = (await cli(['sync', 'status'], dirB())).json.result.namespaces[0];
    expect([sa.seqno, sa.currentHashes, sa.needsPush]).toEqual([sb.seqno, sb.currentHashes, false]);
  }, 240_000);

  it('contact and conversation commands push right away; the other device applies them on `message receive`', async () => {
    const x = '05' + '11'.repeat(32);
    const y = '05' + '22'.repeat(32);
    const block = await cli(['contact', 'block', x], dirA());
    expect(block.code, block.stderr).toBe(0);
    expect(block.json.result).toMatchObject({ accountId: x, blocked: true, pushed: true });
    expect((await cli(['contact', 'nickname', y, 'Yo'], dirA())).json.result).toMatchObject({
      nickname: 'Yo',
      pushed: true,
    });
    expect((await cli(['conversation', 'pin', y], dirA())).json.result.priority).toBeGreaterThan(0);
    const timer = await cli(
      ['contact', 'disappearing', y, '--mode', 'after-send', '--seconds', '60'],
      dirA(),
    );
    expect(timer.json.result.disappearing).toEqual({ mode: 'after-send', seconds: 60 });
    const st = (await cli(['sync', 'status'], dirA())).json.result.namespaces;
    const contacts = st.find((n: { domain: string }) => n.domain === 'Contacts');
    expect(contacts).toMatchObject({ status: 'clean', needsPush: false, pendingSeqno: null });
    expect(contacts.lastPushHashes).toHaveLength(1);
    expect(contacts.lastPushHashes).toEqual(contacts.currentHashes);

    const recv = await cli(['message', 'receive'], dirB());
    expect(recv.code, recv.stderr).toBe(0);
    const blocked = (await cli(['contact', 'list', '--blocked'], dirB())).json.result.contacts;
    expect(blocked.map((c: { accountId: string }) => c.accountId)).toEqual([x]);
    const all = (await cli(['contact', 'list'], dirB())).json.result.contacts;
    expect(all.find((c: { accountId: string }) => c.accountId === y)).toMatchObject({
      nickname: 'Yo',
      disappearing: { mode: 'after-send', seconds: 60 },
    });
    expect(all.find((c: { accountId: string }) => c.accountId === y).priority).toBeGreaterThan(0);
    const shown = (await cli(['profile', 'show'], dirB())).json.result;
    expect(shown).toMatchObject({ displayName: await shownName(dirA()) });
  }, 240_000);

  it('--no-push leaves the change pending; the next `sync now` pushes it', async () => {
    const y = '05' + '22'.repeat(32);
    const r = await cli(['contact', 'nickname', y, 'Later', '--no-push'], dirA());
    expect(r.json.result.pushed).toBe(false);
    const pending = (await cli(['sync', 'status'], dirA())).json.result.namespaces.find(
      (n: { domain: string }) => n.domain === 'Contacts',
    );
    expect(pending).toMatchObject({ status: 'dirty', needsPush: true });
    const now = await cli(['sync', 'now'], dirA());
    expect(
      now.json.result.namespaces.find((n: { domain: string }) => n.domain === 'Contacts').pushed.hashes,
    ).toHaveLength(1);
    await cli(['sync', 'now'], dirB());
    const all = (await cli(['contact', 'list'], dirB())).json.result.contacts;
    expect(all.find((c: { accountId: string }) => c.accountId === y).nickname).toBe('Later');
  }, 240_000);
});
