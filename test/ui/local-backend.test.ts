import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markRead } from '../../src/actions/read.js';
import { receiveMessages } from '../../src/actions/receive.js';
import { readUserConfig } from '../../src/actions/sync.js';
import { CONVO_INFO_VOLATILE, ConvoInfoVolatileView } from '../../src/config/convo-info-volatile.js';
import { sendMessage } from '../../src/actions/send-message.js';
import { openClient, type SessionClient } from '../../src/client.js';
import type { ChatBackend, ChatMessage } from '../../src/ui/backend.js';
import { createLocalBackend } from '../../src/ui/local-backend.js';
import { tempDir } from '../helpers/cli.js';
import { addDamagedRoom } from '../helpers/damaged-room.js';
import { startLocalNetwork, type LocalNetwork } from '../helpers/local-network.js';
import { collect } from './feed.js';

/** The embedded chat backend against a devnet: live events, requests, read marks, sending. */
let net: LocalNetwork;
const noPass = () => Promise.resolve(undefined);
const open = (profile: string) =>
  openClient({ dataDir: net.dataDir, profile, network: net.network, passphrase: noPass });

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 60_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  net = await startLocalNetwork('chat-backend', ['alice', 'bob']);
}, 120_000);
afterAll(async () => net?.dn.stop());

