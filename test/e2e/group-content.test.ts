import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendableGroup } from '../../src/actions/group-messages.js';
import { openClient } from '../../src/client.js';
import { buildContent } from '../../src/messages/one-to-one.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { startLocalNetwork, type LocalNetwork } from '../helpers/local-network.js';

/**
 * Group content through the CLI on a devnet (issue 13): in a 3-member group, attachments (uploaded
 * encrypted, downloaded byte-identical by the others), delete-after-send (the members' expiry and
 * the swarm's TTL; the group's own Info `E` setting), replies (quote) and reactions (the same
 * events and message-object shapes as 1:1). Refusals exit with their stable code before traffic.
 */
let ln: LocalNetwork;
let gid: string;
let work: string;
const HOUR = 3_600_000;
const noPass = () => Promise.resolve(undefined);

type Msg = {
  id: string;
  conversation: string;
  text: string;
  timestamp: number;
  expiresAt: number | null;
  attachments: { fileName: string; size: number }[];
  quote: unknown;
  reactions?: unknown;
};
const groupMessages = (r: { json: any }): Msg[] =>
  (r.json.result.messages as Msg[]).filter((m) => m.conversation === gid);
const reactionEvents = (r: { json: any }) =>
  (r.json.result.events as { type: string }[]).filter((e) => e.type === 'reaction');
