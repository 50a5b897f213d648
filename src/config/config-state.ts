import type { Sodium } from '../crypto/sodium.js';
import { toHex } from '../encoding/bytes.js';
import { SessionError, isSessionError, type ErrorCode } from '../errors.js';
import { BtReader, BtWriter, bad, btDecode, isDict, type BtDict, type BtValue } from './bt.js';
import { mergeMessages } from './merge.js';
import {
  cloneDict,
  encodeData,
  hasherOf,
  increment,
  parseMessage,
  prune,
  readData,
  serializeMessage,
  settle,
  emptyMessage,
  type ConfigDict,
  type ConfigMessage,
  type Hasher,
  type Signer,
  type Verifier,
} from './model.js';
import {
  MAX_MESSAGE_SIZE,
  decryptConfig,
  encryptForPush,
  joinParts,
  maybeCompress,
  padPrefix,
  parsePart,
  unpadAndDecompress,
  unwrapUserConfig,
  wrapUserConfig,
  type Part,
  type UserKeys,
} from './transport.js';

/**
 * One config object per (account, namespace): libsession's ConfigBase lifecycle
 * (groups-and-config.md §2.7). It loads a dump, merges what the swarm holds (a payload that does
 * not decrypt, verify or parse is counted and skipped: local state is never lost to it), records
 * local edits, and says what to push and which storage hashes to delete. Dumps are plain bytes.
 */

export type ConfigStatus = 'clean' | 'dirty' | 'waiting';

export interface ConfigStateOptions {
  sodium: Sodium;
  namespace: number;
  domain: string;
  /** Keys to try on decrypt, first = the one to encrypt with (user configs: [seed]). */
  keyBases: () => Uint8Array[];
  /** User configs: wrap on push (2.8.5) and try unwrapping on merge. */
  userKeys?: UserKeys | undefined;
  signer?: Signer | undefined;
  verifier?: Verifier | undefined;
  /** Injected clock (ms) for multipart expiry. */
  now?: (() => number) | undefined;
  /** Incomplete multipart sets are dropped after this long (value UNVERIFIED in the spec). */
  multipartMaxWaitMs?: number;
}

export interface IncomingConfig {
  /** Storage-server message hash. */
  hash: string;
  data: Uint8Array;
}

export interface BadCounts {
  decrypt: number;
  signature: number;
  parse: number;
}

export interface MergeOutcome {
  /** Storage hashes that decrypted and parsed. */
  accepted: string[];
  /** 'merged' (new dirty config), 'adopted' (took a remote message), 'kept' (ours won), 'none'. */
  result: 'merged' | 'adopted' | 'kept' | 'none';
  skipped: { hash: string; code: ErrorCode; message: string }[];
}

export interface PushData {
  seqno: number;
  payloads: Uint8Array[];
  /** Storage hashes to delete in the same batch as the store. */
  obsolete: string[];
}

interface PendingSet {
  count: number;
  firstSeenMs: number;
  parts: Map<number, { hash: string; part: Part }>;
}

const DUMP_VERSION = 1n;

export class ConfigState {
  private readonly hash: Hasher;
  private cur: ConfigMessage = emptyMessage();
  /** Data at the last increment while Dirty (the diff is computed from it); else undefined. */
  private orig: ConfigDict | undefined;
  private state: ConfigStatus = 'clean';
  private currentHashes: string[] = [];
  private readonly obsolete = new Set<string>();
  private readonly pending = new Map<string, PendingSet>();
  readonly bad: BadCounts = { decrypt: 0, signature: 0, parse: 0 };

  constructor(private readonly opts: ConfigStateOptions) {
    this.hash = hasherOf(opts.sodium);
  }

  get namespace(): number {
    return this.opts.namespace;
  }

  get domain(): string {
    return this.opts.domain;
  }

  get status(): ConfigStatus {
    return this.state;
  }

  get seqno(): number {
    return this.cur.seqno;
  }

  get needsPush(): boolean {
    return this.state !== 'clean';
  }

  get hashes(): readonly string[] {
    return this.currentHashes;
  }

  get obsoleteHashes(): string[] {
    return [...this.obsolete];
  }

  /** Hashes handed out by a push whose deletion did not happen: they are deleted next time. */
  addObsolete(hashes: readonly string[]): void {
    for (const h of hashes) if (!this.currentHashes.includes(h)) this.obsolete.add(h);
  }

  /** These copies are deleted (or are the current ones): no longer to delete. */
  dropObsolete(hashes: readonly string[]): void {
    for (const h of hashes) this.obsolete.delete(h);
  }

