import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { SessionError } from '../errors.js';

/**
 * The legacy attachment format (messages.md §5.1), what desktop and iOS send today:
 * `IV(16) ‖ AES-256-CBC(aesKey, IV, padded) ‖ HMAC-SHA256(macKey, IV ‖ CT)` with a 64-byte key
 * `aesKey ‖ macKey`, zero padding to a size that hides the exact length, and
 * `digest = SHA-256(blob)` carried in the pointer.
 */

/** The largest plaintext a sender may attach (desktop, iOS and libsession client constant). */
export const MAX_ATTACHMENT_SIZE = 10_000_000;
/** The largest body the file server takes (§5.5; our devnet enforces the same). */
export const MAX_UPLOAD_SIZE = 10_000_000;

const IV_BYTES = 16;
const MAC_BYTES = 32;
export const V1_KEY_BYTES = 64;

/** §5.1 padding: 1.05^ceil(log_1.05(len)), at least 541, capped at 10 000 000 for allowed sizes. */
export function legacyPaddedSize(len: number): number {
  const grown = Math.max(541, Math.floor(Math.pow(1.05, Math.ceil(Math.log(len) / Math.log(1.05)))));
  if (grown > MAX_ATTACHMENT_SIZE && len <= MAX_ATTACHMENT_SIZE) return MAX_ATTACHMENT_SIZE;
  return grown;
}

/** Blob bytes for a padded plaintext: IV + CBC with PKCS#7 (always at least one pad byte) + MAC. */
export function v1BlobSize(paddedLen: number): number {
  return IV_BYTES + (Math.floor(paddedLen / 16) + 1) * 16 + MAC_BYTES;
}

/**
 * The padded size this client uses: §5.1's, but never so large that the blob would exceed the
 * file server's limit (at the top of the range §5.1's cap of 10 000 000 padded bytes makes a
 * 10 000 064-byte blob, which a 10 MB server refuses). Receivers truncate to the pointer's size,
 * so padding less is invisible to them.
 */
export function senderPaddedSize(len: number): number {
  const largestFitting = Math.floor((MAX_UPLOAD_SIZE - IV_BYTES - MAC_BYTES - 16) / 16) * 16 + 15;
  return Math.max(len, Math.min(legacyPaddedSize(len), largestFitting));
}

/** The blob size this client produces for `len` plaintext bytes (checked before any upload). */
export function v1EncryptedSize(len: number): number {
  return v1BlobSize(senderPaddedSize(len));
}

/**
 * The largest blob a conforming sender makes for `size` plaintext bytes: §5.1 padding (or ours,
 * which is never larger). A download beyond this is not what the pointer describes.
 */
export function v1MaxBlobSize(size: number): number {
  return v1BlobSize(Math.max(legacyPaddedSize(size), senderPaddedSize(size)));
}

export interface V1Encrypted {
  blob: Uint8Array;
  /** aesKey ‖ macKey (64 bytes), for `AttachmentPointer.key`. */
  key: Uint8Array;
  /** SHA-256 of the blob, for `AttachmentPointer.digest`. */
  digest: Uint8Array;
  /** Unpadded plaintext length, for `AttachmentPointer.size`. */
  size: number;
}

export function encryptAttachmentV1(
  plaintext: Uint8Array,
  opts: { key?: Uint8Array; iv?: Uint8Array; paddedSize?: number } = {},
): V1Encrypted {
  const key = opts.key ?? new Uint8Array(randomBytes(V1_KEY_BYTES));
  const iv = opts.iv ?? new Uint8Array(randomBytes(IV_BYTES));
  if (key.length !== V1_KEY_BYTES || iv.length !== IV_BYTES) throw new RangeError('bad key or IV length');
  const paddedLen = opts.paddedSize ?? senderPaddedSize(plaintext.length);
  const padded = new Uint8Array(paddedLen);
  padded.set(plaintext);
  const cipher = createCipheriv('aes-256-cbc', key.subarray(0, 32), iv);
  const ct = Buffer.concat([cipher.update(padded), cipher.final()]);
  const mac = createHmac('sha256', key.subarray(32)).update(iv).update(ct).digest();
  const blob = new Uint8Array(Buffer.concat([iv, ct, mac]));
  const digest = new Uint8Array(createHash('sha256').update(blob).digest());
  return { blob, key, digest, size: plaintext.length };
}

function decryptFailed(message: string, reason: string): SessionError {
  return new SessionError('DECRYPT_FAILED', message, { details: { format: 'v1', reason } });
}

/**
 * §5.1 decryption: MAC (constant time) and digest are checked before anything is decrypted, so
 * no byte of a tampered blob ever reaches the caller. The result is truncated to `size`.
 */
export function decryptAttachmentV1(
  blob: Uint8Array,
  key: Uint8Array,
  digest: Uint8Array | undefined,
  size?: number,
): Uint8Array {
  if (key.length !== V1_KEY_BYTES) {
    throw new SessionError(
      'INVALID_INPUT',
      `an attachment key of this format is 64 bytes, not ${key.length}`,
      {
        details: { reason: 'key-length' },
      },
    );
  }
  if (blob.length < IV_BYTES + MAC_BYTES + 16 || (blob.length - IV_BYTES - MAC_BYTES) % 16 !== 0)
    throw decryptFailed(`the attachment is not a valid encrypted blob (${blob.length} bytes)`, 'length');
  const iv = blob.subarray(0, IV_BYTES);
  const ct = blob.subarray(IV_BYTES, blob.length - MAC_BYTES);
  const mac = blob.subarray(blob.length - MAC_BYTES);
  const want = createHmac('sha256', key.subarray(32)).update(iv).update(ct).digest();
  if (!timingSafeEqual(want, mac))
    throw decryptFailed('the attachment failed its MAC check (tampered or wrong key)', 'mac');
  if (!digest) {
    throw decryptFailed(
      'the attachment has no digest: ask the sender to update Session and resend',
      'no-digest',
    );
  }
  const got = createHash('sha256').update(blob).digest();
  if (digest.length !== got.length || !timingSafeEqual(got, digest))
    throw decryptFailed('the attachment does not match its digest', 'digest');
  let plain: Buffer;
  try {
    const d = createDecipheriv('aes-256-cbc', key.subarray(0, 32), iv);
    plain = Buffer.concat([d.update(ct), d.final()]);
  } catch (e) {
    throw new SessionError('DECRYPT_FAILED', 'the attachment could not be decrypted (bad padding)', {
      cause: e,
      details: { format: 'v1', reason: 'padding' },
    });
  }
  if (size === undefined) return new Uint8Array(plain);
  if (plain.length < size)
    throw decryptFailed(
      `the attachment is shorter (${plain.length} bytes) than its pointer says (${size})`,
      'short',
    );
  return new Uint8Array(plain.buffer, plain.byteOffset, size);
}
