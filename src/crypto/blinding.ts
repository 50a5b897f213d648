import { concatBytes, fromHex, toHex, utf8 } from '../encoding/bytes.js';
import { SessionError } from '../errors.js';
import { loadSodium, type Sodium } from './sodium.js';

/**
 * Community (SOGS) key blinding, communities.md §5.
 *
 * 15-blinding is what servers accept today (§1): one factor k per server, blinded key kA = k·A.
 * 25-blinding is computed only to recognise our own ids (§5.3, §5.4). All scalar arithmetic is
 * libsodium's (mod L); the only thing libsodium lacks is the Montgomery → Edwards conversion of a
 * Session ID (§5.1), done here with BigInt.
 */

export type Blind15NonceVariant = 'libsession' | 'seed';

const P = (1n << 255n) - 19n;

function hexKey(hex: string, what: string, prefix?: string): Uint8Array {
  let h = hex;
  if (prefix !== undefined) {
    if (h.length !== 66 || !h.toLowerCase().startsWith(prefix)) {
      throw new SessionError('INVALID_INPUT', `${what} must be 66 hex characters starting with ${prefix}`);
    }
    h = h.slice(2);
  }
  if (!/^[0-9a-fA-F]{64}$/.test(h))
    throw new SessionError('INVALID_INPUT', `${what} must be 64 hex characters`);
  return fromHex(h.toLowerCase(), what);
}

function serverKey(serverPkHex: string): Uint8Array {
  return hexKey(serverPkHex, 'community server public key');
}

function checkSecretKey(edSecretKey64: Uint8Array): void {
  if (edSecretKey64.length !== 64)
    throw new RangeError('Ed25519 secret key must be 64 bytes (seed ‖ public key)');
}

function modPow(base: bigint, exp: bigint): bigint {
  let result = 1n;
  let b = base % P;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % P;
    b = (b * b) % P;
    e >>= 1n;
  }
  return result;
}

function bytesToBigLE(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
  return n;
}

