import { SessionError } from '../errors.js';

/**
 * bt-encoding as libsession uses it (groups-and-config.md §1). The `bencode` package decodes
 * strings to text and sorts keys as JS strings, which loses bytes; config hashes are computed over
 * exact bytes, so this is our own strict codec.
 *
 * Representation: integers are bigint (int64 .. uint64), byte strings Uint8Array, lists arrays,
 * dicts `Map` keyed by *binary strings* (one char per byte, 0..255). JS string order on such keys
 * is exactly unsigned bytewise (memcmp) order, a proper prefix first.
 */
export type BtValue = bigint | Uint8Array | BtValue[] | BtDict;
export type BtDict = Map<string, BtValue>;

/** Nesting limit: deeper input is refused rather than risking the stack (no config nests > 6). */
export const MAX_DEPTH = 64;

const INT64_MIN = -(1n << 63n);
const UINT64_MAX = (1n << 64n) - 1n;

/** Bytes → binary-string dict key. */
export function keyOf(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

/** Binary-string dict key → bytes (each char must be 0..255). */
export function keyBytes(key: string): Uint8Array {
  const out = new Uint8Array(key.length);
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c > 0xff) throw new SessionError('INTERNAL', 'bt dict key is not a binary string');
    out[i] = c;
  }
  return out;
}

export const bytesOfText = (s: string): Uint8Array => new TextEncoder().encode(s);

export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

export function bad(message: string, details?: Record<string, unknown>): SessionError {
  return new SessionError('BAD_CONFIG', message, details === undefined ? {} : { details });
}

// ---------------------------------------------------------------------------------------------
// Encoding

/**
 * Streaming producer: appends canonical encodings; dict keys are sorted on emit. It writes into
 * one growing buffer (a config of thousands of entries is tens of thousands of tokens: one small
 * array per token made merges GC-bound).
 */
export class BtWriter {
  private buf = new Uint8Array(256);
  private size = 0;

  private reserve(n: number): void {
    if (this.size + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.size + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.size));
    this.buf = next;
  }

  raw(bytes: Uint8Array): this {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.size);
    this.size += bytes.length;
    return this;
  }

  ascii(s: string): this {
    this.reserve(s.length);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c > 0xff) throw new SessionError('INTERNAL', 'bt dict key is not a binary string');
      this.buf[this.size++] = c;
    }
    return this;
  }

  int(v: bigint): this {
    return this.ascii(`i${v.toString()}e`);
  }

  bytes(v: Uint8Array): this {
    return this.ascii(`${v.length}:`).raw(v);
  }

  key(k: string): this {
    return this.ascii(`${k.length}:`).ascii(k);
  }

  value(v: BtValue): this {
    if (typeof v === 'bigint') return this.int(v);
    if (v instanceof Uint8Array) return this.bytes(v);
    if (Array.isArray(v)) {
      this.ascii('l');
      for (const x of v) this.value(x);
      return this.ascii('e');
    }
    this.ascii('d');
    for (const k of [...v.keys()].sort(compareKeys)) this.key(k).value(v.get(k)!);
    return this.ascii('e');
  }

  get length(): number {
    return this.size;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.size);
  }
}

export function btEncode(v: BtValue): Uint8Array {
  return new BtWriter().value(v).finish();
}

// ---------------------------------------------------------------------------------------------
// Decoding

/**
 * Strict cursor over bt bytes. Refuses what a canonical producer never emits (leading zeros,
 * `-0`, unsorted or duplicate dict keys, integers outside int64..uint64) so that parse →
 * serialize is the identity and hashes of what we re-emit equal hashes of what we received.
 */
export class BtReader {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  peek(): number {
    if (this.pos >= this.buf.length) throw bad('bt data ends early');
    return this.buf[this.pos]!;
  }

  expect(ch: string): void {
    if (this.peek() !== ch.charCodeAt(0)) throw bad(`bt: expected '${ch}' at ${this.pos}`);
    this.pos++;
  }

