import { blind15IdFromSessionId } from '../../crypto/blinding.js';
import { fromUtf8, toBase64 } from '../../encoding/bytes.js';
import type { V4Response } from '../../encoding/v4.js';
import { HttpError, errorReply, json } from './reply.js';
import { blindedAbs, type Perms, type RoomRow, type SogsStore, type UserRow } from './store.js';

/**
 * The SOGS v3 routes a client uses (communities.md §6–§14), as pysogs answers them. One request
 * context in, one response out; direct HTTP, onion requests and batch sub-requests all come here.
 */
export interface SogsRequest {
  method: string;
  /** Percent-decoded path without the query. */
  path: string;
  query: URLSearchParams;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: Uint8Array;
  /** The authenticated caller (undefined: anonymous). */
  user: UserRow | undefined;
  /** Whether the caller authenticated with a 15-blinded key. */
  blinded: boolean;
  /** Server time, unix seconds. */
  now: number;
}

export interface RouteConfig {
  serverPkHex: string;
  requireBlindKeys: boolean;
  /** §14: 5 posts per 16 s per user and room. */
  rateLimitPosts: number;
  rateLimitIntervalS: number;
}

export const ACTIVE_CUTOFF_S = 7 * 24 * 3600;
const FILE_TTL_S = 3600;
const ATTACHED_FILE_TTL_S = 15 * 24 * 3600;
const DM_TTL_S = 15 * 24 * 3600;

interface MessageRow {
  id: number;
  room: number;
  user: number;
  posted: number;
  edited: number | null;
  data: Buffer | null;
  signature: Buffer | null;
  whisper_to: number | null;
  whisper_mods: number;
  seqno_data: number;
  seqno_reactions: number;
  seqno_creation: number;
  session_id: string;
}

type Handler = (req: SogsRequest, m: string[]) => V4Response | Promise<V4Response>;

const TOKEN = '([A-Za-z0-9_-]{1,64})';
const ANY_SID = '([01]5[0-9a-fA-F]{64})';
const ID = '(\\d+)';

const forbidden = (text?: string) => new HttpError(403, text);
const notFound = () => new HttpError(404);
const badRequest = (text?: string) => new HttpError(400, text);

export class SogsRoutes {
  private readonly table: [string, RegExp, Handler][];

  constructor(
    private readonly s: SogsStore,
    private readonly cfg: RouteConfig,
  ) {
    // Room routes take 15 ids only on a blinded server (errata Part 2 E1); /user/ routes take 05 too.
    const SID = cfg.requireBlindKeys ? '(15[0-9a-fA-F]{64})' : ANY_SID;
    const r = (method: string, pattern: string, h: Handler): [string, RegExp, Handler] => [
      method,
      new RegExp(`^${pattern}$`),
      h,
    ];
    this.table = [
      r('GET', '/capabilities', (q) => this.capabilities(q)),
      r('GET', '/rooms', (q) =>
        json(
          200,
          this.s
            .rooms()
            .filter((x) => this.s.perms(q.user, x).accessible)
            .map((x) => this.roomInfo(q, x)),
        ),
      ),
      r('GET', `/room/${TOKEN}`, (q, m) => json(200, this.roomInfo(q, this.accessibleRoom(q, m[1]!)))),
      r('PUT', `/room/${TOKEN}`, (q, m) => this.updateRoom(q, m[1]!)),
      r('GET', `/room/${TOKEN}/pollInfo/${ID}`, (q, m) => this.pollInfo(q, m[1]!, Number(m[2]))),
      r('GET', `/room/${TOKEN}/messages/since/${ID}`, (q, m) => this.since(q, m[1]!, Number(m[2]))),
      r('GET', `/room/${TOKEN}/messages/recent`, (q, m) => this.recent(q, m[1]!, undefined)),
      r('GET', `/room/${TOKEN}/messages/before/${ID}`, (q, m) => this.recent(q, m[1]!, Number(m[2]))),
      r('GET', `/room/${TOKEN}/message/${ID}`, (q, m) => this.getMessage(q, m[1]!, Number(m[2]))),
      r('POST', `/room/${TOKEN}/message`, (q, m) => this.post(q, m[1]!)),
      r('PUT', `/room/${TOKEN}/message/${ID}`, (q, m) => this.edit(q, m[1]!, Number(m[2]))),
      r('DELETE', `/room/${TOKEN}/message/${ID}`, (q, m) => this.deleteOne(q, m[1]!, Number(m[2]))),
      r('POST', `/room/${TOKEN}/pin/${ID}`, (q, m) => this.pin(q, m[1]!, Number(m[2]))),
      r('POST', `/room/${TOKEN}/unpin/all`, (q, m) => this.unpin(q, m[1]!, undefined)),
      r('POST', `/room/${TOKEN}/unpin/${ID}`, (q, m) => this.unpin(q, m[1]!, Number(m[2]))),
      r('PUT', `/room/${TOKEN}/reaction/${ID}/([^/]+)`, (q, m) =>
        this.react(q, m[1]!, Number(m[2]), m[3]!, true),
      ),
      r('DELETE', `/room/${TOKEN}/reaction/${ID}/([^/]+)`, (q, m) =>
        this.react(q, m[1]!, Number(m[2]), m[3]!, false),
      ),
      r('DELETE', `/room/${TOKEN}/reactions/${ID}(?:/([^/]+))?`, (q, m) =>
        this.clearReactions(q, m[1]!, Number(m[2]), m[3]),
      ),
      r('GET', `/room/${TOKEN}/reactors/${ID}/([^/]+)`, (q, m) =>
        this.reactors(q, m[1]!, Number(m[2]), m[3]!),
      ),
      r('POST', `/room/${TOKEN}/file`, (q, m) => this.upload(q, m[1]!)),
      r('GET', `/room/${TOKEN}/file/${ID}(?:/[^/]*)?`, (q, m) => this.download(q, m[1]!, Number(m[2]))),
      r('DELETE', `/room/${TOKEN}/all/${SID}`, (q, m) => this.deleteAll(q, m[1]!, m[2]!)),
      r('DELETE', `/rooms/all/${SID}`, (q, m) => this.deleteEverywhere(q, m[1]!)),
      r('GET', `/room/${TOKEN}/permissions`, (q, m) => this.listOverrides(q, m[1]!)),
      r('GET', `/room/${TOKEN}/permissions/${SID}`, (q, m) => this.getOverride(q, m[1]!, m[2]!)),
      r('POST', `/room/${TOKEN}/permissions/${SID}`, (q, m) => this.setOverride(q, m[1]!, m[2]!)),
      r('GET', `/room/${TOKEN}/futurePermissions(?:/${SID})?`, (q, m) => this.listFutures(q, m[1]!, m[2])),
      r('POST', `/room/${TOKEN}/futurePermissions/${SID}`, (q, m) => this.addFuture(q, m[1]!, m[2]!)),
      r('POST', `/user/${ANY_SID}/ban`, (q, m) => this.ban(q, m[1]!, true)),
      r('POST', `/user/${ANY_SID}/unban`, (q, m) => this.ban(q, m[1]!, false)),
      r('POST', `/user/${ANY_SID}/moderator`, (q, m) => this.setModerator(q, m[1]!)),
      r('POST', `/inbox/${SID}`, (q, m) => this.sendDm(q, m[1]!)),
      r('GET', '/(inbox|outbox)', (q, m) => this.listDms(q, m[1] as 'inbox' | 'outbox', undefined)),
      r('GET', `/(inbox|outbox)/since/${ID}`, (q, m) =>
        this.listDms(q, m[1] as 'inbox' | 'outbox', Number(m[2])),
      ),
      r('DELETE', '/inbox', (q) => this.clearInbox(q)),
      r('POST', '/(batch|sequence)', (q, m) => this.batch(q, m[1] === 'sequence')),
    ];
  }

