import { ed25519PkToX25519 } from '../crypto/keys.js';
import { fromHex, fromUtf8 } from '../encoding/bytes.js';
import type { V4Request, V4Response } from '../encoding/v4.js';
import { SessionError } from '../errors.js';
import type { NetworkConfig } from '../network/config.js';
import type { ServerDestination } from '../network/onion-request.js';
import type { RequestOptions } from '../network/session-network.js';
import { MAX_UPLOAD_SIZE } from './attachment-v1.js';
import type { FileUrl } from './file-url.js';

/**
 * The file server client (messages.md §5.5–§5.6, errata E7): `POST /file` and `GET /file/<id>`
 * through onion requests (v4) encrypted to the server's X25519 key, reached as plain `http` behind
 * the last hop. Replies are read as both the 2024 server (`{"id": "<decimal>"}` only) and newer
 * ones (`id`, `expires`, `uploaded`) write them.
 */

/** What sends a v4 request through an onion path: `SessionNetwork` (or a test double). */
export interface V4Sender {
  v4ToServer(
    req: V4Request,
    opts?: RequestOptions | AbortSignal,
    server?: ServerDestination,
  ): Promise<V4Response>;
}

export interface FileServerTarget extends ServerDestination {
  /** `http://host[:port]` as it appears in file URLs. */
  url: string;
  /** Put into URLs as `p=` when known (desktop/iOS convention); otherwise `x=` carries X25519. */
  ed25519Hex?: string;
  /** The network's default server: its URLs carry no server key. */
  isDefault: boolean;
}

export function defaultFileServer(config: NetworkConfig): FileServerTarget {
  const fs = config.fileServer;
  return {
    url: fs.url,
    host: fs.host,
    port: fs.port,
    protocol: fs.protocol,
    x25519Hex: fs.x25519Hex,
    isDefault: true,
  };
}

/** A server given by URL and X25519 key (`--server`, `--server-key`). */
export function customFileServer(url: string, x25519Hex: string): FileServerTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new SessionError('INVALID_INPUT', `not a server URL: ${url}`, {
      details: { reason: 'server-url' },
    });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new SessionError('INVALID_INPUT', 'a file server URL is http:// or https://', {
      details: { reason: 'server-url' },
    });
  if (!/^[0-9a-fA-F]{64}$/.test(x25519Hex))
    throw new SessionError('INVALID_INPUT', 'a file server key is 32 bytes of hex (its X25519 public key)', {
      details: { reason: 'server-key' },
    });
  const protocol = u.protocol === 'https:' ? 'https' : 'http';
  return {
    url: `${u.protocol}//${u.host}`,
    host: u.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: u.port ? Number(u.port) : protocol === 'https' ? 443 : 80,
    protocol,
    x25519Hex: x25519Hex.toLowerCase(),
    isDefault: false,
  };
}

/** The server a file URL points at: its `p=`/`x=` key, or the default server when it is that one. */
export async function serverForUrl(url: FileUrl, fallback: FileServerTarget): Promise<FileServerTarget> {
  const base = {
    url: `${url.protocol}://${url.host}`,
    host: url.host,
    port: url.port,
    protocol: url.protocol,
  };
  if (url.serverX25519Hex) return { ...base, x25519Hex: url.serverX25519Hex, isDefault: false };
  if (url.serverEd25519Hex) {
    const x = await ed25519PkToX25519(fromHex(url.serverEd25519Hex));
    return {
      ...base,
      x25519Hex: Buffer.from(x).toString('hex'),
      ed25519Hex: url.serverEd25519Hex,
      isDefault: false,
    };
  }
  if (url.host === fallback.host && url.port === fallback.port && url.protocol === fallback.protocol)
    return { ...fallback };
  throw new SessionError(
    'INVALID_INPUT',
    `no key for the file server ${url.host}: the URL needs p= or x= in its fragment`,
    {
      details: { reason: 'server-key' },
    },
  );
}

export interface UploadResult {
  id: string;
  /** Epoch seconds, when the server says (newer servers only). */
  expires?: number;
}