describe('local chat backend', () => {
  let alice: SessionClient;
  let bob: SessionClient;
  let backend: ChatBackend;

  beforeAll(async () => {
    alice = await open('alice');
    bob = await open('bob');
    backend = createLocalBackend({ client: alice, network: net.network, intervalMs: 300 });
  });
  afterAll(async () => {
    await backend?.close();
    await bob?.close();
  });

  it('a first contact arrives live as a message and a request; markRead clears its unread count; accept accepts', async () => {
    const feed = collect(backend);
    try {
      await sendMessage(bob, { to: net.ids.alice!, text: 'hello alice' });
      await until('the message event', () =>
        feed.events.find((e) => e.type === 'message' && e.text === 'hello alice'),
      );
      await until('the request event', () =>
        feed.events.find((e) => e.type === 'request' && e.from === net.ids.bob),
      );
      let c = (await backend.conversations()).find((x) => x.id === net.ids.bob)!;
      expect([c.state, c.unread, c.kind]).toEqual(['request', 1, 'direct']);
      await backend.markRead(net.ids.bob!);
      c = (await backend.conversations()).find((x) => x.id === net.ids.bob)!;
      expect(c.unread).toBe(0);
      // read here (its read time, as `conversation mark-read` gives it) and on our other devices
      // too: the position in ConvoInfoVolatile, at the newest message
      expect(
        alice.store.messages(net.ids.bob!, 10).every((m) => m.direction === 'out' || m.readAt !== null),
      ).toBe(true);
      const civ = new ConvoInfoVolatileView(
        await readUserConfig(net.ids.alice!, alice.store.db, CONVO_INFO_VOLATILE.namespace),
      );
      expect(civ.get('one-to-one', net.ids.bob!)?.lastReadMs).toBe(
        alice.store.lastMessageTimestamp(net.ids.bob!),
      );
      await backend.accept(net.ids.bob!);
      c = (await backend.conversations()).find((x) => x.id === net.ids.bob)!;
      expect(c.state).toBe('accepted');
    } finally {
      await feed.stop();
    }
  }, 120_000);

  it('send reaches the recipient and comes back as the sent message object', async () => {
    const sent = await backend.send(net.ids.bob!, 'hi from the chat');
    expect(sent).toMatchObject({
      type: 'message',
      direction: 'out',
      text: 'hi from the chat',
      from: net.ids.alice,
    });
    expect(sent).not.toHaveProperty('messageHash');
    const got = await receiveMessages(bob);
    expect(got.messages.map((m) => m.text)).toContain('hi from the chat');
  }, 120_000);

  it('attachments by path are uploaded and arrive with the message', async () => {
    const dir = tempDir('chat-attach-');
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'attached words');
    const sent = await backend.send(net.ids.bob!, 'with a file', { attachments: [file] });
    expect(sent.attachments).toMatchObject([{ fileName: 'notes.txt', contentType: 'text/plain', size: 14 }]);
    const got = await receiveMessages(bob);
    const m = got.messages.find((x) => x.text === 'with a file');
    expect(m?.attachments?.map((a) => a.fileName)).toEqual(['notes.txt']);
    // a missing file is refused before anything is sent
    await expect(
      backend.send(net.ids.bob!, 'nope', { attachments: [join(dir, 'missing')] }),
    ).rejects.toThrow();
  }, 120_000);

  it('a reply goes out with its quote, and a reaction as a reaction (the real wire paths)', async () => {
    const [quoted] = await backend.messages(net.ids.bob!, { limit: 1 });
    expect(backend.capabilities).toMatchObject({ quote: true, react: true });
    const sent = await backend.send(net.ids.bob!, 'reply', { quote: quoted! });
    expect(sent.quote).toEqual({ id: quoted!.id, author: quoted!.from, text: quoted!.text });
    const event = await backend.react!(net.ids.bob!, quoted!, '👍');
    expect(event).toMatchObject({ type: 'reaction', target: quoted!.id, emoji: '👍', action: 'react' });
    const got = await receiveMessages(bob);
    expect(got.messages.find((x) => x.text === 'reply')?.quote).toMatchObject({ id: quoted!.id });
    expect(got.events).toContainEqual(expect.objectContaining({ type: 'reaction', target: quoted!.id }));
  }, 120_000);

  it('pages of history: the newest `limit`, then those before a cursor', async () => {
    const all = await backend.messages(net.ids.bob!, { limit: 100 });
    expect(all.map((m) => m.text)).toEqual(['hello alice', 'hi from the chat', 'with a file', 'reply']);
    const last = await backend.messages(net.ids.bob!, { limit: 1 });
    expect(last.map((m) => m.text)).toEqual(['reply']);
    const before = await backend.messages(net.ids.bob!, { before: last[0]!.cursor, limit: 1 });
    expect(before.map((m) => m.text)).toEqual(['with a file']);
  });

  it('what another process of this account stores shows up in the live feed (no second receiver)', async () => {
    const feed = collect(backend);
    const other = await open('alice');
    try {
      // wait for the feed's first poll, so the stored message is "new" to it
      await new Promise((r) => setTimeout(r, 500));
      other.store.insert(
        {
          conversation: net.ids.bob!,
          hash: null,
          author: net.ids.bob!,
          timestamp: Date.now(),
          direction: 'in',
          text: 'stored by a bot',
        },
        Date.now(),
      );
      await until('the bot-stored message', () =>
        feed.events.find((e) => e.type === 'message' && e.text === 'stored by a bot'),
      );
    } finally {
      await feed.stop();
      await other.close();
    }
  }, 60_000);

  it('block blocks', async () => {
    await backend.block(net.ids.bob!);
    expect((await backend.conversations()).find((x) => x.id === net.ids.bob)!.blocked).toBe(true);
  });
});