  /** Current storage hashes plus parts of incomplete multipart sets: the ones to keep alive. */
  activeHashes(): string[] {
    const out = [...this.currentHashes];
    for (const s of this.pending.values()) for (const p of s.parts.values()) out.push(p.hash);
    return out;
  }

  /** The config data (a copy: edit through `edit`). */
  data(): ConfigDict {
    return cloneDict(this.cur.data);
  }

  /** The serialized current message (plaintext). */
  serialized(): Uint8Array {
    return serializeMessage(this.cur, this.opts.signer);
  }

  /**
   * Applies `fn` to a copy of the data. Nothing changes (and nothing is dirtied) when the result
   * equals the current data; otherwise the first edit after a push increments the seqno.
   */
  edit(fn: (data: ConfigDict) => void): boolean {
    if (this.opts.verifier !== undefined && this.opts.signer === undefined)
      throw new SessionError('INVALID_INPUT', 'this config is read-only (no signing key)');
    const next = cloneDict(this.cur.data);
    fn(next);
    prune(next);
    if (bytesSame(encodeData(next), encodeData(this.cur.data))) return false;
    if (this.state !== 'dirty') {
      // A signed config's lagged hash covers its signature, except the initial empty seqno 0,
      // which libsession never signs (its hash is the official empty-config hash, §9.2 Info).
      this.cur = increment(
        this.hash,
        this.cur,
        undefined,
        this.cur.seqno === 0 ? undefined : this.opts.signer,
      );
      this.orig = cloneDict(this.cur.data);
      for (const h of this.currentHashes) this.obsolete.add(h);
      this.currentHashes = [];
      this.state = 'dirty';
    }
    this.cur = settle({ msg: { ...this.cur, data: next }, orig: this.orig! });
    return true;
  }

  /** Serialize, compress, pad, encrypt (and wrap) the current message; state becomes Waiting. */
  push(): PushData {
    const [keyBase] = this.opts.keyBases();
    if (keyBase === undefined) throw new SessionError('NO_IDENTITY', `no key to encrypt ${this.opts.domain}`);
    const plain = padPrefix(maybeCompress(this.serialized()));
    let payloads = encryptForPush(this.opts.sodium, keyBase, this.opts.domain, plain);
    const uk = this.opts.userKeys;
    if (uk !== undefined && payloads.length === 1) {
      const wrapped = wrapUserConfig(this.opts.sodium, uk, this.opts.namespace, this.cur.seqno, payloads[0]!);
      if (wrapped.length <= MAX_MESSAGE_SIZE) payloads = [wrapped];
    }
    const obsolete = [...this.obsolete];
    this.obsolete.clear();
    if (this.state === 'dirty') {
      // Once pushed, the message is fixed: later edits increment from it.
      this.orig = undefined;
      this.state = 'waiting';
    }
    return { seqno: this.cur.seqno, payloads, obsolete };
  }

  /** The store succeeded with these storage hashes. Only the push still awaited is confirmed. */
  confirmPushed(seqno: number, hashes: string[]): boolean {
    if (this.state !== 'waiting' || seqno !== this.cur.seqno) return false;
    this.state = 'clean';
    this.currentHashes = [...hashes];
    return true;
  }

  private decode(item: IncomingConfig, skipped: MergeOutcome['skipped']): Uint8Array | 'part' | undefined {
    try {
      let payload = item.data;
      if (this.opts.userKeys !== undefined)
        payload = unwrapUserConfig(this.opts.sodium, this.opts.userKeys, this.opts.namespace, payload);
      let plain: Uint8Array | undefined;
      let lastErr: unknown;
      for (const key of this.opts.keyBases()) {
        try {
          plain = decryptConfig(this.opts.sodium, key, this.opts.domain, payload);
          break;
        } catch (e) {
          lastErr = e;
        }
      }
      if (plain === undefined)
        throw isSessionError(lastErr)
          ? lastErr
          : new SessionError('DECRYPT_FAILED', 'no key to decrypt with');
      let i = 0;
      while (i < plain.length && plain[i] === 0) i++;
      if (plain[i] === 0x6d) {
        this.addPart(item.hash, parsePart(plain.subarray(i)));
        return 'part';
      }
      return unpadAndDecompress(plain);
    } catch (e) {
      if (!isSessionError(e)) throw e;
      this.count(e.code);
      skipped.push({ hash: item.hash, code: e.code, message: e.message });
      return undefined;
    }
  }

  private count(code: ErrorCode): void {
    if (code === 'DECRYPT_FAILED') this.bad.decrypt++;
    else if (code === 'BAD_SIGNATURE') this.bad.signature++;
    else this.bad.parse++;
  }

