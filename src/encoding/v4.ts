import bencode from 'bencode';
import { SessionError } from '../errors.js';
import { fromUtf8, utf8 } from './bytes.js';

/**
 * Onion request v4 payloads for HTTP servers (file server, community servers): a bencoded list of
 * one or two byte strings, metadata JSON first, then the raw body (network.md §4.6b, §4.7).
 */
export interface V4Request {
  method: string;
  /** Path with query string, must start with `/`. */
  endpoint: string;
  headers: Record<string, string>;
  body?: Uint8Array;
}

export interface V4Response {
  code: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: Uint8Array;
}

export function encodeV4Request(req: V4Request): Uint8Array {
  if (!req.endpoint.startsWith('/')) throw new SessionError('INVALID_INPUT', 'v4 endpoint must start with /');
  // Key order as official clients write it (and as the spec's vectors show).
  const meta = utf8(JSON.stringify({ endpoint: req.endpoint, method: req.method, headers: req.headers }));
  return bencode.encode(req.body === undefined ? [meta] : [meta, req.body]);
}

export function decodeV4Request(buf: Uint8Array): V4Request {
  const [metaBytes, body] = decodeParts(buf, 'v4 request');
  const meta = parseJsonObject(metaBytes, 'v4 request metadata');
  const { method, endpoint, headers } = meta;
  if (typeof endpoint !== 'string' || !endpoint.startsWith('/')) {
    throw new SessionError('INVALID_INPUT', 'v4 request endpoint must be a string starting with /');
  }
  if (method !== undefined && typeof method !== 'string') {
    throw new SessionError('INVALID_INPUT', 'v4 request method must be a string');
  }
  return {
    method: method ?? 'GET',
    endpoint,
    headers: stringMap(headers),
    ...(body === undefined ? {} : { body }),
  };
}

export function encodeV4Response(res: V4Response): Uint8Array {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) {
    if (k.toLowerCase() !== 'content-length') headers[k.toLowerCase()] = v;
  }
  return bencode.encode([utf8(JSON.stringify({ code: res.code, headers })), res.body]);
}

export function decodeV4Response(buf: Uint8Array): V4Response {
  const [metaBytes, body] = decodeParts(buf, 'v4 response', 'BAD_REPLY');
  const meta = parseJsonObject(metaBytes, 'v4 response metadata', 'BAD_REPLY');
  const { code } = meta;
  if (typeof code !== 'number' || !Number.isInteger(code) || code < 100 || code > 599)
    throw new SessionError('BAD_REPLY', 'v4 response code is not an HTTP status');
  return { code, headers: stringMap(meta.headers), body: body ?? new Uint8Array(0) };
}

const L = 0x6c; // 'l'
const E = 0x65; // 'e'
const COLON = 0x3a;
const ZERO = 0x30;
const NINE = 0x39;

/**
 * `l<n>:<bytes>[<m>:<bytes>]e` and nothing else (§4.7). Parsed by hand rather than with a general
 * bencode decoder: lengths are plain decimal digits (no sign, no leading zero), never
 * beyond the end of the buffer, and nothing may follow the list — so a hostile length can neither
 * move the cursor backwards (a loop) nor read past the end.
 */
function decodeParts(
  buf: Uint8Array,
  what: string,
  code: 'INVALID_INPUT' | 'BAD_REPLY' = 'INVALID_INPUT',
): [Uint8Array, Uint8Array | undefined] {
  const fail = (why: string) =>
    new SessionError(code, `${what} must be a bencoded list of one or two byte strings: ${why}`);
  if (buf[0] !== L) throw fail('no list');
  const parts: Uint8Array[] = [];
  let pos = 1;
  while (buf[pos] !== E) {
    if (pos >= buf.length) throw fail('unterminated list');
    if (parts.length === 2) throw fail('more than two items');
    const start = pos;
    while (pos < buf.length && buf[pos]! >= ZERO && buf[pos]! <= NINE) pos++;
    const digits = pos - start;
    if (digits === 0) throw fail('an item is not a byte string');
    if (digits > 1 && buf[start] === ZERO) throw fail('length with a leading zero');
    if (buf[pos] !== COLON) throw fail('length without ":"');
    let len = 0;
    for (let i = start; i < pos; i++) len = len * 10 + (buf[i]! - ZERO);
    pos++;
    if (len > buf.length - pos) throw fail('length beyond the end');
    parts.push(buf.slice(pos, pos + len));
    pos += len;
  }
  if (pos + 1 !== buf.length) throw fail('data after the list');
  if (parts.length === 0) throw fail('empty list');
  return [parts[0]!, parts[1]];
}

function parseJsonObject(
  bytes: Uint8Array,
  what: string,
  code: 'INVALID_INPUT' | 'BAD_REPLY' = 'INVALID_INPUT',
): Record<string, unknown> & { [k: string]: unknown } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromUtf8(bytes));
  } catch (cause) {
    throw new SessionError(code, `${what} is not valid JSON`, { cause });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SessionError(code, `${what} is not a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}
