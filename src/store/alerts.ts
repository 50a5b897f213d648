import type { Database } from './database.js';

/** What an earlier send under a dedupe key left: its message id ('' while that send runs). */
export interface DedupeRow {
  messageId: string;
  sentAt: number;
}

/**
 * What the alert policies (src/actions/alert-policy.ts) remember, in the profile's database so
 * they hold across CLI processes and the daemon: the dedupe keys sent, and recent throttled sends
 * per recipient. `locked` runs a check-and-reserve under the SQLite write lock (`BEGIN
 * IMMEDIATE`), so of two processes sending the same key at once one reserves it and the other sees
 * that reservation.
 */
export class AlertLedger {
  constructor(private readonly db: Database) {}

  locked<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /** Forgets what no window can reach any more. */
  prune(before: number): void {
    this.db.prepare('DELETE FROM alert_dedupe WHERE sent_at < ?').run(before);
    this.db.prepare('DELETE FROM alert_sends WHERE sent_at < ?').run(before);
  }

  dedupe(key: string): DedupeRow | undefined {
    return this.db
      .prepare('SELECT message_id AS messageId, sent_at AS sentAt FROM alert_dedupe WHERE key = ?')
      .get(key) as DedupeRow | undefined;
  }

  /** When the throttled sends to `recipient` since `since` (exclusive) were made. */
  sendTimes(recipient: string, since: number): number[] {
    return (
      this.db
        .prepare('SELECT sent_at FROM alert_sends WHERE recipient = ? AND sent_at > ?')
        .all(recipient, since) as { sent_at: number }[]
    ).map((r) => r.sent_at);
  }

  reserveKey(key: string, now: number): void {
    this.db
      .prepare(
        `INSERT INTO alert_dedupe (key, message_id, sent_at) VALUES (?, '', ?)
         ON CONFLICT(key) DO UPDATE SET message_id = '', sent_at = excluded.sent_at`,
      )
      .run(key, now);
  }

  /** A throttled send, counted from now on; its row id. */
  recordSend(recipient: string, now: number): number {
    return Number(
      this.db
        .prepare('INSERT INTO alert_sends (recipient, message_id, sent_at) VALUES (?, NULL, ?)')
        .run(recipient, now).lastInsertRowid,
    );
  }

  keySent(key: string, reservedAt: number, messageId: string): void {
    this.db
      .prepare('UPDATE alert_dedupe SET message_id = ? WHERE key = ? AND sent_at = ?')
      .run(messageId, key, reservedAt);
  }

  sendMade(row: number, messageId: string): void {
    this.db.prepare('UPDATE alert_sends SET message_id = ? WHERE id = ?').run(messageId, row);
  }

  /** A reservation whose send made nothing: the key is free again (unless reserved anew since). */
  releaseKey(key: string, reservedAt: number): void {
    this.db
      .prepare("DELETE FROM alert_dedupe WHERE key = ? AND sent_at = ? AND message_id = ''")
      .run(key, reservedAt);
  }

  releaseSend(row: number): void {
    this.db.prepare('DELETE FROM alert_sends WHERE id = ?').run(row);
  }
}