function bigToBytesLE(n: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let v = n;
  for (let i = 0; i < 32; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/**
 * The Edwards point |A| for a Montgomery u (an X25519 key / Session ID without prefix), with the
 * sign bit 0 (§5.1): y = (u − 1)/(u + 1) mod p. The real key is |A| or −|A|.
 */
export function xed25519PublicKey(x25519Pk: Uint8Array): Uint8Array {
  if (x25519Pk.length !== 32) throw new RangeError('X25519 public key must be 32 bytes');
  const u = bytesToBigLE(x25519Pk) & ((1n << 255n) - 1n);
  const y = (((u - 1n + P) % P) * modPow((u + 1n) % P, P - 2n)) % P;
  return bigToBytesLE(y);
}

/** k = reduce(BLAKE2b-512(B)) (§5.2.1). */
export async function blind15Factor(serverPkHex: string): Promise<Uint8Array> {
  const sodium = await loadSodium();
  return sodium.crypto_core_ed25519_scalar_reduce(
    sodium.crypto_generichash(64, serverKey(serverPkHex), null),
  );
}

/** k = reduce(BLAKE2b-512(05 ‖ X ‖ B)) (§5.3.1). */
export async function blind25Factor(sessionIdHex: string, serverPkHex: string): Promise<Uint8Array> {
  const sodium = await loadSodium();
  const x = hexKey(sessionIdHex, 'Session ID', '05');
  return sodium.crypto_core_ed25519_scalar_reduce(
    sodium.crypto_generichash(64, concatBytes(Uint8Array.of(0x05), x, serverKey(serverPkHex)), null),
  );
}

/**
 * The positive candidate k·|A| of someone's 15-blinded key from their Session ID (§5.2.3). Their
 * real key is this or the same with the top bit of byte 31 flipped.
 */
export async function blind15PublicKeyFromSessionId(
  sessionIdHex: string,
  serverPkHex: string,
): Promise<Uint8Array> {
  const sodium = await loadSodium();
  const absA = xed25519PublicKey(hexKey(sessionIdHex, 'Session ID', '05'));
  return sodium.crypto_scalarmult_ed25519_noclamp(await blind15Factor(serverPkHex), absA);
}

/** '15' + hex of the positive candidate (§5.2.3; libsession `blind15_id`). */
export async function blind15IdFromSessionId(sessionIdHex: string, serverPkHex: string): Promise<string> {
  return '15' + toHex(await blind15PublicKeyFromSessionId(sessionIdHex, serverPkHex));
}

/** Both 15 candidates: [positive, flipped]. */
export async function blind15IdsFromSessionId(
  sessionIdHex: string,
  serverPkHex: string,
): Promise<[string, string]> {
  const pos = await blind15PublicKeyFromSessionId(sessionIdHex, serverPkHex);
  const neg = pos.slice();
  neg[31] = neg[31]! ^ 0x80;
  return ['15' + toHex(pos), '15' + toHex(neg)];
}

/** Whether a 15 id belongs to the Session ID (ignoring the lost sign bit, §5.4). */
export async function sessionIdMatchesBlinded15(
  sessionIdHex: string,
  blindedIdHex: string,
  serverPkHex: string,
): Promise<boolean> {
  const [pos, neg] = await blind15IdsFromSessionId(sessionIdHex, serverPkHex);
  const id = blindedIdHex.toLowerCase();
  return id === pos || id === neg;
}

/** The clamped Ed25519 private scalar a (= the X25519 secret key). */
function privateScalar(sodium: Sodium, edSecretKey64: Uint8Array): Uint8Array {
  return sodium.crypto_sign_ed25519_sk_to_curve25519(edSecretKey64);
}

/** Our own 15 key pair: ka = k·a, kA = ka·G (§5.2.2; carries our real sign). */
export async function blind15KeyPair(
  edSecretKey64: Uint8Array,
  serverPkHex: string,
): Promise<{ publicKey: Uint8Array; secretScalar: Uint8Array }> {
  checkSecretKey(edSecretKey64);
  const sodium = await loadSodium();
  const k = await blind15Factor(serverPkHex);
  const ka = sodium.crypto_core_ed25519_scalar_mul(k, privateScalar(sodium, edSecretKey64));
  return { publicKey: sodium.crypto_scalarmult_ed25519_base_noclamp(ka), secretScalar: ka };
}

/** Our own 15 id ('15' + hex(kA)). */
export async function blind15Id(edSecretKey64: Uint8Array, serverPkHex: string): Promise<string> {
  return '15' + toHex((await blind15KeyPair(edSecretKey64, serverPkHex)).publicKey);
}

/**
 * A 15-blinded signature (§5.2.4), verifiable with crypto_sign_verify_detached and kA.
 * `variant` picks the nonce derivation: 'libsession' hashes the 64-byte secret key (libsession,
 * iOS; the §18.3 vectors), 'seed' the 32-byte seed (desktop, pysogs' tests; the §18.4 vectors).
 * Verifiers cannot tell them apart.
 */
export async function blind15Sign(
  message: Uint8Array,
  edSecretKey64: Uint8Array,
  serverPkHex: string,
  variant: Blind15NonceVariant = 'libsession',
): Promise<Uint8Array> {
  checkSecretKey(edSecretKey64);
  const sodium = await loadSodium();
  const { publicKey: kA, secretScalar: ka } = await blind15KeyPair(edSecretKey64, serverPkHex);
  const nonceSource = variant === 'seed' ? edSecretKey64.subarray(0, 32) : edSecretKey64;
  const prefix = sodium.crypto_hash_sha512(nonceSource).subarray(32, 64);
  return blindedSignature(
    sodium,
    message,
    kA,
    ka,
    sodium.crypto_hash_sha512(concatBytes(prefix, kA, message)),
  );
}

function blindedSignature(
  sodium: Sodium,
  message: Uint8Array,
  kA: Uint8Array,
  ka: Uint8Array,
  nonceHash64: Uint8Array,
): Uint8Array {
  const r = sodium.crypto_core_ed25519_scalar_reduce(nonceHash64);
  const R = sodium.crypto_scalarmult_ed25519_base_noclamp(r);
  const h = sodium.crypto_core_ed25519_scalar_reduce(sodium.crypto_hash_sha512(concatBytes(R, kA, message)));
  const S = sodium.crypto_core_ed25519_scalar_add(r, sodium.crypto_core_ed25519_scalar_mul(h, ka));
  return concatBytes(R, S);
}

/** Someone's 25 id from their Session ID (§5.3.2; no sign ambiguity). */
export async function blind25IdFromSessionId(sessionIdHex: string, serverPkHex: string): Promise<string> {
  const sodium = await loadSodium();
  const absA = xed25519PublicKey(hexKey(sessionIdHex, 'Session ID', '05'));
  const k = await blind25Factor(sessionIdHex, serverPkHex);
  return '25' + toHex(sodium.crypto_scalarmult_ed25519_noclamp(k, absA));
}

/** Our own 25 key pair (§5.3.3): k negated when our real A is negative, so kA = k·|A|. */
export async function blind25KeyPair(
  edSecretKey64: Uint8Array,
  serverPkHex: string,
): Promise<{ publicKey: Uint8Array; secretScalar: Uint8Array }> {
  checkSecretKey(edSecretKey64);
  const sodium = await loadSodium();
  const sessionId = '05' + toHex(sodium.crypto_sign_ed25519_pk_to_curve25519(edSecretKey64.subarray(32, 64)));
  const k = await blind25Factor(sessionId, serverPkHex);
  const kSigned = (edSecretKey64[63]! & 0x80) !== 0 ? sodium.crypto_core_ed25519_scalar_negate(k) : k;
  const ka = sodium.crypto_core_ed25519_scalar_mul(kSigned, privateScalar(sodium, edSecretKey64));
  return { publicKey: sodium.crypto_scalarmult_ed25519_base_noclamp(ka), secretScalar: ka };
}

/** Our own 25 id. */
export async function blind25Id(edSecretKey64: Uint8Array, serverPkHex: string): Promise<string> {
  return '25' + toHex((await blind25KeyPair(edSecretKey64, serverPkHex)).publicKey);
}

/** A 25-blinded signature (§5.3.4): keyed BLAKE2b for the nonce. */
export async function blind25Sign(
  message: Uint8Array,
  edSecretKey64: Uint8Array,
  serverPkHex: string,
): Promise<Uint8Array> {
  checkSecretKey(edSecretKey64);
  const sodium = await loadSodium();
  const { publicKey: kA, secretScalar: ka } = await blind25KeyPair(edSecretKey64, serverPkHex);
  const seedHash = sodium.crypto_generichash(32, edSecretKey64.subarray(0, 32), utf8('SessCommBlind25_seed'));
  const nonceHash = sodium.crypto_generichash(
    64,
    concatBytes(seedHash, kA, message),
    utf8('SessCommBlind25_sig'),
  );
  return blindedSignature(sodium, message, kA, ka, nonceHash);
}

/**
 * XEd25519 verification against an X25519 key (§8.9, for `05` authors on unblinded servers): the
 * Edwards key is |A| with the sign bit taken from the signature's top bit, which is then cleared.
 */
export async function xed25519Verify(
  signature: Uint8Array,
  message: Uint8Array,
  x25519Pk: Uint8Array,
): Promise<boolean> {
  if (signature.length !== 64 || x25519Pk.length !== 32) return false;
  const sodium = await loadSodium();
  const edPk = xed25519PublicKey(x25519Pk);
  edPk[31] = (edPk[31]! & 0x7f) | (signature[63]! & 0x80);
  const sig = signature.slice();
  sig[63] = sig[63]! & 0x7f;
  try {
    return sodium.crypto_sign_verify_detached(sig, message, edPk);
  } catch {
    return false;
  }
}

/** All the ids that are ours on a server (§5.4): 05, 15, 25 and 00. */
export async function ownCommunityIds(edSecretKey64: Uint8Array, serverPkHex: string): Promise<Set<string>> {
  const sodium = await loadSodium();
  const edPk = edSecretKey64.subarray(32, 64);
  return new Set([
    '05' + toHex(sodium.crypto_sign_ed25519_pk_to_curve25519(edPk)),
    '00' + toHex(edPk),
    await blind15Id(edSecretKey64, serverPkHex),
    await blind25Id(edSecretKey64, serverPkHex),
  ]);
}

/**
 * The same set as ownCommunityIds, from public keys only (no unlock: `conversation list`): the
 * 15 id's sign bit is lost in the Session ID (§5.4), so both 15 candidates are in it.
 */
export async function ownCommunityIdsFromPublic(
  accountId: string,
  edPkHex: string,
  serverPkHex: string,
): Promise<Set<string>> {
  return new Set([
    accountId,
    '00' + edPkHex.toLowerCase(),
    ...(await blind15IdsFromSessionId(accountId, serverPkHex)),
    await blind25IdFromSessionId(accountId, serverPkHex),
  ]);
}

/** The 32 key bytes of a 15/25 id (for signature verification). */
export function blindedIdKey(blindedIdHex: string): Uint8Array {
  if (!/^(15|25)[0-9a-fA-F]{64}$/.test(blindedIdHex)) {
    throw new SessionError('INVALID_INPUT', 'a blinded id is 66 hex characters starting with 15 or 25');
  }
  return fromHex(blindedIdHex.slice(2).toLowerCase());
}
