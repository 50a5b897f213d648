import { SessionError } from '../errors.js';
import type { Sodium } from '../crypto/sodium.js';
import {
  BtReader,
  BtWriter,
  bad,
  compareBytes,
  compareKeys,
  isDict,
  type BtDict,
  type BtValue,
} from './bt.js';

/**
 * The config data model and the serialized config message (groups-and-config.md §2.1–2.5).
 * Data dict keys are binary strings (see bt.ts); scalars are bigint or bytes; sets are ConfigSet.
 */
export type Scalar = bigint | Uint8Array;
export type ConfigDict = Map<string, ConfigValue>;
export type ConfigValue = Scalar | ConfigSet | ConfigDict;

/** Diff lag: how many seqnos of history a message carries (`DEFAULT_DIFF_LAGS`). */
export const LAG = 5;

export function compareScalars(a: Scalar, b: Scalar): number {
  const ai = typeof a === 'bigint';
  const bi = typeof b === 'bigint';
  if (ai && bi) return a < b ? -1 : a > b ? 1 : 0;
  if (ai) return -1; // ints sort before strings
  if (bi) return 1;
  return compareBytes(a, b);
}

/** A set of scalars kept sorted (ints first, then bytes) and duplicate-free. */
export class ConfigSet {
  readonly items: Scalar[] = [];

  constructor(values: Iterable<Scalar> = []) {
    for (const v of values) this.add(v);
  }

  private find(v: Scalar): { at: number; found: boolean } {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const c = compareScalars(this.items[mid]!, v);
      if (c === 0) return { at: mid, found: true };
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    return { at: lo, found: false };
  }

  has(v: Scalar): boolean {
    return this.find(v).found;
  }

  add(v: Scalar): void {
    const { at, found } = this.find(v);
    if (!found) this.items.splice(at, 0, v);
  }

  delete(v: Scalar): void {
    const { at, found } = this.find(v);
    if (found) this.items.splice(at, 1);
  }

  get size(): number {
    return this.items.length;
  }
}

export const isSet = (v: ConfigValue | undefined): v is ConfigSet => v instanceof ConfigSet;
export const isScalar = (v: ConfigValue | BtValue | undefined): v is Scalar =>
  typeof v === 'bigint' || v instanceof Uint8Array;
export const isConfigDict = (v: ConfigValue | undefined): v is ConfigDict => v instanceof Map;

export function scalarEquals(a: Scalar, b: Scalar): boolean {
  return typeof a === typeof b && compareScalars(a, b) === 0;
}

export function cloneValue(v: ConfigValue): ConfigValue {
  if (isSet(v)) return new ConfigSet(v.items);
  if (isConfigDict(v)) return cloneDict(v);
  return v instanceof Uint8Array ? v.slice() : v;
}

export function cloneDict(d: ConfigDict): ConfigDict {
  const out: ConfigDict = new Map();
  for (const [k, v] of d) out.set(k, cloneValue(v));
  return out;
}

/** Recursively deletes empty sets and dicts (a dict emptied by this goes too). */
export function prune(d: ConfigDict): void {
  for (const [k, v] of [...d]) {
    if (isConfigDict(v)) {
      prune(v);
      if (v.size === 0) d.delete(k);
    } else if (isSet(v) && v.size === 0) d.delete(k);
  }
}

// ---------------------------------------------------------------------------------------------
// bt ↔ data

export function writeData(w: BtWriter, d: ConfigDict): void {
  w.ascii('d');
  for (const k of [...d.keys()].sort(compareKeys)) {
    w.key(k);
    const v = d.get(k)!;
    if (isConfigDict(v)) writeData(w, v);
    else if (isSet(v)) w.value(v.items);
    else w.value(v);
  }
  w.ascii('e');
}

export function encodeData(d: ConfigDict): Uint8Array {
  const w = new BtWriter();
  writeData(w, d);
  return w.finish();
}

function readSet(r: BtReader): ConfigSet {
  r.expect('l');
  const out = new ConfigSet();
  let last: Scalar | undefined;
  while (!r.end()) {
    const v = r.peek() === 0x69 ? r.int() : r.bytes();
    if (last !== undefined && compareScalars(last, v) >= 0) throw bad('config set not sorted/unique');
    out.items.push(v);
    last = v;
  }
  if (out.size === 0) throw bad('Data contains an unpruned, empty set');
  return out;
}