  async handle(req: SogsRequest): Promise<V4Response> {
    try {
      let pathMatched = false;
      for (const [method, re, h] of this.table) {
        const m = re.exec(req.path);
        if (!m) continue;
        pathMatched = true;
        if (method === req.method) return await h(req, m);
      }
      throw new HttpError(pathMatched ? 405 : 404);
    } catch (e) {
      if (e instanceof HttpError) return errorReply(e);
      return { code: 500, headers: { 'content-type': 'text/plain' }, body: new Uint8Array(0) };
    }
  }

  // ---- helpers ------------------------------------------------------------------------------

  private requireUser(q: SogsRequest): UserRow {
    if (!q.user) throw new HttpError(401, 'X-SOGS-* request authentication required');
    return q.user;
  }

  /** The room, or 404 when it does not exist or the caller may not even see it (§7.2). */
  private accessibleRoom(q: SogsRequest, token: string): RoomRow {
    const room = this.s.room(token);
    if (!room || !this.s.perms(q.user, room).accessible) throw notFound();
    return room;
  }

  private readableRoom(q: SogsRequest, token: string): { room: RoomRow; p: Perms } {
    const room = this.accessibleRoom(q, token);
    const p = this.s.perms(q.user, room);
    if (!p.read) throw forbidden("This endpoint requires room message 'read' permission");
    return { room, p };
  }

  private modRoom(q: SogsRequest, token: string, admin = false): { room: RoomRow; p: Perms; user: UserRow } {
    const user = this.requireUser(q);
    const room = this.accessibleRoom(q, token);
    const p = this.s.perms(user, room);
    if (!(admin ? p.admin : p.moderator))
      throw forbidden(`This endpoint requires ${admin ? 'admin' : 'moderator'} room permissions`);
    return { room, p, user };
  }

  /** JSON bodies need `Content-Type: application/json` (pysogs answers 400 without it, §3.2). */
  private jsonBody(q: SogsRequest): Record<string, unknown> {
    const v = this.jsonValue(q);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw badRequest();
    return v as Record<string, unknown>;
  }

  private jsonValue(q: SogsRequest): unknown {
    if (!/^application\/json\b/i.test(q.headers['content-type'] ?? '')) throw badRequest();
    try {
      return JSON.parse(fromUtf8(q.body));
    } catch {
      throw badRequest();
    }
  }

  private intParam(q: SogsRequest, name: string, def: number, min: number, max: number): number {
    const raw = q.query.get(name);
    const v = raw === null || raw === '' ? def : Number.parseInt(raw, 10);
    return Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : def;
  }

  /** A user named in a path: 05 ids map to the known 15 user or wait in needs_blinding (§5.4). */
  private async targetUser(sid: string, now: number): Promise<UserRow> {
    const id = sid.toLowerCase();
    if (id.startsWith('05') && this.cfg.requireBlindKeys) {
      let abs: string;
      try {
        abs = blindedAbs(await blind15IdFromSessionId(id, this.cfg.serverPkHex));
      } catch {
        // Not the X25519 key of any Ed25519 key: no one can ever connect as it.
        throw badRequest();
      }
      const known = this.s.db
        .prepare('SELECT * FROM users WHERE blinded_abs = ? ORDER BY id LIMIT 1')
        .get(abs) as UserRow | undefined;
      if (known) return known;
      const u = this.s.vivify(id, now);
      this.s.db
        .prepare('INSERT OR IGNORE INTO needs_blinding (blinded_abs, user) VALUES (?, ?)')
        .run(abs, u.id);
      return u;
    }
    return this.s.vivify(id, now);
  }

  // ---- capabilities and rooms ---------------------------------------------------------------

  private capabilities(q: SogsRequest): V4Response {
    const caps = ['sogs', 'reactions', ...(this.cfg.requireBlindKeys ? ['blind'] : [])].sort();
    const required = q.query.get('required');
    if (required !== null) {
      const missing = required.split(',').filter((c) => !caps.includes(c));
      if (missing.length > 0) return json(412, { capabilities: caps, missing });
    }
    return json(200, { capabilities: caps });
  }

  private roleFlags(p: Perms): Record<string, boolean> {
    const out: Record<string, boolean> = {};
    if (p.moderator) out.moderator = true;
    if (p.admin) out.admin = true;
    if (p.globalModerator) out.global_moderator = true;
    if (p.globalAdmin) out.global_admin = true;
    return out;
  }

  private defaults(room: RoomRow, p: Perms): Record<string, boolean> {
    if (!p.moderator) return {};
    return {
      default_read: room.read === 1,
      default_accessible: room.accessible === 1,
      default_write: room.write === 1,
      default_upload: room.upload === 1,
    };
  }

