import { createCipheriv, createDecipheriv, createHmac, randomBytes as nodeRandomBytes } from 'node:crypto';
import { SessionError } from '../errors.js';
import { concatBytes, toHex } from '../encoding/bytes.js';
import { loadSodium } from './sodium.js';

/**
 * Onion "hop encryption" (network.md §4.2): one fresh ephemeral X25519 key per layer, a symmetric
 * key derived from the shared secret, and an AEAD. Both the client (building layers) and a server
 * (peeling one) use these functions; the reply of a destination reuses the request's key.
 */
export type EncType = 'aes-gcm' | 'xchacha20';

const GCM_IV = 12;
const GCM_TAG = 16;
const XCHACHA_NONCE = 24;
const LOKI = new TextEncoder().encode('LOKI');

export function parseEncType(value: unknown): EncType {
  if (value === undefined || value === null) return 'aes-gcm';
  switch (value) {
    case 'aes-gcm':
    case 'gcm':
      return 'aes-gcm';
    case 'xchacha20':
    case 'xchacha20-poly1305':
      return 'xchacha20';
    default:
      throw new SessionError('INVALID_INPUT', `unknown enc_type ${JSON.stringify(value)}`);
  }
}

/**
 * Derives the layer key. `clientPublic` is the ephemeral key of whoever built the layer and
 * `serverPublic` the static key of the node/server; xchacha20 hashes both in that order in both
 * directions, aes-gcm only uses the shared secret.
 */
async function deriveKey(
  encType: EncType,
  ownSecret: Uint8Array,
  otherPublic: Uint8Array,
  clientPublic: Uint8Array,
  serverPublic: Uint8Array,
): Promise<Uint8Array> {
  const sodium = await loadSodium();
  let shared: Uint8Array;
  try {
    shared = sodium.crypto_scalarmult(ownSecret, otherPublic);
  } catch (cause) {
    throw new SessionError('DECRYPT_FAILED', 'invalid X25519 key for onion layer', { cause });
  }
  if (encType === 'aes-gcm') {
    return new Uint8Array(createHmac('sha256', LOKI).update(shared).digest());
  }
  return sodium.crypto_generichash(32, concatBytes(shared, clientPublic, serverPublic), null);
}

/**
 * The key half of an aes-gcm layer to one node key, made before the layer is (crypto/hop-keys.ts):
 * a fresh ephemeral X25519 key pair and the layer key derived with it. Used for one layer only.
 */
export interface PreparedHop {
  /** The node/server X25519 key it was made for (hex). */
  recipientHex: string;
  ephemeralPublic: Uint8Array;
  key: Uint8Array;
}

/** The ephemeral public key for `ephemeralSecret` and the layer key it makes with the recipient's. */
async function layerKey(
  encType: EncType,
  ephemeralSecret: Uint8Array,
  recipientX25519Pk: Uint8Array,
): Promise<{ ephemeralPublic: Uint8Array; key: Uint8Array }> {
  const sodium = await loadSodium();
  const ephemeralPublic = sodium.crypto_scalarmult_base(ephemeralSecret);
  const key = await deriveKey(
    encType,
    ephemeralSecret,
    recipientX25519Pk,
    ephemeralPublic,
    recipientX25519Pk,
  );
  return { ephemeralPublic, key };
}

/** A fresh ephemeral key pair for `recipientX25519Pk` and the aes-gcm layer key (what hopEncrypt does first). */
export async function prepareHop(recipientX25519Pk: Uint8Array): Promise<PreparedHop> {
  const sodium = await loadSodium();
  const ephemeralSecret = sodium.randombytes_buf(32);
  try {
    return {
      recipientHex: toHex(recipientX25519Pk),
      ...(await layerKey('aes-gcm', ephemeralSecret, recipientX25519Pk)),
    };
  } finally {
    // only the public half is kept: the layer key is all the layer needs
    sodium.memzero(ephemeralSecret);
  }
}

export interface HopEncryptOptions {
  /** Fixed ephemeral X25519 secret (test vectors only). */
  ephemeralSecret?: Uint8Array;
  /**
   * Key material made ahead for this recipient (aes-gcm only; ignored for xchacha20 or a fixed
   * `ephemeralSecret`).
   */
  prepared?: PreparedHop;
  /** Fixed iv (12 bytes, aes-gcm) or nonce (24 bytes, xchacha20) (test vectors only). */
  nonce?: Uint8Array;
}

