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
  const [metaBytes, body] = decodeParts(buf, 'v4 response');
  const meta = parseJsonObject(metaBytes, 'v4 response metadata');
  if (typeof meta.code !== 'number')
    throw new SessionError('INVALID_INPUT', 'v4 response has no numeric code');
  return { code: meta.code, headers: stringMap(meta.headers), body: body ?? new Uint8Array(0) };
}

function decodeParts(buf: Uint8Array, what: string): [Uint8Array, Uint8Array | undefined] {
  let value: unknown;
  try {
    value = bencode.decode(buf);
  } catch (cause) {
    throw new SessionError('INVALID_INPUT', `${what} is not valid bencode`, { cause });
  }
  if (
    !Array.isArray(value) ||
    value.length < 1 ||
    value.length > 2 ||
    !value.every((v): v is Uint8Array => v instanceof Uint8Array)
  ) {
    throw new SessionError('INVALID_INPUT', `${what} must be a list of one or two byte strings`);
  }
  return [value[0]!, value[1]];
}

function parseJsonObject(
  bytes: Uint8Array,
  what: string,
): Record<string, unknown> & { [k: string]: unknown } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromUtf8(bytes));
  } catch (cause) {
    throw new SessionError('INVALID_INPUT', `${what} is not valid JSON`, { cause });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SessionError('INVALID_INPUT', `${what} is not a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}