  private roomInfo(q: SogsRequest, room: RoomRow): Record<string, unknown> {
    const p = this.s.perms(q.user, room);
    const mods = this.s.db
      .prepare(
        `SELECT u.session_id, o.admin, o.visible_mod AS visible FROM overrides o JOIN users u ON u.id = o.user
           WHERE o.room = ? AND (o.moderator = 1 OR o.admin = 1)
         UNION ALL
         SELECT session_id, admin, visible_mod FROM users WHERE moderator = 1 OR admin = 1`,
      )
      .all(room.id) as { session_id: string; admin: number; visible: number }[];
    const lists: Record<'moderators' | 'admins' | 'hidden_moderators' | 'hidden_admins', Set<string>> = {
      moderators: new Set(),
      admins: new Set(),
      hidden_moderators: new Set(),
      hidden_admins: new Set(),
    };
    for (const m of mods) {
      const key = `${m.visible ? '' : 'hidden_'}${m.admin ? 'admins' : 'moderators'}` as const;
      lists[key].add(m.session_id);
    }
    // Someone both visible admin and listed as a mod elsewhere appears once, as admin.
    for (const a of lists.admins) lists.moderators.delete(a);
    for (const a of lists.hidden_admins) lists.hidden_moderators.delete(a);
    const pins = this.s.db
      .prepare(
        'SELECT p.message AS id, p.pinned_at, u.session_id AS pinned_by FROM pins p JOIN users u ON u.id = p.pinned_by WHERE p.room = ? ORDER BY p.pinned_at, p.message',
      )
      .all(room.id);
    const info: Record<string, unknown> = {
      token: room.token,
      name: room.name,
      ...(room.description ? { description: room.description } : {}),
      info_updates: room.info_updates,
      message_sequence: room.message_sequence,
      created: room.created,
      active_users: this.s.activeUsers(room.id, q.now - ACTIVE_CUTOFF_S),
      active_users_cutoff: ACTIVE_CUTOFF_S,
      ...(room.image !== null ? { image_id: room.image } : {}),
      ...(pins.length > 0 ? { pinned_messages: pins } : {}),
      moderators: [...lists.moderators].sort(),
      admins: [...lists.admins].sort(),
      ...(p.moderator
        ? {
            hidden_moderators: [...lists.hidden_moderators].sort(),
            hidden_admins: [...lists.hidden_admins].sort(),
          }
        : {}),
      read: p.read,
      write: p.write,
      upload: p.upload,
      ...this.roleFlags(p),
      ...this.defaults(room, p),
    };
    return info;
  }

  private pollInfo(q: SogsRequest, token: string, infoUpdated: number): V4Response {
    const { room, p } = this.readableRoom(q, token);
    if (q.user) this.s.touchRoom(room.id, q.user.id, q.now);
    const fresh = this.s.roomById(room.id);
    return json(200, {
      token: fresh.token,
      active_users: this.s.activeUsers(room.id, q.now - ACTIVE_CUTOFF_S),
      read: p.read,
      write: p.write,
      upload: p.upload,
      ...this.roleFlags(p),
      ...this.defaults(fresh, p),
      ...(fresh.info_updates !== infoUpdated ? { details: this.roomInfo(q, fresh) } : {}),
    });
  }

  private updateRoom(q: SogsRequest, token: string): V4Response {
    const { room } = this.modRoom(q, token, true);
    const b = this.jsonBody(q);
    const sets: Record<string, unknown> = {};
    let infoChange = false;
    if (typeof b.name === 'string') {
      sets.name = [...b.name].filter((c) => c.charCodeAt(0) >= 0x20).join('');
      infoChange = true;
    }
    if ('description' in b) {
      if (b.description === null || b.description === '') sets.description = null;
      else if (typeof b.description === 'string') sets.description = b.description;
      else throw badRequest();
      infoChange = true;
    }
    if ('image' in b) {
      const f = this.s.db
        .prepare('SELECT id FROM files WHERE id = ? AND room = ?')
        .get(Number(b.image), room.id);
      if (!Number.isInteger(b.image) || !f) throw new HttpError(406);
      sets.image = b.image;
      this.s.db.prepare('UPDATE files SET expiry = NULL WHERE id = ?').run(b.image);
      infoChange = true;
    }
    for (const k of ['read', 'accessible', 'write', 'upload'] as const) {
      const v = b[`default_${k}`];
      if (typeof v === 'boolean') sets[k] = v ? 1 : 0;
    }
    if (Object.keys(sets).length === 0) throw badRequest();
    this.s.db
      .prepare(
        `UPDATE rooms SET ${Object.keys(sets)
          .map((c) => `${c} = @${c}`)
          .join(', ')} WHERE id = @id`,
      )
      .run({ ...sets, id: room.id });
    const info_updates = infoChange ? this.s.bumpInfo(room.id) : this.s.roomById(room.id).info_updates;
    return json(200, { info_updates });
  }

  // ---- messages -----------------------------------------------------------------------------

  private messageSelect = `SELECT m.*, u.session_id FROM messages m JOIN users u ON u.id = m.user`;

  /** Whispers a viewer may see (§8.6). */
  private visible(q: SogsRequest, p: Perms): { sql: string; args: { me: number; mod: number } } {
    return {
      sql: '((m.whisper_to IS NULL AND m.whisper_mods = 0) OR m.whisper_to = @me OR (@mod = 1 AND (m.whisper_mods = 1 OR m.user = @me)))',
      args: { me: q.user?.id ?? -1, mod: p.moderator ? 1 : 0 },
    };
  }

  private reactions(msgId: number, viewer: UserRow | undefined, reactorsN: number): Record<string, unknown> {
    const rows = this.s.db
      .prepare(
        'SELECT reaction, COUNT(*) AS n, MIN(seq) AS first FROM reactions WHERE message = ? GROUP BY reaction ORDER BY first',
      )
      .all(msgId) as { reaction: string; n: number }[];
    const out: Record<string, unknown> = {};
    rows.forEach((r, index) => {
      const e: Record<string, unknown> = { index, count: r.n };
      if (reactorsN > 0) {
        e.reactors = (
          this.s.db
            .prepare(
              'SELECT u.session_id FROM reactions r JOIN users u ON u.id = r.user WHERE r.message = ? AND r.reaction = ? ORDER BY r.at, r.seq LIMIT ?',
            )
            .all(msgId, r.reaction, reactorsN) as { session_id: string }[]
        ).map((x) => x.session_id);
      }
      if (
        viewer &&
        this.s.db
          .prepare('SELECT 1 FROM reactions WHERE message = ? AND reaction = ? AND user = ?')
          .get(msgId, r.reaction, viewer.id)
      )
        e.you = true;
      out[r.reaction] = e;
    });
    return out;
  }

