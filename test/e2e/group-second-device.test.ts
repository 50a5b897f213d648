import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, type CliResult } from '../helpers/cli.js';
import { startLocalNetwork, type LocalNetwork } from '../helpers/local-network.js';

/**
 * Issue 13 with the multi-device issue: bob is in alice's group (invited, accepted); he restores
 * his account on a second device (its own data directory, the Recovery Password on stdin). One
 * `sync now` there brings the group from the UserGroups config, with the auth data its swarm is
 * polled with: `group list` shows it, the device reads what alice sends next and sends a message
 * alice receives from bob.
 */
let ln: LocalNetwork;
let dev2: string;
let gid: string;

beforeAll(async () => {
  ln = await startLocalNetwork('e2e-group-2dev', ['alice', 'bob'], { rateLimit: false });
  dev2 = join(tempDir('e2e-group-2dev-b2-'), 'data');
}, 120_000);
afterAll(async () => ln?.dn.stop());

const onDev2 = (args: string[], stdin?: string): Promise<CliResult> =>
  runCli([...args, '--data-dir', dev2, '--network', ln.network, '--json'], {
    timeoutMs: 90_000,
    ...(stdin === undefined ? {} : { stdin }),
  });
const groupTexts = (r: CliResult) =>
  (r.json.result.messages as { conversation: string; text: string; from: string }[]).filter(
    (m) => m.conversation === gid,
  );