/** Parses a config data dict; `top` allows it to be empty (only the top-level `&` may be). */
export function readData(r: BtReader, top: boolean, depth = 0): ConfigDict {
  if (depth > 32) throw bad('config data nested too deeply');
  r.expect('d');
  const out: ConfigDict = new Map();
  let last: string | undefined;
  while (!r.end()) {
    const k = r.key();
    if (last !== undefined && !(last < k)) throw bad('config data keys not in ascending order');
    last = k;
    const c = r.peek();
    if (c === 0x64) out.set(k, readData(r, false, depth + 1));
    else if (c === 0x6c) out.set(k, readSet(r));
    else if (c === 0x69) out.set(k, r.int());
    else out.set(k, r.bytes());
  }
  if (!top && out.size === 0) throw bad('Data contains an unpruned, empty dict');
  return out;
}

// ---------------------------------------------------------------------------------------------
// Diffs (§2.3)

const ASSIGNED = new Uint8Array(0);
const REMOVED = new Uint8Array([0x2d]);

function setAsList(s: ConfigSet): BtValue[] {
  return [...s.items];
}

function addedDiff(v: ConfigValue): BtValue {
  if (isConfigDict(v)) return diffData(new Map(), v);
  if (isSet(v)) return [setAsList(v), []];
  return ASSIGNED;
}

/** The diff from `orig` to `cur` (both pruned). */
export function diffData(orig: ConfigDict, cur: ConfigDict): BtDict {
  const out: BtDict = new Map();
  const keys = [...new Set([...orig.keys(), ...cur.keys()])].sort(compareKeys);
  for (const k of keys) {
    const o = orig.get(k);
    const c = cur.get(k);
    if (c === undefined) {
      if (isConfigDict(o)) out.set(k, diffData(o, new Map()));
      else if (isSet(o)) out.set(k, [[], setAsList(o)]);
      else out.set(k, REMOVED);
      continue;
    }
    if (o === undefined || kindOf(o) !== kindOf(c)) {
      out.set(k, addedDiff(c));
      continue;
    }
    if (isConfigDict(o) && isConfigDict(c)) {
      const sub = diffData(o, c);
      if (sub.size > 0) out.set(k, sub);
    } else if (isSet(o) && isSet(c)) {
      const added = c.items.filter((x) => !o.has(x));
      const removed = o.items.filter((x) => !c.has(x));
      if (added.length > 0 || removed.length > 0) out.set(k, [added, removed]);
    } else if (!scalarEquals(o as Scalar, c as Scalar)) out.set(k, ASSIGNED);
  }
  return out;
}

export function kindOf(v: ConfigValue | undefined): 'scalar' | 'set' | 'dict' | 'none' {
  if (v === undefined) return 'none';
  if (isConfigDict(v)) return 'dict';
  if (isSet(v)) return 'set';
  return 'scalar';
}

/** Reads and validates a diff dict (§2.3): values "" / "-" / nested diff / [[added],[removed]]. */
export function readDiff(r: BtReader, depth = 0): BtDict {
  if (depth > 32) throw bad('config diff nested too deeply');
  r.expect('d');
  const out: BtDict = new Map();
  let last: string | undefined;
  while (!r.end()) {
    const k = r.key();
    if (last !== undefined && !(last < k)) throw bad('config diff keys not in ascending order');
    last = k;
    const c = r.peek();
    if (c === 0x64) out.set(k, readDiff(r, depth + 1));
    else if (c === 0x6c) {
      r.expect('l');
      const added = readDiffSet(r);
      const removed = readDiffSet(r);
      if (!r.end()) throw bad('config set diff is not [added, removed]');
      out.set(k, [added, removed]);
    } else if (c === 0x69) throw bad('config diff holds an integer');
    else {
      const v = r.bytes();
      if (!(v.length === 0 || (v.length === 1 && v[0] === 0x2d))) throw bad('config diff: bad marker');
      out.set(k, v);
    }
  }
  return out;
}