  private messageOut(m: MessageRow, viewer: UserRow | undefined, reactorsN: number): Record<string, unknown> {
    const out: Record<string, unknown> = {
      id: m.id,
      session_id: m.session_id,
      posted: m.posted,
      ...(m.edited !== null ? { edited: m.edited } : {}),
      seqno: Math.max(m.seqno_data, m.seqno_reactions),
    };
    if (m.data === null) {
      out.data = null;
      out.deleted = true;
    } else {
      out.data = toBase64(m.data);
      out.signature = toBase64(m.signature ?? new Uint8Array(0));
    }
    if (m.whisper_to !== null || m.whisper_mods === 1) {
      out.whisper = true;
      out.whisper_mods = m.whisper_mods === 1;
      if (m.whisper_to !== null) out.whisper_to = this.s.userById(m.whisper_to).session_id;
    }
    out.reactions = this.reactions(m.id, viewer, reactorsN);
    return out;
  }

  private since(q: SogsRequest, token: string, since: number): V4Response {
    const { room, p } = this.readableRoom(q, token);
    if (q.user) this.s.touchRoom(room.id, q.user.id, q.now);
    const limit = this.intParam(q, 'limit', 100, 1, 256);
    const reactorsN = this.intParam(q, 'reactors', 4, 0, 20);
    const withReactions = (q.query.get('t') ?? '').includes('r');
    const vis = this.visible(q, p);
    const seq = withReactions ? 'max(m.seqno_data, m.seqno_reactions)' : 'm.seqno_data';
    // Tombstones only for pollers that could have seen the message (§8.3).
    const rows = this.s.db
      .prepare(
        `${this.messageSelect} WHERE m.room = @room AND ${seq} > @since AND ${vis.sql}
           AND NOT (m.data IS NULL AND m.seqno_creation > @since)
         ORDER BY ${seq}, m.id LIMIT @limit`,
      )
      .all({ room: room.id, since, limit, ...vis.args }) as MessageRow[];
    return json(
      200,
      rows.map((m) =>
        m.seqno_data > since
          ? this.messageOut(m, q.user, reactorsN)
          : { id: m.id, seqno: m.seqno_reactions, reactions: this.reactions(m.id, q.user, reactorsN) },
      ),
    );
  }

  private recent(q: SogsRequest, token: string, before: number | undefined): V4Response {
    const { room, p } = this.readableRoom(q, token);
    const limit = this.intParam(q, 'limit', 100, 1, 256);
    const reactorsN = this.intParam(q, 'reactors', 4, 0, 20);
    const vis = this.visible(q, p);
    const rows = this.s.db
      .prepare(
        `${this.messageSelect} WHERE m.room = @room AND m.data IS NOT NULL AND m.id < @before AND ${vis.sql}
         ORDER BY m.id DESC LIMIT @limit`,
      )
      .all({ room: room.id, before: before ?? Number.MAX_SAFE_INTEGER, limit, ...vis.args }) as MessageRow[];
    return json(
      200,
      rows.map((m) => this.messageOut(m, q.user, reactorsN)),
    );
  }

  private findMessage(q: SogsRequest, room: RoomRow, p: Perms, id: number): MessageRow | undefined {
    const vis = this.visible(q, p);
    return this.s.db
      .prepare(`${this.messageSelect} WHERE m.room = @room AND m.id = @id AND ${vis.sql}`)
      .get({ room: room.id, id, ...vis.args }) as MessageRow | undefined;
  }

  private getMessage(q: SogsRequest, token: string, id: number): V4Response {
    const { room, p } = this.readableRoom(q, token);
    const m = this.findMessage(q, room, p, id);
    if (!m || m.data === null) throw notFound();
    return json(200, this.messageOut(m, q.user, this.intParam(q, 'reactors', 4, 0, 20)));
  }

