import { parseCommunityUrl, ROOM_TOKEN } from '../communities/url.js';
import type { Reaction } from '../communities/sogs-client.js';
import type { CommunityAttachment, VerifiedRow } from '../communities/verify.js';
import { SessionError } from '../errors.js';
import type { Database } from './database.js';
import { storedJson } from './stored-json.js';

/**
 * Joined communities and their messages (migration 5). A room has two cursors: `seqno`, how far
 * the server has been polled (§8.3), and `watchSeqno`, how far `community watch` has emitted, so a
 * restarted watcher neither misses what `read` fetched meanwhile nor repeats what it printed.
 * Messages are kept in their current version with the seqno of their creation, last data change
 * and last reaction change: that is what tells a watcher whether a change was new, edit or react.
 */
export interface JoinedRoom {
  /** `base_url/room_key`. */
  id: string;
  baseUrl: string;
  pubkey: string;
  token: string;
  name: string | null;
  joinedAt: number;
  seqno: number;
  fetched: boolean;
  watchSeqno: number;
}

export interface CommunityMessageRow {
  localId: number;
  roomId: string;
  serverId: number;
  author: string;
  displayName: string | null;
  postedMs: number;
  editedMs: number | null;
  body: string | null;
  attachments: CommunityAttachment[];
  reactions: Record<string, Reaction>;
  /**
   * The post this one replies to, as the reply names it (author, posted ms, quoted text), with
   * the quoted post as this room's store has it (`found`), when it does.
   */
  quote: {
    author: string;
    timestamp: number;
    text: string | null;
    found?: { serverId: number; body: string | null };
  } | null;
  deleted: boolean;
  seqno: number;
  firstSeqno: number;
  dataSeqno: number;
  reactionsSeqno: number;
}

interface RoomDbRow {
  id: string;
  base_url: string;
  pubkey: string;
  token: string;
  name: string | null;
  joined_at: number;
  seqno: number;
  fetched: number;
  watch_seqno: number;
}

interface MessageDbRow {
  local_id: number;
  room_id: string;
  server_id: number;
  author: string;
  display_name: string | null;
  posted_ms: number;
  edited_ms: number | null;
  body: string | null;
  attachments: string | null;
  reactions: string | null;
  quote_author: string | null;
  quote_ms: number | null;
  quote_text: string | null;
  /** From MESSAGE_SELECT: the quoted post in the same room, if stored (and not deleted). */
  quote_server_id?: number | null;
  quote_body?: string | null;
  deleted: number;
  seqno: number;
  first_seqno: number;
  data_seqno: number;
  reactions_seqno: number;
}

export function roomId(baseUrl: string, token: string): string {
  return `${baseUrl}/${token.toLowerCase()}`;
}

function toRoom(r: RoomDbRow): JoinedRoom {
  return {
    id: r.id,
    baseUrl: r.base_url,
    pubkey: r.pubkey,
    token: r.token,
    name: r.name,
    joinedAt: r.joined_at,
    seqno: r.seqno,
    fetched: r.fetched === 1,
    watchSeqno: r.watch_seqno,
  };
}

function toMessage(r: MessageDbRow): CommunityMessageRow {
  return {
    localId: r.local_id,
    roomId: r.room_id,
    serverId: r.server_id,
    author: r.author,
    displayName: r.display_name,
    postedMs: r.posted_ms,
    editedMs: r.edited_ms,
    body: r.body,
    attachments: r.attachments
      ? storedJson<CommunityAttachment[]>(r.attachments, 'the attachments of a community message')
      : [],
    reactions: r.reactions
      ? storedJson<Record<string, Reaction>>(r.reactions, 'the reactions of a community message')
      : {},
    quote:
      r.quote_author !== null && r.quote_ms !== null
        ? {
            author: r.quote_author,
            timestamp: r.quote_ms,
            text: r.quote_text,
            ...(r.quote_server_id === null || r.quote_server_id === undefined
              ? {}
              : { found: { serverId: r.quote_server_id, body: r.quote_body ?? null } }),
          }
        : null,
    deleted: r.deleted === 1,
    seqno: r.seqno,
    firstSeqno: r.first_seqno,
    dataSeqno: r.data_seqno,
    reactionsSeqno: r.reactions_seqno,
  };
}

