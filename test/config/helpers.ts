import { keyOf } from '../../src/config/bt.js';
import { ConfigSet, type ConfigDict, type ConfigValue, type Scalar } from '../../src/config/model.js';

/** Test shorthands: text → bytes, and config values from plain literals. */
export const b = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));
export const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'hex'));
export const toHex = (u: Uint8Array): string => Buffer.from(u).toString('hex');
export const latin1 = (u: Uint8Array): string => Buffer.from(u).toString('latin1');

type Lit = number | string | Uint8Array | ConfigSet | ConfigDict | { [k: string]: Lit };

function scalar(v: number | string | Uint8Array): Scalar {
  if (typeof v === 'number') return BigInt(v);
  if (typeof v === 'string') return b(v);
  return v;
}

export function set(...xs: (number | string)[]): ConfigSet {
  return new ConfigSet(xs.map(scalar));
}

export function dict(o: { [k: string]: Lit }): ConfigDict {
  const out: ConfigDict = new Map();
  for (const [k, v] of Object.entries(o)) out.set(keyOf(b(k)), value(v));
  return out;
}

function value(v: Lit): ConfigValue {
  if (typeof v === 'number' || typeof v === 'string' || v instanceof Uint8Array) return scalar(v);
  if (v instanceof ConfigSet || v instanceof Map) return v;
  return dict(v);
}

/** Nested dict access for edits in tests. */
export function sub(d: ConfigDict, ...path: string[]): ConfigDict {
  let cur = d;
  for (const p of path) cur = cur.get(p) as ConfigDict;
  return cur;
}
