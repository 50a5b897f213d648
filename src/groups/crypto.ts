import { zstd, zstdBinding } from '../encoding/zstd.js';
import { BtWriter, btDecode, isDict } from '../config/bt.js';
import { xed25519PublicKey } from '../crypto/blinding.js';
import type { Sodium } from '../crypto/sodium.js';
import { bytesEqual, concatBytes, fromHex, toHex, utf8 } from '../encoding/bytes.js';
import { SessionError } from '../errors.js';

/**
 * The primitives of new closed groups (groups-and-config.md §4.1, §4.5, §4.6, §4.8): the group
 * identity, subaccount authentication, the inner layer of group messages and the "you were
 * removed" blob. Pure functions of their inputs (randomness only where the spec has it), so each
 * one is tested byte for byte against §9.
 */

export interface GroupIdentity {
  /** "03" + hex(ed25519 pk). */
  groupId: string;
  edPk: Uint8Array;
  /** Present only for admins (the seed is the admin credential). */
  edSk?: Uint8Array | undefined;
  seed?: Uint8Array | undefined;
  /** X25519 form of the group key (A'), and of its secret (a') for admins. */
  xPk: Uint8Array;
  xSk?: Uint8Array | undefined;
}

export function groupFromSeed(na: Sodium, seed: Uint8Array): GroupIdentity {
  if (seed.length !== 32) throw new SessionError('INVALID_INPUT', 'a group seed is 32 bytes');
  const kp = na.crypto_sign_seed_keypair(seed);
  return {
    groupId: `03${toHex(kp.publicKey)}`,
    edPk: kp.publicKey,
    edSk: kp.privateKey,
    seed: seed.slice(),
    xPk: na.crypto_sign_ed25519_pk_to_curve25519(kp.publicKey),
    xSk: na.crypto_sign_ed25519_sk_to_curve25519(kp.privateKey),
  };
}

export function groupFromId(na: Sodium, groupId: string): GroupIdentity {
  if (!/^03[0-9a-f]{64}$/.test(groupId))
    throw new SessionError('INVALID_ACCOUNT_ID', `not a group ID (03…): ${groupId.slice(0, 8)}…`);
  const edPk = fromHex(groupId.slice(2));
  let xPk: Uint8Array;
  try {
    xPk = na.crypto_sign_ed25519_pk_to_curve25519(edPk);
  } catch (e) {
    throw new SessionError('INVALID_ACCOUNT_ID', 'the group ID is not a valid Ed25519 key', { cause: e });
  }
  return { groupId, edPk, xPk };
}

/** `seed_hash(tag)`: keyed BLAKE2b-256 over the 32-byte group seed. */
export function seedHash(na: Sodium, seed: Uint8Array, tag: string): Uint8Array {
  return na.crypto_generichash(32, seed, utf8(tag));
}

/** The X25519 key of a 05 Session ID (its 32 bytes after the prefix). */
export function memberX(sessionId: string): Uint8Array {
  if (!/^05[0-9a-f]{64}$/.test(sessionId))
    throw new SessionError('INVALID_ACCOUNT_ID', `not an Account ID (05…): ${sessionId.slice(0, 8)}…`);
  return fromHex(sessionId.slice(2));
}

function xchachaEncrypt(na: Sodium, key: Uint8Array, nonce: Uint8Array, m: Uint8Array): Uint8Array {
  return na.crypto_aead_xchacha20poly1305_ietf_encrypt(m, null, null, nonce, key);
}

/** undefined when authentication fails (the entry is not for this key). */
export function xchachaDecrypt(
  na: Sodium,
  key: Uint8Array,
  nonce: Uint8Array,
  c: Uint8Array,
): Uint8Array | undefined {
  try {
    return na.crypto_aead_xchacha20poly1305_ietf_decrypt(null, c, null, nonce, key);
  } catch {
    return undefined;
  }
}

// ---- §4.5 subaccount authentication ---------------------------------------------------------

export const SUB_READ = 0x01;
export const SUB_WRITE = 0x02;
export const SUB_DELETE = 0x04;

export interface Subaccount {
  /** head ‖ k ‖ sig: what the member keeps (100 bytes). */
  authData: Uint8Array;
  /** head ‖ kT: what the server sees and what revocation names (36 bytes). */
  token: Uint8Array;
}

