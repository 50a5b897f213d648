import { SessionError } from '../errors.js';
import { fromHex, toHex } from '../encoding/bytes.js';

/**
 * Session file URLs (messages.md §5.3): `http://host[:port]/file/<id>` with URLSearchParams in the
 * fragment. Standard parameters: `p=<Ed25519 hex>` (a server other than the default), `d` (the
 * §5.2 stream format). For standalone transfer (`session file upload`) this client adds what an
 * AttachmentPointer would otherwise carry, so that the URL alone is enough to fetch and decrypt:
 * `k=<key hex>`, `h=<digest hex>` (§5.1 only), `s=<plaintext size>`, and `x=<X25519 hex>` for a
 * server known only by its X25519 key (the real session-file-server has no Ed25519 key, E7).
 * Clients that do not know these ignore them; the fragment never leaves this machine.
 */
export interface FileUrl {
  /** The URL without its fragment, as stored in `AttachmentPointer.url` minus `#…`. */
  base: string;
  protocol: 'http' | 'https';
  host: string;
  port: number;
  id: string;
  /** `d`: the §5.2 stream format. */
  stream: boolean;
  serverEd25519Hex?: string;
  serverX25519Hex?: string;
  key?: Uint8Array;
  digest?: Uint8Array;
  size?: number;
}

function bad(message: string, reason: string): SessionError {
  return new SessionError('INVALID_INPUT', message, { details: { reason } });
}

function hexParam(v: string, bytes: number, what: string): string {
  if (!/^[0-9a-fA-F]*$/.test(v) || v.length % 2 !== 0)
    throw bad(`${what} in the URL is not hex`, `${what}-format`);
  if (v.length !== bytes * 2)
    throw bad(`${what} in the URL is ${v.length / 2} bytes, not ${bytes}`, `${what}-length`);
  return v.toLowerCase();
}

export function parseFileUrl(text: string): FileUrl {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw bad('not a URL: expected http://HOST/file/ID#…', 'url');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw bad(`unsupported URL scheme ${u.protocol}`, 'url-scheme');
  const m = /^\/file\/([A-Za-z0-9_-]+)$/.exec(u.pathname);
  if (!m) throw bad('the URL has no /file/ID path', 'url-path');
  const protocol = u.protocol === 'https:' ? 'https' : 'http';
  const port = u.port ? Number(u.port) : protocol === 'https' ? 443 : 80;
  const frag = new URLSearchParams(u.hash.replace(/^#/, ''));
  const out: FileUrl = {
    base: `${u.protocol}//${u.host}${u.pathname}`,
    protocol,
    host: u.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    id: m[1]!,
    stream: frag.has('d'),
  };
  const p = frag.get('p');
  if (p !== null) out.serverEd25519Hex = hexParam(p, 32, 'server key (p)');
  const x = frag.get('x');
  if (x !== null) out.serverX25519Hex = hexParam(x, 32, 'server key (x)');
  const k = frag.get('k');
  if (k !== null) {
    if (!/^[0-9a-fA-F]*$/.test(k) || k.length % 2 !== 0)
      throw bad('the key in the URL is not hex', 'key-format');
    out.key = fromHex(k);
  }
  const h = frag.get('h');
  if (h !== null) out.digest = fromHex(hexParam(h, 32, 'digest (h)'));
  const s = frag.get('s');
  if (s !== null) {
    if (!/^\d{1,15}$/.test(s)) throw bad('the size in the URL is not a number', 'size-format');
    out.size = Number(s);
  }
  return out;
}

/** Builds the URL `session file upload` prints (key, digest and size in the fragment). */
export function formatFileUrl(f: Omit<FileUrl, 'host' | 'port' | 'protocol'>): string {
  const parts: string[] = [];
  if (f.serverEd25519Hex) parts.push(`p=${f.serverEd25519Hex}`);
  if (f.serverX25519Hex) parts.push(`x=${f.serverX25519Hex}`);
  if (f.stream) parts.push('d');
  if (f.key) parts.push(`k=${toHex(f.key)}`);
  if (f.digest) parts.push(`h=${toHex(f.digest)}`);
  if (f.size !== undefined) parts.push(`s=${f.size}`);
  return parts.length ? `${f.base}#${parts.join('&')}` : f.base;
}

/** `<base url>/file/<id>`; `base` is a server URL such as `http://filev2.getsession.org`. */
export function fileUrlBase(serverUrl: string, id: string): string {
  return `${serverUrl.replace(/\/+$/, '')}/file/${encodeURIComponent(id)}`;
}

/** `AttachmentPointer.id`: the numeric id when the last path segment is an integer, else 0 (§5.4). */
export function pointerNumericId(id: string): bigint {
  return /^\d{1,20}$/.test(id) && BigInt(id) < 2n ** 64n ? BigInt(id) : 0n;
}
