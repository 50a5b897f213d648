import { fromHex, toHex, utf8 } from '../encoding/bytes.js';
import { SessionError } from '../errors.js';
import { keyBytes, keyOf } from './bt.js';
import type { ConfigSet } from './model.js';
import { isConfigDict, isSet, type ConfigDict, type ConfigValue } from './model.js';

/**
 * Typed-field conventions shared by every config type (groups-and-config.md §2.1,
 * libsession internal.cpp): what is written for a value and what is read back. Views only touch
 * the keys they know, so keys they do not understand survive every edit.
 */

// Received configs may hold any bytes: reading never throws (invalid UTF-8 becomes U+FFFD).
const lenient = new TextDecoder('utf-8');
const fromUtf8 = (b: Uint8Array): string => lenient.decode(b);

export function getBytes(d: ConfigDict, k: string): Uint8Array | undefined {
  const v = d.get(k);
  return v instanceof Uint8Array ? v : undefined;
}

export function getString(d: ConfigDict, k: string): string {
  const v = getBytes(d, k);
  return v === undefined ? '' : fromUtf8(v);
}

export function getInt(d: ConfigDict, k: string): number {
  const v = d.get(k);
  return typeof v === 'bigint' ? Number(v) : 0;
}

export function getFlag(d: ConfigDict, k: string): boolean {
  const v = d.get(k);
  return typeof v === 'bigint' && v !== 0n;
}

/** `n` and friends: written only when non-empty. */
export function setNonEmpty(d: ConfigDict, k: string, v: string | Uint8Array): void {
  const bytes = typeof v === 'string' ? utf8(v) : v;
  if (bytes.length > 0) d.set(k, bytes);
  else d.delete(k);
}

export function setFlag(d: ConfigDict, k: string, on: boolean): void {
  if (on) d.set(k, 1n);
  else d.delete(k);
}

export function setPositive(d: ConfigDict, k: string, v: number): void {
  if (v > 0) d.set(k, BigInt(Math.trunc(v)));
  else d.delete(k);
}

export function setNonZero(d: ConfigDict, k: string, v: number): void {
  if (v !== 0) d.set(k, BigInt(Math.trunc(v)));
  else d.delete(k);
}

export interface ProfilePic {
  url: string;
  key: Uint8Array;
}

/** Pair-if: url `p` and 32-byte key `q`, both or neither. */
export function getPic(d: ConfigDict, urlKey = 'p', keyKey = 'q'): ProfilePic | undefined {
  const url = getBytes(d, urlKey);
  const key = getBytes(d, keyKey);
  if (url === undefined || url.length === 0 || key?.length !== 32) return undefined;
  return { url: fromUtf8(url), key };
}

export function setPic(d: ConfigDict, pic: ProfilePic | undefined, urlKey = 'p', keyKey = 'q'): void {
  if (pic !== undefined && pic.url.length > 0 && pic.key.length === 32) {
    if (utf8(pic.url).length > 223)
      throw new SessionError('INVALID_INPUT', 'profile picture URL is longer than 223 bytes');
    d.set(urlKey, utf8(pic.url));
    d.set(keyKey, pic.key.slice());
  } else {
    d.delete(urlKey);
    d.delete(keyKey);
  }
}

/** Names are at most 100 bytes (libsession `set_name` refuses longer). */
export function checkName(name: string, what = 'name'): string {
  if (utf8(name).length > 100) throw new SessionError('INVALID_NAME', `${what} is longer than 100 bytes`);
  return name;
}

/** The sub-dict at `k`, created when `create` (an empty one is pruned away if left empty). */
export function subDict(d: ConfigDict, k: string, create: true): ConfigDict;
export function subDict(d: ConfigDict, k: string, create?: boolean): ConfigDict | undefined;
export function subDict(d: ConfigDict, k: string, create = false): ConfigDict | undefined {
  const v: ConfigValue | undefined = d.get(k);
  if (isConfigDict(v)) return v;
  if (!create) return undefined;
  const out: ConfigDict = new Map();
  d.set(k, out);
  return out;
}

export function getSet(d: ConfigDict, k: string): ConfigSet | undefined {
  const v = d.get(k);
  return isSet(v) ? v : undefined;
}

/** A hex id (e.g. `05…`, 66 chars) as the raw 33-byte dict key, and back. */
export function idKey(hexId: string, prefixes: readonly number[] = [0x05]): string {
  const bytes = /^[0-9a-fA-F]{66}$/.test(hexId) ? fromHex(hexId) : undefined;
  if (bytes === undefined || !prefixes.includes(bytes[0]!))
    throw new SessionError(
      'INVALID_ACCOUNT_ID',
      `not a ${prefixes.map((p) => p.toString(16).padStart(2, '0')).join('/')} id: ${hexId}`,
    );
  return keyOf(bytes);
}

export function idOfKey(k: string): string | undefined {
  return k.length === 33 ? toHex(keyBytes(k)) : undefined;
}

export function keyText(s: string): string {
  return keyOf(utf8(s));
}

export function textOfKey(k: string): string {
  return fromUtf8(keyBytes(k));
}
