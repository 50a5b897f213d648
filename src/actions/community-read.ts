import type { SessionClient } from '../client.js';
import { communityMessageObject, eventsFor, type CommunityEvent } from '../communities/events.js';
import type { SogsClient } from '../communities/sogs-client.js';
import { SessionError } from '../errors.js';
import { verifyRows } from '../communities/verify.js';
import {
  toMessageObject,
  type MessageObject,
  type ReactionEvent,
  type RequestEvent,
} from '../messages/message-object.js';
import type { CommunityStore, JoinedRoom } from '../store/communities.js';
import { communityStore, ownIdsFor, sogsForRoom, type CommunityOptions } from './community-client.js';
import { isDmConversation, pollCommunityDms } from './community-dm.js';

/** The message-store cursor of the DMs `community watch` has shown (meta key). */
const DM_WATCH_CURSOR = 'community-watch-dm-cursor';

/** What one poll of a room brought. */
export interface PollResult {
  /** Rows received (all kinds). */
  received: number;
  /** Dropped: the signature did not verify (§8.9). */
  forged: number;
  /** Dropped: verified, but not a readable message. */
  unreadable: number;
}

/** Size of the first fetch of a room never polled (§8.4 `recent`, then `since`). */
export const FIRST_FETCH = 100;

/**
 * Polls one room: `recent` the first time, then every change since the stored seqno; each row is
 * verified, the result stored in one transaction with the new cursor.
 */
export async function pollRoom(
  store: CommunityStore,
  sogs: SogsClient,
  room: JoinedRoom,
  signal?: AbortSignal,
): Promise<PollResult> {
  const current = store.room(room.id) ?? room;
  const raw = current.fetched
    ? await sogs.messagesSince(current.token, current.seqno, signal)
    : await sogs.messagesRecent(current.token, FIRST_FETCH, signal);
  // recent comes newest first; rows are applied in the order of their changes
  raw.sort((a, b) => a.seqno - b.seqno);
  const v = await verifyRows(raw);
  store.apply(current.id, v.rows, v.maxSeqno);
  return { received: raw.length, forged: v.forged, unreadable: v.unreadable };
}

/** `community read ROOM`: poll, then the newest `limit` messages as message objects. */
export async function readRoom(
  client: SessionClient,
  ref: string,
  opts: CommunityOptions & { limit?: number } = {},
): Promise<{ room: string; messages: MessageObject[]; forged: number; unreadable: number }> {
  const store = communityStore(client);
  const room = store.resolve(ref);
  const poll = await pollRoom(store, sogsForRoom(client, store, room, opts), room, opts.signal);
  const own = await ownIdsFor(client, room.pubkey);
  const fresh = store.room(room.id)!;
  const messages = store.recent(room.id, opts.limit ?? 50).map((m) => communityMessageObject(fresh, m, own));
  return {
    room: `${room.baseUrl}/${room.token}`,
    messages,
    forged: poll.forged,
    unreadable: poll.unreadable,
  };
}

/**
 * `community watch`: polls the rooms every `intervalMs` and emits each change once, in seqno
 * order per room; the room's watch cursor is persisted after every event, so a watcher started
 * again continues after the last event it printed (and also shows what `read` fetched meanwhile).
 */
