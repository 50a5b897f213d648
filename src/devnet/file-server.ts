import { randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type BetterSqlite3 from 'better-sqlite3';
import { hopDecryptWithKey, hopEncryptWithKey, hopServerKey, parseEncType } from '../crypto/hop.js';
import { fromHex, utf8 } from '../encoding/bytes.js';
import { decodeFrame } from '../encoding/frame.js';
import { decodeV4Request, encodeV4Response, type V4Request, type V4Response } from '../encoding/v4.js';

/**
 * A Session file server (messages.md §5.5, errata E7): `POST /file`, `GET /file/<id>`,
 * `GET /file/<id>/info`, `POST /file/<id>/extend`, reachable directly over HTTP and through onion
 * requests at `/oxen/v4/lsrpc`. Files live in SQLite so a restarted devnet keeps them.
 */
export const MAX_FILE_SIZE = 10_000_000;
export const DEFAULT_TTL_S = 14 * 24 * 3600;
const MAX_TTL_S = 30 * 24 * 3600;

export interface FileServerOptions {
  dbPath: string;
  x25519Pk: Uint8Array;
  x25519Sk: Uint8Array;
  host: string;
  port?: number;
  clock?: () => number;
}

export class FileServer {
  private server: Server | undefined;
  private db!: BetterSqlite3.Database;
  port = 0;

  constructor(private readonly opts: FileServerOptions) {}

  private now(): number {
    return (this.opts.clock ?? Date.now)();
  }

  async start(): Promise<void> {
    const { default: Sqlite } = await import('better-sqlite3');
    this.db = new Sqlite(this.opts.dbPath);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS files (id TEXT PRIMARY KEY, data BLOB NOT NULL, uploaded REAL NOT NULL, expires REAL NOT NULL)',
    );
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
    this.db?.close();
  }

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > MAX_FILE_SIZE + 1024 * 1024) {
        res
          .writeHead(413, { 'content-type': 'application/json', connection: 'close' })
          .end('{"status_code": 413}');
        req.destroy();
        return;
      }
      const body = await readBody(req);
      if (req.method === 'POST' && req.url === '/oxen/v4/lsrpc') {
        const reply = await this.onOnion(body);
        res.writeHead(reply.status, { 'content-type': reply.contentType }).end(reply.body);
        return;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (typeof v === 'string') headers[k.toLowerCase()] = v;
      const r = this.handle({ method: req.method ?? 'GET', endpoint: req.url ?? '/', headers, body });
      res.writeHead(r.code, r.headers).end(r.body);
    } catch {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error');
    }
  }

  /** v4 onion endpoint: undecryptable -> plain 400; bad payload -> encrypted 400 (errata Part 2 E4). */
  private async onOnion(
    body: Uint8Array,
  ): Promise<{ status: number; body: Uint8Array; contentType: string }> {
    let key: Uint8Array;
    let encType;
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
      response = this.handle(decodeV4Request(plaintext));
    } catch {
      response = {
        code: 400,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: utf8('Invalid v4 onion request'),
      };
    }
    const blob = await hopEncryptWithKey(encType, key, encodeV4Response(response));
    return { status: 200, body: blob, contentType: 'application/octet-stream' };
  }

  /** The routes, shared by direct HTTP and v4 onion requests. */
  handle(req: V4Request): V4Response {
    const json = (code: number, value: unknown): V4Response => ({
      code,
      headers: { 'content-type': 'application/json' },
      body: utf8(JSON.stringify(value)),
    });
    const now = this.now() / 1000;
    this.db.prepare('DELETE FROM files WHERE expires < ?').run(now);
    const path = req.endpoint.split('?')[0] ?? '';
    const ttl = (): number => {
      const t = Number(req.headers['x-fs-ttl'] ?? req.headers['X-FS-TTL'] ?? DEFAULT_TTL_S);
      return Number.isFinite(t) && t > 0 ? Math.min(t, MAX_TTL_S) : DEFAULT_TTL_S;
    };
    if (req.method === 'POST' && path === '/file') {
      // The real server (Flask) consumes a form-typed body as a form and sees no data (E7).
      const ctype = Object.entries(req.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
      const isForm = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(ctype);
      const data = isForm ? new Uint8Array(0) : (req.body ?? new Uint8Array(0));
      if (data.length === 0 || data.length > MAX_FILE_SIZE) return json(413, { status_code: 413 });
      const id = String(randomInt(1, 2 ** 48));
      const expires = now + ttl();
      this.db
        .prepare('INSERT INTO files (id, data, uploaded, expires) VALUES (?, ?, ?, ?)')
        .run(id, data, now, expires);
      return json(200, { id, uploaded: now, expires });
    }
    const m = /^\/file\/([A-Za-z0-9_-]+)(\/info|\/extend)?$/.exec(path);
    if (m) {
      const row = this.db.prepare('SELECT data, uploaded, expires FROM files WHERE id = ?').get(m[1]) as
        { data: Buffer; uploaded: number; expires: number } | undefined;
      if (!row) return json(404, { status_code: 404 });
      if (req.method === 'GET' && m[2] === undefined) {
        return {
          code: 200,
          headers: { 'content-type': 'application/octet-stream' },
          body: new Uint8Array(row.data),
        };
      }
      if (req.method === 'GET' && m[2] === '/info') {
        return json(200, { size: row.data.length, uploaded: row.uploaded, expires: row.expires });
      }
      if (req.method === 'POST' && m[2] === '/extend') {
        const expires = now + ttl();
        this.db.prepare('UPDATE files SET expires = ? WHERE id = ?').run(expires, m[1]);
        return json(200, { size: row.data.length, uploaded: row.uploaded, expires });
      }
    }
    return json(404, { status_code: 404 });
  }
}

async function readBody(req: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_FILE_SIZE + 1024 * 1024) throw new Error('too large');
    chunks.push(c as Buffer);
  }
  return new Uint8Array(Buffer.concat(chunks));
}