function readDiffSet(r: BtReader): Scalar[] {
  r.expect('l');
  const out: Scalar[] = [];
  while (!r.end()) {
    const v = r.peek() === 0x69 ? r.int() : r.bytes();
    if (out.length > 0 && compareScalars(out[out.length - 1]!, v) >= 0)
      throw bad('config set diff not sorted/unique');
    out.push(v);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Messages (§2.2)

export interface LaggedDiff {
  seqno: number;
  hash: Uint8Array;
  diff: BtDict;
}

/** Unknown top-level keys, by the gap they sit in (so they are re-emitted where they were). */
export interface UnknownKeys {
  /** between `#` and `&` */
  a: BtDict;
  /** between `&` and `<` */
  b: BtDict;
  /** between `=` and `~` */
  c: BtDict;
}

export const noUnknown = (): UnknownKeys => ({ a: new Map(), b: new Map(), c: new Map() });

export interface ConfigMessage {
  seqno: number;
  data: ConfigDict;
  /** The diff of this message; for a mutable message it is computed from `orig` instead. */
  diff: BtDict;
  lagged: LaggedDiff[];
  unknown: UnknownKeys;
  /** A signature that was verified on load; reused while the message is unmodified. */
  signature?: Uint8Array | undefined;
}

export type Signer = (data: Uint8Array) => Uint8Array;
export type Verifier = (data: Uint8Array, signature: Uint8Array) => boolean;

export function compareLagKey(
  a: { seqno: number; hash: Uint8Array },
  b: { seqno: number; hash: Uint8Array },
): number {
  return a.seqno !== b.seqno ? a.seqno - b.seqno : compareBytes(a.hash, b.hash);
}

/**
 * Serializes `m`. With a signer, the signature covers every byte before the `1:~` key; without
 * one, a reused verified signature is appended as received.
 */
export function serializeMessage(m: ConfigMessage, signer?: Signer, lag = LAG): Uint8Array {
  const w = new BtWriter();
  w.ascii('d').key('#').int(BigInt(m.seqno));
  writeUnknown(w, m.unknown.a);
  w.key('&');
  writeData(w, m.data);
  writeUnknown(w, m.unknown.b);
  w.key('<').ascii('l');
  for (const e of [...m.lagged].sort(compareLagKey)) {
    if (!(e.seqno > m.seqno - lag && e.seqno < m.seqno)) continue;
    w.ascii('l').int(BigInt(e.seqno)).bytes(e.hash).value(e.diff).ascii('e');
  }
  w.ascii('e').key('=').value(m.diff);
  writeUnknown(w, m.unknown.c);
  if (signer !== undefined) {
    const sig = signer(w.finish());
    w.key('~').bytes(sig);
  } else if (m.signature !== undefined) w.key('~').bytes(m.signature);
  return w.ascii('e').finish();
}

function writeUnknown(w: BtWriter, d: BtDict): void {
  for (const k of [...d.keys()].sort(compareKeys)) w.key(k).value(d.get(k)!);
}

/** Unkeyed BLAKE2b-256 (§2.4); injected so that this module stays synchronous. */
export type Hasher = (bytes: Uint8Array) => Uint8Array;

export function hasherOf(sodium: Sodium): Hasher {
  return (bytes) => sodium.crypto_generichash(32, bytes, null);
}

export function messageHash(hash: Hasher, m: ConfigMessage, signer?: Signer): Uint8Array {
  return hash(serializeMessage(m, signer));
}

export interface ParseOptions {
  /** Required signature (group Info/Members): missing or bad → BAD_SIGNATURE. */
  verifier?: Verifier | undefined;
  lag?: number;
}

/** Parses a serialized config message (§2.2 parse rules). */
export function parseMessage(bytes: Uint8Array, opts: ParseOptions = {}): ConfigMessage {
  return parseExact(bytes, opts).message;
}

/**
 * Parses, and says whether `serializeMessage(message)` gives back exactly `bytes`. The reader is
 * strict (canonical bt only), so it does unless parsing dropped something: lagged diffs outside
 * the lag window, or a signature kept only when verified. Then the message's hash is the hash of
 * `bytes`, and a merge need not serialize each input again to hash it.
 */
export function parseExact(
  bytes: Uint8Array,
  opts: ParseOptions = {},
): { message: ConfigMessage; exact: boolean } {
  const lag = opts.lag ?? LAG;
  const r = new BtReader(bytes);
  r.expect('d');
  const key = (): string => r.key();
  if (r.peek() === 0x65) throw bad('config message has no seqno');
  if (key() !== '#') throw bad('config message does not start with its seqno');
  const seq = r.int();
  if (seq < 0n || seq > BigInt(Number.MAX_SAFE_INTEGER)) throw bad('config seqno out of range');
  const seqno = Number(seq);
  const unknown = noUnknown();
  let data: ConfigDict | undefined;
  let diff: BtDict | undefined;
  const lagged: LaggedDiff[] = [];
  let sawLagged = false;
  let dropped = false;
  let signature: Uint8Array | undefined;
  let sigStart = -1;
  let last = '#';
  while (!r.end()) {
    const at = r.pos;
    const k = key();
    if (!(last < k)) throw bad('config message keys not in ascending order');
    last = k;
    if (signature !== undefined) throw bad('config message has data after its signature');
    if (k === '&') data = readData(r, true);
    else if (k === '<') {
      sawLagged = true;
      r.expect('l');
      let prev: LaggedDiff | undefined;
      while (!r.end()) {
        r.expect('l');
        const s = r.int();
        const h = r.bytes();
        if (h.length !== 32) throw bad('config lagged diff hash is not 32 bytes');
        const d = readDiff(r);
        if (!r.end()) throw bad('config lagged diff entry has extra elements');
        if (s >= seq) throw bad('config lagged diff is not older than the message');
        const e = { seqno: Number(s), hash: h, diff: d };
        if (prev !== undefined && compareLagKey(prev, e) >= 0) throw bad('config lagged diffs out of order');
        prev = e;
        if (e.seqno > seqno - lag) lagged.push(e);
        else dropped = true;
      }
    } else if (k === '=') diff = readDiff(r);
    else if (k === '~') {
      sigStart = at;
      signature = r.bytes();
      if (signature.length !== 64) throw bad('config signature is not 64 bytes');
    } else {
      const v = r.value(1);
      if (data === undefined) unknown.a.set(k, v);
      else if (!sawLagged) unknown.b.set(k, v);
      else if (diff !== undefined) unknown.c.set(k, v);
      else throw bad('config message has an unknown key between < and =');
    }
  }
  if (!r.done) throw bad('config message has trailing bytes');
  if (data === undefined || diff === undefined || !sawLagged)
    throw bad('config message lacks one of &, <, =');
  if (opts.verifier !== undefined) {
    if (signature === undefined) throw new SessionError('BAD_SIGNATURE', 'Config signature is missing');
    if (!opts.verifier(bytes.subarray(0, sigStart), signature))
      throw new SessionError('BAD_SIGNATURE', 'Config signature failed verification');
  }
  const kept = opts.verifier !== undefined ? signature : undefined;
  return {
    message: { seqno, data, diff, lagged, unknown, signature: kept },
    exact: !dropped && kept === signature,
  };
}

/**
 * §2.5: a new version whose "original data" is a copy of the current data. A signed config's
 * lagged hash covers its signature too (§6 pitfall 7): pass the signer it is pushed with.
 */
export function increment(hasher: Hasher, m: ConfigMessage, lag = LAG, signer?: Signer): ConfigMessage {
  const hash = messageHash(hasher, m, signer);
  const lagged = m.lagged.filter((e) => e.seqno > m.seqno - lag && e.seqno < m.seqno);
  lagged.push({ seqno: m.seqno, hash, diff: m.diff });
  return {
    seqno: m.seqno + 1,
    data: cloneDict(m.data),
    diff: new Map(),
    lagged,
    unknown: m.unknown,
  };
}

/**
 * A message being edited: `orig` is the data at the last increment; the diff is computed on
 * serialization. Any edit drops a reused signature.
 */
export interface MutableMessage {
  msg: ConfigMessage;
  orig: ConfigDict;
}

export function mutableOf(m: ConfigMessage, orig: ConfigDict = cloneDict(m.data)): MutableMessage {
  return { msg: m, orig };
}

/** The current message with its diff computed (after pruning). */
export function settle(mm: MutableMessage): ConfigMessage {
  prune(mm.msg.data);
  const diff = diffData(mm.orig, mm.msg.data);
  return { ...mm.msg, diff, signature: diff.size === 0 ? mm.msg.signature : undefined };
}

export function isDiffMarker(v: BtValue, marker: 'assigned' | 'removed'): v is Uint8Array {
  return (
    v instanceof Uint8Array && (marker === 'assigned' ? v.length === 0 : v.length === 1 && v[0] === 0x2d)
  );
}

export { isDict };

export function emptyMessage(seqno = 0): ConfigMessage {
  return { seqno, data: new Map(), diff: new Map(), lagged: [], unknown: noUnknown() };
}

/** A fresh mutable message (nothing is "original": all its data counts as added). */
export function newMutable(seqno = 0): MutableMessage {
  return mutableOf(emptyMessage(seqno), new Map());
}

/** Settles `mm` and increments it into a new mutable message (libsession `increment()`). */
export function nextMutable(hasher: Hasher, mm: MutableMessage, lag = LAG): MutableMessage {
  return mutableOf(increment(hasher, settle(mm), lag));
}

/** libsession `MutableConfigMessage(serialized)`: a received message, incremented for editing. */
export function editableCopy(hasher: Hasher, m: ConfigMessage, lag = LAG): MutableMessage {
  return mutableOf(increment(hasher, m, lag));
}