/** `swarm_make_subaccount` (admin): the member's auth data and its revocable token. */
export function makeSubaccount(
  na: Sodium,
  group: GroupIdentity,
  memberSessionId: string,
  opts: { write?: boolean; del?: boolean } = {},
): Subaccount {
  if (!group.seed || !group.edSk) throw notAdmin();
  const x = memberX(memberSessionId);
  const mask = seedHash(na, group.seed, 'SessionGroupSubaccountMask');
  const k = na.crypto_core_ed25519_scalar_reduce(
    na.crypto_generichash(64, concatBytes(Uint8Array.of(0x05), x, Uint8Array.of(0x03), group.edPk), mask),
  );
  const t = xed25519PublicKey(x);
  const kT = na.crypto_scalarmult_ed25519_noclamp(k, t);
  const flags = SUB_READ | (opts.write !== false ? SUB_WRITE : 0) | (opts.del ? SUB_DELETE : 0);
  const head = Uint8Array.of(0x03, flags, 0, 0);
  const sig = na.crypto_sign_detached(concatBytes(head, kT), group.edSk);
  return { authData: concatBytes(head, k, sig), token: concatBytes(head, kT) };
}

/** The token of a member (what `revoke_subaccount` names); deterministic per (member, flags). */
export function subaccountToken(na: Sodium, group: GroupIdentity, memberSessionId: string): Uint8Array {
  return makeSubaccount(na, group, memberSessionId).token;
}

function positiveEdPk(edPk: Uint8Array): { t: Uint8Array; neg: boolean } {
  const t = edPk.slice();
  const neg = (t[31]! & 0x80) !== 0;
  t[31] = t[31]! & 0x7f;
  return { t, neg };
}

/** `swarm_verify_subaccount` (member, before use). */
export function verifySubaccount(
  na: Sodium,
  groupEdPk: Uint8Array,
  ownEdPk: Uint8Array,
  authData: Uint8Array,
  required = SUB_READ,
): boolean {
  if (authData.length !== 100) return false;
  const head = authData.subarray(0, 4);
  if (head[0] !== 0x03 && (head[1]! & 0x08) === 0) return false;
  if ((head[1]! & required) !== required) return false;
  try {
    const kT = na.crypto_scalarmult_ed25519_noclamp(authData.subarray(4, 36), positiveEdPk(ownEdPk).t);
    return na.crypto_sign_verify_detached(authData.subarray(36), concatBytes(head, kT), groupEdPk);
  } catch {
    return false;
  }
}

export interface SubaccountSignature {
  /** head ‖ kT (36 bytes; base64 in requests as `subaccount`). */
  subaccount: Uint8Array;
  /** authData[36..100] (`subaccount_sig`). */
  subaccountSig: Uint8Array;
  /** R ‖ S, a standard Ed25519 signature by kT (`signature`). */
  signature: Uint8Array;
}

/** `swarm_subaccount_sign` (member): signs a storage request with its derived key kT. */
export function subaccountSign(
  na: Sodium,
  authData: Uint8Array,
  ownEdSk: Uint8Array,
  msg: Uint8Array,
): SubaccountSignature {
  if (authData.length !== 100) throw new SessionError('INVALID_INPUT', 'subaccount auth data is 100 bytes');
  const head = authData.subarray(0, 4);
  const k = authData.subarray(4, 36);
  const { t: tPub, neg } = positiveEdPk(ownEdSk.subarray(32, 64));
  const kT = na.crypto_scalarmult_ed25519_noclamp(k, tPub);
  let t = na.crypto_sign_ed25519_sk_to_curve25519(ownEdSk);
  if (neg) t = na.crypto_core_ed25519_scalar_negate(t);
  const kt = na.crypto_core_ed25519_scalar_mul(k, t);
  const seedKey = na.crypto_generichash(32, ownEdSk.subarray(0, 32), utf8('SubaccountSeed'));
  const r = na.crypto_core_ed25519_scalar_reduce(
    na.crypto_generichash(64, concatBytes(seedKey, kT, msg), utf8('SubaccountSig')),
  );
  const bigR = na.crypto_scalarmult_ed25519_base_noclamp(r);
  const hram = na.crypto_core_ed25519_scalar_reduce(na.crypto_hash_sha512(concatBytes(bigR, kT, msg)));
  const s = na.crypto_core_ed25519_scalar_add(r, na.crypto_core_ed25519_scalar_mul(hram, kt));
  return {
    subaccount: concatBytes(head, kT),
    subaccountSig: authData.slice(36, 100),
    signature: concatBytes(bigR, s),
  };
}

// ---- member key (§4.4.1 kB) ---------------------------------------------------------------------

/** kB = H_32(X25519(a', B) ‖ A' ‖ B; key) as the admin computes it. */
export function memberKeyAdmin(na: Sodium, group: GroupIdentity, b: Uint8Array, tag: string): Uint8Array {
  if (!group.xSk) throw notAdmin();
  const shared = na.crypto_scalarmult(group.xSk, b);
  return na.crypto_generichash(32, concatBytes(shared, group.xPk, b), utf8(tag));
}

