import type BetterSqlite3 from 'better-sqlite3';

/**
 * The community server's SQLite state (one file in the devnet's data dir, so a restarted devnet
 * keeps rooms, users, messages, files and DMs) and the permission model of communities.md §12:
 * room defaults + per-user overrides + bans, admins ⊃ moderators, global roles in every room.
 */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS rooms (
  id INTEGER PRIMARY KEY, token TEXT NOT NULL UNIQUE COLLATE NOCASE, name TEXT NOT NULL,
  description TEXT, image INTEGER, created REAL NOT NULL,
  info_updates INTEGER NOT NULL DEFAULT 0, message_sequence INTEGER NOT NULL DEFAULT 0,
  read INTEGER NOT NULL DEFAULT 1, accessible INTEGER NOT NULL DEFAULT 1,
  write INTEGER NOT NULL DEFAULT 1, upload INTEGER NOT NULL DEFAULT 1);
CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY, session_id TEXT NOT NULL UNIQUE, blinded_abs TEXT,
  created REAL NOT NULL, last_active REAL NOT NULL,
  moderator INTEGER NOT NULL DEFAULT 0, admin INTEGER NOT NULL DEFAULT 0,
  visible_mod INTEGER NOT NULL DEFAULT 0, banned INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS users_abs ON users (blinded_abs);
