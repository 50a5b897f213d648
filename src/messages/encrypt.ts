import { loadSodium } from '../crypto/sodium.js';
import { concatBytes, toHex } from '../encoding/bytes.js';
import { SessionError } from '../errors.js';

/**
 * The 1:1 "Session protocol" (messages.md §2.2–§2.4): the sender signs M ‖ A ‖ Y with Ed25519,
 * then seals M ‖ A ‖ sig to the recipient's X25519 key. The receiver learns the sender only from
 * the decrypted A.
 */
export interface SenderKeys {
  ed25519Sk: Uint8Array; // 64 bytes
  ed25519Pk: Uint8Array;
  seed32?: Uint8Array;
}

function recipientKey(y: Uint8Array): Uint8Array {
  if (y.length === 33 && y[0] === 0x05) return y.subarray(1);
  if (y.length !== 32) throw new SessionError('INVALID_ACCOUNT_ID', 'recipient X25519 key must be 32 bytes');
  return y;
}

/** `M ‖ A ‖ sig(M ‖ A ‖ Y)`: what both variants seal (Y itself is signed but not included). */
async function signedInner(sender: SenderKeys, y: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
  const sodium = await loadSodium();
  const sig = sodium.crypto_sign_detached(concatBytes(message, sender.ed25519Pk, y), sender.ed25519Sk);
  return concatBytes(message, sender.ed25519Pk, sig);
}

export async function encryptForRecipient(
  sender: SenderKeys,
  recipientX25519: Uint8Array,
  message: Uint8Array,
): Promise<Uint8Array> {
  const sodium = await loadSodium();
  const y = recipientKey(recipientX25519);
  return sodium.crypto_box_seal(await signedInner(sender, y, message), y);
}

/** §2.3: the sealed box's ephemeral key derived from seed, recipient and message (test vectors). */
export async function encryptForRecipientDeterministic(
  sender: SenderKeys & { seed32: Uint8Array },
  recipientX25519: Uint8Array,
  message: Uint8Array,
): Promise<Uint8Array> {
  const sodium = await loadSodium();
  const y = recipientKey(recipientX25519);
  const inner = await signedInner(sender, y, message);
  const ephSeed = sodium.crypto_generichash(
    32,
    concatBytes(sender.seed32, y, message),
    new TextEncoder().encode('SessionBoxEphemeralHashKey'),
  );
  const eph = sodium.crypto_box_seed_keypair(ephSeed);
  const nonce = sodium.crypto_generichash(24, concatBytes(eph.publicKey, y), null);
  return concatBytes(eph.publicKey, sodium.crypto_box_easy(inner, nonce, y, eph.privateKey));
}

export interface Decrypted {
  plaintext: Uint8Array;
  senderEd25519Pk: Uint8Array;
  /** "05…" from the sender's Ed25519 key. */
  sender: string;
}

export async function decryptIncoming(
  own: { x25519Pk: Uint8Array; x25519Sk: Uint8Array },
  ciphertext: Uint8Array,
): Promise<Decrypted> {
  if (ciphertext.length < 48 + 32 + 64) throw new SessionError('DECRYPT_FAILED', 'ciphertext too short');
  const sodium = await loadSodium();
  let inner: Uint8Array;
  try {
    inner = sodium.crypto_box_seal_open(ciphertext, own.x25519Pk, own.x25519Sk);
  } catch (cause) {
    throw new SessionError('DECRYPT_FAILED', 'cannot open the sealed box (not for us, or corrupted)', {
      cause,
    });
  }
  const m = inner.subarray(0, inner.length - 96);
  const a = inner.subarray(inner.length - 96, inner.length - 64);
  const sig = inner.subarray(inner.length - 64);
  let ok = false;
  try {
    ok = sodium.crypto_sign_verify_detached(sig, concatBytes(m, a, own.x25519Pk), a);
  } catch {
    ok = false;
  }
  if (!ok) throw new SessionError('BAD_SIGNATURE', 'the sender signature does not verify');
  let x: Uint8Array;
  try {
    x = sodium.crypto_sign_ed25519_pk_to_curve25519(a);
  } catch (cause) {
    throw new SessionError('BAD_SIGNATURE', 'the sender key is not a valid Ed25519 key', { cause });
  }
  return { plaintext: m, senderEd25519Pk: a, sender: `05${toHex(x)}` };
}