function attachmentsJson(a: CommunityAttachment[]): string | null {
  return a.length === 0 ? null : JSON.stringify(a);
}

/**
 * Message rows with the post each quotes, looked up in the same room by author and posted time
 * (the first, should one author have two posts in one millisecond).
 */
const MESSAGE_SELECT = `SELECT m.*, q.server_id AS quote_server_id, q.body AS quote_body
  FROM community_messages m
  LEFT JOIN community_messages q ON q.local_id = (
    SELECT x.local_id FROM community_messages x WHERE x.room_id = m.room_id AND x.author = m.quote_author
      AND x.posted_ms = m.quote_ms AND x.deleted = 0 ORDER BY x.server_id LIMIT 1)`;

const ROOM_SELECT =
  'SELECT r.*, s.pubkey FROM community_rooms r JOIN community_servers s ON s.base_url = r.base_url';

export class CommunityStore {
  constructor(private readonly db: Database) {}

  /** Records a server; a different key for a known server is refused (§15.7). */
  addServer(baseUrl: string, pubkey: string): void {
    const known = this.db.prepare('SELECT pubkey FROM community_servers WHERE base_url = ?').get(baseUrl) as
      { pubkey: string } | undefined;
    if (known && known.pubkey !== pubkey) {
      throw new SessionError(
        'INVALID_INPUT',
        `${baseUrl} is joined with another server key (${known.pubkey.slice(0, 8)}…): refusing a mixed key`,
        {
          details: { reason: 'server-key' },
          hint: 'leave its rooms first if the server really changed its key',
        },
      );
    }
    if (!known)
      this.db.prepare('INSERT INTO community_servers (base_url, pubkey) VALUES (?, ?)').run(baseUrl, pubkey);
  }

  /** The X25519 key (hex) a joined server was recorded with. */
  serverPubkey(baseUrl: string): string | undefined {
    const r = this.db.prepare('SELECT pubkey FROM community_servers WHERE base_url = ?').get(baseUrl) as
      { pubkey: string } | undefined;
    return r?.pubkey;
  }

  capabilities(baseUrl: string): string[] | undefined {
    const r = this.db
      .prepare('SELECT capabilities FROM community_servers WHERE base_url = ?')
      .get(baseUrl) as { capabilities: string | null } | undefined;
    return r?.capabilities
      ? storedJson<string[]>(r.capabilities, "a community server's capabilities")
      : undefined;
  }

  setCapabilities(baseUrl: string, caps: string[]): void {
    this.db
      .prepare('UPDATE community_servers SET capabilities = ? WHERE base_url = ?')
      .run(JSON.stringify(caps), baseUrl);
  }

