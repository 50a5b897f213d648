import type { Database } from './database.js';

/**
 * Which outbox entries were queued on purpose (`message send --wait queued`) rather than left by
 * a send that failed: a daemon delivers the former on its own; a failed send waits for the user's
 * `message resend` (the user was told it failed and may not want it sent any more).
 */
export class OutboxQueue {
  constructor(private readonly db: Database) {}

  mark(id: string, now: number): void {
    this.db.prepare('INSERT OR REPLACE INTO outbox_queued (id, queued_at) VALUES (?, ?)').run(id, now);
  }

  /** Queued ids, oldest first. */
  list(): string[] {
    return (
      this.db.prepare('SELECT id FROM outbox_queued ORDER BY queued_at, id').all() as { id: string }[]
    ).map((r) => r.id);
  }

  unmark(id: string): void {
    this.db.prepare('DELETE FROM outbox_queued WHERE id = ?').run(id);
  }
}
