import { BtReader, BtWriter, btDecode, isDict, type BtDict, type BtValue } from '../config/bt.js';
import type { Sodium } from '../crypto/sodium.js';
import { bytesEqual, concatBytes, utf8 } from '../encoding/bytes.js';
import { SessionError } from '../errors.js';
import {
  memberKeyAdmin,
  memberKeyOwn,
  memberX,
  notAdmin,
  seedHash,
  xchachaDecrypt,
  type GroupIdentity,
} from './crypto.js';

/**
 * Group Keys (groups-and-config.md §4.4): key generations, the admin's full (rekey) and
 * supplemental key messages, and loading either from the swarm (namespace 12). Not a config:
 * never merged, its messages are only signed. Every generation is kept until it expires
 * (60 days after the next one started, by swarm timestamps), so older messages stay readable.
 */

export const MESSAGE_KEY_MULTIPLE = 45;
export const KEY_EXPIRY_MS = 60 * 24 * 3600 * 1000;
export const KEYS_NAMESPACE = 12;
const MEMBER_TAG = 'SessionGroupKeyMemberKey';

export interface GroupKey {
  generation: number;
  key: Uint8Array;
  /** Swarm timestamp (ms) of the keys message it came from. */
  timestamp: number;
}

export interface OwnKeys {
  xSk: Uint8Array;
  xPk: Uint8Array;
}

function cmpKey(a: GroupKey, b: GroupKey): number {
  if (a.generation !== b.generation) return a.generation - b.generation;
  if (a.timestamp !== b.timestamp) return a.timestamp - b.timestamp;
  for (let i = 0; i < 32; i++) if (a.key[i] !== b.key[i]) return a.key[i]! - b.key[i]!;
  return 0;
}

/** bt dict with the `~` signature appended last (signature over everything before `1:~`). */
function signedDict(na: Sodium, group: GroupIdentity, fields: BtDict): Uint8Array {
  const body = new BtWriter().value(fields).finish();
  const prefix = body.subarray(0, body.length - 1); // without the closing 'e'
  const sig = na.crypto_sign_detached(prefix, group.edSk!);
  return concatBytes(prefix, new BtWriter().key('~').bytes(sig).ascii('e').finish());
}

/** Splits a signed message: its fields and whether `~` verifies with the group key. */
function openSigned(na: Sodium, groupEdPk: Uint8Array, data: Uint8Array): BtDict {
  const refuse = (m: string) => new SessionError('BAD_SIGNATURE', `keys message: ${m}`);
  let v: BtValue;
  try {
    v = btDecode(data);
  } catch (e) {
    throw new SessionError('BAD_CONFIG', 'keys message is not a bt dict', { cause: e });
  }
  if (!isDict(v)) throw new SessionError('BAD_CONFIG', 'keys message is not a bt dict');
  const keys = [...v.keys()];
  const sig = v.get('~');
  if (keys[keys.length - 1] !== '~' || !(sig instanceof Uint8Array) || sig.length !== 64)
    throw refuse('no signature');
  const prefix = data.subarray(0, data.length - 71);
  let ok = false;
  try {
    ok = na.crypto_sign_verify_detached(sig, prefix, groupEdPk);
  } catch {
    ok = false;
  }
  if (!ok) throw refuse('signature does not verify with the group key');
  return v;
}

export class GroupKeys {
  /** Known keys, ascending by (generation, timestamp, key). */
  private keys: GroupKey[] = [];
  private pendingKey: { generation: number; key: Uint8Array; message: Uint8Array } | undefined;
  /** Storage hashes of keys messages, by generation (keep-alive targets). */
  private readonly hashesByGen = new Map<number, Set<string>>();

  constructor(
    private readonly na: Sodium,
    private readonly group: GroupIdentity,
    private readonly own: OwnKeys,
  ) {}

  get isAdmin(): boolean {
    return this.group.seed !== undefined;
  }

