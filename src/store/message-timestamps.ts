import type { Database } from './database.js';

const KEY = 'last_message_timestamp';

/**
 * Allocates the T of an outgoing message (messages.md §3.6): (author, T) names a message on every
 * device, so T must be unique per account even when several processes send from one profile at
 * once. The last T handed out lives in the profile's database and is read and advanced under the
 * SQLite write lock (`BEGIN IMMEDIATE`), so two connections can never both take the same value.
 */
export function allocateMessageTimestamp(db: Database, networkNow: number): number {
  return db
    .transaction(() => {
      const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(KEY) as
        { value: string } | undefined;
      const last = row === undefined ? 0 : Number(row.value);
      const t = Math.max(Math.round(networkNow), (Number.isFinite(last) ? last : 0) + 1);
      db.prepare(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ).run(KEY, String(t));
      return t;
    })
    .immediate();
}