function replyText(r: V4Response): string {
  return fromUtf8(r.body.subarray(0, 200)).replace(/\s+/g, ' ').trim();
}

function refusal(r: V4Response, what: string): SessionError {
  if (r.code === 413)
    return new SessionError('TOO_LARGE', `the file server refused the ${what}: too large`, {
      details: { status: 413 },
    });
  if (r.code === 404)
    return new SessionError(
      'NOT_FOUND',
      'the file is not on the server (expired, deleted or never uploaded)',
      {
        details: { status: 404 },
      },
    );
  if (r.code === 429)
    return new SessionError('RATE_LIMITED', 'the file server asks to retry later', {
      details: { status: 429 },
    });
  return new SessionError(
    'REMOTE_REJECTED',
    `the file server refused the ${what}: ${r.code} ${replyText(r)}`.trim(),
    {
      details: { status: r.code },
    },
  );
}

export class FileServerClient {
  constructor(
    private readonly net: V4Sender,
    readonly target: FileServerTarget,
  ) {}

  private dest(): ServerDestination {
    const t = this.target;
    return { host: t.host, port: t.port, protocol: t.protocol, x25519Hex: t.x25519Hex };
  }

  /** `POST /file` with the raw blob. The size limit is checked here, before anything is sent. */
  async upload(
    blob: Uint8Array,
    opts: { signal?: AbortSignal | undefined; ttlSeconds?: number } = {},
  ): Promise<UploadResult> {
    if (blob.length === 0) throw new SessionError('INVALID_INPUT', 'nothing to upload (empty body)');
    if (blob.length > MAX_UPLOAD_SIZE) {
      throw new SessionError(
        'TOO_LARGE',
        `the encrypted file is ${blob.length} bytes; the file server takes at most ${MAX_UPLOAD_SIZE}`,
        {
          details: { size: blob.length, limit: MAX_UPLOAD_SIZE },
        },
      );
    }
    // A form content type would make the real server (Flask) read an empty body (E7).
    const headers: Record<string, string> = { 'Content-Type': 'application/octet-stream' };
    if (opts.ttlSeconds !== undefined) headers['X-FS-TTL'] = String(Math.floor(opts.ttlSeconds));
    const r = await this.net.v4ToServer(
      { method: 'POST', endpoint: '/file', headers, body: blob },
      { signal: opts.signal, kind: 'server' },
      this.dest(),
    );
    if (r.code !== 200) throw refusal(r, 'upload');
    let json: unknown;
    try {
      json = JSON.parse(fromUtf8(r.body));
    } catch {
      throw new SessionError(
        'BAD_REPLY',
        'the file server answered the upload with something that is not JSON',
      );
    }
    const id = (json as { id?: unknown })?.id;
    const idText = typeof id === 'number' && Number.isSafeInteger(id) ? String(id) : id;
    if (typeof idText !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(idText))
      throw new SessionError('BAD_REPLY', 'the file server answered the upload without a valid file id');
    const expires = (json as { expires?: unknown }).expires;
    return typeof expires === 'number' && Number.isFinite(expires) ? { id: idText, expires } : { id: idText };
  }

  /** `GET /file/<id>`; a body beyond `maxBytes` is refused before it is decrypted. */
  async download(
    id: string,
    opts: { signal?: AbortSignal | undefined; maxBytes?: number } = {},
  ): Promise<Uint8Array> {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new SessionError('INVALID_INPUT', `not a file id: ${id}`);
    const r = await this.net.v4ToServer(
      { method: 'GET', endpoint: `/file/${id}`, headers: {} },
      { signal: opts.signal, kind: 'server' },
      this.dest(),
    );
    if (r.code !== 200) throw refusal(r, 'download');
    const max = opts.maxBytes ?? MAX_UPLOAD_SIZE + 1_048_576;
    if (r.body.length > max) {
      throw new SessionError(
        'TOO_LARGE',
        `the download is ${r.body.length} bytes, larger than its pointer allows (${max})`,
        {
          details: { size: r.body.length, limit: max, reason: 'download-larger-than-pointer' },
        },
      );
    }
    return r.body;
  }
}
