import { describe, expect, it } from 'vitest';
import { loadSodium } from '../../src/crypto/sodium.js';
import { fromHex } from '../../src/encoding/bytes.js';
import { decryptAttachmentV2, encryptAttachmentV2, v2EncryptedSize } from '../../src/files/attachment-v2.js';
import {
  encryptAttachmentV2Deterministic,
  encryptV2WithHeader,
} from '../../src/files/attachment-v2-deterministic.js';

/** libsession's test data and seed (§10.6): byte i = (i·7) mod 256, seed 0123456789abcdef ×4. */
const data = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7) % 256);
const seed = fromHex('0123456789abcdef'.repeat(4));

describe('deterministic §5.2 encryption (chosen header)', () => {
  it('stock libsodium pull decrypts it; sizes match libsession’s table', async () => {
    for (const n of [0, 1, 4053, 4054, 32_767, 32_768, 70_000, 261_983]) {
      const enc = await encryptAttachmentV2Deterministic(data(n), seed);
      expect(enc.blob.length, String(n)).toBe(v2EncryptedSize(n));
      expect(await decryptAttachmentV2(enc.blob, enc.key), String(n)).toEqual(data(n));
    }
  });

  it('its chunk matches libsodium’s own push given the same key and header', async () => {
    const s = await loadSodium();
    for (const n of [0, 100, 32_767, 32_768, 70_000]) {
      const enc = await encryptAttachmentV2(data(n)); // libsodium's init_push/push, random header
      const header = enc.blob.subarray(1, 25);
      expect(encryptV2WithHeader(s, data(n), enc.key, header), String(n)).toEqual(enc.blob);
    }
  });

  it('same seed and data → same blob; another seed, domain or byte → another key', async () => {
    const a = await encryptAttachmentV2Deterministic(data(5000), seed);
    const b = await encryptAttachmentV2Deterministic(data(5000), seed);
    expect(b.blob).toEqual(a.blob);
    const otherSeed = await encryptAttachmentV2Deterministic(data(5000), fromHex('00'.repeat(32)));
    expect(otherSeed.key).not.toEqual(a.key);
    const pic = await encryptAttachmentV2Deterministic(data(5000), seed, { domain: 'profile-pic' });
    expect(pic.key).not.toEqual(a.key);
    const changed = data(5000);
    changed[4999]! ^= 1;
    expect((await encryptAttachmentV2Deterministic(changed, seed)).key).not.toEqual(a.key);
    // the wrong key: libsession's error text
    await expect(decryptAttachmentV2(a.blob, pic.key)).rejects.toThrow(/invalid key or corrupted data/);
  });
});