  /** Joins (idempotent: joining again keeps the cursors, updates the name). */
  join(p: {
    baseUrl: string;
    pubkey: string;
    token: string;
    name: string | null;
    watchSeqno: number;
    now: number;
  }): {
    room: JoinedRoom;
    already: boolean;
  } {
    return this.db.transaction(() => {
      this.addServer(p.baseUrl, p.pubkey);
      const id = roomId(p.baseUrl, p.token);
      const existing = this.room(id);
      if (existing) {
        this.db.prepare('UPDATE community_rooms SET name = ? WHERE id = ?').run(p.name, id);
        return { room: { ...existing, name: p.name }, already: true };
      }
      this.db
        .prepare(
          'INSERT INTO community_rooms (id, base_url, token, name, joined_at, watch_seqno) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(id, p.baseUrl, p.token, p.name, p.now, p.watchSeqno);
      return { room: this.room(id)!, already: false };
    })();
  }

  /** Leaves a room: its messages go; the server row goes with its last room. */
  leave(id: string): void {
    this.db.transaction(() => {
      const room = this.room(id);
      if (!room) return;
      this.db.prepare('DELETE FROM community_messages WHERE room_id = ?').run(id);
      this.db.prepare('DELETE FROM community_rooms WHERE id = ?').run(id);
      const left = this.db
        .prepare('SELECT COUNT(*) AS n FROM community_rooms WHERE base_url = ?')
        .get(room.baseUrl) as {
        n: number;
      };
      if (left.n === 0) this.db.prepare('DELETE FROM community_servers WHERE base_url = ?').run(room.baseUrl);
    })();
  }

  room(id: string): JoinedRoom | undefined {
    const r = this.db.prepare(`${ROOM_SELECT} WHERE r.id = ?`).get(id) as RoomDbRow | undefined;
    return r ? toRoom(r) : undefined;
  }

  rooms(): JoinedRoom[] {
    return (this.db.prepare(`${ROOM_SELECT} ORDER BY r.joined_at, r.id`).all() as RoomDbRow[]).map(toRoom);
  }

  /**
   * A joined room named by its token (case-insensitive; must be unique among joined rooms) or by
   * its URL (with or without the key).
   */
  resolve(ref: string): JoinedRoom {
    const rooms = this.rooms();
    let found: JoinedRoom[];
    if (ROOM_TOKEN.test(ref)) {
      found = rooms.filter((r) => r.token.toLowerCase() === ref.toLowerCase());
    } else {
      const u = parseCommunityUrl(ref, { requireKey: false });
      found = rooms.filter((r) => r.id === roomId(u.baseUrl, u.room));
    }
    if (found.length === 1) return found[0]!;
    if (found.length > 1)
      throw new SessionError('INVALID_INPUT', `more than one joined room is called ${ref}`, {
        hint: 'name it by its URL (see `community list`)',
      });
    throw new SessionError('NOT_FOUND', `no joined room ${ref}`, {
      hint: 'see `community list`, or join it with `community join URL`',
    });
  }

  /**
   * Whether the newest post we have of `author` on the server at `baseUrl` says they take no DMs
   * from strangers (DataMessage.blocksCommunityMessageRequests); undefined when we have none.
   */
  blocksRequests(baseUrl: string, author: string): boolean | undefined {
    const r = this.db
      .prepare(
        `SELECT m.blocks_requests AS b FROM community_messages m JOIN community_rooms r ON r.id = m.room_id
         WHERE r.base_url = ? AND m.author = ? AND m.deleted = 0 ORDER BY m.posted_ms DESC LIMIT 1`,
      )
      .get(baseUrl, author) as { b: number } | undefined;
    return r === undefined ? undefined : r.b === 1;
  }

  /**
   * Applies a verified poll result in one transaction, and moves the poll cursor past every row
   * received (also those dropped as forged: §8.3 "update maxSeqno even when nothing decrypted").
   */
  apply(id: string, rows: VerifiedRow[], maxSeqno: number, opts: { poll?: boolean } = {}): void {
    const poll = opts.poll ?? true;
    const get = this.db.prepare('SELECT * FROM community_messages WHERE room_id = ? AND server_id = ?');
    const insert = this.db.prepare(
      `INSERT INTO community_messages (room_id, server_id, author, display_name, posted_ms, edited_ms, body,
         attachments, reactions, seqno, first_seqno, data_seqno, reactions_seqno, quote_author, quote_ms, quote_text,
         blocks_requests)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      for (const row of rows) {
        const old = get.get(id, row.id) as MessageDbRow | undefined;
        if (row.kind === 'message') {
          const reactions = JSON.stringify(row.reactions);
          if (!old) {
            insert.run(
              id,
              row.id,
              row.author,
              row.displayName ?? null,
              row.postedMs,
              row.editedMs ?? null,
              row.text,
              attachmentsJson(row.attachments),
              reactions,
              row.seqno,
              row.seqno,
              row.seqno,
              Object.keys(row.reactions).length > 0 ? row.seqno : 0,
              row.quote?.author ?? null,
              row.quote?.timestamp ?? null,
              row.quote?.text ?? null,
              row.blocksRequests ? 1 : 0,
            );
            continue;
          }
          if (old.deleted === 1 || row.seqno <= old.seqno) continue;
          const dataChanged = old.body !== row.text || (old.edited_ms ?? null) !== (row.editedMs ?? null);
          const reactionsChanged = (old.reactions ?? '{}') !== reactions;
          this.db
            .prepare(
              `UPDATE community_messages SET body = ?, edited_ms = ?, display_name = ?, attachments = ?, reactions = ?,
                 seqno = ?, data_seqno = ?, reactions_seqno = ?, quote_author = ?, quote_ms = ?, quote_text = ?,
                 blocks_requests = ?
               WHERE local_id = ?`,
            )
            .run(
              row.text,
              row.editedMs ?? null,
              row.displayName ?? old.display_name,
              attachmentsJson(row.attachments),
              reactions,
              row.seqno,
              dataChanged ? row.seqno : old.data_seqno,
              reactionsChanged ? row.seqno : old.reactions_seqno,
              row.quote?.author ?? null,
              row.quote?.timestamp ?? null,
              row.quote?.text ?? null,
              row.blocksRequests ? 1 : 0,
              old.local_id,
            );
        } else if (row.kind === 'deleted') {
          // A tombstone of a message we never saw has nothing to delete (§8.3).
          if (!old || old.deleted === 1) continue;
          this.db
            .prepare(
              'UPDATE community_messages SET deleted = 1, body = NULL, attachments = NULL, reactions = NULL, seqno = ?, data_seqno = ? WHERE local_id = ?',
            )
            .run(row.seqno, row.seqno, old.local_id);
        } else {
          if (!old || old.deleted === 1 || row.seqno <= old.seqno) continue;
          const reactions = JSON.stringify(row.reactions);
          if ((old.reactions ?? '{}') === reactions) continue;
          this.db
            .prepare(
              'UPDATE community_messages SET reactions = ?, seqno = ?, reactions_seqno = ? WHERE local_id = ?',
            )
            .run(reactions, row.seqno, row.seqno, old.local_id);
        }
      }
      // Our own post's reply is stored but moves no cursor: others may have posted before it.
      if (poll)
        this.db
          .prepare('UPDATE community_rooms SET seqno = MAX(seqno, ?), fetched = 1 WHERE id = ?')
          .run(maxSeqno, id);
    })();
  }

  /** The newest `limit` messages of a room (not deleted), oldest first. */
  recent(id: string, limit: number): CommunityMessageRow[] {
    const rows = this.db
      .prepare(`${MESSAGE_SELECT} WHERE m.room_id = ? AND m.deleted = 0 ORDER BY m.server_id DESC LIMIT ?`)
      .all(id, limit) as MessageDbRow[];
    return rows.reverse().map(toMessage);
  }

  message(id: string, serverId: number): CommunityMessageRow | undefined {
    const r = this.db
      .prepare(`${MESSAGE_SELECT} WHERE m.room_id = ? AND m.server_id = ?`)
      .get(id, serverId) as MessageDbRow | undefined;
    return r ? toMessage(r) : undefined;
  }

  /** Messages changed after `seqno`, in the order of their last change. */
  changedSince(id: string, seqno: number): CommunityMessageRow[] {
    return (
      this.db
        .prepare(`${MESSAGE_SELECT} WHERE m.room_id = ? AND m.seqno > ? ORDER BY m.seqno, m.server_id`)
        .all(id, seqno) as MessageDbRow[]
    ).map(toMessage);
  }

  /** When the room's newest message (not deleted) was posted, unix ms; undefined when it has none. */
  newestPostedMs(id: string): number | undefined {
    const r = this.db
      .prepare('SELECT MAX(posted_ms) AS t FROM community_messages WHERE room_id = ? AND deleted = 0')
      .get(id) as { t: number | null };
    return r.t ?? undefined;
  }

  /** Messages (not deleted) posted in `(afterMs, untilMs]`, optionally not by any of `authors`. */
  countPostedAfter(
    id: string,
    afterMs: number,
    untilMs = Number.MAX_SAFE_INTEGER,
    authors: string[] = [],
  ): number {
    const own = authors.length === 0 ? '' : ` AND author NOT IN (${authors.map(() => '?').join(',')})`;
    const r = this.db
      .prepare(
        `SELECT COUNT(*) AS n FROM community_messages WHERE room_id = ? AND deleted = 0 AND posted_ms > ? AND posted_ms <= ?${own}`,
      )
      .get(id, afterMs, untilMs, ...authors) as { n: number };
    return r.n;
  }

  /** How many messages (not deleted) the room holds. */
  messageCount(id: string): number {
    return (
      this.db
        .prepare('SELECT COUNT(*) AS n FROM community_messages WHERE room_id = ? AND deleted = 0')
        .get(id) as { n: number }
    ).n;
  }

  setWatchSeqno(id: string, seqno: number): void {
    this.db
      .prepare('UPDATE community_rooms SET watch_seqno = MAX(watch_seqno, ?) WHERE id = ?')
      .run(seqno, id);
  }
}
