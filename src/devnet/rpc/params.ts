import { fromBase64 } from '../../encoding/bytes.js';
import { invalid, RpcError } from './errors.js';

/**
 * Parameter parsing the way session-storage-server does it (network.md §6.2 + errata E1): each
 * failure is `400 invalid request: …`.
 */
export type Params = Record<string, unknown>;

export function pubkeyParam(p: Params, method: string): { hex: string; bytes: Uint8Array } {
  const v = p.pubkey ?? p.pubKey;
  const msg =
    method === 'get_swarm' || method === 'get_snodes_for_pubkey'
      ? 'Pubkey must be 66 hex digits/33 bytes long'
      : 'Pubkey must be 66 hex digits (33 bytes) long';
  if (typeof v !== 'string' || !/^[0-9a-fA-F]{66}$/.test(v)) throw invalid(msg);
  const hex = v.toLowerCase();
  return { hex, bytes: new Uint8Array(Buffer.from(hex, 'hex')) };
}

export function namespaceParam(p: Params, allowAll = false): number | 'all' {
  const v = p.namespace;
  if (v === undefined) return 0;
  if (allowAll && v === 'all') return 'all';
  if (typeof v !== 'number' || !Number.isInteger(v) || v < -32768 || v > 32767) {
    throw invalid(`Invalid value given for 'namespace': expected int16${allowAll ? ' or "all"' : ''}`);
  }
  return v;
}

/** A timestamp field in ms; values below 10^9 are "not milliseconds" (errata E1). */
export function timestampParam(p: Params, field: string, required = true): number | undefined {
  const v = p[field];
  if (v === undefined) {
    if (required) throw invalid(`Required field '${field}' missing`);
    return undefined;
  }
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw invalid(`Invalid timestamp for '${field}': expected integer`);
  if (v < 1_000_000_000) throw invalid(`Invalid timestamp for '${field}': timestamp must be in milliseconds`);
  return v;
}

/** `parse_stringified<int64_t>`: a plain integer or a numeric string (store's ttl/timestamp). */
export function stringifiedInt(p: Params, field: string, required: boolean): number | undefined {
  const v = p[field];
  if (v === undefined) {
    if (required) throw invalid(`Required field '${field}' missing`);
    return undefined;
  }
  const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw invalid(`Invalid value given for '${field}'`);
  return n;
}

export function stringArray(p: Params, field: string): string[] {
  const v = p[field];
  if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'string')) {
    throw invalid(`Required field '${field}' missing or not a non-empty list of strings`);
  }
  return v;
}

export function signatureParam(p: Params): Uint8Array {
  const s = p.signature;
  if (s === undefined) throw invalid("Required field 'signature' missing");
  if (typeof s !== 'string' || !(s.length === 88 || s.length === 86))
    throw invalid('invalid signature: expected base64-encoded 64-byte signature');
  let sig: Uint8Array;
  try {
    sig = fromBase64(s.length === 86 ? `${s}==` : s);
  } catch {
    throw invalid('invalid signature: expected base64-encoded 64-byte signature');
  }
  if (sig.length !== 64) throw invalid('invalid signature: expected base64-encoded 64-byte signature');
  return sig;
}

export function within(now: number, t: number, windowMs: number, text: string): void {
  if (Math.abs(now - t) > windowMs) throw new RpcError(406, text);
}

export const HASH_RE = /^[A-Za-z0-9+/]{43}$/;