export async function watchRooms(
  client: SessionClient,
  refs: string[],
  opts: CommunityOptions & {
    intervalMs: number;
    emit: (e: CommunityEvent) => void;
    onForged?: (room: string, count: number) => void;
    onError?: (room: string, e: unknown) => void;
    /** Stop after this many events (tests, `--max-events`). */
    maxEvents?: number;
  },
): Promise<{ events: number; forged: number }> {
  const store = communityStore(client);
  const rooms = refs.length > 0 ? refs.map((r) => store.resolve(r)) : store.rooms();
  // Watching nothing would poll nothing forever.
  if (rooms.length === 0)
    throw new SessionError('NOT_FOUND', 'no community joined: nothing to watch', {
      hint: 'join one first: `community join URL`',
    });
  const own = new Map<string, Set<string>>();
  for (const r of rooms) if (!own.has(r.pubkey)) own.set(r.pubkey, await ownIdsFor(client, r.pubkey));
  const clients = new Map(rooms.map((r) => [r.id, sogsForRoom(client, store, r, opts)]));
  let events = 0;
  let forged = 0;
  const done = () => opts.maxEvents !== undefined && events >= opts.maxEvents;
  const emitStored = (room: JoinedRoom) => {
    const fresh = store.room(room.id);
    if (!fresh) return;
    const since = fresh.watchSeqno;
    const list = store
      .changedSince(room.id, since)
      .flatMap((m) => eventsFor(fresh, m, since, own.get(room.pubkey)!))
      .sort((a, b) => a.cursor - b.cursor);
    for (const [k, e] of list.entries()) {
      // (a group sharing one seqno is never split, even by --max-events: see below)
      if (done() && list[k - 1]?.cursor !== e.cursor) return;
      opts.emit(e);
      events++;
      // An edit and a reaction change seen in one poll share a seqno: the cursor passes it only
      // when both are out, so a watcher stopped between them shows the second one next time.
      if (list[k + 1]?.cursor !== e.cursor) store.setWatchSeqno(room.id, e.cursor);
    }
    // changes that made no event (a tombstone of a message never seen) move the cursor too
    if (!done())
      store.setWatchSeqno(
        room.id,
        Math.max(since, ...store.changedSince(room.id, since).map((m) => m.seqno)),
      );
  };
  // Blinded DMs (§13) to and from us: stored (a stranger's is a request), and shown here too, as
  // message objects of their 15 conversation, each once: a cursor of their own in the message
  // store, which the first watch sets to what is there (history is not news).
  if (client.store.meta(DM_WATCH_CURSOR) === undefined)
    client.store.setMeta(DM_WATCH_CURSOR, String(client.store.maxCursor()));
  const emitDms = () => {
    for (const m of client.store.since(Number(client.store.meta(DM_WATCH_CURSOR)))) {
      if (done()) return;
      if (isDmConversation(m.conversation) && !m.deleted) {
        opts.emit(toMessageObject(m));
        events++;
      }
      client.store.setMeta(DM_WATCH_CURSOR, String(m.id));
    }
  };
  // What was fetched but not yet emitted (by an earlier watcher, or `read`) comes first.
  for (const r of rooms) if (!done()) emitStored(r);
  if (!done()) emitDms();
  while (!opts.signal?.aborted && !done()) {
    for (const r of rooms) {
      if (opts.signal?.aborted || done()) break;
      try {
        const p = await pollRoom(store, clients.get(r.id)!, r, opts.signal);
        if (p.forged > 0) {
          forged += p.forged;
          opts.onForged?.(`${r.baseUrl}/${r.token}`, p.forged);
        }
      } catch (e) {
        if (opts.signal?.aborted) break;
        opts.onError?.(`${r.baseUrl}/${r.token}`, e);
      }
      emitStored(r);
    }
    // Blinded DMs (§13) to and from us on these servers go to the conversation list (requests).
    let requests: (RequestEvent | ReactionEvent)[] = [];
    if (!done() && !opts.signal?.aborted)
      requests = await pollCommunityDms(client, rooms, {
        ...opts,
        onError: (server, e) => opts.onError?.(`${server} inbox`, e),
      }).then(
        (rs) => rs.flatMap((r) => [...r.requests, ...r.reactions]),
        (e: unknown) => {
          if (!opts.signal?.aborted) opts.onError?.('inbox', e);
          return [];
        },
      );
    if (!done()) emitDms();
    // (after the DM that opened it, as `message receive --follow` shows a first contact)
    for (const q of requests) {
      if (done()) break;
      opts.emit(q);
      events++;
    }
    if (done() || opts.signal?.aborted) break;
    await new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(t);
        opts.signal?.removeEventListener('abort', wake);
        resolve();
      };
      const t = setTimeout(wake, opts.intervalMs);
      opts.signal?.addEventListener('abort', wake, { once: true });
    });
  }
  return { events, forged };
}
