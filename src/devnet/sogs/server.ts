import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  hopDecryptWithKey,
  hopEncryptWithKey,
  hopServerKey,
  parseEncType,
  type EncType,
} from '../../crypto/hop.js';
import { fromHex, toHex, utf8 } from '../../encoding/bytes.js';
import { decodeFrame } from '../../encoding/frame.js';
import { decodeV4Request, encodeV4Response, type V4Request, type V4Response } from '../../encoding/v4.js';
import { AUTH_WINDOW_S, parseAuthHeaders, signedMessage, verifySignature } from './auth.js';
import { plainText } from './reply.js';
import { SogsRoutes } from './routes.js';
import { SogsStore, type RoomRow } from './store.js';

/**
 * A community server (SOGS v3) as communities.md says pysogs behaves: direct HTTP on loopback and
 * v4 onion requests at `/oxen/v4/lsrpc` (the devnet's last hop proxies them, as for the file
 * server), X-SOGS-* auth in pysogs' order (§4.3), state in SQLite.
 */
export interface SogsServerOptions {
  dbPath: string;
  /** The server key (§1): its public half is in every join URL and signed request. */
  x25519Pk: Uint8Array;
  x25519Sk: Uint8Array;
  host: string;
  port?: number;
  /** ms clock (the devnet's). */
  clock?: () => number;
  /** pysogs default true: only 15-blinded auth, capability `blind`. */
  requireBlindKeys?: boolean;
  rateLimitPosts?: number;
  rateLimitIntervalS?: number;
}

const MAX_BODY = 12 * 1024 * 1024;
const TOKEN_RE = /^[A-Za-z0-9_-]{1,64}$/;

export class SogsServer {
  private server: Server | undefined;
  private store!: SogsStore;
  private routes!: SogsRoutes;
  port = 0;
  readonly requireBlindKeys: boolean;

  constructor(private readonly opts: SogsServerOptions) {
    this.requireBlindKeys = opts.requireBlindKeys ?? true;
  }

  get pubkeyHex(): string {
    return toHex(this.opts.x25519Pk);
  }

  get url(): string {
    return `http://${this.opts.host}:${this.port}`;
  }

  private nowS(): number {
    return (this.opts.clock ?? Date.now)() / 1000;
  }

  async start(): Promise<void> {
    const { default: Sqlite } = await import('better-sqlite3');
    this.store = new SogsStore(new Sqlite(this.opts.dbPath));
    this.routes = new SogsRoutes(this.store, {
      serverPkHex: this.pubkeyHex,
      requireBlindKeys: this.requireBlindKeys,
      rateLimitPosts: this.opts.rateLimitPosts ?? 5,
      rateLimitIntervalS: this.opts.rateLimitIntervalS ?? 16,
    });
    this.server = createServer((req, res) => void this.onHttp(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.opts.port ?? 0, this.opts.host, () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (s) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
    this.store?.db.close();
  }

  // ---- administration (what pysogs' CLI does) -----------------------------------------------

  rooms(): RoomRow[] {
    return this.store.rooms();
  }

  joinUrl(token: string): string {
    return `${this.url}/${token}?public_key=${this.pubkeyHex}`;
  }

  /** Creates a room, or updates its name/description when it exists. */
  addRoom(token: string, info: { name: string; description?: string }): RoomRow {
    if (!TOKEN_RE.test(token)) throw new RangeError(`invalid room token ${JSON.stringify(token)}`);
    const existing = this.store.room(token);
    if (existing) {
      this.store.db
        .prepare('UPDATE rooms SET name = ?, description = ? WHERE id = ?')
        .run(info.name, info.description ?? existing.description, existing.id);
      this.store.bumpInfo(existing.id);
    } else {
      this.store.db
        .prepare('INSERT INTO rooms (token, name, description, created) VALUES (?, ?, ?, ?)')
        .run(token, info.name, info.description ?? null, this.nowS());
    }
    return this.store.room(token)!;
  }

  /**
   * Makes an account a moderator (or admin) of one room, or of every room (`token` null). A 05
   * Account ID is matched when its owner connects with their 15-blinded key (§5.4).
   */
  async addModerator(
    token: string | null,
    accountOrBlindedId: string,
    role: { admin?: boolean; hidden?: boolean } = {},
  ): Promise<void> {
    const id = accountOrBlindedId.toLowerCase();
    if (!/^[01]5[0-9a-f]{64}$/.test(id)) throw new RangeError('expected a 05 Account ID or a 15 blinded id');
    const room = token === null ? undefined : this.store.room(token);
    if (token !== null && !room) throw new RangeError(`no room ${token}`);
    // The server's own system user (`ff` + pubkey) acts, as for pysogs CLI changes.
    const system = this.store.vivify(`ff${this.pubkeyHex}`, this.nowS());
    this.store.db.prepare('UPDATE users SET admin = 1, moderator = 1 WHERE id = ?').run(system.id);
    const res = await this.routes.handle({
      method: 'POST',
      path: `/user/${id}/moderator`,
      query: new URLSearchParams(),
      headers: { 'content-type': 'application/json' },
      body: utf8(
        JSON.stringify({
          ...(room ? { rooms: [room.token] } : { global: true }),
          moderator: true,
          ...(role.admin ? { admin: true } : {}),
          visible: !role.hidden,
        }),
      ),
      user: this.store.userById(system.id),
      blinded: false,
      now: this.nowS(),
    });
    if (res.code === 400) throw new RangeError(`${id} is not a usable Account ID or blinded id`);
    if (res.code !== 200) throw new Error(`adding the moderator failed (${res.code})`);
  }

  // ---- requests -----------------------------------------------------------------------------

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const body = await readBody(req);
      const url = req.url ?? '/';
      if (req.method === 'POST' && (url === '/oxen/v4/lsrpc' || url === '/loki/v4/lsrpc')) {
        const reply = await this.onOnion(body);
        res.writeHead(reply.status, { 'content-type': reply.contentType }).end(reply.body);
        return;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      const r = await this.handle({ method: req.method ?? 'GET', endpoint: url, headers, body });
      res.writeHead(r.code, r.headers).end(r.body);
    } catch {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error');
    }
  }

  /** v4 onion endpoint: undecryptable → plain HTTP 400; bad payload → encrypted 400 (errata Part 2 E4). */
  private async onOnion(
    body: Uint8Array,
  ): Promise<{ status: number; body: Uint8Array; contentType: string }> {
    let key: Uint8Array;
    let encType: EncType;
    let plaintext: Uint8Array;
    try {
      const frame = decodeFrame(body);
      encType = parseEncType(frame.json.enc_type);
      const ek = frame.json.ephemeral_key;
      if (typeof ek !== 'string' || !/^[0-9a-fA-F]{64}$/.test(ek)) throw new Error('bad ephemeral_key');
      key = await hopServerKey(encType, this.opts.x25519Sk, this.opts.x25519Pk, fromHex(ek.toLowerCase()));
      plaintext = await hopDecryptWithKey(encType, key, frame.ciphertext);
    } catch {
      return { status: 400, body: utf8('<h1>Bad Request</h1>'), contentType: 'text/html' };
    }
    let response: V4Response;
    try {
      const v4 = decodeV4Request(plaintext);
      // v4 has no default content type for a body: octet-stream (§3.3).
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(v4.headers)) headers[k.toLowerCase()] = v;
      response = await this.handle({ ...v4, headers, body: v4.body ?? new Uint8Array(0) });
    } catch {
      response = plainText(400, 'Invalid v4 onion request');
    }
    const blob = await hopEncryptWithKey(encType, key, encodeV4Response(response));
    return { status: 200, body: blob, contentType: 'application/octet-stream' };
  }