CREATE TABLE IF NOT EXISTS needs_blinding (blinded_abs TEXT PRIMARY KEY, user INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS nonces (nonce BLOB PRIMARY KEY, expiry REAL NOT NULL);
CREATE TABLE IF NOT EXISTS room_users (
  room INTEGER NOT NULL, user INTEGER NOT NULL, last_active REAL NOT NULL, PRIMARY KEY (room, user));
CREATE TABLE IF NOT EXISTS overrides (
  room INTEGER NOT NULL, user INTEGER NOT NULL,
  read INTEGER, accessible INTEGER, write INTEGER, upload INTEGER,
  banned INTEGER NOT NULL DEFAULT 0, moderator INTEGER NOT NULL DEFAULT 0,
  admin INTEGER NOT NULL DEFAULT 0, visible_mod INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (room, user));
CREATE TABLE IF NOT EXISTS futures (
  id INTEGER PRIMARY KEY, room INTEGER, user INTEGER NOT NULL, at REAL NOT NULL,
  read INTEGER, write INTEGER, upload INTEGER, banned INTEGER);
CREATE TABLE IF NOT EXISTS messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT, room INTEGER NOT NULL, user INTEGER NOT NULL,
  posted REAL NOT NULL, edited REAL, data BLOB, signature BLOB,
  whisper_to INTEGER, whisper_mods INTEGER NOT NULL DEFAULT 0,
  seqno_data INTEGER NOT NULL, seqno_reactions INTEGER NOT NULL DEFAULT 0,
  seqno_creation INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS messages_room ON messages (room, id);
CREATE TABLE IF NOT EXISTS reactions (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, message INTEGER NOT NULL, reaction TEXT NOT NULL,
  user INTEGER NOT NULL, at REAL NOT NULL, UNIQUE (message, reaction, user));
CREATE TABLE IF NOT EXISTS pins (
  room INTEGER NOT NULL, message INTEGER NOT NULL, pinned_at REAL NOT NULL,
  pinned_by INTEGER NOT NULL, PRIMARY KEY (room, message));
CREATE TABLE IF NOT EXISTS files (
  id INTEGER PRIMARY KEY AUTOINCREMENT, room INTEGER NOT NULL, uploader INTEGER NOT NULL,
  size INTEGER NOT NULL, uploaded REAL NOT NULL, expiry REAL, filename TEXT, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS inbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT, sender INTEGER NOT NULL, recipient INTEGER NOT NULL,
  body BLOB NOT NULL, posted_at REAL NOT NULL, expires_at REAL NOT NULL);
`;

export interface RoomRow {
  id: number;
  token: string;
  name: string;
  description: string | null;
  image: number | null;
  created: number;
  info_updates: number;
  message_sequence: number;
  read: number;
  accessible: number;
  write: number;
  upload: number;
}

export interface UserRow {
  id: number;
  session_id: string;
  blinded_abs: string | null;
  moderator: number;
  admin: number;
  visible_mod: number;
  banned: number;
}

export interface OverrideRow {
  room: number;
  user: number;
  read: number | null;
  accessible: number | null;
  write: number | null;
  upload: number | null;
  banned: number;
  moderator: number;
  admin: number;
  visible_mod: number;
}

export interface Perms {
  banned: boolean;
  read: boolean;
  accessible: boolean;
  write: boolean;
  upload: boolean;
  moderator: boolean;
  admin: boolean;
  globalModerator: boolean;
  globalAdmin: boolean;
}

/** A 15 id's 32 key bytes with the sign bit cleared, hex: how a 05 id is matched (§5.4, errata E6). */
export function blindedAbs(id15: string): string {
  const key = Buffer.from(id15.slice(2), 'hex');
  key[31] = key[31]! & 0x7f;
  return key.toString('hex');
}

export class SogsStore {
  constructor(readonly db: BetterSqlite3.Database) {
    db.pragma('journal_mode = WAL');
    db.exec(SCHEMA);
  }

  room(token: string): RoomRow | undefined {
    return this.db.prepare('SELECT * FROM rooms WHERE token = ?').get(token) as RoomRow | undefined;
  }

  roomById(id: number): RoomRow {
    return this.db.prepare('SELECT * FROM rooms WHERE id = ?').get(id) as RoomRow;
  }

  rooms(): RoomRow[] {
    return this.db.prepare('SELECT * FROM rooms ORDER BY token').all() as RoomRow[];
  }

  user(sessionId: string): UserRow | undefined {
    return this.db.prepare('SELECT * FROM users WHERE session_id = ?').get(sessionId) as UserRow | undefined;
  }

  userById(id: number): UserRow {
    return this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow;
  }

  /** The user row, created on first sight (pysogs autovivifies before checking the signature, E5). */
  vivify(sessionId: string, now: number): UserRow {
    const abs = sessionId.startsWith('15') ? blindedAbs(sessionId) : null;
    this.db
      .prepare(
        'INSERT OR IGNORE INTO users (session_id, blinded_abs, created, last_active) VALUES (?, ?, ?, ?)',
      )
      .run(sessionId, abs, now, now);
    return this.user(sessionId)!;
  }

  override(roomId: number, userId: number): OverrideRow | undefined {
    return this.db.prepare('SELECT * FROM overrides WHERE room = ? AND user = ?').get(roomId, userId) as
      OverrideRow | undefined;
  }

  /** Upserts columns of a user's override row in a room. */
  setOverride(roomId: number, userId: number, values: Partial<Omit<OverrideRow, 'room' | 'user'>>): void {
    this.db.prepare('INSERT OR IGNORE INTO overrides (room, user) VALUES (?, ?)').run(roomId, userId);
    const cols = Object.keys(values);
    if (cols.length === 0) return;
    this.db
      .prepare(
        `UPDATE overrides SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE room = @r AND user = @u`,
      )
      .run({ ...values, r: roomId, u: userId });
  }

  perms(user: UserRow | undefined, room: RoomRow): Perms {
    const o = user ? this.override(room.id, user.id) : undefined;
    const globalAdmin = user?.admin === 1;
    const globalModerator = globalAdmin || user?.moderator === 1;
    const admin = globalAdmin || o?.admin === 1;
    const moderator = admin || globalModerator || o?.moderator === 1;
    const banned = !moderator && (user?.banned === 1 || o?.banned === 1);
    const pick = (v: number | null | undefined, d: number) => (v ?? d) === 1;
    const read = !banned && (moderator || pick(o?.read, room.read));
    const accessible = !banned && (read || pick(o?.accessible, room.accessible));
    // Anonymous callers can at most read (pysogs has no user to attribute a post to).
    const write = !banned && user !== undefined && (moderator || pick(o?.write, room.write));
    const upload = write && (moderator || pick(o?.upload, room.upload));
    return { banned, read, accessible, write, upload, moderator, admin, globalModerator, globalAdmin };
  }

  /** Bumps the room's message_sequence and returns the new value (every post/edit/delete/reaction). */
  bumpSeq(roomId: number): number {
    const r = this.db
      .prepare(
        'UPDATE rooms SET message_sequence = message_sequence + 1 WHERE id = ? RETURNING message_sequence',
      )
      .get(roomId) as { message_sequence: number };
    return r.message_sequence;
  }

  /** Bumps info_updates (names, description, image, pins, mod lists) and returns it. */
  bumpInfo(roomId: number): number {
    const r = this.db
      .prepare('UPDATE rooms SET info_updates = info_updates + 1 WHERE id = ? RETURNING info_updates')
      .get(roomId) as { info_updates: number };
    return r.info_updates;
  }

  touchRoom(roomId: number, userId: number, now: number): void {
    this.db
      .prepare(
        'INSERT INTO room_users (room, user, last_active) VALUES (?, ?, ?) ON CONFLICT (room, user) DO UPDATE SET last_active = excluded.last_active',
      )
      .run(roomId, userId, now);
  }

  activeUsers(roomId: number, since: number): number {
    return (
      this.db
        .prepare('SELECT COUNT(*) AS n FROM room_users WHERE room = ? AND last_active >= ?')
        .get(roomId, since) as {
        n: number;
      }
    ).n;
  }

  /**
   * Runs what pysogs' periodic cleanup does (every 10 s there; here before every request, so a
   * timed ban ends at its time): scheduled permission changes and ban ends, expired files, DMs and
   * nonces.
   */
  cleanup(now: number): void {
    const due = this.db.prepare('SELECT * FROM futures WHERE at <= ? ORDER BY at, id').all(now) as {
      id: number;
      room: number | null;
      user: number;
      read: number | null;
      write: number | null;
      upload: number | null;
      banned: number | null;
    }[];
    for (const f of due) {
      if (f.room === null) {
        if (f.banned !== null)
          this.db.prepare('UPDATE users SET banned = ? WHERE id = ?').run(f.banned, f.user);
      } else {
        const v: Partial<OverrideRow> = {};
        if (f.read !== null) v.read = f.read;
        if (f.write !== null) v.write = f.write;
        if (f.upload !== null) v.upload = f.upload;
        if (f.banned !== null) v.banned = f.banned;
        this.setOverride(f.room, f.user, v);
      }
      this.db.prepare('DELETE FROM futures WHERE id = ?').run(f.id);
    }
    this.db.prepare('DELETE FROM files WHERE expiry IS NOT NULL AND expiry < ?').run(now);
    this.db.prepare('DELETE FROM inbox WHERE expires_at < ?').run(now);
    this.db.prepare('DELETE FROM nonces WHERE expiry < ?').run(now);
  }

  /** Moves roles, overrides and schedules given to a 05 id to the 15 user it blinds to (§5.4). */
  migrateBlinded(user: UserRow): void {
    if (!user.blinded_abs) return;
    const nb = this.db
      .prepare('SELECT user FROM needs_blinding WHERE blinded_abs = ?')
      .get(user.blinded_abs) as { user: number } | undefined;
    if (!nb || nb.user === user.id) return;
    const old = this.userById(nb.user);
    this.db.transaction(() => {
      this.db
        .prepare(
          'UPDATE users SET moderator = max(moderator, ?), admin = max(admin, ?), visible_mod = max(visible_mod, ?), banned = max(banned, ?) WHERE id = ?',
        )
        .run(old.moderator, old.admin, old.visible_mod, old.banned, user.id);
      const rows = this.db.prepare('SELECT * FROM overrides WHERE user = ?').all(old.id) as OverrideRow[];
      for (const o of rows) {
        const { room: r, user: _u, ...values } = o;
        void _u;
        this.setOverride(r, user.id, values);
      }
      this.db.prepare('DELETE FROM overrides WHERE user = ?').run(old.id);
      this.db.prepare('UPDATE futures SET user = ? WHERE user = ?').run(user.id, old.id);
      this.db
        .prepare('UPDATE users SET moderator = 0, admin = 0, visible_mod = 0, banned = 0 WHERE id = ?')
        .run(old.id);
      this.db.prepare('DELETE FROM needs_blinding WHERE blinded_abs = ?').run(user.blinded_abs);
    })();
  }
}