  /** Newest first, the pending (admin) key in front: the keys to try when decrypting. */
  decryptionKeys(): Uint8Array[] {
    const out = [...this.keys].reverse().map((k) => k.key);
    return this.pendingKey ? [this.pendingKey.key, ...out] : out;
  }

  /** The key new messages and configs are encrypted with. */
  encryptionKey(): Uint8Array | undefined {
    return this.pendingKey?.key ?? this.keys[this.keys.length - 1]?.key;
  }

  get currentGeneration(): number {
    return this.pendingKey?.generation ?? this.keys[this.keys.length - 1]?.generation ?? -1;
  }

  get known(): readonly GroupKey[] {
    return this.keys;
  }

  get pendingMessage(): Uint8Array | undefined {
    return this.pendingKey?.message;
  }

  currentHashes(): string[] {
    return [...this.hashesByGen.values()].flatMap((s) => [...s]);
  }

  /** Two admins rekeyed the same generation concurrently (§4.4.3 `needs_rekey`). */
  needsRekey(): boolean {
    if (!this.isAdmin || this.keys.length < 2) return false;
    const [a, b] = this.keys.slice(-2);
    return a!.generation === b!.generation;
  }

  /**
   * §4.4.1: a new generation for `members` (every Members entry, admins and pending removals
   * included). The key is pending until the message is loaded back from the swarm.
   */
  rekey(members: readonly string[]): Uint8Array {
    const g = this.group;
    if (!g.seed || !g.edSk) throw notAdmin();
    const na = this.na;
    const sorted = [...members].sort();
    const gen = Math.max(this.currentGeneration + 1, 0);
    const h2 = seedHash(na, g.seed, 'SessionGroupKeySeed');
    const h1 = na.crypto_generichash(
      56,
      concatBytes(...sorted.map((s) => utf8(s)), utf8(String(gen)), h2),
      utf8('SessionGroupKeyGen'),
    );
    const encKey = h1.slice(0, 32);
    const nonce = h1.slice(32, 56);
    const adminKey = seedHash(na, g.seed, 'SessionGroupKeyAdminKey');
    const bigK = na.crypto_aead_xchacha20poly1305_ietf_encrypt(encKey, null, null, nonce, adminKey);
    const entries: Uint8Array[] = [];
    for (const sid of sorted) {
      try {
        const kB = memberKeyAdmin(na, g, memberX(sid), MEMBER_TAG);
        entries.push(na.crypto_aead_xchacha20poly1305_ietf_encrypt(encKey, null, null, nonce, kB));
      } catch {
        // an id that is not a valid X25519 point is skipped, as libsession does
      }
    }
    const nJunk = (MESSAGE_KEY_MULTIPLE - (entries.length % MESSAGE_KEY_MULTIPLE)) % MESSAGE_KEY_MULTIPLE;
    if (nJunk > 0) {
      const junkSeed = na.crypto_generichash(32, concatBytes(h1, g.edSk), utf8('SessionGroupJunkMembers'));
      const junk = na.randombytes_buf_deterministic(48 * nJunk, junkSeed);
      for (let i = 0; i < nJunk; i++) entries.push(junk.slice(i * 48, (i + 1) * 48));
    }
    const msg = signedDict(
      na,
      g,
      new Map<string, BtValue>([
        ['#', nonce],
        ['G', BigInt(gen)],
        ['K', bigK],
        ['k', entries],
      ]),
    );
    this.pendingKey = { generation: gen, key: encKey, message: msg };
    return msg;
  }