describe('a group on a second device of a member', () => {
  it('bob joins alice’s group on his first device', async () => {
    const c = await ln.cli(['group', 'create', 'Team', ln.ids.bob!], 'alice');
    expect(c.code, c.stderr).toBe(0);
    gid = c.json.result.groupId;
    const r = await ln.cli(['message', 'receive'], 'bob');
    expect(r.code, r.stderr).toBe(0);
    const a = await ln.cli(['group', 'accept', gid], 'bob');
    expect(a.code, a.stderr).toBe(0);
    const before = await ln.cli(['message', 'send', gid, 'before the second device'], 'alice');
    expect(before.code, before.stderr).toBe(0);
  }, 240_000);

  it('the restored device sees the group after one sync, reads the group and writes to it', async () => {
    const ex = await ln.cli(['identity', 'export', '--yes'], 'bob');
    expect(ex.code, ex.stderr).toBe(0);
    const phrase = ex.json.result.recoveryPassword as string;
    const restored = await onDev2(['identity', 'restore', '--name', 'bob', '--no-passphrase'], `${phrase}\n`);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.json.result.accountId).toBe(ln.ids.bob);
    // a fresh device knows no group of its own
    expect((await onDev2(['group', 'list'])).json.result.groups).toEqual([]);

    const s = await onDev2(['sync', 'now']);
    expect(s.code, s.stderr).toBe(0);
    expect(s.json.result.applied.groupsJoined).toEqual([gid]);
    const list = await onDev2(['group', 'list']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.json.result.groups).toMatchObject([{ groupId: gid, state: 'joined', admin: false }]);

    expect((await ln.cli(['message', 'send', gid, 'hello both devices'], 'alice')).code).toBe(0);
    const r = await onDev2(['message', 'receive']);
    expect(r.code, r.stderr).toBe(0);
    const got = groupTexts(r);
    expect(got.map((m) => m.text)).toContain('hello both devices');
    expect(got.find((m) => m.text === 'hello both devices')?.from).toBe(ln.ids.alice);
    const info = await onDev2(['group', 'info', gid]);
    expect(info.json.result.name).toBe('Team');

    const sent = await onDev2(['message', 'send', gid, 'from the second device']);
    expect(sent.code, sent.stderr).toBe(0);
    const ar = await ln.cli(['message', 'receive'], 'alice');
    expect(ar.code, ar.stderr).toBe(0);
    expect(groupTexts(ar).filter((m) => m.text === 'from the second device')).toMatchObject([
      { from: ln.ids.bob },
    ]);
    // and bob's first device reads it as his own message
    const br = await ln.cli(['message', 'receive'], 'bob');
    expect(groupTexts(br).map((m) => m.text)).toEqual(
      expect.arrayContaining(['hello both devices', 'from the second device']),
    );
  }, 300_000);

  it('a third device that only runs `message receive` (the invite DM still waiting in the swarm) joins too', async () => {
    const dev3 = join(tempDir('e2e-group-2dev-b3-'), 'data');
    const on3 = (args: string[], stdin?: string): Promise<CliResult> =>
      runCli([...args, '--data-dir', dev3, '--network', ln.network, '--json'], {
        timeoutMs: 90_000,
        ...(stdin === undefined ? {} : { stdin }),
      });
    const phrase = (await ln.cli(['identity', 'export', '--yes'], 'bob')).json.result.recoveryPassword;
    expect((await on3(['identity', 'restore', '--name', 'bob', '--no-passphrase'], `${phrase}\n`)).code).toBe(
      0,
    );
    const r = await on3(['message', 'receive']);
    expect(r.code, r.stderr).toBe(0);
    // the accepted group from the config wins over the old invite: joined, and read in this receive
    const list = await on3(['group', 'list']);
    expect(list.json.result.groups).toMatchObject([{ groupId: gid, state: 'joined' }]);
    expect(groupTexts(r).map((m) => m.text)).toContain('from the second device');
    // and the config bob's devices share still says joined (the invite did not undo the accept)
    const first = await ln.cli(['sync', 'now'], 'bob');
    expect(first.code, first.stderr).toBe(0);
    expect((await ln.cli(['group', 'list'], 'bob')).json.result.groups).toMatchObject([
      { groupId: gid, state: 'joined' },
    ]);
    const dev4 = join(tempDir('e2e-group-2dev-b4-'), 'data');
    const on4 = (args: string[], stdin?: string): Promise<CliResult> =>
      runCli([...args, '--data-dir', dev4, '--network', ln.network, '--json'], {
        timeoutMs: 90_000,
        ...(stdin === undefined ? {} : { stdin }),
      });
    expect((await on4(['identity', 'restore', '--name', 'bob', '--no-passphrase'], `${phrase}\n`)).code).toBe(
      0,
    );
    expect((await on4(['sync', 'now'])).code).toBe(0);
    expect((await on4(['group', 'list'])).json.result.groups).toMatchObject([
      { groupId: gid, state: 'joined' },
    ]);
  }, 300_000);
  it('an invite declined on one device is gone from the others after a sync, and stays gone', async () => {
    const c = await ln.cli(['group', 'create', 'Declined later', ln.ids.bob!], 'alice');
    expect(c.code, c.stderr).toBe(0);
    const gid2: string = c.json.result.groupId;
    expect((await ln.cli(['message', 'receive'], 'bob')).code).toBe(0);
    // the invite reached the config: the second device has it as an invite too
    expect((await onDev2(['sync', 'now'])).code).toBe(0);
    const pending = (await onDev2(['group', 'list'])).json.result.groups as {
      groupId: string;
      state: string;
    }[];
    expect(pending.find((g) => g.groupId === gid2)?.state).toBe('invited');

    const d = await ln.cli(['group', 'decline', gid2], 'bob');
    expect(d.code, d.stderr).toBe(0);
    expect(d.json.result).toMatchObject({ groupId: gid2, declined: true, warnings: [] });

    const s = await onDev2(['sync', 'now']);
    expect(s.code, s.stderr).toBe(0);
    const after = (await onDev2(['group', 'list'])).json.result.groups as { groupId: string }[];
    expect(after.map((g) => g.groupId)).not.toContain(gid2);
    // nor does the next merge on the declining device bring it back
    expect((await ln.cli(['sync', 'now'], 'bob')).code).toBe(0);
    const mine = (await ln.cli(['group', 'list'], 'bob')).json.result.groups as { groupId: string }[];
    expect(mine.map((g) => g.groupId)).not.toContain(gid2);
  }, 300_000);
});
