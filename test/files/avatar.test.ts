import { describe, expect, it } from 'vitest';
import { decryptAvatar, encryptAvatar, newAvatarKey } from '../../src/files/avatar.js';
import { isSessionError } from '../../src/errors.js';

/** messages.md §5.7, legacy form: IV(12) ‖ AES-256-GCM(profileKey, IV, image) ‖ tag(16). */
describe('profile picture encryption', () => {
  const key = Uint8Array.from({ length: 32 }, (_, i) => i);
  const iv = Uint8Array.from({ length: 12 }, (_, i) => 0xa0 + i);
  const image = new TextEncoder().encode('not really a png');

  it('lays the blob out as IV ‖ ciphertext ‖ tag and round-trips', () => {
    const blob = encryptAvatar(image, key, iv);
    expect(blob.length).toBe(12 + image.length + 16);
    expect([...blob.subarray(0, 12)]).toEqual([...iv]);
    expect(new TextDecoder().decode(decryptAvatar(blob, key))).toBe('not really a png');
  });

  it('a fresh key is 32 random bytes', () => {
    const a = newAvatarKey();
    expect(a.length).toBe(32);
    expect(Buffer.from(a).equals(Buffer.from(newAvatarKey()))).toBe(false);
  });

  const fails = (f: () => unknown, code: string) => {
    try {
      f();
    } catch (e) {
      expect(isSessionError(e, code as never)).toBe(true);
      return;
    }
    throw new Error('did not throw');
  };

  it('refuses a wrong key, a flipped byte and a blob too short to hold IV + tag + 1', () => {
    const blob = encryptAvatar(image, key, iv);
    fails(() => decryptAvatar(blob, newAvatarKey()), 'DECRYPT_FAILED');
    const bad = Uint8Array.from(blob);
    bad[14]! ^= 1;
    fails(() => decryptAvatar(bad, key), 'DECRYPT_FAILED');
    fails(() => decryptAvatar(blob.subarray(0, 28), key), 'DECRYPT_FAILED');
    fails(() => decryptAvatar(blob, key.subarray(0, 16)), 'DECRYPT_FAILED');
  });

  it('refuses an empty picture and a wrong-sized key on the way out', () => {
    fails(() => encryptAvatar(new Uint8Array(0), key), 'INVALID_INPUT');
    fails(() => encryptAvatar(image, key.subarray(1)), 'INVALID_INPUT');
  });
});