/** kB' = H_32(X25519(b, A') ‖ A' ‖ B; key) as the member computes it (the same key). */
export function memberKeyOwn(
  na: Sodium,
  groupXPk: Uint8Array,
  own: { xSk: Uint8Array; xPk: Uint8Array },
  tag: string,
): Uint8Array {
  const shared = na.crypto_scalarmult(own.xSk, groupXPk);
  return na.crypto_generichash(32, concatBytes(shared, groupXPk, own.xPk), utf8(tag));
}

// ---- §4.6 group message inner layer ------------------------------------------------------------

export const MAX_GROUP_PLAINTEXT = 1_000_000;

export function encryptGroupMessage(
  na: Sodium,
  p: { plaintext: Uint8Array; senderEdSk: Uint8Array; groupEdPk: Uint8Array; encKey: Uint8Array },
  nonce: Uint8Array = na.randombytes_buf(24),
): Uint8Array {
  if (p.plaintext.length > MAX_GROUP_PLAINTEXT)
    throw new SessionError('TOO_LARGE', 'a group message is at most 1 000 000 bytes');
  const z = new Uint8Array(zstd().compress(p.plaintext, { compressionLevel: 1 }));
  const compressed = z.length < p.plaintext.length;
  const data = compressed ? z : p.plaintext;
  const sig = na.crypto_sign_detached(concatBytes(data, p.groupEdPk), p.senderEdSk);
  const w = new BtWriter().ascii('d').key('').int(1n).key('a').bytes(p.senderEdSk.subarray(32, 64));
  if (!compressed) w.key('d').bytes(data);
  w.key('s').bytes(sig);
  if (compressed) w.key('z').bytes(data);
  const d = w.ascii('e').finish();
  const padded = new Uint8Array(Math.ceil((d.length + 40) / 256) * 256 - 40);
  padded.set(d);
  return concatBytes(nonce, xchachaEncrypt(na, p.encKey, nonce, padded));
}

export interface DecryptedGroupMessage {
  plaintext: Uint8Array;
  senderEdPk: Uint8Array;
  /** 05… of the sender (from its Ed25519 key, never from the envelope). */
  sender: string;
  /** Index into the keys tried (0 = newest). */
  keyIndex: number;
}

const bad = (m: string): SessionError => new SessionError('DECRYPT_FAILED', `group message: ${m}`);

export function decryptGroupMessage(
  na: Sodium,
  ciphertext: Uint8Array,
  keys: readonly Uint8Array[],
  groupEdPk: Uint8Array,
): DecryptedGroupMessage {
  if (ciphertext.length < 24 + 16 + 2) throw bad('too short');
  const nonce = ciphertext.subarray(0, 24);
  let plain: Uint8Array | undefined;
  let keyIndex = -1;
  for (let i = 0; i < keys.length && plain === undefined; i++) {
    plain = xchachaDecrypt(na, keys[i]!, nonce, ciphertext.subarray(24));
    keyIndex = i;
  }
  if (plain === undefined) throw bad('no key of this group decrypts it');
  let end = plain.length;
  while (end > 0 && plain[end - 1] === 0) end--;
  let v;
  try {
    v = btDecode(plain.subarray(0, end));
  } catch {
    throw new SessionError('BAD_SIGNATURE', 'group message: inner layer is not a bt dict');
  }
  if (!isDict(v)) throw new SessionError('BAD_SIGNATURE', 'group message: inner layer is not a bt dict');
  const ver = v.get('');
  const a = v.get('a');
  const s = v.get('s');
  const d = v.get('d');
  const z = v.get('z');
  const forged = (m: string) => new SessionError('BAD_SIGNATURE', `group message: ${m}`);
  if (ver !== 1n) throw forged('unknown version');
  if (!(a instanceof Uint8Array) || a.length !== 32) throw forged('bad sender key');
  if (!(s instanceof Uint8Array) || s.length !== 64) throw forged('bad signature field');
  const data = d instanceof Uint8Array ? d : z instanceof Uint8Array ? z : undefined;
  if (data === undefined || data.length === 0 || (d !== undefined && z !== undefined))
    throw forged('needs exactly one of d/z');
  let ok = false;
  try {
    ok = na.crypto_sign_verify_detached(s, concatBytes(data, groupEdPk), a);
  } catch {
    ok = false;
  }
  if (!ok) throw forged('signature does not verify');
  let plaintext = data;
  if (z instanceof Uint8Array) {
    let size: number | null;
    // loaded outside the try blocks: an addon that cannot load is not a bad message
    const [codec, frames] = [zstd(), zstdBinding()];
    try {
      if (frames.findFrameCompressedSize(z) !== z.length) throw new Error('not one frame');
      size = frames.getFrameContentSize(z);
    } catch (e) {
      throw new SessionError('BAD_REPLY', 'group message: bad zstd frame', { cause: e });
    }
    if (size === null || size > MAX_GROUP_PLAINTEXT)
      throw new SessionError('TOO_LARGE', 'group message: decompressed size missing or above 1 MB');
    try {
      plaintext = new Uint8Array(codec.decompress(z));
    } catch (e) {
      throw new SessionError('BAD_REPLY', 'group message: zstd decompression failed', { cause: e });
    }
  }
  let x: Uint8Array;
  try {
    x = na.crypto_sign_ed25519_pk_to_curve25519(a);
  } catch {
    throw forged('sender key is not a valid Ed25519 point');
  }
  return { plaintext, senderEdPk: a, sender: `05${toHex(x)}`, keyIndex };
}

