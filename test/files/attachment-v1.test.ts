import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  decryptAttachmentV1,
  encryptAttachmentV1,
  legacyPaddedSize,
  senderPaddedSize,
  v1EncryptedSize,
  v1MaxBlobSize,
} from '../../src/files/attachment-v1.js';
import { toHex } from '../../src/encoding/bytes.js';

const seq = (n: number) => Uint8Array.from({ length: n }, (_, i) => i);

describe('attachment v1 (messages.md §5.1, vectors §10.7)', () => {
  it('pads as §10.7 says', () => {
    const table: [number, number][] = [
      [1, 541],
      [10, 541],
      [541, 541],
      [542, 568],
      [1000, 1020],
      [100000, 100155],
      [1000000, 1041743],
      [9999999, 10000000],
    ];
    for (const [len, padded] of table) expect(legacyPaddedSize(len), String(len)).toBe(padded);
  });

  it('reproduces the §10.7 AES-CBC/HMAC example', () => {
    const enc = encryptAttachmentV1(seq(10), { key: seq(64), iv: seq(16) });
    expect(enc.blob.length).toBe(592);
    expect(toHex(enc.blob.subarray(16, 48))).toBe(
      '0d4a91cd67a90fad83928c72ab52bd6930d6d6afc71c4b995b8b644ac5d707bc',
    );
    expect(toHex(enc.blob.subarray(560))).toBe(
      '2fceebb04926bc0ce9ed0adb70a72a89454f3b5afe32e469449d0d9a4f5a7a26',
    );
    expect(toHex(enc.digest)).toBe('8f6e10879900ca04d9f91429b0c1aac0f053f6ec07a6cf764503f2774a9fc9ad');
    expect(enc.size).toBe(10);
    expect(decryptAttachmentV1(enc.blob, enc.key, enc.digest, 10)).toEqual(seq(10));
  });

  it('without a size the padding stays (the receiver truncates to the pointer size)', () => {
    const enc = encryptAttachmentV1(seq(10));
    const plain = decryptAttachmentV1(enc.blob, enc.key, enc.digest);
    expect(plain.length).toBe(541);
    expect(plain.subarray(0, 10)).toEqual(seq(10));
  });

  it('near the top the sender pads less so the blob fits a 10 MB server', () => {
    expect(v1EncryptedSize(9_999_951)).toBe(10_000_000);
    expect(v1EncryptedSize(9_999_952)).toBeGreaterThan(10_000_000);
    expect(senderPaddedSize(9_500_000)).toBe(legacyPaddedSize(9_500_000));
    expect(v1MaxBlobSize(9_999_951)).toBe(10_000_064);
  });

  it('refuses a changed byte anywhere (MAC), a missing or wrong digest, a wrong key, a short blob', () => {
    const enc = encryptAttachmentV1(seq(100));
    for (const at of [0, 20, enc.blob.length - 1]) {
      const t = enc.blob.slice();
      t[at]! ^= 1;
      expect(() => decryptAttachmentV1(t, enc.key, enc.digest, 100)).toThrow(
        expect.objectContaining({
          code: 'DECRYPT_FAILED',
          details: expect.objectContaining({ reason: 'mac' }),
        }),
      );
    }
    expect(() => decryptAttachmentV1(enc.blob, enc.key, undefined, 100)).toThrow(
      expect.objectContaining({
        code: 'DECRYPT_FAILED',
        details: expect.objectContaining({ reason: 'no-digest' }),
      }),
    );
    const d = enc.digest.slice();
    d[0]! ^= 1;
    expect(() => decryptAttachmentV1(enc.blob, enc.key, d, 100)).toThrow(
      expect.objectContaining({
        code: 'DECRYPT_FAILED',
        details: expect.objectContaining({ reason: 'digest' }),
      }),
    );
    const k = enc.key.slice();
    k[40]! ^= 1;
    expect(() => decryptAttachmentV1(enc.blob, k, enc.digest, 100)).toThrow(
      expect.objectContaining({ code: 'DECRYPT_FAILED' }),
    );
    expect(() => decryptAttachmentV1(enc.blob.subarray(0, 47), enc.key, enc.digest)).toThrow(
      expect.objectContaining({
        code: 'DECRYPT_FAILED',
        details: expect.objectContaining({ reason: 'length' }),
      }),
    );
    expect(() => decryptAttachmentV1(enc.blob, enc.key.subarray(0, 32), enc.digest)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(() => decryptAttachmentV1(enc.blob, enc.key, enc.digest, 5000)).toThrow(
      expect.objectContaining({
        code: 'DECRYPT_FAILED',
        details: expect.objectContaining({ reason: 'short' }),
      }),
    );
  });

  it('a wrong AES key with a right MAC key fails on padding, never returns garbage', () => {
    const enc = encryptAttachmentV1(seq(100));
    const k = enc.key.slice();
    k[0]! ^= 1;
    // MAC and digest still verify (macKey unchanged); CBC unpadding then fails (or, rarely, the
    // garbage must not equal the plaintext).
    let out: Uint8Array | undefined;
    try {
      out = decryptAttachmentV1(enc.blob, k, enc.digest, 100);
    } catch (e) {
      expect((e as { code: string }).code).toBe('DECRYPT_FAILED');
    }
    if (out) expect(out).not.toEqual(seq(100));
    expect(createHash('sha256').update(enc.blob).digest()).toEqual(Buffer.from(enc.digest));
  });
});
