import { CommunityStore } from '../../src/store/communities.js';
import type { Database } from '../../src/store/database.js';

/**
 * Joins a made-up room "other" on the server of `joinUrl` at time 0 (so it comes first in the
 * join order, and is polled first), marked fetched, holding one post whose stored reactions are
 * no longer JSON: a damaged profile database, as far as that room goes. Returns its base URL.
 */
export function addDamagedRoom(db: Database, joinUrl: string): string {
  const u = new URL(joinUrl);
  const other = new CommunityStore(db).join({
    baseUrl: u.origin,
    pubkey: u.searchParams.get('public_key')!,
    token: 'other',
    name: 'Other',
    watchSeqno: 0,
    now: 0,
  }).room;
  db.prepare('UPDATE community_rooms SET fetched = 1 WHERE id = ?').run(other.id);
  db.prepare(
    `INSERT INTO community_messages (room_id, server_id, author, posted_ms, body, reactions, seqno,
     first_seqno, data_seqno) VALUES (?, 1, ?, 0, 'x', 'not json', 1, 1, 1)`,
  ).run(other.id, '15' + 'ab'.repeat(32));
  return u.origin;
}
