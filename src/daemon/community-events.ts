import { ownIdsFor, sogsForRoom } from '../actions/community-client.js';
import { pollRoom } from '../actions/community-read.js';
import type { SessionClient } from '../client.js';
import { eventsFor } from '../communities/events.js';
import { CommunityStore, type JoinedRoom } from '../store/communities.js';
import type { Journal, JournalEvent } from './journal.js';

/**
 * The daemon's community events (issue 14): each joined room of a served profile is polled with
 * the profile's swarm, and what changed in it is journaled as `community watch` prints it: the
 * one message object for a new message (its `conversation` is the room's URL), `edit`, `delete`
 * and `reactions` events for known ones. Each room has its own journal cursor (its seqno), so a
 * restarted daemon continues after the last change it journaled and never journals one twice.
 *
 * A room's history when the daemon first sees it (the first fetch after a join, or everything
 * stored before the daemon served the profile) is not news: it moves the cursor, no events.
 */
export function roomCursorKey(profile: string, roomId: string): string {
  // profile names never hold ':' (validateProfileName), so this cannot be another profile's key
  return `room:${profile}:${roomId}`;
}

export async function journalCommunities(o: {
  profile: string;
  client: SessionClient;
  journal: Journal;
  now: number;
  signal: AbortSignal;
  log?: ((line: string) => void) | undefined;
}): Promise<JournalEvent[]> {
  const store = new CommunityStore(o.client.db);
  const added: JournalEvent[] = [];
  for (const room of store.rooms()) {
    if (o.signal.aborted) break;
    try {
      await pollRoom(store, sogsForRoom(o.client, store, room), room, o.signal);
    } catch (e) {
      if (o.signal.aborted) break;
      // one unreachable server does not stop the others; what it gave before is journaled below
      o.log?.(`${o.profile}: ${room.baseUrl}/${room.token}: poll failed: ${(e as Error).message}`);
    }
    try {
      added.push(...(await journalRoom(o, store, room)));
    } catch (e) {
      // nor does a room whose stored rows cannot be read (a damaged database): the rooms after it
      // are still journaled, and this one again at the next poll
      o.log?.(`${o.profile}: ${room.baseUrl}/${room.token}: journal failed: ${(e as Error).message}`);
    }
  }
  return added;
}

async function journalRoom(
  o: { profile: string; client: SessionClient; journal: Journal; now: number },
  store: CommunityStore,
  room: JoinedRoom,
): Promise<JournalEvent[]> {
  const fresh = store.room(room.id);
  // a room never fetched has no history to skip yet: its first fetch comes first
  if (!fresh?.fetched) return [];
  const key = roomCursorKey(o.profile, room.id);
  const since = o.journal.storeCursor(key);
  const changed = store.changedSince(room.id, since ?? 0);
  if (changed.length === 0 && since !== undefined) return [];
  const top = Math.max(since ?? 0, ...changed.map((m) => m.seqno));
  if (since === undefined) return o.journal.append(o.profile, [], top, o.now, key);
  const own = await ownIdsFor(o.client, room.pubkey);
  const events = changed
    .flatMap((m) => eventsFor(fresh, m, since, own))
    .sort((a, b) => a.cursor - b.cursor)
    .map((e) => ({ type: e.type, source: `community:${room.id}:${e.type}:${e.id}:${e.cursor}`, body: e }));
  return o.journal.append(o.profile, events, top, o.now, key);
}