export interface HopEncrypted {
  ciphertext: Uint8Array;
  ephemeralPublic: Uint8Array;
  /** Kept by the client to decrypt the destination's reply. */
  key: Uint8Array;
}

/** Client side: encrypts `plaintext` to a node/server X25519 key with a fresh ephemeral key. */
export async function hopEncrypt(
  encType: EncType,
  plaintext: Uint8Array,
  recipientX25519Pk: Uint8Array,
  opts: HopEncryptOptions = {},
): Promise<HopEncrypted> {
  const prepared = opts.prepared;
  // (made for another key, it would seal a layer its node cannot open: then a fresh one is made)
  if (
    prepared !== undefined &&
    encType === 'aes-gcm' &&
    opts.ephemeralSecret === undefined &&
    prepared.recipientHex === toHex(recipientX25519Pk)
  ) {
    const ciphertext = await hopEncryptWithKey(encType, prepared.key, plaintext, opts.nonce);
    return { ciphertext, ephemeralPublic: prepared.ephemeralPublic, key: prepared.key };
  }
  const sodium = await loadSodium();
  const ephemeralSecret = opts.ephemeralSecret ?? sodium.randombytes_buf(32);
  const { ephemeralPublic, key } = await layerKey(encType, ephemeralSecret, recipientX25519Pk);
  const ciphertext = await hopEncryptWithKey(encType, key, plaintext, opts.nonce);
  return { ciphertext, ephemeralPublic, key };
}

/** Server side: the layer key from our static X25519 key pair and the sender's ephemeral key. */
export async function hopServerKey(
  encType: EncType,
  ownX25519Secret: Uint8Array,
  ownX25519Public: Uint8Array,
  remoteEphemeralPublic: Uint8Array,
): Promise<Uint8Array> {
  if (remoteEphemeralPublic.length !== 32) {
    throw new SessionError('DECRYPT_FAILED', 'ephemeral key must be 32 bytes');
  }
  return deriveKey(encType, ownX25519Secret, remoteEphemeralPublic, remoteEphemeralPublic, ownX25519Public);
}

export async function hopEncryptWithKey(
  encType: EncType,
  key: Uint8Array,
  plaintext: Uint8Array,
  nonce?: Uint8Array,
): Promise<Uint8Array> {
  if (encType === 'aes-gcm') {
    const iv = nonce ?? new Uint8Array(nodeRandomBytes(GCM_IV));
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = concatBytes(cipher.update(plaintext), cipher.final());
    return concatBytes(iv, body, cipher.getAuthTag());
  }
  const sodium = await loadSodium();
  const n = nonce ?? sodium.randombytes_buf(XCHACHA_NONCE);
  const ct = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, null, null, n, key);
  return concatBytes(n, ct);
}

/** Opens a layer; any failure (short blob, bad tag) is DECRYPT_FAILED. */
export async function hopDecryptWithKey(
  encType: EncType,
  key: Uint8Array,
  blob: Uint8Array,
): Promise<Uint8Array> {
  if (encType === 'aes-gcm') {
    if (blob.length < GCM_IV + GCM_TAG) throw new SessionError('DECRYPT_FAILED', 'onion layer too short');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(0, GCM_IV));
      decipher.setAuthTag(blob.subarray(blob.length - GCM_TAG));
      return concatBytes(decipher.update(blob.subarray(GCM_IV, blob.length - GCM_TAG)), decipher.final());
    } catch (cause) {
      throw new SessionError('DECRYPT_FAILED', 'onion layer authentication failed', { cause });
    }
  }
  if (blob.length < XCHACHA_NONCE + 16) throw new SessionError('DECRYPT_FAILED', 'onion layer too short');
  const sodium = await loadSodium();
  try {
    return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      blob.subarray(XCHACHA_NONCE),
      null,
      blob.subarray(0, XCHACHA_NONCE),
      key,
    );
  } catch (cause) {
    throw new SessionError('DECRYPT_FAILED', 'onion layer authentication failed', { cause });
  }
}
