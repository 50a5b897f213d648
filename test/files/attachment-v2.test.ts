import { describe, expect, it } from 'vitest';
import { loadSodium } from '../../src/crypto/sodium.js';
import {
  decryptAttachmentV2,
  encryptAttachmentV2,
  v2EncryptedSize,
  V2_MAX_REGULAR_SIZE,
} from '../../src/files/attachment-v2.js';

/** libsession's test data: byte i = (i·7) mod 256 (§10.6). */
const data = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7) % 256);

describe('attachment v2 (messages.md §5.2, sizes §10.6)', () => {
  it('the size formula reproduces libsession’s table', () => {
    const table: [number[], number][] = [
      [[0, 1, 2, 10, 100, 1000, 2000, 4000, 4053], 4096],
      [[4054, 8149], 8192],
      [[8150], 12288],
      [[33333], 36864],
      [[60000], 61440],
      [[261982], 262144],
      [[261983], 270336],
      [[523990], 524288],
      [[523991], 540672],
      [[6543210], 6553600],
      [[10218286, 10000000], 10223616],
      [[25000000], 25165824],
    ];
    for (const [ns, size] of table) for (const n of ns) expect(v2EncryptedSize(n), String(n)).toBe(size);
    expect(v2EncryptedSize(V2_MAX_REGULAR_SIZE)).toBe(10_223_616);
  });

  it('encrypts to exactly the table sizes and decrypts back (chunk edges included)', async () => {
    for (const n of [0, 1, 4053, 4054, 8150, 33333, 60000, 261983]) {
      const enc = await encryptAttachmentV2(data(n));
      expect(enc.blob.length, String(n)).toBe(v2EncryptedSize(n));
      expect(enc.blob[0]).toBe(0x53);
      expect(enc.key.length).toBe(32);
      expect(await decryptAttachmentV2(enc.blob, enc.key), String(n)).toEqual(data(n));
    }
  });

  it('a stream written with libsodium’s own push in the §5.2 layout decrypts (independent of our encryptor)', async () => {
    const s = await loadSodium();
    const key = s.crypto_secretstream_xchacha20poly1305_keygen();
    // one FINAL piece: padding 0x00 0x00 0x01, then "hi"
    const st2 = s.crypto_secretstream_xchacha20poly1305_init_push(key);
    const one = s.crypto_secretstream_xchacha20poly1305_push(
      st2.state,
      Uint8Array.from([0, 0, 1, 104, 105]),
      null,
      3,
    );
    const blob = Uint8Array.from([0x53, ...st2.header, ...one]);
    expect(new TextDecoder().decode(await decryptAttachmentV2(blob, key))).toBe('hi');
  });

  it('refuses a wrong key, a changed byte, a missing final chunk, bad padding, an unknown marker', async () => {
    const s = await loadSodium();
    const enc = await encryptAttachmentV2(data(70_000));
    const fail = (reason: string) =>
      expect.objectContaining({ code: 'DECRYPT_FAILED', details: expect.objectContaining({ reason }) });
    const k = enc.key.slice();
    k[0]! ^= 1;
    await expect(decryptAttachmentV2(enc.blob, k)).rejects.toThrow(/invalid key or corrupted data/);
    for (const at of [1, 30, 40_000, enc.blob.length - 1]) {
      const t = enc.blob.slice();
      t[at]! ^= 1;
      await expect(decryptAttachmentV2(t, enc.key), String(at)).rejects.toMatchObject({
        code: 'DECRYPT_FAILED',
      });
    }
    // drop the final chunk: the stream ends on a tag-0 chunk
    await expect(decryptAttachmentV2(enc.blob.subarray(0, 1 + 24 + 32_785), enc.key)).rejects.toEqual(
      fail('truncated'),
    );
    const wrongMarker = enc.blob.slice();
    wrongMarker[0] = 0x54;
    await expect(decryptAttachmentV2(wrongMarker, enc.key)).rejects.toEqual(fail('format'));
    await expect(decryptAttachmentV2(enc.blob, enc.key.subarray(0, 31))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    // a FINAL chunk followed by more data
    const key = s.crypto_secretstream_xchacha20poly1305_keygen();
    const p = s.crypto_secretstream_xchacha20poly1305_init_push(key);
    const bad = s.crypto_secretstream_xchacha20poly1305_push(p.state, Uint8Array.from([0, 2, 104]), null, 3);
    await expect(decryptAttachmentV2(Uint8Array.from([0x53, ...p.header, ...bad]), key)).rejects.toEqual(
      fail('padding'),
    );
    const z = s.crypto_secretstream_xchacha20poly1305_init_push(key);
    const zeros = s.crypto_secretstream_xchacha20poly1305_push(z.state, new Uint8Array(5), null, 3);
    await expect(decryptAttachmentV2(Uint8Array.from([0x53, ...z.header, ...zeros]), key)).rejects.toEqual(
      fail('padding'),
    );
    const f = s.crypto_secretstream_xchacha20poly1305_init_push(key);
    const fin = s.crypto_secretstream_xchacha20poly1305_push(
      f.state,
      new Uint8Array(32_768).fill(1, 32_767),
      null,
      3,
    );
    const extra = s.crypto_secretstream_xchacha20poly1305_push(f.state, Uint8Array.from([1]), null, 0);
    await expect(
      decryptAttachmentV2(Uint8Array.from([0x53, ...f.header, ...fin, ...extra]), key),
    ).rejects.toEqual(fail('after-final'));
  });
});

describe('attachment v2 stream rules', () => {
  it('refuses a blob shorter than one chunk, and a chunk with a PUSH or REKEY tag', async () => {
    const s = await loadSodium();
    const key = s.crypto_secretstream_xchacha20poly1305_keygen();
    const p = s.crypto_secretstream_xchacha20poly1305_init_push(key);
    const fin = s.crypto_secretstream_xchacha20poly1305_push(p.state, Uint8Array.from([1, 104]), null, 3);
    const ok = Uint8Array.from([0x53, ...p.header, ...fin]);
    expect(await decryptAttachmentV2(ok, key)).toEqual(Uint8Array.from([104]));
    await expect(decryptAttachmentV2(ok.subarray(0, 1 + 24 + 16), key)).rejects.toMatchObject({
      details: { reason: 'length' },
    });
    for (const tag of [1, 2]) {
      const q = s.crypto_secretstream_xchacha20poly1305_init_push(key);
      const c = s.crypto_secretstream_xchacha20poly1305_push(q.state, Uint8Array.from([1, 104]), null, tag);
      await expect(
        decryptAttachmentV2(Uint8Array.from([0x53, ...q.header, ...c]), key),
      ).rejects.toMatchObject({
        code: 'DECRYPT_FAILED',
        details: { reason: 'tag' },
      });
    }
  });
});
