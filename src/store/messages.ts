import type { QuoteInfo } from '../messages/message-object.js';
import type { ReactionEntry } from '../messages/reactions.js';
import type { Database } from './database.js';
import { allocateMessageTimestamp } from './message-timestamps.js';
import { storedJson } from './stored-json.js';

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
  /** The message's attachments, as kept in `extras.attachments`. */
  attachments?: StoredAttachment[];
  /** The message it replies to (`extras.quote`). */
  quote?: QuoteInfo;
  /** Its current reactions (table message_reactions), oldest first; absent when none. */
  reactions?: ReactionEntry[];
}

/** An attachment as the store keeps it: what is shown, plus what a download needs (hex bytes). */
export interface StoredAttachment {
  id: string;
  fileName: string | null;
  contentType: string | null;
  size: number;
  width?: number;
  height?: number;
  url: string;
  key: string;
  digest?: string;
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
  /** The profile picture that came with displayName (none: the sender has none). */
  avatar?: { url: string; key: Uint8Array };
  /** The sender's `lastProfileUpdateSeconds` for displayName: older profile data is ignored. */
  profileUpdatedSeconds?: number;
}

export interface ConversationRow {
  id: string;
  displayName: string | null;
  /** The contact's profile picture URL (its key stays in the store: `profile avatar` downloads it). */
  avatarUrl: string | null;
  state: string;
  blocked: boolean;
  lastMessageAt: number | null;
  unread: number;
  messages: number;
  /** They accepted us: they messaged us or sent a MessageRequestResponse (messages.md §4). */
  approvedMe: boolean;
}

/** The row's `extras` JSON (quote, attachments, disappearing timer), parsed once. */
type Extras = {
  quote?: Partial<QuoteInfo>;
  attachments?: unknown;
  expiration?: { mode?: string; seconds?: number };
};

const rowToMessage = (r: Record<string, unknown>): StoredMessageRow =>
  withExtras(
    r,
    typeof r.extras === 'string' ? storedJson<Extras>(r.extras, 'the details of a stored message') : {},
  );

const withExtras = (r: Record<string, unknown>, extras: Extras): StoredMessageRow => ({
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
  ...afterRead(extras),
  ...attachmentsOf(extras),
  ...quoteOf(extras),
});

function quoteOf(extras: Extras): { quote?: QuoteInfo } {
  const q = extras.quote;
  if (!q || typeof q.id !== 'string' || typeof q.author !== 'string') return {};
  return { quote: { id: q.id, author: q.author, text: typeof q.text === 'string' ? q.text : null } };
}

/** A reaction to apply: the latest action (by its T, `at`) of one reactor on one emoji wins. */
export interface ReactionChange {
  targetAuthor: string;
  targetTimestamp: number;
  reactor: string;
  emoji: string;
  action: 'react' | 'remove';
  at: number;
  mine: boolean;
}

function attachmentsOf(e: Extras): { attachments?: StoredAttachment[] } {
  return Array.isArray(e.attachments) && e.attachments.length > 0
    ? { attachments: e.attachments as StoredAttachment[] }
    : {};
}