// ---- §4.8 multi-recipient encryption and the kicked blob ---------------------------------------

export const KICKED_DOMAIN = 'SessionGroupKickedMessage';

/** `encrypt_for_multiple`: one XChaCha20-Poly1305 ciphertext per recipient, one shared nonce. */
export function encryptForMultiple(
  na: Sodium,
  p: {
    messages: readonly Uint8Array[];
    recipients: readonly Uint8Array[];
    senderXSk: Uint8Array;
    senderXPk: Uint8Array;
    nonce: Uint8Array;
    domain: string;
  },
): Uint8Array[] {
  return p.recipients.map((x, i) => {
    const shared = na.crypto_scalarmult(p.senderXSk, x);
    const key = na.crypto_generichash(32, concatBytes(shared, p.senderXPk, x), utf8(p.domain));
    return xchachaEncrypt(na, key, p.nonce, p.messages.length === 1 ? p.messages[0]! : p.messages[i]!);
  });
}

export function decryptForMultiple(
  na: Sodium,
  p: {
    ciphertexts: readonly Uint8Array[];
    nonce: Uint8Array;
    ownXSk: Uint8Array;
    ownXPk: Uint8Array;
    senderXPk: Uint8Array;
    domain: string;
  },
): Uint8Array | undefined {
  const shared = na.crypto_scalarmult(p.ownXSk, p.senderXPk);
  const key = na.crypto_generichash(32, concatBytes(shared, p.senderXPk, p.ownXPk), utf8(p.domain));
  for (const c of p.ciphertexts) {
    const m = xchachaDecrypt(na, key, p.nonce, c);
    if (m) return m;
  }
  return undefined;
}

/** The namespace −11 blob naming the removed members at generation `gen` (admin). */
export function kickedBlob(
  na: Sodium,
  group: GroupIdentity,
  removed: readonly string[],
  gen: number,
): Uint8Array {
  if (!group.xSk) throw notAdmin();
  const nonce = na.randombytes_buf(24);
  const xs = removed.map(memberX);
  const e = encryptForMultiple(na, {
    messages: xs.map((x) => concatBytes(x, utf8(String(gen)))),
    recipients: xs,
    senderXSk: group.xSk,
    senderXPk: group.xPk,
    nonce,
    domain: KICKED_DOMAIN,
  });
  return new BtWriter()
    .value(
      new Map<string, Uint8Array | Uint8Array[]>([
        ['#', nonce],
        ['e', e],
      ]),
    )
    .finish();
}

/** The generation a kicked blob names for us, or undefined when it does not name us. */
export function readKickedBlob(
  na: Sodium,
  blob: Uint8Array,
  groupXPk: Uint8Array,
  own: { xSk: Uint8Array; xPk: Uint8Array },
): number | undefined {
  let v;
  try {
    v = btDecode(blob);
  } catch {
    return undefined;
  }
  if (!isDict(v)) return undefined;
  const nonce = v.get('#');
  const e = v.get('e');
  if (!(nonce instanceof Uint8Array) || nonce.length !== 24 || !Array.isArray(e)) return undefined;
  const m = decryptForMultiple(na, {
    ciphertexts: e.filter((x): x is Uint8Array => x instanceof Uint8Array),
    nonce,
    ownXSk: own.xSk,
    ownXPk: own.xPk,
    senderXPk: groupXPk,
    domain: KICKED_DOMAIN,
  });
  if (!m || m.length < 33 || !bytesEqual(m.subarray(0, 32), own.xPk)) return undefined;
  const text = new TextDecoder().decode(m.subarray(32));
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

export function notAdmin(): SessionError {
  return new SessionError(
    'PERMISSION_DENIED',
    'this needs the group admin key (you are not an admin of this group)',
  );
}
