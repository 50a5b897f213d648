import { loadSodium } from './sodium.js';

/** Ed25519 / X25519 primitives as bytes in, bytes out (messages.md §1.1). */

export interface Ed25519KeyPair {
  publicKey: Uint8Array;
  /** libsodium layout: seed32 ‖ publicKey (64 bytes). */
  secretKey: Uint8Array;
}

export async function ed25519KeyPairFromSeed(seed32: Uint8Array): Promise<Ed25519KeyPair> {
  if (seed32.length !== 32) throw new RangeError('Ed25519 seed must be 32 bytes');
  const sodium = await loadSodium();
  const kp = sodium.crypto_sign_seed_keypair(seed32);
  return { publicKey: kp.publicKey, secretKey: kp.privateKey };
}

export async function ed25519PkToX25519(edPk: Uint8Array): Promise<Uint8Array> {
  const sodium = await loadSodium();
  return sodium.crypto_sign_ed25519_pk_to_curve25519(edPk);
}

export async function ed25519SkToX25519(edSk: Uint8Array): Promise<Uint8Array> {
  const sodium = await loadSodium();
  return sodium.crypto_sign_ed25519_sk_to_curve25519(edSk);
}

/** X25519 public key of a secret (crypto_scalarmult_base). */
export async function x25519Base(secret: Uint8Array): Promise<Uint8Array> {
  const sodium = await loadSodium();
  return sodium.crypto_scalarmult_base(secret);
}

/** X25519 Diffie-Hellman (the secret is clamped internally). */
export async function x25519(secret: Uint8Array, publicKey: Uint8Array): Promise<Uint8Array> {
  const sodium = await loadSodium();
  return sodium.crypto_scalarmult(secret, publicKey);
}

export async function x25519KeyPair(): Promise<{ publicKey: Uint8Array; secretKey: Uint8Array }> {
  const sodium = await loadSodium();
  const kp = sodium.crypto_box_keypair();
  return { publicKey: kp.publicKey, secretKey: kp.privateKey };
}

/** Detached Ed25519 signature with a 64-byte libsodium secret key. */
export async function sign(message: Uint8Array, edSk64: Uint8Array): Promise<Uint8Array> {
  const sodium = await loadSodium();
  return sodium.crypto_sign_detached(message, edSk64);
}

/** Verifies a detached Ed25519 signature; false (never throws) for malformed input. */
export async function verify(signature: Uint8Array, message: Uint8Array, edPk: Uint8Array): Promise<boolean> {
  if (signature.length !== 64 || edPk.length !== 32) return false;
  const sodium = await loadSodium();
  try {
    return sodium.crypto_sign_verify_detached(signature, message, edPk);
  } catch {
    return false;
  }
}

/** Unkeyed or keyed BLAKE2b with the given output length. */
export async function blake2b(outLen: number, data: Uint8Array, key?: Uint8Array): Promise<Uint8Array> {
  const sodium = await loadSodium();
  return sodium.crypto_generichash(outLen, data, key ?? null);
}

export async function randomBytes(n: number): Promise<Uint8Array> {
  const sodium = await loadSodium();
  return sodium.randombytes_buf(n);
}
