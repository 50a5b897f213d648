import { zstd, zstdBinding } from '../encoding/zstd.js';
import type { Sodium } from '../crypto/sodium.js';
import { bytesEqual, concatBytes, utf8 } from '../encoding/bytes.js';
import { SessionError, isSessionError } from '../errors.js';
import { SessionProtos } from '../messages/proto.js';
import { BtReader, BtWriter, bad } from './bt.js';

/**
 * What a config message looks like on the swarm (groups-and-config.md §2.8): compression and
 * prefix padding, deterministic XChaCha20-Poly1305 with the nonce as suffix, group signatures,
 * multipart for large configs, and the legacy protobuf wrapping of user configs.
 */

/** `MAX_MESSAGE_SIZE`: the largest payload stored as one message. */
export const MAX_MESSAGE_SIZE = 76_800;
const ENC_OVERHEAD = 40; // 16-byte tag + 24-byte nonce
/**
 * Bytes of one multipart chunk. The spec's 76 800 − 47 − 40 (UNVERIFIED there) gives parts of
 * 76 803 bytes with the framing it describes (`m` `l` `32:`+hash `1:`i `1:`n `76713:` … `e` =
 * 50 bytes), above MAX_MESSAGE_SIZE; we keep every part within the limit: 76 800 − 50 − 40.
 */
export const MULTIPART_CHUNK = MAX_MESSAGE_SIZE - 50 - ENC_OVERHEAD;

// ---- 2.8.1 compression and padding --------------------------------------------------------

/** `padded_size(s, overhead)`: the length to pad to so that len + overhead fills whole chunks. */
export function paddedSize(s: number, overhead: number): number {
  const s2 = s + overhead;
  const chunk = s2 < 5120 ? 256 : s2 < 20480 ? 1024 : s2 < 40960 ? 2048 : 5120;
  return Math.ceil(s2 / chunk) * chunk - overhead;
}

/** `'z' || zstd level 1` when that is shorter, else the plaintext itself. */
export function maybeCompress(plain: Uint8Array): Uint8Array {
  const z = concatBytes(Uint8Array.of(0x7a), new Uint8Array(zstd().compress(plain, { compressionLevel: 1 })));
  return z.length < plain.length ? z : plain;
}

export function padPrefix(msg: Uint8Array): Uint8Array {
  const out = new Uint8Array(paddedSize(msg.length, ENC_OVERHEAD));
  out.set(msg, out.length - msg.length);
  return out;
}

/** Zstd frames we accept are bounded: a config can never be larger than this decompressed. */
export const MAX_DECOMPRESSED = 16 * 1024 * 1024;

/** Strips leading NULs, decompresses a `z` payload; the result must be a bt dict (`d…`). */
export function unpadAndDecompress(padded: Uint8Array): Uint8Array {
  let i = 0;
  while (i < padded.length && padded[i] === 0) i++;
  let msg = padded.subarray(i);
  if (msg[0] === 0x7a) {
    const frame = msg.subarray(1);
    // One frame with its content size declared (libzstd's default): the size is checked before
    // anything is allocated, so a small payload cannot claim gigabytes.
    let size: number | null;
    // loaded outside the try blocks: an addon that cannot load is not a bad payload
    const [codec, frames] = [zstd(), zstdBinding()];
    try {
      if (frames.findFrameCompressedSize(frame) !== frame.length)
        throw bad('config payload: not one zstd frame');
      size = frames.getFrameContentSize(frame);
    } catch (e) {
      throw isSessionError(e)
        ? e
        : new SessionError('BAD_CONFIG', 'config payload: bad zstd frame', { cause: e });
    }
    if (size === null || size > MAX_DECOMPRESSED)
      throw bad('config payload: zstd content size missing or too large');
    try {
      msg = new Uint8Array(codec.decompress(frame, { windowLogMax: 27 }));
    } catch (e) {
      throw new SessionError('BAD_CONFIG', 'config payload: zstd decompression failed', { cause: e });
    }
  }
  if (msg[0] !== 0x64) throw bad('config payload is not a bt dict');
  return msg;
}

// ---- 2.8.2 deterministic encryption ------------------------------------------------------

function u64be(n: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(n));
  return out;
}

function checkDomain(domain: string): void {
  if (domain.length < 1 || domain.length > 24)
    throw new SessionError('INTERNAL', 'config domain must be 1–24 chars');
}

export function encryptConfig(
  sodium: Sodium,
  keyBase: Uint8Array,
  domain: string,
  m: Uint8Array,
): Uint8Array {
  checkDomain(domain);
  const key = sodium.crypto_generichash(32, concatBytes(keyBase, u64be(m.length), utf8(domain)), null);
  const nonce = sodium.crypto_generichash(24, m, utf8(`libsessionutil-config-encrypted-${domain}`));
  const ct = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(m, null, null, nonce, key);
  return concatBytes(ct, nonce);
}