describe('local chat backend: community rooms', () => {
  let backend: ChatBackend;
  let room = '';

  beforeAll(async () => {
    for (const p of ['alice', 'bob']) {
      const j = await net.cli(
        ['community', 'join', net.dn.descriptor.community.rooms[0]!.joinUrl, '--direct'],
        p,
      );
      expect(j.code, j.stderr).toBe(0);
    }
    const h = await net.cli(['community', 'post', 'lobby', 'room history', '--direct'], 'bob');
    expect(h.code, h.stderr).toBe(0);
    room = h.json.result.conversation as string;
    backend = createLocalBackend({ client: await open('alice'), network: net.network, intervalMs: 300 });
  }, 120_000);
  afterAll(async () => backend?.close());

  it('the room is listed; a new post arrives live; the history is there; our post is ours; markRead clears it', async () => {
    const feed = collect(backend);
    try {
      // the first poll fetches the room: its history is history, not news
      await until('the room fetched', () => feed.events.some((e) => e.type === 'conversations-changed'));
      const post = await net.cli(['community', 'post', 'lobby', 'live post', '--direct'], 'bob');
      expect(post.code, post.stderr).toBe(0);
      const live = await until('the live post', () =>
        feed.events.find(
          (e): e is ChatMessage & { type: 'message' } => e.type === 'message' && e.text === 'live post',
        ),
      );
      expect(live).toMatchObject({ conversation: room, direction: 'in' });
      expect(feed.events.some((e) => e.type === 'message' && e.text === 'room history')).toBe(false);
      const c = (await backend.conversations()).find((x) => x.id === room)!;
      expect(c).toMatchObject({ kind: 'community', name: 'Lobby', unread: 2 });
      const history = await backend.messages(room, { limit: 50 });
      expect(history.map((m) => m.text)).toEqual(['room history', 'live post']);
      // the page before the newest: only the older one
      expect(
        (await backend.messages(room, { before: history[1]!.cursor, limit: 50 })).map((m) => m.text),
      ).toEqual(['room history']);
      const mine = await backend.send(room, 'from the chat');
      expect(mine).toMatchObject({ conversation: room, direction: 'out', text: 'from the chat' });
      // a reaction goes to the room's server; its next poll shows it ours, and the same emoji again
      // takes it back
      const reacted = (want: (r: Record<string, { count: number; you?: boolean }>) => boolean) =>
        until('the reactions event', () =>
          feed.events.find(
            (e) =>
              e.type === 'reactions' &&
              e.id === live.id &&
              want((e as { reactions: Record<string, { count: number; you?: boolean }> }).reactions),
          ),
        );
      await backend.react!(room, live, '👍');
      await reacted((r) => r['👍']?.you === true && r['👍'].count === 1);
      const shown = (await backend.messages(room, { limit: 50 })).find((m) => m.id === live.id)!;
      expect(shown.reactions).toEqual({ '👍': { count: 1, you: true } });
      await backend.react!(room, shown, '👍');
      await reacted((r) => r['👍'] === undefined);
      await backend.markRead(room);
      expect((await backend.conversations()).find((x) => x.id === room)!.unread).toBe(0);
      // a file goes to the room (read before anything is sent: a missing one sends nothing)
      await expect(backend.send(room, 'x', { attachments: ['/nonexistent'] })).rejects.toMatchObject({
        code: 'INVALID_INPUT',
      });
      const path = join(tempDir('chat-room-file-'), 'notes.txt');
      writeFileSync(path, 'room file');
      const withFile = await backend.send(room, 'see the file', { attachments: [path] });
      expect(withFile).toMatchObject({ conversation: room, text: 'see the file' });
      expect(withFile.attachments).toMatchObject([{ fileName: 'notes.txt', size: 9 }]);
      // a reply in a room quotes the post (`community post --reply-to`)
      const reply = await backend.send(room, 'about that file', { quote: withFile });
      expect(reply.quote).toEqual({ id: withFile.id, author: withFile.from, text: 'see the file' });
    } finally {
      await feed.stop();
    }
  }, 120_000);

  it('a community DM arrives live in its 15 conversation; the answer goes back through that server, quoting it', async () => {
    // (blocked above, and a blocked person's DMs are dropped too)
    const unblock = await net.cli(['contact', 'unblock', net.ids.bob!, '--no-push'], 'alice');
    expect(unblock.code, unblock.stderr).toBe(0);
    const feed = collect(backend);
    try {
      const dm = await net.cli(
        ['community', 'dm', 'lobby', net.ids.alice!, 'psst, alice', '--direct'],
        'bob',
      );
      expect(dm.code, dm.stderr).toBe(0);
      const live = await until('the DM', () =>
        feed.events.find(
          (e): e is ChatMessage & { type: 'message' } => e.type === 'message' && e.text === 'psst, alice',
        ),
      );
      expect(live).toMatchObject({
        direction: 'in',
        conversation: expect.stringMatching(/^15[0-9a-f]{64}$/),
      });
      const bob15 = live.conversation;
      // a stranger's first DM: a request, as the chat marks first contacts
      await until('the request', () =>
        feed.events.some((e) => e.type === 'request' && e.conversation === bob15 && e.id === live.id),
      );
      // listed (a 15 id has no Contacts entry to read a mute from)
      expect((await backend.conversations()).find((c) => c.id === bob15)).toMatchObject({
        state: 'request',
        mutedUntil: null,
      });
      await expect(backend.send(bob15, 'x', { attachments: ['/etc/hostname'] })).rejects.toMatchObject({
        code: 'INVALID_INPUT',
      });
      await expect(backend.send('15' + 'a'.repeat(64), 'to nobody')).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      const back = await backend.send(bob15, 'hi bob', { quote: live });
      expect(back).toMatchObject({ direction: 'out', conversation: bob15, text: 'hi bob' });
      expect(back.quote).toEqual({ id: live.id, author: bob15, text: 'psst, alice' });
      const w = await net.cli(
        ['community', 'watch', '--direct', '--timeout', '3s', '--interval', '1'],
        'bob',
      );
      expect(w.code, w.stderr).toBe(0);
      const alice15 = dm.json.result.to as string;
      const got = (await net.cli(['message', 'list', alice15, '--json'], 'bob')).json.result.messages as {
        text: string;
        quote: unknown;
      }[];
      expect(got.find((m) => m.text === 'hi bob')!.quote).toMatchObject({ text: 'psst, alice' });
      // /accept: accepted here (nothing sent); /block: what they send next is dropped
      await backend.accept(bob15);
      expect((await backend.conversations()).find((c) => c.id === bob15)).toMatchObject({
        state: 'accepted',
      });
      // reading it sends no read receipt (a 15 id has no swarm), even when receipts are on
      const reader = await open('alice');
      try {
        const dmRows = reader.store.messages(bob15, 50).filter((m) => m.direction === 'in');
        expect(dmRows.length).toBeGreaterThan(0);
        expect(await markRead(reader, dmRows, { sendReceipts: true })).toMatchObject({ receiptsSent: 0 });
      } finally {
        await reader.close();
      }
      await backend.block(bob15);
      const next = await net.cli(
        ['community', 'dm', 'lobby', net.ids.alice!, 'still there?', '--direct'],
        'bob',
      );
      expect(next.code, next.stderr).toBe(0);
      // Each round polls the inbox before the rooms: a post sent after the first one showed
      // shows in a later round, whose inbox poll came after the DM.
      for (const text of ['after the blocked DM', 'and one more']) {
        const marker = await net.cli(['community', 'post', 'lobby', text, '--direct'], 'bob');
        expect(marker.code, marker.stderr).toBe(0);
        await until(text, () => feed.events.some((e) => e.type === 'message' && e.text === text));
      }
      expect(feed.events.some((e) => e.type === 'message' && e.text === 'still there?')).toBe(false);
      expect((await backend.messages(bob15, { limit: 50 })).map((m) => m.text)).not.toContain('still there?');
    } finally {
      await feed.stop();
    }
  }, 120_000);

  it('a room whose stored rows cannot be read is an error in the feed; the feed and the next room go on', async () => {
    const c = await open('alice');
    try {
      // joined "first" (at time 0), so polled before the lobby; its one stored row is damaged
      addDamagedRoom(c.db, net.dn.descriptor.community.rooms[0]!.joinUrl);
    } finally {
      await c.close();
    }
    const feed = collect(backend);
    try {
      await until('the damaged room reported', () =>
        feed.events.some(
          (e) => e.type === 'error' && e.message.includes('/other: the profile database is damaged'),
        ),
      );
      const post = await net.cli(['community', 'post', 'lobby', 'after the damage', '--direct'], 'bob');
      expect(post.code, post.stderr).toBe(0);
      await until('the lobby post', () =>
        feed.events.find((e) => e.type === 'message' && e.text === 'after the damage'),
      );
    } finally {
      await feed.stop();
    }
  }, 120_000);
});
