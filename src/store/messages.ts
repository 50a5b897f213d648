import type { Database } from './database.js';

/** Conversations, messages and poll cursors of one profile (SQLite, one transaction per batch). */
export interface StoredMessageRow {
  id: number;
  conversation: string;
  hash: string | null;
  author: string;
  timestamp: number;
  direction: 'in' | 'out';
  text: string | null;
  receivedAt: number;
  expiresAt: number | null;
  deleted: boolean;
  readAt: number | null;
  /** Set for after-read disappearing messages: the timer, in seconds, started when read. */
  afterReadSeconds?: number;
}

export interface NewMessage {
  conversation: string;
  hash: string | null;
  author: string;
  timestamp: number;
  direction: 'in' | 'out';
  text: string | null;
  expiresAt?: number | null;
  extras?: Record<string, unknown>;
  /** State for a conversation created by this message. */
  state?: 'accepted' | 'request';
  displayName?: string;
}

export interface ConversationRow {
  id: string;
  displayName: string | null;
  state: string;
  blocked: boolean;
  lastMessageAt: number | null;
  unread: number;
  messages: number;
}

const rowToMessage = (r: Record<string, unknown>): StoredMessageRow => ({
  id: r.id as number,
  conversation: r.conversation_id as string,
  hash: r.hash as string | null,
  author: r.author as string,
  timestamp: r.sent_timestamp as number,
  direction: r.direction as 'in' | 'out',
  text: r.body as string | null,
  receivedAt: r.received_at as number,
  expiresAt: r.expires_at as number | null,
  deleted: r.deleted === 1,
  readAt: r.read_at as number | null,
  ...afterRead(r.extras),
});

function afterRead(extras: unknown): { afterReadSeconds?: number } {
  if (typeof extras !== 'string') return {};
  const e = JSON.parse(extras) as { expiration?: { mode?: string; seconds?: number } };
  return e.expiration?.mode === 'after-read' && typeof e.expiration.seconds === 'number'
    ? { afterReadSeconds: e.expiration.seconds }
    : {};
}

export class MessageStore {
  constructor(readonly db: Database) {}

  isSeen(hash: string): boolean {
    return this.db.prepare('SELECT 1 FROM seen_hashes WHERE hash = ?').get(hash) !== undefined;
  }

  cursor(swarm: string, namespace: number, node: string): string | undefined {
    const r = this.db
      .prepare('SELECT last_hash FROM cursors WHERE swarm_pubkey = ? AND namespace = ? AND node_ed25519 = ?')
      .get(swarm, namespace, node) as { last_hash: string } | undefined;
    return r?.last_hash;
  }

  /**
   * Saves a retrieved batch atomically: the seen hashes, the new messages and the cursor move
   * together, so a crash at any moment neither loses nor duplicates a message.
   */
  saveBatch(
    batch: {
      seen: string[];
      messages: NewMessage[];
      cursor?: { swarm: string; namespace: number; node: string; lastHash: string };
    },
    now: number,
  ): StoredMessageRow[] {
    const inserted: StoredMessageRow[] = [];
    this.db.transaction(() => {
      const seen = this.db.prepare('INSERT OR IGNORE INTO seen_hashes (hash, seen_at) VALUES (?, ?)');
      for (const h of batch.seen) seen.run(h, now);
      for (const m of batch.messages) {
        const row = this.insert(m, now);
        if (row) inserted.push(row);
      }
      if (batch.cursor) {
        const c = batch.cursor;
        this.db
          .prepare(
            'INSERT INTO cursors (swarm_pubkey, namespace, node_ed25519, last_hash, updated_at) VALUES (?, ?, ?, ?, ?) ' +
              'ON CONFLICT (swarm_pubkey, namespace, node_ed25519) DO UPDATE SET last_hash = excluded.last_hash, updated_at = excluded.updated_at',
          )
          .run(c.swarm, c.namespace, c.node, c.lastHash, now);
      }
    })();
    return inserted;
  }

  /** Inserts one message (and its conversation); undefined if it is already stored. */
  insert(m: NewMessage, now: number): StoredMessageRow | undefined {
    this.db
      .prepare(
        'INSERT INTO conversations (id, display_name, state, created_at, last_message_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING',
      )
      .run(m.conversation, m.displayName ?? null, m.state ?? 'accepted', now, m.timestamp);
    const res = this.db
      .prepare(
        'INSERT OR IGNORE INTO messages (conversation_id, hash, author, sent_timestamp, received_at, direction, body, extras, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        m.conversation,
        m.hash,
        m.author,
        m.timestamp,
        now,
        m.direction,
        m.text,
        m.extras ? JSON.stringify(m.extras) : null,
        m.expiresAt ?? null,
      );
    if (res.changes === 0) return undefined;
    this.db
      .prepare(
        `UPDATE conversations SET last_message_at = MAX(COALESCE(last_message_at, 0), ?), unread = unread + ?,
         display_name = COALESCE(?, display_name) WHERE id = ?`,
      )
      .run(m.timestamp, m.direction === 'in' ? 1 : 0, m.displayName ?? null, m.conversation);
    return rowToMessage(
      this.db.prepare('SELECT * FROM messages WHERE id = ?').get(res.lastInsertRowid) as Record<
        string,
        unknown
      >,
    );
  }

