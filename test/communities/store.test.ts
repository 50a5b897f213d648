import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { communityMessageObject, eventsFor, type CommunityEvent } from '../../src/communities/events.js';
import type { VerifiedRow } from '../../src/communities/verify.js';
import { watchRooms } from '../../src/actions/community-read.js';
import type { SessionClient } from '../../src/client.js';
import { isSessionError } from '../../src/errors.js';
import { openDatabase, type Database } from '../../src/store/database.js';
import { CommunityStore } from '../../src/store/communities.js';

const KEY = 'ab'.repeat(32);
const BASE = 'http://127.0.0.1:9000';
const ALICE = '15' + '11'.repeat(32);
const ME = '15' + '22'.repeat(32);

function msg(
  id: number,
  seqno: number,
  text: string,
  extra: Partial<Extract<VerifiedRow, { kind: 'message' }>> = {},
): VerifiedRow {
  return {
    kind: 'message',
    id,
    seqno,
    author: ALICE,
    postedMs: 1_700_000_000_000 + id,
    text,
    attachments: [],
    reactions: {},
    ...extra,
  };
}

describe('community store (migration 5)', () => {
  let dir: string;
  let db: Database;
  let store: CommunityStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'community-store-'));
    db = await openDatabase(join(dir, 'db.sqlite'));
    store = new CommunityStore(db);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function join1(watchSeqno = 0) {
    return store.join({ baseUrl: BASE, pubkey: KEY, token: 'Lobby', name: 'The Lobby', watchSeqno, now: 1 })
      .room;
  }

  /** What a watcher emits now, advancing its cursor like `watchRooms` does. */
  function drain(): CommunityEvent[] {
    const room = store.room(join1().id)!;
    const out = store
      .changedSince(room.id, room.watchSeqno)
      .flatMap((m) => eventsFor(room, m, room.watchSeqno, new Set([ME])))
      .sort((a, b) => a.cursor - b.cursor);
    for (const e of out) store.setWatchSeqno(room.id, e.cursor);
    return out;
  }

  it('joins idempotently and resolves a room by token (any case) or URL', () => {
    const a = join1();
    const again = store.join({
      baseUrl: BASE,
      pubkey: KEY,
      token: 'Lobby',
      name: 'Renamed',
      watchSeqno: 99,
      now: 2,
    });
    expect(again.already).toBe(true);
    expect(again.room.watchSeqno).toBe(a.watchSeqno);
    expect(store.resolve('lobby').id).toBe(a.id);
    expect(store.resolve(`${BASE}/Lobby?public_key=${KEY}`).id).toBe(a.id);
    expect(store.resolve(`${BASE}/lobby`).name).toBe('Renamed');
    expect(() => store.resolve('other')).toThrow(expect.toSatisfy((e) => isSessionError(e, 'NOT_FOUND')));
  });

  it('refuses the same server under another key (§15.7)', () => {
    join1();
    expect(() =>
      store.join({
        baseUrl: BASE,
        pubkey: 'cd'.repeat(32),
        token: 'other',
        name: null,
        watchSeqno: 0,
        now: 1,
      }),
    ).toThrow(expect.toSatisfy((e) => isSessionError(e, 'INVALID_INPUT')));
  });

  it('a token joined on two servers must be named by URL', () => {
    join1();
    store.join({
      baseUrl: 'http://127.0.0.2:9000',
      pubkey: KEY,
      token: 'lobby',
      name: null,
      watchSeqno: 0,
      now: 1,
    });
    expect(() => store.resolve('lobby')).toThrow(/more than one/);
  });

  it('a reply names the quoted post by its server id while it is stored; else id null, the quoted text', () => {
    const room = join1();
    const own = new Set([ME]);
    const quoting = (ms: number) => ({ quote: { author: ALICE, timestamp: ms, text: 'as quoted' } });
    store.apply(room.id, [msg(1, 1, 'the question'), msg(2, 2, 'reply', quoting(1_700_000_000_001))], 2);
    store.apply(room.id, [msg(3, 3, 'reply to unseen', quoting(1_600_000_000_000))], 3);
    const shown = (id: number) =>
      communityMessageObject(store.room(room.id)!, store.message(room.id, id)!, own);
    expect(shown(2).quote).toEqual({ id: '1', author: ALICE, text: 'the question' });
    expect(shown(3).quote).toEqual({ id: null, author: ALICE, text: 'as quoted' });
    expect(shown(1).quote).toBeNull();
    // the quoted post deleted: the reply keeps what it quoted, and names no post
    store.apply(room.id, [{ kind: 'deleted', id: 1, seqno: 4 }], 4);
    expect(shown(2).quote).toEqual({ id: null, author: ALICE, text: 'as quoted' });
    expect(store.recent(room.id, 10).map((m) => m.quote?.found?.serverId ?? null)).toEqual([null, null]);
  });

  it('new, edit, reactions and delete become one event each, in seqno order, each once', () => {
    const room = join1();
    store.apply(room.id, [msg(1, 1, 'hi'), msg(2, 2, 'there')], 2);
    expect(drain().map((e) => [e.type, e.id])).toEqual([
      ['message', '1'],
      ['message', '2'],
    ]);
    expect(drain()).toEqual([]);
    store.apply(room.id, [msg(1, 3, 'hi!', { editedMs: 5 })], 3);
    store.apply(
      room.id,
      [{ kind: 'reactions', id: 2, seqno: 4, reactions: { '👍': { index: 0, count: 1 } } }],
      4,
    );
    store.apply(room.id, [{ kind: 'deleted', id: 1, seqno: 5 }], 5);
    const ev = drain();
    // message 1 was edited then deleted before the watcher looked: the delete is what is left
    expect(ev.map((e) => [e.type, e.id, e.cursor])).toEqual([
      ['reactions', '2', 4],
      ['delete', '1', 5],
    ]);
    expect(store.room(room.id)).toMatchObject({ seqno: 5, watchSeqno: 5, fetched: true });
    expect(store.recent(room.id, 10).map((m) => m.serverId)).toEqual([2]);
  });

  it('an edit is an edit event with the new text; a stale or repeated row changes nothing', () => {
    const room = join1();
    store.apply(room.id, [msg(7, 1, 'v1')], 1);
    drain();
    store.apply(room.id, [msg(7, 2, 'v2', { editedMs: 9 })], 2);
    store.apply(room.id, [msg(7, 2, 'v2', { editedMs: 9 }), msg(7, 1, 'v1')], 2);
    const ev = drain();
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ type: 'edit', id: '7', text: 'v2', cursor: 2 });
  });

  it('a tombstone of a message never seen stores nothing; own posts are "out"; the poll cursor passes dropped rows', () => {
    const room = join1();
    store.apply(room.id, [{ kind: 'deleted', id: 50, seqno: 3 }], 10);
    expect(store.room(room.id)!.seqno).toBe(10);
    expect(store.changedSince(room.id, 0)).toEqual([]);
    store.apply(room.id, [msg(60, 11, 'mine', { author: ME })], 0, { poll: false });
    expect(store.room(room.id)!.seqno).toBe(10);
    expect(drain()[0]).toMatchObject({ type: 'message', direction: 'out', from: ME });
  });

  it('the watch cursor starts at the join: older changes are not events', () => {
    const room = join1(5);
    store.apply(room.id, [msg(1, 4, 'old'), msg(2, 6, 'new')], 6);
    expect(drain().map((e) => e.id)).toEqual(['2']);
  });

  it('watching with no room joined is NOT_FOUND (exit 6), not an endless idle loop', async () => {
    const client = { db } as unknown as SessionClient;
    await expect(watchRooms(client, [], { intervalMs: 10, emit: () => {} })).rejects.toSatisfy((e) =>
      isSessionError(e, 'NOT_FOUND'),
    );
  });

  it('leave removes the room, its messages, and the server with its last room', () => {
    const room = join1();
    store.apply(room.id, [msg(1, 1, 'x')], 1);
    store.setCapabilities(BASE, ['sogs']);
    store.leave(room.id);
    expect(store.rooms()).toEqual([]);
    expect(store.capabilities(BASE)).toBeUndefined();
    expect(db.prepare('SELECT COUNT(*) AS n FROM community_messages').get()).toEqual({ n: 0 });
  });
});
