import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SessionError } from '../errors.js';

/**
 * Profile pictures, legacy form (messages.md §5.7, the default every client reads):
 * `IV(12) ‖ AES-256-GCM(profileKey, IV, image) ‖ tag(16)`, with a 32-byte profile key that is
 * reused on re-upload. Node's own AES-GCM: it is the one primitive here libsodium only offers on
 * some CPUs.
 */
export const AVATAR_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Avatars are small pictures; desktop downscales them. A bound keeps a hostile one from costing us. */
export const MAX_AVATAR_BYTES = 5_000_000;

export function newAvatarKey(): Uint8Array {
  return new Uint8Array(randomBytes(AVATAR_KEY_BYTES));
}

export function encryptAvatar(image: Uint8Array, key: Uint8Array, iv?: Uint8Array): Uint8Array {
  if (key.length !== AVATAR_KEY_BYTES) throw new SessionError('INVALID_INPUT', 'an avatar key is 32 bytes');
  if (image.length === 0) throw new SessionError('INVALID_INPUT', 'the avatar file is empty');
  if (image.length > MAX_AVATAR_BYTES)
    throw new SessionError(
      'TOO_LARGE',
      `an avatar is at most ${MAX_AVATAR_BYTES} bytes (this one: ${image.length})`,
    );
  const nonce = iv ?? new Uint8Array(randomBytes(IV_BYTES));
  const c = createCipheriv('aes-256-gcm', key, nonce);
  const body = Buffer.concat([c.update(image), c.final()]);
  const out = new Uint8Array(IV_BYTES + body.length + TAG_BYTES);
  out.set(nonce, 0);
  out.set(body, IV_BYTES);
  out.set(c.getAuthTag(), IV_BYTES + body.length);
  return out;
}

export function decryptAvatar(blob: Uint8Array, key: Uint8Array): Uint8Array {
  if (key.length !== AVATAR_KEY_BYTES) throw new SessionError('DECRYPT_FAILED', 'an avatar key is 32 bytes');
  // desktop: anything shorter than IV + tag + 1 byte cannot be a picture
  if (blob.length < IV_BYTES + TAG_BYTES + 1)
    throw new SessionError('DECRYPT_FAILED', `the avatar is too short to decrypt (${blob.length} bytes)`);
  const iv = blob.subarray(0, IV_BYTES);
  const tag = blob.subarray(blob.length - TAG_BYTES);
  const d = createDecipheriv('aes-256-gcm', key, iv);
  d.setAuthTag(tag);
  try {
    return new Uint8Array(
      Buffer.concat([d.update(blob.subarray(IV_BYTES, blob.length - TAG_BYTES)), d.final()]),
    );
  } catch (cause) {
    throw new SessionError('DECRYPT_FAILED', 'the avatar does not decrypt with its profile key', { cause });
  }
}