  conversations(): ConversationRow[] {
    return (
      this.db
        .prepare(
          `SELECT c.*, (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id AND m.deleted = 0) AS n
           FROM conversations c ORDER BY COALESCE(last_message_at, created_at) DESC`,
        )
        .all() as Record<string, unknown>[]
    ).map((r) => ({
      id: r.id as string,
      displayName: r.display_name as string | null,
      state: r.state as string,
      blocked: r.blocked === 1,
      lastMessageAt: r.last_message_at as number | null,
      unread: r.unread as number,
      messages: r.n as number,
    }));
  }

  messages(conversation: string, limit: number): StoredMessageRow[] {
    this.purgeExpired(Date.now());
    const rows = this.db
      .prepare(
        'SELECT * FROM messages WHERE conversation_id = ? AND deleted = 0 ORDER BY sent_timestamp DESC, id DESC LIMIT ?',
      )
      .all(conversation, limit) as Record<string, unknown>[];
    return rows.map(rowToMessage).reverse();
  }

  /** Messages stored after a local id (the resume cursor of `receive --since`). */
  since(id: number, limit = 10_000): StoredMessageRow[] {
    return (
      this.db.prepare('SELECT * FROM messages WHERE id > ? ORDER BY id LIMIT ?').all(id, limit) as Record<
        string,
        unknown
      >[]
    ).map(rowToMessage);
  }

  hasConversation(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM conversations WHERE id = ?').get(id) !== undefined;
  }

  /** Message requests: first contacts not yet accepted or declined (messages.md §4). */
  requests(): ConversationRow[] {
    return this.conversations().filter((c) => c.state === 'request' && !c.blocked);
  }

  conversation(id: string): ConversationRow | undefined {
    return this.conversations().find((c) => c.id === id);
  }

  setState(id: string, state: 'accepted' | 'request' | 'declined', now: number): void {
    this.db
      .prepare(
        'INSERT INTO conversations (id, state, created_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET state = excluded.state',
      )
      .run(id, state, now);
  }

  setBlocked(id: string, blocked: boolean, now: number): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT INTO contacts (account_id, blocked) VALUES (?, ?) ON CONFLICT(account_id) DO UPDATE SET blocked = excluded.blocked',
        )
        .run(id, blocked ? 1 : 0);
      this.db
        .prepare(
          'INSERT INTO conversations (id, created_at, blocked) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET blocked = excluded.blocked',
        )
        .run(id, now, blocked ? 1 : 0);
    })();
  }

  isBlocked(id: string): boolean {
    return (
      this.db.prepare('SELECT 1 FROM contacts WHERE account_id = ? AND blocked = 1').get(id) !== undefined
    );
  }

  /** A message by its local cursor or its stable id (`author:timestamp`). */
  find(id: string): StoredMessageRow | undefined {
    const m = /^(05[0-9a-f]{64}):(\d+)$/.exec(id);
    const row = m
      ? this.db
          .prepare('SELECT * FROM messages WHERE author = ? AND sent_timestamp = ?')
          .get(m[1], Number(m[2]))
      : /^\d+$/.test(id)
        ? this.db.prepare('SELECT * FROM messages WHERE id = ?').get(Number(id))
        : undefined;
    return row ? rowToMessage(row as Record<string, unknown>) : undefined;
  }

  /** Marks (author, timestamp) deleted; returns how many rows changed. */
  markDeleted(author: string, timestamp: number): number {
    return this.db
      .prepare('UPDATE messages SET deleted = 1, body = NULL WHERE author = ? AND sent_timestamp = ?')
      .run(author, timestamp).changes;
  }

  /** The newest local cursor (0 when empty). */
  maxCursor(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(id), 0) AS m FROM messages').get() as { m: number }).m;
  }

  /** Read receipts from `reader` for our messages sent at these timestamps. */
  markRead(conversation: string, author: string, timestamps: readonly number[], at: number): number {
    let n = 0;
    const stmt = this.db.prepare(
      'UPDATE messages SET read_at = COALESCE(read_at, ?) WHERE conversation_id = ? AND author = ? AND sent_timestamp = ?',
    );
    for (const t of timestamps) n += stmt.run(at, conversation, author, t).changes;
    return n;
  }

  /** Disappearing messages: removes what has expired locally (messages.md §6). */
  purgeExpired(now: number): number {
    return this.db.prepare('DELETE FROM messages WHERE expires_at IS NOT NULL AND expires_at <= ?').run(now)
      .changes;
  }

  setExpiry(id: number, expiresAt: number): void {
    this.db.prepare('UPDATE messages SET expires_at = ? WHERE id = ?').run(expiresAt, id);
  }
}