  /** §4.4.2: gives every known key (not the pending one) to `members` (history for new members). */
  supplement(members: readonly string[]): Uint8Array {
    const g = this.group;
    if (!g.seed || !g.edSk) throw notAdmin();
    const na = this.na;
    if (this.keys.length === 0) throw new SessionError('INVALID_INPUT', 'no group key to share yet');
    const list = new BtWriter()
      .value(
        this.keys.map(
          (k) =>
            new Map<string, BtValue>([
              ['g', BigInt(k.generation)],
              ['k', k.key],
              ['t', BigInt(k.timestamp)],
            ]),
        ),
      )
      .finish();
    const h2 = seedHash(na, g.seed, 'SessionGroupKeySeed');
    const nonce = na.crypto_generichash(
      24,
      concatBytes(...members.map((s) => utf8(s)), list, h2),
      utf8('SessionGroupKeyGen'),
    );
    const plus: Uint8Array[] = [];
    for (const sid of members) {
      try {
        const kB = memberKeyAdmin(na, g, memberX(sid), MEMBER_TAG);
        plus.push(na.crypto_aead_xchacha20poly1305_ietf_encrypt(list, null, null, nonce, kB));
      } catch {
        // not a valid X25519 point: skipped
      }
    }
    if (plus.length === 0) throw new SessionError('INVALID_INPUT', 'no valid member to give the keys to');
    const highest = this.keys[this.keys.length - 1]!.generation;
    return signedDict(
      na,
      g,
      new Map<string, BtValue>([
        ['#', nonce],
        ['+', plus],
        ['G', BigInt(highest)],
      ]),
    );
  }

  /**
   * §4.4.3: loads a keys message retrieved from the swarm. Returns the keys it gave us (none for
   * a removed member); a message that is malformed or not signed by the group key throws (the
   * caller counts and drops it) and changes nothing.
   */
  load(hash: string, data: Uint8Array, swarmTimestampMs: number): GroupKey[] {
    const na = this.na;
    const v = openSigned(na, this.group.edPk, data);
    const malformed = (m: string) => new SessionError('BAD_CONFIG', `keys message: ${m}`);
    const nonce = v.get('#');
    if (!(nonce instanceof Uint8Array) || nonce.length !== 24) throw malformed('bad nonce');
    const genV = v.get('G');
    if (typeof genV !== 'bigint' || genV < 0n) throw malformed('bad generation');
    const gen = Number(genV);
    const found: GroupKey[] = [];
    const memberKey = () => memberKeyOwn(na, this.group.xPk, this.own, MEMBER_TAG);
    const plus = v.get('+');
    if (plus !== undefined) {
      if (!Array.isArray(plus) || plus.some((e) => !(e instanceof Uint8Array) || e.length < 68))
        throw malformed('bad supplemental entries');
      if (!this.isAdmin) {
        const kB = memberKey();
        for (const e of plus as Uint8Array[]) {
          const list = xchachaDecrypt(na, kB, nonce, e);
          if (!list) continue;
          found.push(...parseKeyList(list));
          break;
        }
      }
    } else {
      const bigK = v.get('K');
      const k = v.get('k');
      if (!(bigK instanceof Uint8Array) || bigK.length !== 48) throw malformed('bad admin key');
      if (!Array.isArray(k) || k.some((e) => !(e instanceof Uint8Array) || e.length !== 48))
        throw malformed('bad member keys');
      if (k.length % MESSAGE_KEY_MULTIPLE !== 0) throw malformed('member key count is not a multiple of 45');
      if (this.group.seed) {
        const key = xchachaDecrypt(na, seedHash(na, this.group.seed, 'SessionGroupKeyAdminKey'), nonce, bigK);
        if (key) found.push({ generation: gen, key, timestamp: swarmTimestampMs });
      } else {
        const kB = memberKey();
        for (const e of k as Uint8Array[]) {
          const key = xchachaDecrypt(na, kB, nonce, e);
          if (key) {
            found.push({ generation: gen, key, timestamp: swarmTimestampMs });
            break;
          }
        }
      }
    }
    for (const f of found) this.insert(f);
    const at = found.length > 0 ? Math.max(...found.map((f) => f.generation)) : gen;
    const set = this.hashesByGen.get(at) ?? new Set<string>();
    set.add(hash);
    this.hashesByGen.set(at, set);
    if (this.pendingKey && found.some((f) => f.generation >= this.pendingKey!.generation)) {
      this.pendingKey = undefined;
    }
    this.expire();
    return found;
  }