  /** `data` and `signature` of a post or edit: anything but 64 signature bytes is a 400 (errata E2). */
  private postBytes(b: Record<string, unknown>): { data: Uint8Array; signature: Uint8Array } {
    const dec = (v: unknown): Uint8Array => {
      if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v)) throw badRequest();
      return new Uint8Array(Buffer.from(v, 'base64'));
    };
    const data = dec(b.data);
    const signature = dec(b.signature);
    if (signature.length !== 64 || data.length === 0) throw badRequest();
    return { data, signature };
  }

  private attachFiles(b: Record<string, unknown>, room: RoomRow, user: UserRow, now: number): void {
    if (!Array.isArray(b.files)) return;
    const stmt = this.s.db.prepare(
      'UPDATE files SET expiry = ? WHERE id = ? AND room = ? AND uploader = ? AND uploaded >= ? AND expiry IS NOT NULL',
    );
    for (const f of b.files) {
      const id = Number.parseInt(String(f), 10);
      if (Number.isFinite(id)) stmt.run(now + ATTACHED_FILE_TTL_S, id, room.id, user.id, now - FILE_TTL_S);
    }
  }

  private post(q: SogsRequest, token: string): V4Response {
    const user = this.requireUser(q);
    const room = this.accessibleRoom(q, token);
    const p = this.s.perms(user, room);
    if (!p.write) throw forbidden();
    const b = this.jsonBody(q);
    const { data, signature } = this.postBytes(b);
    let whisperTo: number | null = null;
    const whisperMods = b.whisper_mods === true;
    if (b.whisper_to !== undefined && b.whisper_to !== null) {
      if (typeof b.whisper_to !== 'string' || !/^[01]5[0-9a-fA-F]{64}$/.test(b.whisper_to))
        throw badRequest();
      whisperTo = this.s.vivify(b.whisper_to.toLowerCase(), q.now).id;
    }
    if ((whisperTo !== null || whisperMods) && !p.moderator) throw forbidden();
    // §14 / errata C2: only admins (room or global) are exempt from the post rate limit.
    if (!p.admin) {
      const recent = this.s.db
        .prepare('SELECT COUNT(*) AS n FROM messages WHERE room = ? AND user = ? AND posted > ?')
        .get(room.id, user.id, q.now - this.cfg.rateLimitIntervalS) as { n: number };
      if (recent.n >= this.cfg.rateLimitPosts) throw new HttpError(429);
    }
    const id = this.s.db.transaction(() => {
      const seq = this.s.bumpSeq(room.id);
      const r = this.s.db
        .prepare(
          `INSERT INTO messages (room, user, posted, data, signature, whisper_to, whisper_mods, seqno_data, seqno_creation)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(room.id, user.id, q.now, data, signature, whisperTo, whisperMods ? 1 : 0, seq, seq);
      return Number(r.lastInsertRowid);
    })();
    this.attachFiles(b, room, user, q.now);
    this.s.touchRoom(room.id, user.id, q.now);
    const m = this.s.db.prepare(`${this.messageSelect} WHERE m.id = ?`).get(id) as MessageRow;
    return json(201, this.messageOut(m, user, 4));
  }

  private edit(q: SogsRequest, token: string, id: number): V4Response {
    const user = this.requireUser(q);
    const room = this.accessibleRoom(q, token);
    const p = this.s.perms(user, room);
    const m = this.findMessage(q, room, p, id);
    // errata E3: pysogs means 404 for a deleted post (its 500 is a bug).
    if (!m || m.data === null) throw notFound();
    if (m.user !== user.id || !p.write) throw forbidden();
    const b = this.jsonBody(q);
    const { data, signature } = this.postBytes(b);
    this.s.db.transaction(() => {
      const seq = this.s.bumpSeq(room.id);
      this.s.db
        .prepare('UPDATE messages SET data = ?, signature = ?, edited = ?, seqno_data = ? WHERE id = ?')
        .run(data, signature, q.now, seq, id);
    })();
    this.attachFiles(b, room, user, q.now);
    return json(200, {});
  }

  private tombstone(room: RoomRow, id: number): void {
    const seq = this.s.bumpSeq(room.id);
    this.s.db
      .prepare('UPDATE messages SET data = NULL, signature = NULL, seqno_data = ? WHERE id = ?')
      .run(seq, id);
    this.s.db.prepare('DELETE FROM reactions WHERE message = ?').run(id);
    if (this.s.db.prepare('DELETE FROM pins WHERE room = ? AND message = ?').run(room.id, id).changes > 0)
      this.s.bumpInfo(room.id);
  }

  private deleteOne(q: SogsRequest, token: string, id: number): V4Response {
    const user = this.requireUser(q);
    const room = this.accessibleRoom(q, token);
    const p = this.s.perms(user, room);
    const m = this.findMessage(q, room, p, id);
    if (!m || m.data === null) throw notFound();
    if (!(p.moderator || (m.user === user.id && p.write))) throw forbidden();
    this.s.db.transaction(() => this.tombstone(room, id))();
    return json(200, {});
  }

  private deleteAll(q: SogsRequest, token: string, sid: string): V4Response {
    // errata E8: pysogs dereferences a missing user (500); the intent is 401.
    const user = this.requireUser(q);
    const room = this.accessibleRoom(q, token);
    const target = this.s.user(sid.toLowerCase());
    if (!target) throw notFound();
    const p = this.s.perms(user, room);
    if (target.id !== user.id) {
      if (!p.moderator) throw forbidden('This endpoint requires moderator room permissions');
      if (this.s.perms(target, room).admin && !p.admin) throw forbidden();
    }
    const ids = (
      this.s.db
        .prepare('SELECT id FROM messages WHERE room = ? AND user = ? AND data IS NOT NULL')
        .all(room.id, target.id) as { id: number }[]
    ).map((r) => r.id);
    if (ids.length === 0) throw notFound();
    this.s.db.transaction(() => {
      for (const id of ids) this.tombstone(room, id);
      this.s.db
        .prepare('UPDATE files SET expiry = ? WHERE room = ? AND uploader = ? AND id IS NOT ?')
        .run(q.now, room.id, target.id, room.image);
    })();
    return json(200, {});
  }

  /** `DELETE /rooms/all/<sid>`: rooms where the caller may not delete the user's posts are skipped. */
  private deleteEverywhere(q: SogsRequest, sid: string): V4Response {
    const user = this.requireUser(q);
    const target = this.s.user(sid.toLowerCase());
    const rooms: Record<string, number> = {};
    let total = 0;
    for (const room of target ? this.s.rooms() : []) {
      const p = this.s.perms(user, room);
      const self = target!.id === user.id;
      if (!self && (!p.moderator || (this.s.perms(target, room).admin && !p.admin))) continue;
      const ids = this.s.db
        .prepare('SELECT id FROM messages WHERE room = ? AND user = ? AND data IS NOT NULL')
        .all(room.id, target!.id) as { id: number }[];
      if (ids.length === 0) continue;
      this.s.db.transaction(() => {
        for (const { id } of ids) this.tombstone(room, id);
      })();
      rooms[room.token] = ids.length;
      total += ids.length;
    }
    return json(200, { total, rooms });
  }

  // ---- pins ---------------------------------------------------------------------------------

  private pin(q: SogsRequest, token: string, id: number): V4Response {
    const { room, p, user } = this.modRoom(q, token, true);
    const m = this.findMessage(q, room, p, id);
    if (!m || m.data === null || m.whisper_to !== null || m.whisper_mods === 1) throw notFound();
    this.s.db
      .prepare(
        'INSERT INTO pins (room, message, pinned_at, pinned_by) VALUES (?, ?, ?, ?) ON CONFLICT (room, message) DO UPDATE SET pinned_at = excluded.pinned_at, pinned_by = excluded.pinned_by',
      )
      .run(room.id, id, q.now, user.id);
    return json(200, { info_updates: this.s.bumpInfo(room.id) });
  }

  private unpin(q: SogsRequest, token: string, id: number | undefined): V4Response {
    const { room } = this.modRoom(q, token, true);
    const n =
      id === undefined
        ? this.s.db.prepare('DELETE FROM pins WHERE room = ?').run(room.id).changes
        : this.s.db.prepare('DELETE FROM pins WHERE room = ? AND message = ?').run(room.id, id).changes;
    const info_updates = n > 0 ? this.s.bumpInfo(room.id) : room.info_updates;
    return json(200, { unpinned: id === undefined ? n : n > 0, info_updates });
  }

  // ---- reactions ----------------------------------------------------------------------------

  private reactable(q: SogsRequest, room: RoomRow, p: Perms, id: number, emoji: string): MessageRow {
    const n = [...emoji].length;
    if (n < 1 || n > 12) throw badRequest();
    const m = this.findMessage(q, room, p, id);
    if (!m || m.data === null || m.whisper_to !== null || m.whisper_mods === 1) throw notFound();
    return m;
  }

  private react(q: SogsRequest, token: string, id: number, emoji: string, add: boolean): V4Response {
    const user = this.requireUser(q);
    const { room, p } = this.readableRoom(q, token);
    const m = this.reactable(q, room, p, id, emoji);
    const result = this.s.db.transaction(() => {
      const changed = add
        ? this.s.db
            .prepare('INSERT OR IGNORE INTO reactions (message, reaction, user, at) VALUES (?, ?, ?, ?)')
            .run(id, emoji, user.id, q.now).changes > 0
        : this.s.db
            .prepare('DELETE FROM reactions WHERE message = ? AND reaction = ? AND user = ?')
            .run(id, emoji, user.id).changes > 0;
      let seqno = Math.max(m.seqno_data, m.seqno_reactions);
      if (changed) {
        seqno = this.s.bumpSeq(room.id);
        this.s.db.prepare('UPDATE messages SET seqno_reactions = ? WHERE id = ?').run(seqno, id);
      }
      return { changed, seqno };
    })();
    return json(
      200,
      add ? { added: result.changed, seqno: result.seqno } : { removed: result.changed, seqno: result.seqno },
    );
  }

  private clearReactions(q: SogsRequest, token: string, id: number, emoji: string | undefined): V4Response {
    const { room, p } = this.modRoom(q, token);
    const m = this.reactable(q, room, p, id, emoji ?? 'x');
    const n =
      emoji === undefined
        ? this.s.db.prepare('DELETE FROM reactions WHERE message = ?').run(id).changes
        : this.s.db.prepare('DELETE FROM reactions WHERE message = ? AND reaction = ?').run(id, emoji)
            .changes;
    let seqno = Math.max(m.seqno_data, m.seqno_reactions);
    if (n > 0) {
      seqno = this.s.bumpSeq(room.id);
      this.s.db.prepare('UPDATE messages SET seqno_reactions = ? WHERE id = ?').run(seqno, id);
    }
    return json(200, { removed: n, seqno });
  }

  private reactors(q: SogsRequest, token: string, id: number, emoji: string): V4Response {
    const { room, p } = this.readableRoom(q, token);
    this.reactable(q, room, p, id, emoji);
    const limit = Number.parseInt(q.query.get('limit') ?? '0', 10);
    const rows = this.s.db
      .prepare(
        'SELECT u.session_id, r.at FROM reactions r JOIN users u ON u.id = r.user WHERE r.message = ? AND r.reaction = ? ORDER BY r.at, r.seq LIMIT ?',
      )
      .all(id, emoji, Number.isFinite(limit) && limit > 0 ? limit : -1) as {
      session_id: string;
      at: number;
    }[];
    return json(
      200,
      rows.map((r) => [r.session_id, r.at]),
    );
  }

  // ---- files --------------------------------------------------------------------------------

  private upload(q: SogsRequest, token: string): V4Response {
    const user = this.requireUser(q);
    const room = this.accessibleRoom(q, token);
    const p = this.s.perms(user, room);
    if (!p.write || !p.upload) throw forbidden();
    if (q.body.length === 0) throw badRequest();
    const cd = q.headers['content-disposition'] ?? '';
    let filename: string | null = null;
    const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(cd);
    const plainName = /filename\s*=\s*"?([^";]+)"?/i.exec(cd);
    try {
      if (star) filename = decodeURIComponent(star[1]!.trim());
      else if (plainName) filename = plainName[1]!.trim();
    } catch {
      filename = null;
    }
    const r = this.s.db
      .prepare(
        'INSERT INTO files (room, uploader, size, uploaded, expiry, filename, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(room.id, user.id, q.body.length, q.now, q.now + FILE_TTL_S, filename, q.body);
    return json(201, { id: Number(r.lastInsertRowid) });
  }

  private download(q: SogsRequest, token: string, id: number): V4Response {
    const { room } = this.readableRoom(q, token);
    const f = this.s.db
      .prepare('SELECT uploaded, expiry, filename, data FROM files WHERE id = ? AND room = ?')
      .get(id, room.id) as
      { uploaded: number; expiry: number | null; filename: string | null; data: Buffer } | undefined;
    if (!f) throw notFound();
    const headers: Record<string, string> = {
      'content-type': 'application/octet-stream',
      date: new Date(f.uploaded * 1000).toUTCString(),
    };
    if (f.filename !== null)
      headers['content-disposition'] = `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`;
    if (f.expiry !== null) headers.expires = new Date(f.expiry * 1000).toUTCString();
    return { code: 200, headers, body: new Uint8Array(f.data) };
  }

  // ---- moderation ---------------------------------------------------------------------------

  /** `rooms` xor `global` (§12): the rooms named (or `*`: those the caller moderates). */
  private scope(
    b: Record<string, unknown>,
    user: UserRow,
    admin: boolean,
  ): { global: true } | { global: false; rooms: RoomRow[] } {
    const hasRooms = b.rooms !== undefined && b.rooms !== null;
    if (hasRooms === Boolean(b.global)) throw badRequest();
    if (!hasRooms) return { global: true };
    if (!Array.isArray(b.rooms) || b.rooms.length === 0 || !b.rooms.every((t) => typeof t === 'string'))
      throw badRequest();
    const tokens = b.rooms;
    const ok = (r: RoomRow) => {
      const p = this.s.perms(user, r);
      return admin ? p.admin : p.moderator;
    };
    if (tokens.length === 1 && tokens[0] === '*') return { global: false, rooms: this.s.rooms().filter(ok) };
    const rooms = tokens.map((t) => {
      const r = this.s.room(t);
      if (!r) throw notFound();
      return r;
    });
    if (!rooms.every(ok)) throw forbidden();
    return { global: false, rooms };
  }

  private async ban(q: SogsRequest, sid: string, ban: boolean): Promise<V4Response> {
    const user = this.requireUser(q);
    const b = this.jsonBody(q);
    const timeout = b.timeout;
    if (ban && timeout !== undefined && timeout !== null && !(typeof timeout === 'number' && timeout > 0))
      throw badRequest();
    const sc = this.scope(b, user, false);
    const target = await this.targetUser(sid, q.now);
    const schedule = (room: number | null) => {
      this.s.db
        .prepare(`DELETE FROM futures WHERE user = ? AND room IS ? AND banned IS NOT NULL`)
        .run(target.id, room);
      if (ban && typeof timeout === 'number')
        this.s.db
          .prepare('INSERT INTO futures (room, user, at, banned) VALUES (?, ?, ?, 0)')
          .run(room, target.id, q.now + timeout);
    };
    if (sc.global) {
      if (!(user.moderator || user.admin)) throw forbidden();
      if (ban && (target.id === user.id || target.moderator || target.admin)) throw forbidden();
      this.s.db.transaction(() => {
        this.s.db.prepare('UPDATE users SET banned = ? WHERE id = ?').run(ban ? 1 : 0, target.id);
        if (ban) schedule(null);
      })();
      return json(200, {});
    }
    const p = (r: RoomRow) => this.s.perms(user, r);
    for (const r of sc.rooms) {
      const tp = this.s.perms(target, r);
      if (ban && (target.id === user.id || tp.globalModerator || (tp.moderator && !p(r).admin)))
        throw forbidden();
    }
    this.s.db.transaction(() => {
      for (const r of sc.rooms) {
        // errata E7: a ban also takes the room roles away; unbanning does not give them back.
        if (ban) {
          const hadRole = this.s.perms(target, r).moderator;
          this.s.setOverride(r.id, target.id, { banned: 1, moderator: 0, admin: 0 });
          if (hadRole) this.s.bumpInfo(r.id);
          schedule(r.id);
        } else this.s.setOverride(r.id, target.id, { banned: 0 });
      }
    })();
    return json(200, {});
  }

  private async setModerator(q: SogsRequest, sid: string): Promise<V4Response> {
    const user = this.requireUser(q);
    const b = this.jsonBody(q);
    const mod = typeof b.moderator === 'boolean' ? b.moderator : undefined;
    const adm = typeof b.admin === 'boolean' ? b.admin : undefined;
    if ((mod === undefined && adm === undefined) || (adm === true && mod === false)) throw badRequest();
    const sc = this.scope(b, user, true);
    if (sc.global && !user.admin) throw forbidden();
    const target = await this.targetUser(sid, q.now);
    const visible = typeof b.visible === 'boolean' ? b.visible : !sc.global;
    const result: Record<string, number> = {};
    this.s.db.transaction(() => {
      if (sc.global) {
        const next = applyRole({ moderator: target.moderator, admin: target.admin }, mod, adm);
        this.s.db
          .prepare('UPDATE users SET moderator = ?, admin = ?, visible_mod = ? WHERE id = ?')
          .run(next.moderator, next.admin, visible ? 1 : 0, target.id);
        for (const r of this.s.rooms()) result[r.token] = this.s.bumpInfo(r.id);
        return;
      }
      for (const r of sc.rooms) {
        const o = this.s.override(r.id, target.id);
        const next = applyRole({ moderator: o?.moderator ?? 0, admin: o?.admin ?? 0 }, mod, adm);
        this.s.setOverride(r.id, target.id, { ...next, visible_mod: visible ? 1 : 0 });
        result[r.token] = this.s.bumpInfo(r.id);
      }
    })();
    return json(200, { info_updates: result });
  }

  private overrideDict(roomId: number, userId: number): Record<string, boolean> {
    const o = this.s.override(roomId, userId);
    const out: Record<string, boolean> = {};
    if (!o) return out;
    for (const k of ['read', 'accessible', 'write', 'upload'] as const)
      if (o[k] !== null) out[k] = o[k] === 1;
    if (o.banned) out.banned = true;
    if (o.moderator || o.admin) {
      out.moderator = true;
      if (o.admin) out.admin = true;
      if (!o.visible_mod) out.hidden = true;
    }
    return out;
  }

  private listOverrides(q: SogsRequest, token: string): V4Response {
    const { room } = this.modRoom(q, token);
    const rows = this.s.db
      .prepare(
        'SELECT o.user, u.session_id FROM overrides o JOIN users u ON u.id = o.user WHERE o.room = ? ORDER BY u.session_id',
      )
      .all(room.id) as { user: number; session_id: string }[];
    const out: Record<string, unknown> = {};
    for (const r of rows) {
      const d = this.overrideDict(room.id, r.user);
      if (Object.keys(d).length > 0) out[r.session_id] = d;
    }
    return json(200, out);
  }

  private getOverride(q: SogsRequest, token: string, sid: string): V4Response {
    const { room } = this.modRoom(q, token);
    const target = this.s.user(sid.toLowerCase());
    return json(200, target ? this.overrideDict(room.id, target.id) : {});
  }

  private setOverride(q: SogsRequest, token: string, sid: string): V4Response {
    const { room } = this.modRoom(q, token);
    const b = this.jsonBody(q);
    const target = this.s.vivify(sid.toLowerCase(), q.now);
    const values: Record<string, number | null> = {};
    for (const k of ['read', 'accessible', 'write', 'upload'] as const) {
      const v = b[k];
      const d = b[`default_${k}`];
      if (typeof v === 'boolean' && d === true) throw badRequest();
      if (typeof v === 'boolean') values[k] = v ? 1 : 0;
      else if (d === true) values[k] = null;
    }
    if (Object.keys(values).length === 0) throw badRequest();
    this.s.db.transaction(() => {
      this.s.setOverride(room.id, target.id, values);
      if (b.unschedule !== false) {
        for (const k of Object.keys(values).filter((k) => k !== 'accessible'))
          this.s.db
            .prepare(`UPDATE futures SET ${k} = NULL WHERE room = ? AND user = ?`)
            .run(room.id, target.id);
        this.s.db
          .prepare(
            'DELETE FROM futures WHERE room = ? AND user = ? AND read IS NULL AND write IS NULL AND upload IS NULL AND banned IS NULL',
          )
          .run(room.id, target.id);
      }
    })();
    return json(200, this.overrideDict(room.id, target.id));
  }

  private futures(roomId: number, userId: number | undefined): Record<string, unknown>[] {
    const rows = this.s.db
      .prepare(
        `SELECT f.*, u.session_id FROM futures f JOIN users u ON u.id = f.user
         WHERE f.room = @room AND (@user IS NULL OR f.user = @user) ORDER BY f.at, f.id`,
      )
      .all({ room: roomId, user: userId ?? null }) as {
      session_id: string;
      at: number;
      read: number | null;
      write: number | null;
      upload: number | null;
      banned: number | null;
    }[];
    return rows.map((f) => {
      const out: Record<string, unknown> =
        userId === undefined ? { session_id: f.session_id, at: f.at } : { at: f.at };
      for (const k of ['read', 'write', 'upload', 'banned'] as const) if (f[k] !== null) out[k] = f[k] === 1;
      return out;
    });
  }

  private listFutures(q: SogsRequest, token: string, sid: string | undefined): V4Response {
    const { room } = this.modRoom(q, token);
    if (sid === undefined) return json(200, this.futures(room.id, undefined));
    const target = this.s.user(sid.toLowerCase());
    return json(200, target ? this.futures(room.id, target.id) : []);
  }

  private addFuture(q: SogsRequest, token: string, sid: string): V4Response {
    const { room } = this.modRoom(q, token);
    const b = this.jsonBody(q);
    const inS = b.in;
    if (typeof inS !== 'number' || !(inS > 0 && inS < 1e9)) throw badRequest();
    const v = (k: string) => (typeof b[k] === 'boolean' ? (b[k] ? 1 : 0) : null);
    const [read, write, upload] = [v('read'), v('write'), v('upload')];
    if (read === null && write === null && upload === null) throw badRequest();
    const target = this.s.vivify(sid.toLowerCase(), q.now);
    this.s.db
      .prepare('INSERT INTO futures (room, user, at, read, write, upload) VALUES (?, ?, ?, ?, ?, ?)')
      .run(room.id, target.id, q.now + inS, read, write, upload);
    return json(200, this.futures(room.id, target.id));
  }

  // ---- blinded DMs --------------------------------------------------------------------------

  private sendDm(q: SogsRequest, sid: string): V4Response {
    const user = this.requireUser(q);
    const b = this.jsonBody(q);
    if (typeof b.message !== 'string' || b.message === '' || !/^[A-Za-z0-9+/]*={0,2}$/.test(b.message))
      throw badRequest();
    const recipient = this.s.user(sid.toLowerCase());
    if (!recipient || recipient.banned) throw notFound();
    const expires = q.now + DM_TTL_S;
    const r = this.s.db
      .prepare('INSERT INTO inbox (sender, recipient, body, posted_at, expires_at) VALUES (?, ?, ?, ?, ?)')
      .run(user.id, recipient.id, Buffer.from(b.message, 'base64'), q.now, expires);
    return json(201, {
      id: Number(r.lastInsertRowid),
      posted_at: q.now,
      expires_at: expires,
      sender: user.session_id,
      recipient: recipient.session_id,
    });
  }

  private requireBlindUser(q: SogsRequest): UserRow {
    const user = this.requireUser(q);
    if (!q.blinded) throw new HttpError(401, 'This endpoint requires blinded pubkeys be used');
    return user;
  }

  private listDms(q: SogsRequest, box: 'inbox' | 'outbox', since: number | undefined): V4Response {
    const user = this.requireBlindUser(q);
    const limit = this.intParam(q, 'limit', 100, 1, 256);
    const rows = this.s.db
      .prepare(
        `SELECT i.id, i.posted_at, i.expires_at, s.session_id AS sender, r.session_id AS recipient, i.body
           FROM inbox i JOIN users s ON s.id = i.sender JOIN users r ON r.id = i.recipient
          WHERE i.${box === 'inbox' ? 'recipient' : 'sender'} = ? AND i.id > ? ORDER BY i.id LIMIT ?`,
      )
      .all(user.id, since ?? 0, limit) as {
      id: number;
      posted_at: number;
      expires_at: number;
      sender: string;
      recipient: string;
      body: Buffer;
    }[];
    if (since !== undefined && rows.length === 0) return { code: 304, headers: {}, body: new Uint8Array(0) };
    return json(
      200,
      rows.map(({ body, ...r }) => ({ ...r, message: toBase64(body) })),
    );
  }

  private clearInbox(q: SogsRequest): V4Response {
    const user = this.requireBlindUser(q);
    const n = this.s.db.prepare('DELETE FROM inbox WHERE recipient = ?').run(user.id).changes;
    return json(200, { deleted: n });
  }

  // ---- batch and sequence -------------------------------------------------------------------

  /** §11: sub-requests run as the outer request's user; a malformed one fails the whole batch. */
  private async batch(q: SogsRequest, sequence: boolean): Promise<V4Response> {
    const list = this.jsonValue(q);
    if (!Array.isArray(list)) throw badRequest();
    const subs = list.map((s): SogsRequest => {
      if (s === null || typeof s !== 'object' || Array.isArray(s)) throw badRequest();
      const r = s as Record<string, unknown>;
      const method = r.method;
      const path = r.path;
      if (typeof method !== 'string' || !['GET', 'POST', 'PUT', 'DELETE'].includes(method))
        throw badRequest();
      if (typeof path !== 'string' || !path.startsWith('/')) throw badRequest();
      const bodies = ['json', 'b64', 'bytes'].filter((k) => k in r);
      const wantsBody = method === 'POST' || method === 'PUT';
      if (bodies.length !== (wantsBody ? 1 : 0)) throw badRequest();
      const headers: Record<string, string> = {};
      if (r.headers !== undefined) {
        if (r.headers === null || typeof r.headers !== 'object' || Array.isArray(r.headers))
          throw badRequest();
        for (const [k, v] of Object.entries(r.headers)) {
          if (typeof v !== 'string') throw badRequest();
          if (!k.toLowerCase().startsWith('x-sogs-')) headers[k.toLowerCase()] = v;
        }
      }
      let body = new Uint8Array(0);
      if ('json' in r) {
        body = new Uint8Array(Buffer.from(JSON.stringify(r.json)));
        headers['content-type'] ??= 'application/json';
      } else if ('b64' in r) {
        if (typeof r.b64 !== 'string') throw badRequest();
        body = new Uint8Array(Buffer.from(r.b64, 'base64'));
      } else if ('bytes' in r) {
        if (!Array.isArray(r.bytes) || !r.bytes.every((x) => Number.isInteger(x) && x >= 0 && x < 256))
          throw badRequest();
        body = new Uint8Array(r.bytes as number[]);
      }
      const qi = path.indexOf('?');
      let decoded: string;
      try {
        decoded = decodeURIComponent(qi < 0 ? path : path.slice(0, qi));
      } catch {
        throw badRequest();
      }
      return {
        method,
        path: decoded,
        query: new URLSearchParams(qi < 0 ? '' : path.slice(qi + 1)),
        headers,
        body,
        user: q.user,
        blinded: q.blinded,
        now: q.now,
      };
    });
    const out: unknown[] = [];
    for (const sub of subs) {
      const res = await this.handle(sub);
      const ctype = res.headers['content-type'] ?? '';
      let body: unknown = toBase64(res.body);
      if (/^application\/json/.test(ctype)) body = JSON.parse(fromUtf8(res.body));
      out.push({ code: res.code, headers: res.headers, body });
      if (sequence && (res.code < 200 || res.code >= 300)) break;
    }
    return json(200, out);
  }
}

/** §12 mod flags: admin ⇒ mod; moderator=false removes both; admin=false alone demotes to mod. */
function applyRole(
  cur: { moderator: number; admin: number },
  mod: boolean | undefined,
  adm: boolean | undefined,
): { moderator: number; admin: number } {
  if (adm === true) return { moderator: 1, admin: 1 };
  if (mod === false) return { moderator: 0, admin: 0 };
  const next = { ...cur };
  if (adm === false) {
    if (next.admin) next.moderator = 1;
    next.admin = 0;
  }
  if (mod === true) next.moderator = 1;
  return next;
}
