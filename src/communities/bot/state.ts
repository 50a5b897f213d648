import type { Database } from '../../store/database.js';

/**
 * What the moderation bot must remember across restarts, in the profile's database: per room the
 * seqno it has judged up to (its own cursor, apart from `community watch`'s), and every action it
 * carried out or that was refused for good, so a restarted bot never acts twice on a message.
 * The bot's tables are its own (created here when first used): nothing else reads them.
 */
export class BotState {
  constructor(private readonly db: Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS community_bot_cursors (
               room_id TEXT PRIMARY KEY, seqno INTEGER NOT NULL);
             CREATE TABLE IF NOT EXISTS community_bot_actions (
               room_id TEXT NOT NULL, message_id INTEGER NOT NULL, rule TEXT NOT NULL, action TEXT NOT NULL,
               at INTEGER NOT NULL, outcome TEXT NOT NULL,
               PRIMARY KEY (room_id, message_id, rule, action));`);
  }

  cursor(roomId: string): number | undefined {
    const r = this.db.prepare('SELECT seqno FROM community_bot_cursors WHERE room_id = ?').get(roomId) as
      { seqno: number } | undefined;
    return r?.seqno;
  }

  setCursor(roomId: string, seqno: number): void {
    this.db
      .prepare(
        'INSERT INTO community_bot_cursors (room_id, seqno) VALUES (?, ?) ON CONFLICT (room_id) DO UPDATE SET seqno = MAX(seqno, excluded.seqno)',
      )
      .run(roomId, seqno);
  }

  acted(roomId: string, messageId: number, rule: string, action: string): boolean {
    return (
      this.db
        .prepare(
          'SELECT 1 FROM community_bot_actions WHERE room_id = ? AND message_id = ? AND rule = ? AND action = ?',
        )
        .get(roomId, messageId, rule, action) !== undefined
    );
  }

  record(roomId: string, messageId: number, rule: string, action: string, at: number, outcome: string): void {
    this.db
      .prepare(
        'INSERT OR REPLACE INTO community_bot_actions (room_id, message_id, rule, action, at, outcome) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(roomId, messageId, rule, action, at, outcome);
  }
}