/** A profile's copy of one message, as `message list GROUP` shows it. */
async function listed(profile: string, id: string): Promise<Msg | undefined> {
  const l = await ln.cli(['message', 'list', gid], profile);
  expect(l.code, l.stdout + l.stderr).toBe(0);
  return (l.json.result.messages as Msg[]).find((m) => m.id === id);
}
/** What the devnet's file server holds (its own SQLite store). */
function storedFiles(): Uint8Array[] {
  const db = new Database(join(dirname(ln.network), 'files.db'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT data FROM files').all() as { data: Uint8Array }[]).map((r) => r.data);
  } finally {
    db.close();
  }
}
/** The same command with a network file that does not exist: any traffic would fail otherwise. */
const offline = (args: string[], profile: string) =>
  runCli([
    ...args,
    '--profile',
    profile,
    '--data-dir',
    ln.dataDir,
    '--network',
    '/nonexistent/devnet.json',
    '--json',
  ]);

beforeAll(async () => {
  ln = await startLocalNetwork('e2e-group-content', ['alice', 'bob', 'carol', 'dave'], { rateLimit: false });
  work = tempDir('group-content-files-');
  const c = await ln.cli(['group', 'create', 'Content', ln.ids.bob!, ln.ids.carol!], 'alice');
  expect(c.code, c.stdout + c.stderr).toBe(0);
  gid = c.json.result.groupId;
  for (const p of ['bob', 'carol']) {
    expect((await ln.cli(['message', 'receive'], p)).code).toBe(0);
    const a = await ln.cli(['group', 'accept', gid], p);
    expect(a.code, a.stdout + a.stderr).toBe(0);
  }
  expect((await ln.cli(['message', 'receive'], 'alice')).code).toBe(0);
}, 300_000);
afterAll(async () => ln?.dn.stop());

describe('group messages carry attachments, disappearing settings, quotes and reactions', () => {
  it('attachments: uploaded encrypted, received by the others, downloaded byte-identical', async () => {
    const bin = join(work, 'blob.bin');
    const bytes = randomBytes(48_000);
    writeFileSync(bin, bytes);
    const note = join(work, 'notes.txt');
    writeFileSync(note, 'release notes\n');
    const s = await ln.cli(
      ['message', 'send', gid, 'files for the team', '--attach', bin, '--attach', note],
      'alice',
      180_000,
    );
    expect(s.code, s.stdout + s.stderr).toBe(0);
    expect(s.json.result.conversation).toBe(gid);
    expect(s.json.result.attachments.map((a: { fileName: string }) => a.fileName)).toEqual([
      'blob.bin',
      'notes.txt',
    ]);
    // the file server holds only ciphertext
    const held = storedFiles();
    expect(held.length).toBeGreaterThanOrEqual(2);
    for (const f of held) expect(Buffer.from(f).includes(bytes.subarray(0, 64))).toBe(false);

    const inbox = join(work, 'bob-inbox');
    mkdirSync(inbox);
    const b = await ln.cli(['message', 'receive', '--download-dir', inbox], 'bob', 180_000);
    expect(b.code, b.stdout + b.stderr).toBe(0);
    const [got] = groupMessages(b);
    expect(got).toMatchObject({ id: s.json.result.id, text: 'files for the team' });
    expect(got!.attachments.map((a) => [a.fileName, a.size])).toEqual([
      ['blob.bin', 48_000],
      ['notes.txt', 14],
    ]);
    expect(b.json.result.downloads).toHaveLength(2);
    expect(readFileSync(join(inbox, 'blob.bin')).equals(bytes)).toBe(true);
    expect(readFileSync(join(inbox, 'notes.txt'), 'utf8')).toBe('release notes\n');

    const c = await ln.cli(['message', 'receive'], 'carol');
    expect(groupMessages(c).map((m) => m.id)).toEqual([s.json.result.id]);
    const out = join(work, 'carol-blob.bin');
    const d = await ln.cli(['attachment', 'download', s.json.result.id, '--out', out], 'carol', 180_000);
    expect(d.code, d.stdout + d.stderr).toBe(0);
    expect(readFileSync(out).equals(bytes)).toBe(true);
  }, 600_000);

  it('--disappear after-send: the members store the expiry; the swarm keeps it only that long', async () => {
    const s = await ln.cli(
      ['message', 'send', gid, 'gone in an hour', '--disappear', 'after-send:1h'],
      'bob',
    );
    expect(s.code, s.stdout + s.stderr).toBe(0);
    const sent = s.json.result as Msg;
    expect(sent.expiresAt).toBe(sent.timestamp + HOUR);
    for (const p of ['alice', 'carol']) {
      const r = await ln.cli(['message', 'receive'], p);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      const [m] = groupMessages(r);
      expect(m?.id).toBe(sent.id);
      // the expiry is the swarm's (stored + TTL): with a 14-day TTL it would be two weeks away
      expect(Math.abs(m!.expiresAt! - (sent.timestamp + HOUR))).toBeLessThan(5 * 60_000);
      expect((await listed(p, sent.id))?.expiresAt).toBe(m!.expiresAt);
    }
    // a message without --disappear in a group without a setting does not disappear
    const plain = await ln.cli(['message', 'send', gid, 'stays'], 'bob');
    expect(plain.json.result.expiresAt).toBeNull();
    const a = await ln.cli(['message', 'receive'], 'alice');
    expect(groupMessages(a).map((m) => m.expiresAt)).toEqual([null]);
    expect((await ln.cli(['message', 'receive'], 'carol')).code).toBe(0);
  }, 300_000);

  it("the group's own setting (Info E, delete-after-send) applies to a message without --disappear", async () => {
    // an admin turns it on
    const set = await ln.cli(
      ['group', 'disappearing', gid, '--mode', 'after-send', '--seconds', '600'],
      'alice',
    );
    expect(set.code, set.stderr).toBe(0);
    expect(set.json.result.disappearing).toEqual({ mode: 'after-send', seconds: 600 });
    // only an admin may, and groups have no after-read
    const notAdmin = await ln.cli(['group', 'disappearing', gid, '--mode', 'off'], 'carol');
    expect(notAdmin.code).toBe(4);
    expect(notAdmin.json.error.code).toBe('PERMISSION_DENIED');
    const afterRead = await offline(
      ['group', 'disappearing', gid, '--mode', 'after-read', '--seconds', '60'],
      'alice',
    );
    expect(afterRead.code).toBe(2);
    const tooLong = await offline(
      ['group', 'disappearing', gid, '--mode', 'after-send', '--seconds', String(31 * 86400)],
      'alice',
    );
    expect(tooLong.json.error.code).toBe('INVALID_INPUT');
    // carol reads the new Info on her poll, with the admin's signed change as a group event, then sends
    const changed = await ln.cli(['message', 'receive'], 'carol');
    expect(changed.code).toBe(0);
    const timerEvents = (r: typeof changed) =>
      (r.json.result.events as { type: string; action?: string; from?: string; disappearing?: unknown }[])
        .filter((e) => e.type === 'group' && e.action === 'disappearing')
        .map((e) => [e.from, e.disappearing]);
    expect(timerEvents(changed)).toEqual([[ln.ids.alice, { mode: 'after-send', seconds: 600 }]]);
    const s = await ln.cli(['message', 'send', gid, 'ten minutes'], 'carol');
    expect(s.code, s.stdout + s.stderr).toBe(0);
    expect(s.json.result.expiresAt).toBe(s.json.result.timestamp + 600_000);
    const b = await ln.cli(['message', 'receive'], 'bob');
    const [m] = groupMessages(b);
    expect(m?.id).toBe(s.json.result.id);
    expect(Math.abs(m!.expiresAt! - (s.json.result.timestamp + 600_000))).toBeLessThan(5 * 60_000);
    // --disappear still wins over the group's setting
    const longer = await ln.cli(['message', 'send', gid, 'an hour', '--disappear', 'after-send:1h'], 'carol');
    expect(longer.json.result.expiresAt).toBe(longer.json.result.timestamp + HOUR);
    for (const p of ['alice', 'bob']) expect((await ln.cli(['message', 'receive'], p)).code).toBe(0);
    // and off again: carol's next message stays
    const off = await ln.cli(['group', 'disappearing', gid, '--mode', 'off'], 'alice');
    expect(off.code, off.stderr).toBe(0);
    expect(off.json.result.disappearing).toBeNull();
    const offEvent = await ln.cli(['message', 'receive'], 'carol');
    expect(offEvent.code).toBe(0);
    expect(timerEvents(offEvent)).toEqual([[ln.ids.alice, null]]);
    const stays = await ln.cli(['message', 'send', gid, 'stays'], 'carol');
    expect(stays.json.result.expiresAt).toBeNull();
    expect((await ln.cli(['group', 'info', gid], 'carol')).json.result.disappearing).toBeNull();
    // the others read it now, so the next test starts with nothing waiting
    for (const p of ['alice', 'bob']) {
      const r = await ln.cli(['message', 'receive'], p);
      expect(groupMessages(r).map((m) => [m.text, m.expiresAt])).toEqual([['stays', null]]);
    }
  }, 300_000);

  it('refusals exit with their stable code before any traffic', async () => {
    // groups have delete-after-send only
    const dar = await offline(['message', 'send', gid, 'x', '--disappear', 'after-read:1h'], 'alice');
    expect(dar.code).toBe(2);
    expect(dar.json.error.code).toBe('INVALID_INPUT');
    expect(dar.json.error.message).toMatch(/delete-after-send/);
    // still no --ttl or --typing for groups
    for (const flag of [['--ttl', '1h'], ['--typing']]) {
      const r = await offline(['message', 'send', gid, 'x', ...flag], 'alice');
      expect(r.code, flag.join(' ')).toBe(2);
    }
    // a group we are not in: refused before the attachment is uploaded (offline: no file server)
    const file = join(work, 'x.txt');
    writeFileSync(file, 'x');
    const before = storedFiles().length;
    const notIn = await ln.cli(['message', 'send', gid, 'x', '--attach', file], 'dave');
    expect(notIn.code, notIn.stdout).toBe(6);
    expect(notIn.json.error.code).toBe('NOT_FOUND');
    expect(storedFiles()).toHaveLength(before);
    // reacting to, or replying to, a message this profile does not have (looked up before traffic)
    const unknown = `${ln.ids.alice}:1234567890123`;
    const react = await ln.cli(['message', 'react', unknown, '👍'], 'bob');
    expect(react.code, react.stderr).toBe(6);
    expect(react.json.error.code).toBe('NOT_FOUND');
    const reply = await ln.cli(['message', 'send', gid, 'x', '--reply-to', unknown], 'bob');
    expect(reply.code, reply.stderr).toBe(6);
    expect(reply.json.error.code).toBe('NOT_FOUND');
  }, 120_000);

  let original: Msg;

  it('--reply-to in a group: the quote is in the message object of every member', async () => {
    const s = await ln.cli(['message', 'send', gid, 'standup at 10'], 'alice');
    expect(s.code, s.stdout + s.stderr).toBe(0);
    original = s.json.result;
    for (const p of ['bob', 'carol']) expect((await ln.cli(['message', 'receive'], p)).code).toBe(0);
    const reply = await ln.cli(
      ['message', 'send', gid, 'I will be late', '--reply-to', original.id],
      'carol',
    );
    expect(reply.code, reply.stdout + reply.stderr).toBe(0);
    const quote = { id: original.id, author: ln.ids.alice, text: 'standup at 10' };
    expect(reply.json.result.quote).toEqual(quote);
    for (const p of ['alice', 'bob']) {
      const r = await ln.cli(['message', 'receive'], p);
      const [m] = groupMessages(r);
      expect(m).toMatchObject({ text: 'I will be late', quote });
      expect((await listed(p, m!.id))?.quote).toEqual(quote);
      expect((await listed(p, original.id))?.quote).toBeNull();
    }
    // a message of another conversation cannot be quoted in the group
    const dm = await ln.cli(['message', 'send', ln.ids.carol!, 'psst'], 'bob');
    expect(dm.code).toBe(0);
    const other = await ln.cli(['message', 'send', gid, 'x', '--reply-to', dm.json.result.id], 'bob');
    expect(other.code).toBe(2);
    expect(other.json.error.message).toMatch(/not in the conversation/);
  }, 300_000);

  it('message react in a group: the others get the reaction event and see the reactions', async () => {
    const r = await ln.cli(['message', 'react', original.id, '👍'], 'bob');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.json.result).toMatchObject({
      type: 'reaction',
      target: original.id,
      from: ln.ids.bob,
      conversation: gid,
      emoji: '👍',
      action: 'react',
      reactions: { '👍': { count: 1, you: true, from: [ln.ids.bob] } },
      messageHash: expect.any(String),
    });
    for (const p of ['alice', 'carol']) {
      const got = await ln.cli(['message', 'receive'], p);
      expect(got.code, got.stdout + got.stderr).toBe(0);
      expect(groupMessages(got)).toEqual([]); // a reaction is not a text message
      expect(reactionEvents(got)).toEqual([
        {
          type: 'reaction',
          id: expect.stringMatching(new RegExp(`^${ln.ids.bob}:\\d+$`)),
          cursor: expect.any(Number),
          target: original.id,
          from: ln.ids.bob,
          conversation: gid,
          emoji: '👍',
          action: 'react',
          timestamp: r.json.result.timestamp,
          reactions: { '👍': { count: 1, from: [ln.ids.bob] } },
        },
      ]);
      expect((await listed(p, original.id))?.reactions).toEqual({ '👍': { count: 1, from: [ln.ids.bob] } });
      // a second poll does not see it again
      expect(reactionEvents(await ln.cli(['message', 'receive'], p))).toEqual([]);
    }
    // bob's own poll does not bring his reaction back as news
    expect(reactionEvents(await ln.cli(['message', 'receive'], 'bob'))).toEqual([]);
  }, 300_000);

  it('--remove takes it back for everyone; junk reactions in the group are ignored and counted', async () => {
    const r = await ln.cli(['message', 'react', original.id, '👍', '--remove'], 'bob');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.json.result).toMatchObject({ action: 'remove', reactions: {} });
    // a member's client sends junk: a reaction to a message nobody has, and an empty emoji
    const bob = await openClient({
      dataDir: ln.dataDir,
      profile: 'bob',
      network: ln.network,
      passphrase: noPass,
    });
    try {
      await bob.net.bootstrap();
      const g = await sendableGroup(bob, gid);
      const base = bob.store.allocateTimestamp(bob.net.now());
      const junk = [
        { timestamp: 1234, author: ln.ids.alice!, emoji: '🔥', action: 'react' as const },
        { timestamp: original.timestamp, author: ln.ids.alice!, emoji: '', action: 'react' as const },
      ];
      for (const [i, reaction] of junk.entries())
        await g.storeContent(buildContent({ kind: 'reaction', reaction }, base + i), base + i);
    } finally {
      await bob.close();
    }
    const c = await ln.cli(['message', 'receive'], 'carol');
    expect(c.code, c.stdout + c.stderr).toBe(0);
    expect(reactionEvents(c)).toEqual([
      expect.objectContaining({ action: 'remove', target: original.id, conversation: gid, reactions: {} }),
    ]);
    expect(c.json.result.ignored).toBe(2);
    expect(await listed('carol', original.id)).not.toHaveProperty('reactions');
  }, 300_000);
});
