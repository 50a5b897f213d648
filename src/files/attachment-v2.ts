import { loadSodium, type Sodium } from '../crypto/sodium.js';
import { SessionError } from '../errors.js';

/**
 * The deterministic streaming attachment format (messages.md §5.2, libsession "attachment v2"):
 * `'S' ‖ secretstream header(24) ‖ chunks`, the plaintext stream being
 * `0x00 × (P-1) ‖ 0x01 ‖ data` cut into 32 768-byte pieces, the last one tagged FINAL. The
 * 32-byte key alone decrypts it (no digest: each chunk is authenticated).
 */

export const V2_MARKER = 0x53; // 'S'
export const V2_KEY_BYTES = 32;
const HEADER_BYTES = 24;
const PIECE = 32_768;
const ABYTES = 17;
const TAG_MESSAGE = 0;
const TAG_FINAL = 3;
/** The largest plaintext libsession encrypts without `allow_large` (§5.2). */
export const V2_MAX_REGULAR_SIZE = 10_218_286;

function bitFloor(x: number): number {
  return 2 ** Math.floor(Math.log2(x));
}

/** §5.2 `encrypted_padding`: how many padding bytes (≥ 1, including the 0x01) precede the data. */
export function v2PaddingSize(n: number): number {
  const chunks = Math.ceil(n / PIECE);
  const base = n + 1 + HEADER_BYTES + 1 + ABYTES * chunks;
  const factor = bitFloor(Math.max(base, 131_072)) / 32;
  let p = Math.ceil(base / factor) * factor - base + 1;
  let implicit = Math.floor(p / (PIECE + ABYTES)) * ABYTES;
  if (p % (PIECE + ABYTES) > chunks * PIECE - n) implicit += ABYTES;
  p -= implicit;
  return p;
}

/** The blob size for `n` plaintext bytes (§5.2; matches libsession's table in §10.6). */
export function v2EncryptedSize(n: number): number {
  const p = v2PaddingSize(n);
  return 1 + HEADER_BYTES + n + p + ABYTES * Math.ceil((n + p) / PIECE);
}

export interface V2Encrypted {
  blob: Uint8Array;
  /** The 32-byte stream key, for `AttachmentPointer.key`. */
  key: Uint8Array;
  size: number;
}

/**
 * Encrypts in the §5.2 layout with a random key and header (libsodium's own `init_push`).
 * libsession derives key and header from a seed and the data so that equal files give equal
 * blobs; that derivation is sender-local (§5.2) and every receiver decrypts either.
 */
export async function encryptAttachmentV2(
  plaintext: Uint8Array,
  opts: { key?: Uint8Array; sodium?: Sodium } = {},
): Promise<V2Encrypted> {
  const sodium = opts.sodium ?? (await loadSodium());
  const key = opts.key ?? sodium.crypto_secretstream_xchacha20poly1305_keygen();
  const p = v2PaddingSize(plaintext.length);
  const stream = new Uint8Array(p + plaintext.length);
  stream[p - 1] = 0x01;
  stream.set(plaintext, p);
  const { state, header } = sodium.crypto_secretstream_xchacha20poly1305_init_push(key);
  const out = new Uint8Array(v2EncryptedSize(plaintext.length));
  out[0] = V2_MARKER;
  out.set(header, 1);
  let at = 1 + HEADER_BYTES;
  for (let off = 0; off < stream.length; off += PIECE) {
    const last = off + PIECE >= stream.length;
    const c = sodium.crypto_secretstream_xchacha20poly1305_push(
      state,
      stream.subarray(off, Math.min(off + PIECE, stream.length)),
      null,
      last ? TAG_FINAL : TAG_MESSAGE,
    );
    out.set(c, at);
    at += c.length;
  }
  if (at !== out.length) throw new Error(`v2 size formula disagrees: ${at} != ${out.length}`);
  return { blob: out, key, size: plaintext.length };
}

function corrupt(reason: string, message = 'invalid key or corrupted data'): SessionError {
  return new SessionError('DECRYPT_FAILED', `the attachment could not be decrypted: ${message}`, {
    details: { format: 'v2', reason },
  });
}

/**
 * §5.2 decryption: every chunk must authenticate, FINAL exactly on the last one, then the
 * leading padding (zeros and one 0x01) is removed. Nothing is returned unless all of it holds.
 */
export async function decryptAttachmentV2(
  blob: Uint8Array,
  key: Uint8Array,
  opts: { sodium?: Sodium } = {},
): Promise<Uint8Array> {
  if (key.length !== V2_KEY_BYTES) {
    throw new SessionError(
      'INVALID_INPUT',
      `an attachment key of this format is 32 bytes, not ${key.length}`,
      {
        details: { reason: 'key-length' },
      },
    );
  }
  if (blob.length === 0 || blob[0] !== V2_MARKER)
    throw corrupt('format', 'unknown format (no stream marker)');
  if (blob.length < 1 + HEADER_BYTES + ABYTES) throw corrupt('length', 'too short');
  const sodium = opts.sodium ?? (await loadSodium());
  let state;
  try {
    state = sodium.crypto_secretstream_xchacha20poly1305_init_pull(blob.subarray(1, 1 + HEADER_BYTES), key);
  } catch {
    throw corrupt('header');
  }
  const out = new Uint8Array(blob.length);
  let written = 0;
  let sawFinal = false;
  for (let off = 1 + HEADER_BYTES; off < blob.length; off += PIECE + ABYTES) {
    if (sawFinal) throw corrupt('after-final', 'data after the final chunk');
    const chunk = blob.subarray(off, Math.min(off + PIECE + ABYTES, blob.length));
    let r: { message: Uint8Array; tag: number } | false;
    try {
      r = sodium.crypto_secretstream_xchacha20poly1305_pull(state, chunk, null);
    } catch {
      r = false;
    }
    if (!r) throw corrupt('chunk');
    if (r.tag === TAG_FINAL) sawFinal = true;
    else if (r.tag !== TAG_MESSAGE) throw corrupt('tag', `unexpected chunk tag ${r.tag}`);
    out.set(r.message, written);
    written += r.message.length;
  }
  if (!sawFinal) throw corrupt('truncated', 'the stream ends without its final chunk');
  let i = 0;
  while (i < written && out[i] === 0x00) i++;
  if (i >= written || out[i] !== 0x01) throw corrupt('padding', 'invalid padding');
  return out.subarray(i + 1, written);
}
