import { blind15Factor, blind15KeyPair, blindedIdKey } from '../crypto/blinding.js';
import { loadSodium } from '../crypto/sodium.js';
import { concatBytes, toHex } from '../encoding/bytes.js';
import { SessionError } from '../errors.js';

/**
 * Blinded DMs through a community server's inbox (communities.md §13.2, §13.3): first contact
 * with someone known only by their 15 id. The key is BLAKE2b-256(a·kB ‖ kA ‖ kB) — the sender's
 * blinded key first — so both sides derive it (a·kB = b·kA); the plaintext carries the sender's
 * real Ed25519 key, which the recipient checks against the sender's 15 id before trusting it.
 */

const VERSION = 0x00;
const NONCE_BYTES = 24;
const MAC_BYTES = 16;
const KEY_BYTES = 32;

async function sharedKey(
  ourSk64: Uint8Array,
  theirBlinded: Uint8Array,
  senderBlinded: Uint8Array,
  recipientBlinded: Uint8Array,
  /** A bad point is bad input when we send, a bad message when we receive. */
  badPoint: 'INVALID_INPUT' | 'DECRYPT_FAILED',
): Promise<Uint8Array> {
  const sodium = await loadSodium();
  // `a` is our unblinded (clamped) Ed25519 scalar: a·kB = a·k·b·G = b·kA.
  const a = sodium.crypto_sign_ed25519_sk_to_curve25519(ourSk64);
  let shared: Uint8Array;
  try {
    shared = sodium.crypto_scalarmult_ed25519_noclamp(a, theirBlinded);
  } catch (cause) {
    throw new SessionError(badPoint, 'the blinded id is not a valid key (not a curve point)', { cause });
  }
  return sodium.crypto_generichash(32, concatBytes(shared, senderBlinded, recipientBlinded), null);
}

/** `0x00 ‖ XChaCha20-Poly1305(key, nonce, padded ‖ A) ‖ nonce` for a recipient's 15 id. */
export async function encryptBlindedDm(p: {
  /** The padded Content (§13.2: padded as for room posts). */
  padded: Uint8Array;
  senderSk64: Uint8Array;
  recipientBlindedId: string;
  serverPkHex: string;
  /** Only tests fix it. */
  nonce?: Uint8Array;
}): Promise<Uint8Array> {
  const sodium = await loadSodium();
  const kB = blindedIdKey(p.recipientBlindedId);
  if (!p.recipientBlindedId.startsWith('15'))
    throw new SessionError('INVALID_INPUT', 'community DMs go to 15 blinded ids');
  const kA = (await blind15KeyPair(p.senderSk64, p.serverPkHex)).publicKey;
  const key = await sharedKey(p.senderSk64, kB, kA, kB, 'INVALID_INPUT');
  const nonce = p.nonce ?? sodium.randombytes_buf(NONCE_BYTES);
  const ct = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
    concatBytes(p.padded, p.senderSk64.subarray(32, 64)),
    null,
    null,
    nonce,
    key,
  );
  return concatBytes(Uint8Array.of(VERSION), ct, nonce);
}

export interface OpenedDm {
  /** The padded Content. */
  padded: Uint8Array;
  /** The sender's real Ed25519 key (authenticated against their 15 id). */
  senderEdPk: Uint8Array;
  /** The sender's Account ID (05), from that key. */
  senderSessionId: string;
}

/**
 * Opens an inbox item (we are the recipient: `sender` is theirs) or an outbox item (we sent it:
 * `recipient` is theirs). Anything that does not open or authenticate is DECRYPT_FAILED.
 */
export async function decryptBlindedDm(p: {
  wire: Uint8Array;
  ourSk64: Uint8Array;
  serverPkHex: string;
  senderBlindedId: string;
  recipientBlindedId: string;
}): Promise<OpenedDm> {
  const sodium = await loadSodium();
  if (p.wire.length < 1 + MAC_BYTES + NONCE_BYTES + KEY_BYTES || p.wire[0] !== VERSION)
    throw new SessionError('DECRYPT_FAILED', 'not a version-0 blinded message');
  const kSender = blindedIdKey(p.senderBlindedId);
  const kRecipient = blindedIdKey(p.recipientBlindedId);
  const ours = toHex((await blind15KeyPair(p.ourSk64, p.serverPkHex)).publicKey);
  const outgoing = toHex(kSender) === ours;
  if (!outgoing && toHex(kRecipient) !== ours)
    throw new SessionError('DECRYPT_FAILED', 'this blinded message is neither to nor from us');
  const key = await sharedKey(
    p.ourSk64,
    outgoing ? kRecipient : kSender,
    kSender,
    kRecipient,
    'DECRYPT_FAILED',
  );
  const nonce = p.wire.subarray(p.wire.length - NONCE_BYTES);
  const ct = p.wire.subarray(1, p.wire.length - NONCE_BYTES);
  let pt: Uint8Array;
  try {
    pt = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, ct, null, nonce, key);
  } catch (cause) {
    throw new SessionError('DECRYPT_FAILED', 'the blinded message does not decrypt', { cause });
  }
  if (pt.length < KEY_BYTES)
    throw new SessionError('DECRYPT_FAILED', 'the blinded message has no sender key');
  const padded = pt.subarray(0, pt.length - KEY_BYTES);
  const A = pt.subarray(pt.length - KEY_BYTES);
  // §13.3 step 5: k·A must be the sender's 15 key (the flipped sign is tolerated, as libsession does).
  let kA: Uint8Array;
  let sessionId: string;
  try {
    const k = await blind15Factor(p.serverPkHex);
    kA = sodium.crypto_scalarmult_ed25519_noclamp(k, A);
    sessionId = '05' + toHex(sodium.crypto_sign_ed25519_pk_to_curve25519(A));
  } catch (cause) {
    throw new SessionError('DECRYPT_FAILED', 'the blinded message carries an invalid sender key', { cause });
  }
  const claimed = kSender.slice();
  const flipped = kA.slice();
  flipped[31] = flipped[31]! ^ 0x80;
  if (toHex(kA) !== toHex(claimed) && toHex(flipped) !== toHex(claimed))
    throw new SessionError('DECRYPT_FAILED', "the blinded message's sender key does not match its sender id");
  return { padded: padded.slice(), senderEdPk: A.slice(), senderSessionId: sessionId };
}