function afterRead(e: Extras): { afterReadSeconds?: number } {
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
    onConflict?: (m: NewMessage) => void,
  ): StoredMessageRow[] {
    const inserted: StoredMessageRow[] = [];
    this.db.transaction(() => {
      const seen = this.db.prepare('INSERT OR IGNORE INTO seen_hashes (hash, seen_at) VALUES (?, ?)');
      for (const h of batch.seen) seen.run(h, now);
      for (const m of batch.messages) {
        const row = this.insert(m, now, onConflict);
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

  /**
   * Inserts one message (and its conversation); undefined if it is already stored. The same
   * (author, timestamp) with the same text (or one already deleted) is the same message; with
   * different text it is a second message that must not vanish: it is stored and reported.
   */
  insert(m: NewMessage, now: number, onConflict?: (m: NewMessage) => void): StoredMessageRow | undefined {
    const same = this.db
      .prepare(
        'SELECT body, deleted FROM messages WHERE author = ? AND sent_timestamp = ? AND conversation_id = ?',
      )
      .all(m.author, m.timestamp, m.conversation) as { body: string | null; deleted: number }[];
    if (same.some((r) => r.deleted === 1 || r.body === m.text)) return undefined;
    this.db
      .prepare(
        'INSERT INTO conversations (id, display_name, state, created_at, last_message_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING',
      )
      .run(m.conversation, null, m.state ?? 'accepted', now, m.timestamp);
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
    if (same.length > 0) onConflict?.(m);
    this.db
      .prepare(
        'UPDATE conversations SET last_message_at = MAX(COALESCE(last_message_at, 0), ?), unread = unread + ? WHERE id = ?',
      )
      .run(m.timestamp, m.direction === 'in' ? 1 : 0, m.conversation);
    if (m.displayName !== undefined)
      this.setDisplayName(m.conversation, m.displayName, m.profileUpdatedSeconds, m.avatar);
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
          `SELECT c.*, (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id AND m.deleted = 0) AS n,
           COALESCE(k.approved_me, 0) AS approved_me
           FROM conversations c LEFT JOIN contacts k ON k.account_id = c.id ORDER BY COALESCE(last_message_at, created_at) DESC`,
        )
        .all() as Record<string, unknown>[]
    ).map((r) => ({
      id: r.id as string,
      displayName: r.display_name as string | null,
      avatarUrl: (r.avatar_url as string | null) ?? null,
      state: r.state as string,
      blocked: r.blocked === 1,
      lastMessageAt: r.last_message_at as number | null,
      unread: r.unread as number,
      messages: r.n as number,
      approvedMe: r.approved_me === 1,
    }));
  }

  messages(conversation: string, limit: number): StoredMessageRow[] {
    this.purgeExpired(Date.now());
    const rows = this.db
      .prepare(
        'SELECT * FROM messages WHERE conversation_id = ? AND deleted = 0 ORDER BY sent_timestamp DESC, id DESC LIMIT ?',
      )
      .all(conversation, limit) as Record<string, unknown>[];
    return this.withReactions(rows.map(rowToMessage).reverse());
  }

  /** What others sent in a conversation that is not read yet, oldest first. */
  unreadIncoming(conversation: string, limit = 10_000): StoredMessageRow[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM messages WHERE conversation_id = ? AND direction = 'in' AND read_at IS NULL
         AND deleted = 0 ORDER BY sent_timestamp, id LIMIT ?`,
      )
      .all(conversation, limit) as Record<string, unknown>[];
    return this.withReactions(rows.map(rowToMessage));
  }

  /** Messages stored after a local id (the resume cursor of `receive --since`). */
  since(id: number, limit = 10_000): StoredMessageRow[] {
    return this.withReactions(
      (
        this.db.prepare('SELECT * FROM messages WHERE id > ? ORDER BY id LIMIT ?').all(id, limit) as Record<
          string,
          unknown
        >[]
      ).map(rowToMessage),
    );
  }

  /** The rows with their current reactions (one query per row that has any: few do). */
  private withReactions(rows: StoredMessageRow[]): StoredMessageRow[] {
    const any = this.db.prepare('SELECT 1 FROM message_reactions WHERE removed = 0 LIMIT 1').get();
    if (any === undefined) return rows;
    return rows.map((r) => {
      const reactions = this.reactionsOf(r.author, r.timestamp);
      return reactions.length > 0 ? { ...r, reactions } : r;
    });
  }

  /** The current reactions on (author, timestamp), in the order they were made. */
  reactionsOf(author: string, timestamp: number): ReactionEntry[] {
    return (
      this.db
        .prepare(
          'SELECT emoji, reactor, mine FROM message_reactions WHERE target_author = ? AND target_timestamp = ? AND removed = 0 ORDER BY at, rowid',
        )
        .all(author, timestamp) as { emoji: string; reactor: string; mine: number }[]
    ).map((r) => ({ emoji: r.emoji, from: r.reactor, you: r.mine === 1 }));
  }

  /**
   * Applies a reaction unless a newer action of the same reactor on the same emoji is already
   * kept (reactions may arrive out of order, or twice). True when the visible state changed.
   */
  applyReaction(c: ReactionChange): boolean {
    return this.db.transaction(() => {
      const prev = this.db
        .prepare(
          'SELECT at, removed FROM message_reactions WHERE target_author = ? AND target_timestamp = ? AND reactor = ? AND emoji = ?',
        )
        .get(c.targetAuthor, c.targetTimestamp, c.reactor, c.emoji) as
        { at: number; removed: number } | undefined;
      if (prev && prev.at > c.at) return false;
      const removed = c.action === 'remove' ? 1 : 0;
      this.db
        .prepare(
          `INSERT INTO message_reactions (target_author, target_timestamp, reactor, emoji, at, removed, mine)
           VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (target_author, target_timestamp, reactor, emoji)
           DO UPDATE SET at = excluded.at, removed = excluded.removed, mine = excluded.mine`,
        )
        .run(c.targetAuthor, c.targetTimestamp, c.reactor, c.emoji, c.at, removed, c.mine ? 1 : 0);
      return prev === undefined ? removed === 0 : prev.removed !== removed;
    })();
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

  /**
   * A display name from a profile: applied unless we already hold one from a newer profile update
   * (`lastProfileUpdateSeconds`, messages.md §3.4). A name without a time never beats a timed one.
   */
  /**
   * A contact's profile as a message carried it: the name and the picture travel together, so a
   * profile without a picture clears the one we had. Older profile data never overwrites newer.
   */
  setDisplayName(
    conversation: string,
    name: string,
    updatedSeconds: number | undefined,
    avatar?: { url: string; key: Uint8Array },
  ): void {
    this.db
      .prepare(
        `UPDATE conversations SET display_name = ?, profile_updated_s = ?, avatar_url = ?, avatar_key = ?
         WHERE id = ? AND (profile_updated_s IS NULL OR (? IS NOT NULL AND ? >= profile_updated_s))`,
      )
      .run(
        name,
        updatedSeconds ?? null,
        avatar?.url ?? null,
        avatar ? Buffer.from(avatar.key).toString('hex') : null,
        conversation,
        updatedSeconds ?? null,
        updatedSeconds ?? null,
      );
  }

  /** The profile picture a contact last sent us, if any. */
  avatarOf(conversation: string): { url: string; key: Uint8Array } | undefined {
    const r = this.db
      .prepare('SELECT avatar_url, avatar_key FROM conversations WHERE id = ?')
      .get(conversation) as { avatar_url: string | null; avatar_key: string | null } | undefined;
    if (!r?.avatar_url || !r.avatar_key) return undefined;
    return { url: r.avatar_url, key: new Uint8Array(Buffer.from(r.avatar_key, 'hex')) };
  }

  /** They accepted us (messages.md §4): a MessageRequestResponse, or any message from them. */
  setApprovedMe(id: string): void {
    this.db
      .prepare(
        'INSERT INTO contacts (account_id, approved_me) VALUES (?, 1) ON CONFLICT(account_id) DO UPDATE SET approved_me = 1',
      )
      .run(id);
  }

  approvedMe(id: string): boolean {
    return (
      this.db.prepare('SELECT 1 FROM contacts WHERE account_id = ? AND approved_me = 1').get(id) !== undefined
    );
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

  /** The conversation was shown to the user (the chat UI): nothing in it is unread any more. */
  clearUnread(id: string): void {
    this.db.prepare('UPDATE conversations SET unread = 0 WHERE id = ?').run(id);
  }

  isBlocked(id: string): boolean {
    return (
      this.db.prepare('SELECT 1 FROM contacts WHERE account_id = ? AND blocked = 1').get(id) !== undefined
    );
  }

  /**
   * The community server a DM conversation (the other side's 15 id) goes through: the one its
   * newest message came or went by (`extras.community`, src/actions/community-dm.ts).
   */
  dmServer(conversation: string): string | undefined {
    return this.newestExtra(conversation, 'community');
  }

  /**
   * The Account ID behind a DM conversation's 15 id, as its messages revealed it (a blinded DM
   * carries its sender's real key, `extras.sessionId`), or undefined while none did.
   */
  dmSessionId(conversation: string): string | undefined {
    const id = this.newestExtra(conversation, 'sessionId');
    return id !== undefined && /^05[0-9a-f]{64}$/.test(id) ? id : undefined;
  }

  /** A string field of `extras` in a conversation's newest message that has one. */
  private newestExtra(conversation: string, key: 'community' | 'sessionId'): string | undefined {
    const path = `$.${key}`;
    const r = this.db
      .prepare(
        `SELECT json_extract(extras, ?) AS v FROM messages
         WHERE conversation_id = ? AND json_valid(extras) AND json_type(extras, ?) = 'text'
         ORDER BY id DESC LIMIT 1`,
      )
      .get(path, conversation, path) as { v: string } | undefined;
    return r?.v;
  }

  /**
   * A message by its local cursor or its stable id (`author:timestamp`; the author a 05 Account ID,
   * or a 15 blinded id in a community DM conversation).
   */
  find(id: string): StoredMessageRow | undefined {
    const m = /^((?:05|15)[0-9a-f]{64}):(\d+)$/.exec(id);
    const row = m
      ? this.db
          .prepare('SELECT * FROM messages WHERE author = ? AND sent_timestamp = ?')
          .get(m[1], Number(m[2]))
      : /^\d+$/.test(id)
        ? this.db.prepare('SELECT * FROM messages WHERE id = ?').get(Number(id))
        : undefined;
    return row ? this.withReactions([rowToMessage(row as Record<string, unknown>)])[0] : undefined;
  }

  /** The live (not deleted) messages stored under (author, timestamp). */
  findAll(author: string, timestamp: number): StoredMessageRow[] {
    return (
      this.db
        .prepare('SELECT * FROM messages WHERE author = ? AND sent_timestamp = ? AND deleted = 0 ORDER BY id')
        .all(author, timestamp) as Record<string, unknown>[]
    ).map(rowToMessage);
  }

  /** Marks (author, timestamp) deleted; returns how many rows changed (already deleted ones do not). */
  markDeleted(author: string, timestamp: number): number {
    return this.db
      .prepare(
        'UPDATE messages SET deleted = 1, body = NULL WHERE author = ? AND sent_timestamp = ? AND deleted = 0',
      )
      .run(author, timestamp).changes;
  }

  /** The newest local cursor (0 when empty). */
  maxCursor(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(id), 0) AS m FROM messages').get() as { m: number }).m;
  }

  /** Read receipts from `reader` for our messages sent at these timestamps: the newly read ones. */
  markRead(
    conversation: string,
    author: string,
    timestamps: readonly number[],
    at: number,
  ): StoredMessageRow[] {
    const read: StoredMessageRow[] = [];
    const find = this.db.prepare(
      'SELECT * FROM messages WHERE conversation_id = ? AND author = ? AND sent_timestamp = ? AND read_at IS NULL',
    );
    const stmt = this.db.prepare('UPDATE messages SET read_at = ? WHERE id = ?');
    this.db.transaction(() => {
      for (const t of timestamps) {
        for (const r of find.all(conversation, author, t) as Record<string, unknown>[]) {
          stmt.run(at, r.id);
          read.push({ ...rowToMessage(r), readAt: at });
        }
      }
    })();
    return read;
  }

  /**
   * A read position (ConvoInfoVolatile `r`, ms: `conversation mark-read`, or another device's):
   * what others sent in this conversation up to it counts as read, and the unread count is what
   * is left. A message that disappears after it is read starts its timer now (messages.md §6), as
   * when it is shown: without that it would never go. (Extras that are not JSON start none.)
   * Returns how many messages became read.
   */
  markReadUpTo(conversation: string, untilMs: number, at: number): number {
    return this.db.transaction(() => {
      this.db
        .prepare(
          `UPDATE messages SET expires_at = ? + 1000 * json_extract(extras, '$.expiration.seconds')
           WHERE conversation_id = ? AND direction = 'in' AND read_at IS NULL AND sent_timestamp <= ?
           AND expires_at IS NULL AND deleted = 0
           AND (CASE WHEN json_valid(extras) THEN json_extract(extras, '$.expiration.mode') END) = 'after-read'
           AND (CASE WHEN json_valid(extras) THEN typeof(json_extract(extras, '$.expiration.seconds')) END)
               IN ('integer', 'real')`,
        )
        .run(at, conversation, untilMs);
      const n = this.db
        .prepare(
          `UPDATE messages SET read_at = ? WHERE conversation_id = ? AND direction = 'in' AND read_at IS NULL
           AND sent_timestamp <= ?`,
        )
        .run(at, conversation, untilMs).changes;
      this.db
        .prepare(
          `UPDATE conversations SET unread = (SELECT COUNT(*) FROM messages WHERE conversation_id = ?
           AND direction = 'in' AND read_at IS NULL AND deleted = 0) WHERE id = ?`,
        )
        .run(conversation, conversation);
      return n;
    })();
  }

  /** The newest message time in a conversation (ms), if it has any. */
  lastMessageTimestamp(conversation: string): number | undefined {
    const r = this.db
      .prepare('SELECT MAX(sent_timestamp) AS t FROM messages WHERE conversation_id = ? AND deleted = 0')
      .get(conversation) as { t: number | null };
    return r.t ?? undefined;
  }

  /** T for the next outgoing message: unique per account across processes (see message-timestamps.ts). */
  allocateTimestamp(networkNow: number): number {
    return allocateMessageTimestamp(this.db, networkNow);
  }

  /** A small per-profile setting kept in the database (e.g. when our profile last changed). */
  meta(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)
      ?.value;
  }

  setMeta(key: string, value: string): void {
    this.db
      .prepare(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      )
      .run(key, value);
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