  private addPart(hash: string, part: Part): void {
    const id = toHex(part.finalHash);
    let set = this.pending.get(id);
    if (set === undefined) {
      set = { count: part.count, firstSeenMs: this.now(), parts: new Map() };
      this.pending.set(id, set);
    }
    if (set.count !== part.count) throw bad('multipart part count disagrees with its set');
    set.parts.set(part.index, { hash, part });
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  /** Completed multipart sets, as (storage hashes, joined message); expired sets are dropped. */
  private completedSets(skipped: MergeOutcome['skipped']): { hashes: string[]; bytes: Uint8Array }[] {
    const out: { hashes: string[]; bytes: Uint8Array }[] = [];
    const maxWait = this.opts.multipartMaxWaitMs ?? 15 * 60_000;
    for (const [id, set] of [...this.pending]) {
      if (set.parts.size === set.count) {
        this.pending.delete(id);
        const hashes = [...set.parts.values()].map((p) => p.hash);
        try {
          const joined = joinParts(
            this.opts.sodium,
            [...set.parts.values()].map((p) => p.part),
          );
          out.push({ hashes, bytes: unpadAndDecompress(joined) });
        } catch (e) {
          if (!isSessionError(e)) throw e;
          this.count(e.code);
          skipped.push({ hash: hashes.join(','), code: e.code, message: e.message });
        }
      } else if (this.now() - set.firstSeenMs > maxWait) this.pending.delete(id);
    }
    return out;
  }

  /** §2.7 merge: the incoming payloads against our current message. */
  merge(items: readonly IncomingConfig[]): MergeOutcome {
    const skipped: MergeOutcome['skipped'] = [];
    const known = new Set(this.currentHashes);
    const msgs: { hashes: string[]; bytes: Uint8Array }[] = [];
    for (const item of items) {
      if (known.has(item.hash)) continue; // our own current message, seen on the swarm
      const d = this.decode(item, skipped);
      if (d instanceof Uint8Array) msgs.push({ hashes: [item.hash], bytes: d });
    }
    msgs.push(...this.completedSets(skipped));
    if (msgs.length === 0) return { accepted: [], result: 'none', skipped };

    const includeOwn = this.cur.seqno !== 0 || this.state === 'dirty';
    const inputs = [...(includeOwn ? [this.serialized()] : []), ...msgs.map((m) => m.bytes)];
    const offset = includeOwn ? 1 : 0;
    let r: ReturnType<typeof mergeMessages>;
    try {
      r = mergeMessages(inputs, {
        hasher: this.hash,
        verifier: this.opts.verifier,
        canSign: this.opts.signer !== undefined,
      });
    } catch (e) {
      // nothing parsed (not even our own message, which always parses): all skipped
      if (!isSessionError(e)) throw e;
      for (const m of msgs) {
        this.count(e.code);
        skipped.push({ hash: m.hashes.join(','), code: e.code, message: e.message });
      }
      return { accepted: [], result: 'none', skipped };
    }
    const badIdx = new Set(r.bad.map((x) => x.index));
    for (const x of r.bad) {
      if (x.index < offset) continue;
      this.count(x.error.code);
      skipped.push({
        hash: msgs[x.index - offset]!.hashes.join(','),
        code: x.error.code,
        message: x.error.message,
      });
    }
    const accepted = msgs.flatMap((m, i) => (badIdx.has(i + offset) ? [] : m.hashes));
    const winner = r.kind === 'unmerged' ? r.index : -1;
    const ownWon = includeOwn && winner === 0;
    // Every parsed input that is not the single winner is obsolete on the swarm.
    msgs.forEach((m, i) => {
      if (i + offset !== winner && !badIdx.has(i + offset)) for (const h of m.hashes) this.obsolete.add(h);
    });

    if (r.kind === 'merged') {
      const wasDirty = this.state === 'dirty';
      for (const h of this.currentHashes) this.obsolete.add(h);
      this.currentHashes = [];
      this.cur = r.message;
      // libsession quirk (§2.7 g): when not dirty before, the merged message's "original data" is
      // empty, so its `=` lists the whole data as added; when dirty, `=` is empty.
      this.orig = wasDirty ? cloneDict(r.message.data) : new Map();
      this.cur = settle({ msg: this.cur, orig: this.orig });
      this.state = 'dirty';
      return { accepted, result: 'merged', skipped };
    }
    if (ownWon) return { accepted, result: 'kept', skipped };
    const w = msgs[winner - offset]!;
    for (const h of this.currentHashes) this.obsolete.add(h);
    for (const h of w.hashes) this.obsolete.delete(h);
    this.cur = r.message;
    this.orig = undefined;
    this.state = 'clean';
    this.currentHashes = [...w.hashes];
    return { accepted, result: 'adopted', skipped };
  }

  // ---- dumps ---------------------------------------------------------------------------------

  /** Local state as bytes (a bt dict of our own layout; not libsession's dump format). */
  dump(): Uint8Array {
    const d: BtDict = new Map<string, BtValue>([
      ['v', DUMP_VERSION],
      ['!', BigInt(['clean', 'dirty', 'waiting'].indexOf(this.state))],
      ['$', serializeMessage(this.cur)],
      ['(', this.currentHashes.map(utf)],
      [')', [...this.obsolete].map(utf)],
      ['b', [BigInt(this.bad.decrypt), BigInt(this.bad.signature), BigInt(this.bad.parse)]],
    ]);
    if (this.orig !== undefined) d.set('&', encodeData(this.orig));
    const pend: BtValue[] = [];
    for (const set of this.pending.values())
      for (const p of set.parts.values())
        pend.push([
          utf(p.hash),
          BigInt(set.firstSeenMs),
          new BtWriter()
            .ascii('ml')
            .bytes(p.part.finalHash)
            .bytes(Uint8Array.of(p.part.index))
            .bytes(Uint8Array.of(p.part.count))
            .bytes(p.part.chunk)
            .ascii('e')
            .finish(),
        ]);
    if (pend.length > 0) d.set('*', pend);
    return new BtWriter().value(d).finish();
  }

  /** Restores a dump; a dump from a newer build or a damaged one is refused (STORE_*). */
  load(dump: Uint8Array): void {
    let d: BtValue;
    try {
      d = btDecode(dump);
    } catch (e) {
      throw new SessionError('STORE_CORRUPT', `config dump for ${this.opts.domain} is damaged`, { cause: e });
    }
    const fail = (why: string): SessionError =>
      new SessionError('STORE_CORRUPT', `config dump for ${this.opts.domain} is damaged: ${why}`);
    if (!isDict(d)) throw fail('not a dict');
    const v = d.get('v');
    if (typeof v !== 'bigint') throw fail('no version');
    if (v > DUMP_VERSION)
      throw new SessionError(
        'STORE_TOO_NEW',
        `config dump for ${this.opts.domain} was written by a newer session-cli`,
      );
    const state = d.get('!');
    const msg = d.get('$');
    if (typeof state !== 'bigint' || state < 0n || state > 2n || !(msg instanceof Uint8Array))
      throw fail('fields');
    try {
      this.cur = parseMessage(msg);
      const o = d.get('&');
      this.orig = o instanceof Uint8Array ? readData(new BtReader(o), true) : undefined;
    } catch (e) {
      throw new SessionError('STORE_CORRUPT', `config dump for ${this.opts.domain} holds a bad message`, {
        cause: e,
      });
    }
    this.state = (['clean', 'dirty', 'waiting'] as const)[Number(state)]!;
    if (this.state === 'dirty' && this.orig === undefined) throw fail('dirty without original data');
    const strs = (k: string): string[] => {
      const l = d.get(k);
      return Array.isArray(l)
        ? l.flatMap((x) => (x instanceof Uint8Array ? [new TextDecoder().decode(x)] : []))
        : [];
    };
    this.currentHashes = strs('(');
    this.obsolete.clear();
    for (const h of strs(')')) this.obsolete.add(h);
    const b = d.get('b');
    if (Array.isArray(b) && b.every((x) => typeof x === 'bigint') && b.length === 3) {
      this.bad.decrypt = Number(b[0]);
      this.bad.signature = Number(b[1]);
      this.bad.parse = Number(b[2]);
    }
    this.pending.clear();
    const pend = d.get('*');
    if (Array.isArray(pend))
      for (const e of pend) {
        if (
          !Array.isArray(e) ||
          !(e[0] instanceof Uint8Array) ||
          typeof e[1] !== 'bigint' ||
          !(e[2] instanceof Uint8Array)
        )
          continue;
        try {
          const part = parsePart(e[2]);
          this.addPart(new TextDecoder().decode(e[0]), part);
          this.pending.get(toHex(part.finalHash))!.firstSeenMs = Number(e[1]);
        } catch {
          // a damaged pending part is only a lost partial download: it is fetched again
        }
      }
  }
}

const utf = (s: string): Uint8Array => new TextEncoder().encode(s);

function bytesSame(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