export function decryptConfig(
  sodium: Sodium,
  keyBase: Uint8Array,
  domain: string,
  out: Uint8Array,
): Uint8Array {
  checkDomain(domain);
  if (out.length < ENC_OVERHEAD)
    throw new SessionError('DECRYPT_FAILED', 'config payload too short to decrypt');
  const nonce = out.subarray(out.length - 24);
  const ct = out.subarray(0, out.length - 24);
  const key = sodium.crypto_generichash(32, concatBytes(keyBase, u64be(ct.length - 16), utf8(domain)), null);
  try {
    return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, ct, null, nonce, key);
  } catch (e) {
    throw new SessionError('DECRYPT_FAILED', 'config payload does not decrypt with this key', { cause: e });
  }
}

// ---- 2.8.3 group signatures --------------------------------------------------------------

/** Signer/verifier pair for group Info/Members (group Ed25519 key; admins hold the secret). */
export function groupSigner(sodium: Sodium, groupSk64: Uint8Array): (data: Uint8Array) => Uint8Array {
  return (data) => sodium.crypto_sign_detached(data, groupSk64);
}

export function groupVerifier(
  sodium: Sodium,
  groupPk: Uint8Array,
): (data: Uint8Array, sig: Uint8Array) => boolean {
  return (data, sig) => {
    try {
      return sodium.crypto_sign_verify_detached(sig, data, groupPk);
    } catch {
      return false;
    }
  };
}

// ---- 2.8.4 multipart ----------------------------------------------------------------------

export interface Part {
  finalHash: Uint8Array;
  index: number;
  count: number;
  chunk: Uint8Array;
}

/** Splits a compressed+padded message into encrypted parts, or one encrypted payload. */
export function encryptForPush(
  sodium: Sodium,
  keyBase: Uint8Array,
  domain: string,
  msg: Uint8Array,
): Uint8Array[] {
  if (msg.length + ENC_OVERHEAD <= MAX_MESSAGE_SIZE) return [encryptConfig(sodium, keyBase, domain, msg)];
  const finalHash = sodium.crypto_generichash(32, msg, null);
  const n = Math.ceil(msg.length / MULTIPART_CHUNK);
  if (n > 255) throw new SessionError('TOO_LARGE', 'config is too large to push (more than 255 parts)');
  const out: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const chunk = msg.subarray(i * MULTIPART_CHUNK, (i + 1) * MULTIPART_CHUNK);
    const w = new BtWriter().ascii('ml').bytes(finalHash).bytes(Uint8Array.of(i)).bytes(Uint8Array.of(n));
    out.push(encryptConfig(sodium, keyBase, domain, w.bytes(chunk).ascii('e').finish()));
  }
  return out;
}

/** A decrypted payload starting with `m` is a part: validated strictly (§2.8.4 receiver). */
export function parsePart(plain: Uint8Array): Part {
  if (plain[0] !== 0x6d) throw bad('not a multipart part');
  if (plain.length > MAX_MESSAGE_SIZE) throw bad('multipart part too large');
  const r = new BtReader(plain.subarray(1));
  r.expect('l');
  const finalHash = r.bytes();
  const idx = r.bytes();
  const cnt = r.bytes();
  const chunk = r.bytes();
  if (!r.end() || !r.done) throw bad('multipart part has extra elements');
  if (finalHash.length !== 32 || idx.length !== 1 || cnt.length !== 1)
    throw bad('multipart part header is malformed');
  const index = idx[0]!;
  const count = cnt[0]!;
  if (count < 2 || index >= count || chunk.length === 0)
    throw bad('multipart part index/count/chunk invalid');
  return { finalHash, index, count, chunk };
}

/** Joins a complete part set; the joined bytes must hash to the announced final hash. */
export function joinParts(sodium: Sodium, parts: readonly Part[]): Uint8Array {
  const sorted = [...parts].sort((a, b) => a.index - b.index);
  const joined = concatBytes(...sorted.map((p) => p.chunk));
  if (!bytesEqual(sodium.crypto_generichash(32, joined, null), sorted[0]!.finalHash))
    throw bad('multipart parts do not hash to their final hash');
  return joined;
}

// ---- 2.8.5 protobuf wrapping of user configs ----------------------------------------------

export const USER_CONFIG_KIND: Readonly<Record<number, SessionProtos.SharedConfigMessage.Kind>> = {
  2: SessionProtos.SharedConfigMessage.Kind.USER_PROFILE,
  3: SessionProtos.SharedConfigMessage.Kind.CONTACTS,
  4: SessionProtos.SharedConfigMessage.Kind.CONVO_INFO_VOLATILE,
  5: SessionProtos.SharedConfigMessage.Kind.USER_GROUPS,
};

export interface UserKeys {
  seed: Uint8Array; // 32
  ed25519Pk: Uint8Array;
  ed25519Sk: Uint8Array; // 64
  x25519Pk: Uint8Array;
  x25519Sk: Uint8Array;
}

