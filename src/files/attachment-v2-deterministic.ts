import { loadSodium, type Sodium } from '../crypto/sodium.js';
import { V2_MARKER, v2EncryptedSize, v2PaddingSize, type V2Encrypted } from './attachment-v2.js';

/**
 * Deterministic §5.2 encryption: the key and the secretstream header are derived from a sender
 * seed and the plaintext, so the same sender uploading the same file makes the same blob (the file
 * server can deduplicate it) and nothing random leaks into it. libsodium has no "push with a
 * chosen header", so the push is written out from its documented construction (§5.2): per chunk a
 * ChaCha20 block 0 gives the Poly1305 key, the tag byte is encrypted in block 1, the message from
 * block 2; the MAC covers the encrypted tag block, the ciphertext, libsodium's padding and the
 * lengths; then the MAC's first 8 bytes are xored into the nonce and the counter is incremented.
 * Any receiver decrypts the result with stock `init_pull`/`pull` (tested).
 */

export type V2Domain = 'attachment' | 'profile-pic';

const PIECE = 32_768;
const TAG_MESSAGE = 0;
const TAG_FINAL = 3;

/**
 * `nonce_key(56) = BLAKE2b(key = one domain byte, data = seed ‖ plaintext)`; header = first 24
 * bytes, key = last 32 (the older libsession derivation, §5.2; which one a sender uses does not
 * matter to receivers).
 */
export function deriveV2KeyAndHeader(
  sodium: Sodium,
  seed: Uint8Array,
  plaintext: Uint8Array,
  domain: V2Domain,
): { key: Uint8Array; header: Uint8Array } {
  if (seed.length !== 32) throw new RangeError('the seed is 32 bytes');
  const state = sodium.crypto_generichash_init(Uint8Array.from([domain === 'attachment' ? 0x00 : 0x01]), 56);
  sodium.crypto_generichash_update(state, seed);
  sodium.crypto_generichash_update(state, plaintext);
  const nk = sodium.crypto_generichash_final(state, 56);
  return { header: nk.subarray(0, 24), key: nk.subarray(24, 56) };
}

function le64(n: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(n), true);
  return b;
}

/** One secretstream push with explicit state (k, nonce), as libsodium computes it. */
function pushChunk(sodium: Sodium, k: Uint8Array, nonce: Uint8Array, m: Uint8Array, tag: number): Uint8Array {
  const block0 = sodium.crypto_stream_chacha20_ietf_xor_ic(new Uint8Array(64), nonce, 0, k);
  const polyKey = block0.subarray(0, 32);
  const tagBlock = new Uint8Array(64);
  tagBlock[0] = tag;
  const encTagBlock = sodium.crypto_stream_chacha20_ietf_xor_ic(tagBlock, nonce, 1, k);
  const c = sodium.crypto_stream_chacha20_ietf_xor_ic(m, nonce, 2, k);
  const padLen = m.length % 16; // libsodium's (0x10 - 64 + mlen) & 0xf
  const macInput = new Uint8Array(64 + c.length + padLen + 16);
  macInput.set(encTagBlock, 0);
  macInput.set(c, 64);
  macInput.set(le64(0), 64 + c.length + padLen);
  macInput.set(le64(64 + c.length), 64 + c.length + padLen + 8);
  const mac = sodium.crypto_onetimeauth(macInput, polyKey);
  const out = new Uint8Array(1 + c.length + 16);
  out[0] = encTagBlock[0]!;
  out.set(c, 1);
  out.set(mac, 1 + c.length);
  for (let i = 0; i < 8; i++) nonce[4 + i]! ^= mac[i]!;
  // increment the LE32 counter (never wraps: at most ~320 chunks)
  const counter = new DataView(nonce.buffer, nonce.byteOffset, 4);
  counter.setUint32(0, (counter.getUint32(0, true) + 1) >>> 0, true);
  return out;
}

export async function encryptAttachmentV2Deterministic(
  plaintext: Uint8Array,
  seed: Uint8Array,
  opts: { domain?: V2Domain; sodium?: Sodium } = {},
): Promise<V2Encrypted> {
  const sodium = opts.sodium ?? (await loadSodium());
  const { key, header } = deriveV2KeyAndHeader(sodium, seed, plaintext, opts.domain ?? 'attachment');
  return {
    blob: encryptV2WithHeader(sodium, plaintext, key, header),
    key: new Uint8Array(key),
    size: plaintext.length,
  };
}

/** The §5.2 blob for a given key and header (what libsodium's push would make with that header). */
export function encryptV2WithHeader(
  sodium: Sodium,
  plaintext: Uint8Array,
  key: Uint8Array,
  header: Uint8Array,
): Uint8Array {
  if (key.length !== 32 || header.length !== 24) throw new RangeError('key 32 bytes, header 24 bytes');
  const k = sodium.crypto_core_hchacha20(header.subarray(0, 16), key, null);
  const nonce = new Uint8Array(12);
  nonce[0] = 1;
  nonce.set(header.subarray(16, 24), 4);
  const p = v2PaddingSize(plaintext.length);
  const stream = new Uint8Array(p + plaintext.length);
  stream[p - 1] = 0x01;
  stream.set(plaintext, p);
  const out = new Uint8Array(v2EncryptedSize(plaintext.length));
  out[0] = V2_MARKER;
  out.set(header, 1);
  let at = 25;
  for (let off = 0; off < stream.length; off += PIECE) {
    const last = off + PIECE >= stream.length;
    const c = pushChunk(
      sodium,
      k,
      nonce,
      stream.subarray(off, Math.min(off + PIECE, stream.length)),
      last ? TAG_FINAL : TAG_MESSAGE,
    );
    out.set(c, at);
    at += c.length;
  }
  if (at !== out.length) throw new Error(`v2 size formula disagrees: ${at} != ${out.length}`);
  return out;
}