  private digits(stop: number): string {
    const start = this.pos;
    while (this.peek() !== stop) {
      const c = this.buf[this.pos]!;
      if ((c < 0x30 || c > 0x39) && !(c === 0x2d && this.pos === start))
        throw bad(`bt: bad digit at ${this.pos}`);
      this.pos++;
      if (this.pos - start > 21) throw bad('bt: number too long');
    }
    const s = keyOf(this.buf.subarray(start, this.pos));
    this.pos++; // the stop byte
    const body = s.startsWith('-') ? s.slice(1) : s;
    if (body === '' || (body.length > 1 && body.startsWith('0')) || s === '-0')
      throw bad('bt: non-canonical number');
    return s;
  }

  /**
   * The length prefix of a byte string (its first digit already checked), parsed in place.
   * Merges of large configs read tens of thousands of these; building a string per prefix (as
   * `digits` does) made them GC-bound.
   */
  private length(): number {
    const start = this.pos;
    const buf = this.buf;
    let n = 0;
    for (;;) {
      if (this.pos >= buf.length) throw bad('bt data ends early');
      const c = buf[this.pos]!;
      if (c === 0x3a) break;
      if (c < 0x30 || c > 0x39) throw bad(`bt: bad digit at ${this.pos}`);
      n = n * 10 + (c - 0x30);
      this.pos++;
      if (this.pos - start > 21) throw bad('bt: number too long');
    }
    if (this.pos - start > 1 && buf[start] === 0x30) throw bad('bt: non-canonical number');
    this.pos++; // the ':'
    if (n > buf.length - this.pos) throw bad('bt: string runs past the end');
    return n;
  }

  int(): bigint {
    this.expect('i');
    const v = BigInt(this.digits(0x65));
    if (v < INT64_MIN || v > UINT64_MAX) throw bad('bt: integer out of range');
    return v;
  }

  bytes(): Uint8Array {
    const c = this.peek();
    if (c < 0x30 || c > 0x39) throw bad(`bt: expected a string at ${this.pos}`);
    const n = this.length();
    const out = this.buf.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** A byte string read as a binary-string dict key (`keyOf(bytes())` without the copy). */
  key(): string {
    const c = this.peek();
    if (c < 0x30 || c > 0x39) throw bad(`bt: expected a string at ${this.pos}`);
    const n = this.length();
    const buf = this.buf;
    let s = '';
    for (let i = this.pos, end = this.pos + n; i < end; i++) s += String.fromCharCode(buf[i]!);
    this.pos += n;
    return s;
  }

  /** True (and consumes it) if the next byte is the `e` that closes a list or dict. */
  end(): boolean {
    if (this.peek() === 0x65) {
      this.pos++;
      return true;
    }
    return false;
  }

  value(depth = 0): BtValue {
    if (depth > MAX_DEPTH) throw bad('bt: nested too deeply');
    const c = this.peek();
    if (c === 0x69) return this.int();
    if (c === 0x6c) {
      this.pos++;
      const out: BtValue[] = [];
      while (!this.end()) out.push(this.value(depth + 1));
      return out;
    }
    if (c === 0x64) {
      this.pos++;
      const out: BtDict = new Map();
      let last: string | undefined;
      while (!this.end()) {
        const k = this.key();
        if (last !== undefined && !(last < k)) throw bad('bt: dict keys not in ascending order');
        last = k;
        out.set(k, this.value(depth + 1));
      }
      return out;
    }
    return this.bytes();
  }
}

/** Decodes exactly one value that spans the whole input. */
export function btDecode(buf: Uint8Array): BtValue {
  const r = new BtReader(buf);
  const v = r.value();
  if (!r.done) throw bad('bt: trailing bytes');
  return v;
}

export function isDict(v: BtValue | undefined): v is BtDict {
  return v instanceof Map;
}