export function userKeysOf(sodium: Sodium, seed: Uint8Array): UserKeys {
  const kp = sodium.crypto_sign_seed_keypair(seed);
  return {
    seed: seed.slice(0, 32),
    ed25519Pk: kp.publicKey,
    ed25519Sk: kp.privateKey,
    x25519Pk: sodium.crypto_sign_ed25519_pk_to_curve25519(kp.publicKey),
    x25519Sk: sodium.crypto_sign_ed25519_sk_to_curve25519(kp.privateKey),
  };
}

export function wrapUserConfig(
  sodium: Sodium,
  keys: UserKeys,
  namespace: number,
  seqno: number,
  encrypted: Uint8Array,
): Uint8Array {
  const kind = USER_CONFIG_KIND[namespace];
  if (kind === undefined) throw new SessionError('INTERNAL', `namespace ${namespace} is not a user config`);
  const content = SessionProtos.Content.encode({
    sharedConfigMessage: { kind, seqno, data: encrypted },
  }).finish();
  const m = concatBytes(content, Uint8Array.of(0x80));
  const x = keys.x25519Pk;
  const sig = sodium.crypto_sign_detached(concatBytes(m, keys.ed25519Pk, x), keys.ed25519Sk);
  const signed = concatBytes(m, keys.ed25519Pk, sig);
  const ephSeed = sodium.crypto_generichash(
    32,
    concatBytes(keys.seed, x, m),
    utf8('SessionBoxEphemeralHashKey'),
  );
  const eph = sodium.crypto_box_seed_keypair(ephSeed);
  const nonce = sodium.crypto_generichash(24, concatBytes(eph.publicKey, x), null);
  const box = concatBytes(eph.publicKey, sodium.crypto_box_easy(signed, nonce, x, eph.privateKey));
  const envelope = SessionProtos.Envelope.encode({
    type: SessionProtos.Envelope.Type.SESSION_MESSAGE,
    timestamp: 1,
    content: box,
  }).finish();
  return SessionProtos.WebSocketMessage.encode({
    type: SessionProtos.WebSocketMessage.Type.REQUEST,
    request: { verb: '', path: '', body: envelope, requestId: 0 },
  }).finish();
}

function unwrapOnce(sodium: Sodium, keys: UserKeys, namespace: number, payload: Uint8Array): Uint8Array {
  const fail = (why: string, cause?: unknown): SessionError =>
    new SessionError('BAD_CONFIG', `not a wrapped config: ${why}`, cause === undefined ? {} : { cause });
  let ws: SessionProtos.WebSocketMessage;
  let env: SessionProtos.Envelope;
  try {
    ws = SessionProtos.WebSocketMessage.decode(payload);
    if (ws.type !== SessionProtos.WebSocketMessage.Type.REQUEST || ws.request?.body == null)
      throw fail('no request');
    env = SessionProtos.Envelope.decode(ws.request.body);
  } catch (e) {
    throw isSessionError(e) ? e : fail('protobuf', e);
  }
  if (env.content == null) throw fail('no envelope content');
  let signed: Uint8Array;
  try {
    signed = sodium.crypto_box_seal_open(env.content, keys.x25519Pk, keys.x25519Sk);
  } catch (e) {
    throw fail('sealed box does not open', e);
  }
  if (signed.length < 96 + 1) throw fail('too short');
  const m = signed.subarray(0, signed.length - 96);
  const a = signed.subarray(signed.length - 96, signed.length - 64);
  const sig = signed.subarray(signed.length - 64);
  if (!bytesEqual(a, keys.ed25519Pk)) throw fail('not signed by this account');
  let ok = false;
  try {
    ok = sodium.crypto_sign_verify_detached(sig, concatBytes(m, a, keys.x25519Pk), a);
  } catch {
    ok = false;
  }
  if (!ok) throw new SessionError('BAD_SIGNATURE', 'wrapped config: bad signature');
  let end = m.length;
  while (end > 0 && m[end - 1] === 0) end--;
  if (end === 0 || m[end - 1] !== 0x80) throw fail('bad padding');
  let content: SessionProtos.Content;
  try {
    content = SessionProtos.Content.decode(m.subarray(0, end - 1));
  } catch (e) {
    throw fail('content protobuf', e);
  }
  const shared = content.sharedConfigMessage;
  if (shared == null || shared.data == null) throw fail('no shared config message');
  if (shared.kind !== USER_CONFIG_KIND[namespace]) throw fail('kind does not match the namespace');
  return shared.data;
}

/**
 * §2.8.5 receiver: a payload is tried as a wrapped message (twice: some old clients wrapped
 * twice); if it is not one, it is raw ciphertext.
 */
export function unwrapUserConfig(
  sodium: Sodium,
  keys: UserKeys,
  namespace: number,
  payload: Uint8Array,
): Uint8Array {
  let out = payload;
  for (let i = 0; i < 2; i++) {
    try {
      out = unwrapOnce(sodium, keys, namespace, out);
    } catch (e) {
      if (!isSessionError(e)) throw e;
      break;
    }
  }
  return out;
}
