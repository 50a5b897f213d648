import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, type CliResult } from '../helpers/cli.js';
import { startLocalNetwork, type LocalNetwork } from '../helpers/local-network.js';

/**
 * `conversation list|pin|unpin|hide|mark-read` for every kind of conversation: a person, a 03
 * group and a joined community room. The room is listed (`kind: community`, its URL as id, what
 * others posted after the read position as unread); pin and hide of a group or a room go into
 * UserGroups, mark-read into ConvoInfoVolatile (`g`, `o`), and a second device of the account
 * (restored, `sync now`) shows the same, its copy of a group message read too. A group or room that the configs do not hold is
 * NOT_FOUND (exit 6) and changes nothing. The built CLI against a devnet.
 */
let net: LocalNetwork;
let deviceB: string;
let group = '';
let room = ''; // the room's conversation id: its URL without the key

interface Listed {
  id: string;
  kind: string;
  priority: number;
  pinned: boolean;
  hidden: boolean;
  unread: number;
  messages: number;
  displayName: string | null;
}

function onB(args: string[]): Promise<CliResult> {
  return runCli([...args, '--data-dir', deviceB, '--network', net.network, '--json'], { timeoutMs: 90_000 });
}

async function listed(r: Promise<CliResult>): Promise<Listed[]> {
  const out = await r;
  expect(out.code, out.stderr).toBe(0);
  return out.json.result.conversations as Listed[];
}

const find = (rows: Listed[], id: string): Listed | undefined => rows.find((c) => c.id === id);

/** Another device of `me`: its Recovery Password restored into a data directory of its own. */
async function restoredDevice(name: string): Promise<string> {
  const dir = join(tempDir(`e2e-conv-kinds-${name}-`), 'data');
  const phrase = (
    await runCli(['identity', 'export', '--yes', '--json', '--profile', 'me', '--data-dir', net.dataDir])
  ).json.result.recoveryPassword as string;
  const restored = await runCli(['identity', 'restore', '--no-passphrase', '--json', '--data-dir', dir], {
    stdin: phrase,
  });
  expect(restored.code, restored.stderr).toBe(0);
  return dir;
}

beforeAll(async () => {
  net = await startLocalNetwork('e2e-conv-kinds', ['me', 'peer']);
  const joinUrl = net.dn.descriptor.community.rooms[0]!.joinUrl;
  for (const p of ['me', 'peer']) {
    const j = await net.cli(['community', 'join', joinUrl, '--direct'], p);
    expect(j.code, j.stderr).toBe(0);
  }
  const dm = await net.cli(['message', 'send', net.ids.peer!, 'hi'], 'me');
  expect(dm.code, dm.stderr).toBe(0);
  const g = await net.cli(['group', 'create', 'Ops', net.ids.peer!], 'me');
  expect(g.code, g.stderr).toBe(0);
  group = g.json.result.groupId as string;
  const post = await net.cli(['community', 'post', 'lobby', 'hello room', '--direct'], 'peer');
  expect(post.code, post.stderr).toBe(0);
  room = post.json.result.conversation as string;
  const own = await net.cli(['community', 'post', 'lobby', 'my own post', '--direct'], 'me');
  expect(own.code, own.stderr).toBe(0);
  const read = await net.cli(['community', 'read', 'lobby', '--direct'], 'me');
  expect(read.code, read.stderr).toBe(0);

  deviceB = await restoredDevice('b');

  // a group message from the peer, received on both devices (B joins the group from the
  // configs' UserGroups, then polls it): unread on both
  expect((await net.cli(['message', 'receive'], 'peer')).code).toBe(0);
  const acc = await net.cli(['group', 'accept', group], 'peer');
  expect(acc.code, acc.stderr).toBe(0);
  const gm = await net.cli(['message', 'send', group, 'group hello'], 'peer');
  expect(gm.code, gm.stderr).toBe(0);
  expect((await net.cli(['message', 'receive'], 'me')).code).toBe(0);
  expect((await onB(['sync', 'now'])).code).toBe(0);
  expect((await onB(['message', 'receive'])).code).toBe(0);
  expect(find(await listed(onB(['conversation', 'list', '--all'])), group)).toMatchObject({ unread: 1 });
}, 240_000);

afterAll(async () => net?.dn.stop());

