import { SessionError, isSessionError } from '../errors.js';
import { bad, type BtDict, type BtValue } from './bt.js';
import {
  ConfigSet,
  LAG,
  cloneDict,
  cloneValue,
  compareLagKey,
  isConfigDict,
  isDiffMarker,
  isScalar,
  isSet,
  messageHash,
  noUnknown,
  parseExact,
  prune,
  type ConfigDict,
  type ConfigMessage,
  type Hasher,
  type Scalar,
  type Verifier,
} from './model.js';

/**
 * Merge / conflict resolution, exactly as groups-and-config.md §2.6: every device that sees the
 * same set of messages computes the same merged message, byte for byte.
 */

export interface MergeInput {
  /** Serialized plaintext config message. */
  bytes: Uint8Array;
}

export interface MergeOptions {
  hasher: Hasher;
  verifier?: Verifier | undefined;
  /** Present when we may re-sign (group admin); with a verifier but no signer we cannot merge. */
  canSign?: boolean;
  lag?: number;
}

export type MergeResult =
  | { kind: 'unmerged'; index: number; message: ConfigMessage; hash: Uint8Array; bad: BadInput[] }
  | { kind: 'merged'; message: ConfigMessage; bad: BadInput[] };

export interface BadInput {
  index: number;
  error: SessionError;
}

interface Parsed {
  index: number;
  msg: ConfigMessage;
  hash: Uint8Array;
}

const same = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

export function mergeMessages(inputs: readonly Uint8Array[], opts: MergeOptions): MergeResult {
  const lag = opts.lag ?? LAG;
  const badInputs: BadInput[] = [];
  const parsed: Parsed[] = [];
  inputs.forEach((bytes, index) => {
    try {
      // an input that parsed exactly is its own serialization: hash it as received
      const { message: msg, exact } = parseExact(bytes, { verifier: opts.verifier, lag });
      parsed.push({ index, msg, hash: exact ? opts.hasher(bytes) : messageHash(opts.hasher, msg) });
    } catch (e) {
      if (!isSessionError(e)) throw e;
      badInputs.push({ index, error: e });
    }
  });
  if (parsed.length === 0)
    throw new SessionError('BAD_CONFIG', 'Config initialization failed: no valid config messages given', {
      details: { inputs: inputs.length },
    });

  const maxSeqno = Math.max(...parsed.map((p) => p.msg.seqno));
  const live = parsed.filter((p, i) => {
    if (p.msg.seqno + lag <= maxSeqno) return false;
    for (let j = 0; j < parsed.length; j++) {
      if (j === i) continue;
      const o = parsed[j]!;
      if (j < i && o.msg.seqno === p.msg.seqno && same(o.hash, p.hash)) return false;
      if (o.msg.lagged.some((e) => e.seqno === p.msg.seqno && same(e.hash, p.hash))) return false;
    }
    return true;
  });
  // Every parsed input is live or contained in a live one, so live is never empty.
  const desc = (a: Parsed, b: Parsed): number =>
    -compareLagKey({ seqno: a.msg.seqno, hash: a.hash }, { seqno: b.msg.seqno, hash: b.hash });
  live.sort(desc);
  const top = live[0]!;
  if (live.length === 1 || (opts.verifier !== undefined && opts.canSign !== true))
    return { kind: 'unmerged', index: top.index, message: top.msg, hash: top.hash, bad: badInputs };

  const data = cloneDict(top.msg.data);
  const replay = new Map<string, { seqno: number; hash: Uint8Array; src: ConfigDict; diff: BtDict }>();
  const put = (seqno: number, hash: Uint8Array, src: ConfigDict, diff: BtDict): void => {
    const k = `${seqno}:${Buffer.from(hash).toString('hex')}`;
    if (!replay.has(k)) replay.set(k, { seqno, hash, src, diff });
  };
  for (const p of live) {
    put(p.msg.seqno, p.hash, p.msg.data, p.msg.diff);
    for (const e of p.msg.lagged) put(e.seqno, e.hash, p.msg.data, e.diff);
  }
  const ordered = [...replay.values()].sort(compareLagKey);
  for (const e of ordered) applyDiff(data, e.diff, e.src);
  prune(data);
  const message: ConfigMessage = {
    seqno: maxSeqno + 1,
    data,
    diff: new Map(),
    lagged: ordered.map((e) => ({ seqno: e.seqno, hash: e.hash, diff: e.diff })),
    unknown: noUnknown(),
  };
  return { kind: 'merged', message, bad: badInputs };
}

/** §2.6 applyDiff: scalars come from the source message, set elements from the diff itself. */
export function applyDiff(data: ConfigDict, diff: BtDict, src: ConfigDict): void {
  for (const [k, v] of diff) {
    const s = src.get(k);
    if (v instanceof Uint8Array) {
      if (s === undefined || !isScalar(s)) {
        data.delete(k);
        continue;
      }
      if (isDiffMarker(v, 'removed')) data.delete(k);
      else data.set(k, cloneValue(s));
    } else if (v instanceof Map) {
      if (s === undefined || !isConfigDict(s)) {
        data.delete(k);
        continue;
      }
      let sub = data.get(k);
      if (sub === undefined || !isConfigDict(sub)) {
        sub = new Map();
        data.set(k, sub);
      }
      applyDiff(sub, v, s);
    } else if (Array.isArray(v)) {
      if (s === undefined || !isSet(s)) {
        data.delete(k);
        continue;
      }
      let set = data.get(k);
      if (set === undefined || !isSet(set)) {
        set = new ConfigSet();
        data.set(k, set);
      }
      const [added, removed] = v as [BtValue[], BtValue[]];
      for (const x of added) set.add(x as Scalar);
      for (const x of removed) set.delete(x as Scalar);
    } else throw bad('config diff holds an integer');
  }
}