  private insert(k: GroupKey): void {
    if (this.keys.some((x) => x.generation === k.generation && bytesEqual(x.key, k.key))) return;
    const oldest = this.keys[0];
    if (oldest && k.generation < oldest.generation && this.isExpired(0)) return;
    this.keys.push(k);
    this.keys.sort(cmpKey);
  }

  private isExpired(i: number): boolean {
    const newest = this.keys[this.keys.length - 1];
    const g = this.keys[i]?.generation;
    if (newest === undefined || g === undefined) return false;
    const next = this.keys.find((x) => x.generation > g);
    return next !== undefined && next.timestamp + KEY_EXPIRY_MS < newest.timestamp;
  }

  private expire(): void {
    const dropped = new Set<number>();
    this.keys = this.keys.filter((k, i) => {
      if (this.isExpired(i)) {
        dropped.add(k.generation);
        return false;
      }
      return true;
    });
    for (const g of dropped) if (!this.keys.some((k) => k.generation === g)) this.hashesByGen.delete(g);
  }

  // ---- dumps -----------------------------------------------------------------------------------

  dump(): Uint8Array {
    const d = new Map<string, BtValue>([
      ['k', this.keys.map((k) => [BigInt(k.generation), k.key, BigInt(k.timestamp)] as BtValue[])],
      ['h', [...this.hashesByGen].map(([g, s]) => [BigInt(g), [...s].map((h) => utf8(h))] as BtValue[])],
    ]);
    if (this.pendingKey)
      d.set('p', [BigInt(this.pendingKey.generation), this.pendingKey.key, this.pendingKey.message]);
    return new BtWriter().value(d).finish();
  }

  restore(dump: Uint8Array): void {
    const fail = () => new SessionError('STORE_CORRUPT', 'group keys dump is damaged');
    let v: BtValue;
    try {
      v = btDecode(dump);
    } catch (e) {
      throw new SessionError('STORE_CORRUPT', 'group keys dump is damaged', { cause: e });
    }
    if (!isDict(v)) throw fail();
    const ks = v.get('k');
    const hs = v.get('h');
    if (!Array.isArray(ks) || !Array.isArray(hs)) throw fail();
    this.keys = ks.map((e) => {
      if (
        !Array.isArray(e) ||
        typeof e[0] !== 'bigint' ||
        !(e[1] instanceof Uint8Array) ||
        typeof e[2] !== 'bigint'
      )
        throw fail();
      return { generation: Number(e[0]), key: e[1], timestamp: Number(e[2]) };
    });
    this.hashesByGen.clear();
    for (const e of hs) {
      if (!Array.isArray(e) || typeof e[0] !== 'bigint' || !Array.isArray(e[1])) throw fail();
      this.hashesByGen.set(
        Number(e[0]),
        new Set(e[1].flatMap((h) => (h instanceof Uint8Array ? [new TextDecoder().decode(h)] : []))),
      );
    }
    const p = v.get('p');
    this.pendingKey =
      Array.isArray(p) && typeof p[0] === 'bigint' && p[1] instanceof Uint8Array && p[2] instanceof Uint8Array
        ? { generation: Number(p[0]), key: p[1], message: p[2] }
        : undefined;
  }
}

function parseKeyList(list: Uint8Array): GroupKey[] {
  const malformed = () => new SessionError('BAD_CONFIG', 'supplemental key list is malformed');
  let v: BtValue;
  try {
    const r = new BtReader(list);
    v = r.value();
    if (!r.done) throw malformed();
  } catch {
    throw malformed();
  }
  if (!Array.isArray(v)) throw malformed();
  return v.map((e) => {
    if (!isDict(e)) throw malformed();
    const g = e.get('g');
    const k = e.get('k');
    const t = e.get('t');
    if (typeof g !== 'bigint' || !(k instanceof Uint8Array) || k.length !== 32 || typeof t !== 'bigint')
      throw malformed();
    return { generation: Number(g), key: k, timestamp: Number(t) };
  });
}