describe('conversation commands for groups and community rooms', () => {
  it('the list has the group and the room, with their kind; the room counts what others posted as unread', async () => {
    const rows = await listed(net.cli(['conversation', 'list'], 'me'));
    expect(find(rows, group)).toMatchObject({ kind: 'group', pinned: false });
    expect(find(rows, net.ids.peer!)).toMatchObject({ kind: 'direct' });
    // two messages, one of them ours: one unread
    expect(find(rows, room)).toMatchObject({
      kind: 'community',
      messages: 2,
      unread: 1,
      displayName: 'Lobby',
    });
    const human = await runCli(
      ['conversation', 'list', '--profile', 'me', '--data-dir', net.dataDir, '--network', net.network],
      { timeoutMs: 60_000 },
    );
    expect(human.stdout).toContain(`(community ${room})`);
  }, 120_000);

  it('pin a group and hide a room: UserGroups priorities, the group first, the room only with --all', async () => {
    const pin = await net.cli(['conversation', 'pin', group], 'me');
    expect(pin.code, pin.stderr).toBe(0);
    expect(pin.json.result).toMatchObject({ conversation: group, kind: 'group', priority: 1 });
    const hide = await net.cli(['conversation', 'hide', room], 'me');
    expect(hide.code, hide.stderr).toBe(0);
    expect(hide.json.result).toMatchObject({ conversation: room, kind: 'community', priority: -1 });
    const rows = await listed(net.cli(['conversation', 'list'], 'me'));
    expect(rows[0]).toMatchObject({ id: group, pinned: true });
    expect(find(rows, room)).toBeUndefined();
    expect(find(await listed(net.cli(['conversation', 'list', '--all'], 'me')), room)).toMatchObject({
      hidden: true,
    });
    // a person pinned now goes above the group (highest priority of any kind, plus one)
    const p = await net.cli(['conversation', 'pin', net.ids.peer!], 'me');
    expect(p.json.result.priority).toBe(2);
  }, 120_000);

  it('mark-read of the room: nothing unread; again: nothing more marked', async () => {
    // the room's token typed in another case names the same room, and the result names it as the
    // store and the message objects do
    const r = await net.cli(['conversation', 'mark-read', room.replace(/\/lobby$/, '/LOBBY')], 'me');
    expect(r.code, r.stderr).toBe(0);
    // the other's post; our own was never unread
    expect(r.json.result).toMatchObject({ conversation: room, kind: 'community', marked: 1 });
    expect(find(await listed(net.cli(['conversation', 'list', '--all'], 'me')), room)).toMatchObject({
      unread: 0,
    });
    // the same position again is no config change: ConvoInfoVolatile keeps its seqno
    const civSeqno = async () =>
      (
        (await net.cli(['sync', 'status'], 'me')).json.result.namespaces as {
          namespace: number;
          seqno: number;
        }[]
      ).find((n) => n.namespace === 4)!.seqno;
    const seqno = await civSeqno();
    const again = await net.cli(['conversation', 'mark-read', room], 'me');
    expect(again.json.result.marked).toBe(0);
    expect(await civSeqno()).toBe(seqno);
    const g = await net.cli(['conversation', 'mark-read', group], 'me');
    expect(g.code, g.stderr).toBe(0);
    expect(g.json.result).toMatchObject({ conversation: group, kind: 'group', marked: 1 });
    expect(find(await listed(net.cli(['conversation', 'list'], 'me')), group)).toMatchObject({ unread: 0 });
  }, 120_000);

  it('the other device, after sync: the same priorities, and the room read there too', async () => {
    const s = await onB(['sync', 'now']);
    expect(s.code, s.stderr).toBe(0);
    // the room was joined there from UserGroups; its messages come with a read
    const read = await onB(['community', 'read', 'lobby', '--direct']);
    expect(read.code, read.stderr).toBe(0);
    const rows = await listed(onB(['conversation', 'list', '--all']));
    expect(find(rows, room)).toMatchObject({ kind: 'community', hidden: true, unread: 0 });
    // A's read mark of the group (ConvoInfoVolatile `g`) reached B's copy of its message
    expect(find(rows, group)).toMatchObject({ kind: 'group', pinned: true, unread: 0 });
  }, 180_000);

  it('a device restored after the read marks gets the group message read (its configs come first)', async () => {
    const dirC = await restoredDevice('c');
    const onC = (args: string[]) =>
      runCli([...args, '--data-dir', dirC, '--network', net.network, '--json'], { timeoutMs: 90_000 });
    // one receive: the configs (the group, its read position) and then the group's messages
    const r = await onC(['message', 'receive']);
    expect(r.code, r.stderr).toBe(0);
    // and receive's own output says so: the message it hands out is read already
    const got = (r.json.result.messages as { conversation: string; readAt: number | null }[]).filter(
      (m) => m.conversation === group,
    );
    expect(got).toHaveLength(1);
    expect(got[0]!.readAt).toEqual(expect.any(Number));
    const rows = await listed(onC(['conversation', 'list', '--all']));
    expect(find(rows, group)).toMatchObject({ kind: 'group', messages: 1, unread: 0 });
  }, 180_000);

  it('a group or room the configs do not hold: NOT_FOUND (exit 6)', async () => {
    for (const args of [
      ['conversation', 'pin', '03' + 'e'.repeat(64)],
      ['conversation', 'hide', 'https://nowhere.example/room'],
      ['conversation', 'mark-read', '03' + 'e'.repeat(64)],
      ['conversation', 'mark-read', 'https://nowhere.example/room'],
    ]) {
      const r = await net.cli(args, 'me');
      expect(r.code, args.join(' ')).toBe(6);
      expect(r.json.error.code).toBe('NOT_FOUND');
    }
  }, 120_000);
});