  /** One request, direct or from an onion layer: auth (§4.3), then the route. */
  async handle(req: V4Request & { body: Uint8Array }): Promise<V4Response> {
    const now = this.nowS();
    const method = req.method.toUpperCase();
    const qi = req.endpoint.indexOf('?');
    const rawPath = qi < 0 ? req.endpoint : req.endpoint.slice(0, qi);
    const rawQuery = qi < 0 ? '' : req.endpoint.slice(qi + 1);
    let path: string;
    try {
      path = decodeURIComponent(rawPath);
    } catch {
      return plainText(400, 'Invalid request path');
    }
    this.store.cleanup(now);

    const parsed = await parseAuthHeaders(req.headers, this.requireBlindKeys);
    if (parsed.kind === 'refused') return plainText(parsed.code, parsed.text);
    let user;
    let blinded = false;
    if (parsed.kind === 'headers') {
      const a = parsed.auth;
      if (Math.abs(now - a.timestamp) > AUTH_WINDOW_S)
        return plainText(425, 'Invalid authentication: X-SOGS-Timestamp is too far from current time');
      const row = this.store.vivify(a.sessionId, now);
      if (row.banned) return plainText(403, 'Banned');
      // errata C1: the nonce is spent before the signature is checked, server-wide.
      const fresh =
        this.store.db
          .prepare('INSERT OR IGNORE INTO nonces (nonce, expiry) VALUES (?, ?)')
          .run(a.nonce, now + AUTH_WINDOW_S).changes > 0;
      if (!fresh) return plainText(425, 'Invalid authentication: X-SOGS-Nonce cannot be reused');
      const signedPath = rawQuery === '' ? path : `${path}?${rawQuery}`;
      const msg = await signedMessage(this.opts.x25519Pk, a, method, signedPath, req.body);
      if (!(await verifySignature(a, msg)))
        return plainText(401, 'Invalid authentication: X-SOGS-Signature verification failed');
      this.store.db.prepare('UPDATE users SET last_active = ? WHERE id = ?').run(now, row.id);
      this.store.migrateBlinded(row);
      user = this.store.userById(row.id);
      blinded = a.blinded;
    }
    return this.routes.handle({
      method,
      path,
      query: new URLSearchParams(rawQuery),
      headers: req.headers,
      body: req.body,
      user,
      blinded,
      now,
    });
  }
}

async function readBody(req: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) throw new Error('too large');
    chunks.push(c as Buffer);
  }
  return new Uint8Array(Buffer.concat(chunks));
}
