import { readFileSync } from 'node:fs';
import type sodiumType from 'libsodium-wrappers-sumo';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSodium } from '../../src/crypto/sodium.js';
import { parseMessage } from '../../src/config/model.js';
import {
  MULTIPART_CHUNK,
  decryptConfig,
  encryptConfig,
  encryptForPush,
  groupVerifier,
  joinParts,
  maybeCompress,
  padPrefix,
  paddedSize,
  parsePart,
  unpadAndDecompress,
  unwrapUserConfig,
  userKeysOf,
  wrapUserConfig,
} from '../../src/config/transport.js';
import { isSessionError } from '../../src/errors.js';
import { b, hex, toHex } from './helpers.js';

// test/vectors/groups-and-config.vectors.json = shared/spec/groups-and-config.vectors.json (§9)
const V = JSON.parse(
  readFileSync(new URL('../vectors/groups-and-config.vectors.json', import.meta.url), 'utf8'),
) as {
  official: Record<string, Record<string, string | number>>;
  user_configs: Record<string, Record<string, string | number>>;
  group: Record<string, Record<string, string | number>> & { group_pubkey_hex: string };
};
const s = (o: Record<string, string | number>, k: string): string => String(o[k]);

let sodium: typeof sodiumType;
beforeAll(async () => {
  sodium = await loadSodium();
});

describe('§2.8.1 padding and compression', () => {
  // §9.1(2): tests/test_encrypt.cpp "config message padding"
  it.each([
    [1, 0, 256],
    [1, 10, 246],
    [246, 10, 246],
    [247, 10, 502],
    [247, 256, 256],
    [3839, 96, 4000],
    [3744, 96, 3744],
    [3745, 96, 4000],
    [4864, 0, 4864],
    [4865, 0, 5120],
    [5121, 0, 6144],
    [9216, 0, 9216],
    [9217, 0, 10240],
    [10241, 0, 11264],
    [20480, 0, 20480],
    [20481, 0, 22528],
    [38912, 0, 38912],
    [38913, 0, 40960],
    [40961, 0, 46080],
    [46081, 0, 51200],
    [71680, 0, 71680],
    [71681, 0, 76800],
    [76800, 0, 76800],
    [76776, 24, 76776],
  ])('padded_size(%i, %i) = %i', (size, overhead, want) => {
    expect(paddedSize(size, overhead)).toBe(want);
  });

  it('compresses with zstd level 1 exactly as libzstd (§9.1(7))', () => {
    const c = V.official.compression!;
    expect(toHex(maybeCompress(hex(s(c, 'input_hex'))))).toBe(s(c, 'level1_hex'));
    // level-5 output (another encoder) still decompresses
    const padded = new Uint8Array([0, 0, ...hex(s(c, 'level5_hex'))]);
    expect(() => unpadAndDecompress(padded)).toThrow(/not a bt dict/); // 0xaa… is not a config
  });

  it('keeps small payloads uncompressed and round-trips compressed ones', () => {
    const small = b('d1:#i0e1:&de1:<le1:=dee');
    expect(maybeCompress(small)).toEqual(small);
    const big = b(`d1:#i1e1:&d1:n${'x'.repeat(500).length}:${'x'.repeat(500)}e1:<le1:=dee`);
    const z = maybeCompress(big);
    expect(z[0]).toBe(0x7a);
    expect(unpadAndDecompress(padPrefix(z))).toEqual(big);
  });

  it('refuses a zstd frame that claims a huge size, garbage, and non-dicts', () => {
    // frame header: magic, FHD 0xe0 (8-byte content size, single segment), size 2^40
    const bomb = Uint8Array.from([0x7a, 0x28, 0xb5, 0x2f, 0xfd, 0xe0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0]);
    for (const x of [bomb, b('zgarbage'), b('lexx'), new Uint8Array(10)]) {
      let err: unknown;
      try {
        unpadAndDecompress(x);
      } catch (e) {
        err = e;
      }
      expect(isSessionError(err, 'BAD_CONFIG')).toBe(true);
    }
  });
});

describe('§2.8.2 deterministic encryption', () => {
  it('matches tests/test_encrypt.cpp (§9.1(1))', () => {
    const c = V.official.config_encrypt!;
    const out = encryptConfig(sodium, hex(s(c, 'key_base_hex')), 'test-suite1', b(s(c, 'message_utf8')));
    expect(toHex(out)).toBe(s(c, 'ciphertext_hex'));
    expect(toHex(out.subarray(-24))).toBe(s(c, 'nonce_hex'));
    const out2 = encryptConfig(sodium, hex(s(c, 'key_base_hex')), 'test-suite2', b(s(c, 'message_utf8')));
    expect(toHex(out2.subarray(-24))).toBe(s(c, 'nonce_domain_test_suite2_hex'));
    const kb2 = hex('0123456789abcdef'.repeat(4));
    const out3 = encryptConfig(sodium, kb2, 'test-suite1', b(s(c, 'message_utf8')));
    expect(toHex(out3.subarray(-24))).toBe(s(c, 'nonce_hex'));
    expect(toHex(out3)).not.toBe(toHex(out));
    expect(decryptConfig(sodium, hex(s(c, 'key_base_hex')), 'test-suite1', out)).toEqual(b('some message 1'));
    expect(() => decryptConfig(sodium, kb2, 'test-suite1', out)).toThrow(/does not decrypt/);
    expect(() => decryptConfig(sodium, kb2, 'test-suite1', out.subarray(0, 30))).toThrow(/too short/);
  });

  it('decrypts the official user profile push (§9.1(4)) with its 36 pad bytes', () => {
    const c = V.official.user_profile_push1!;
    const plain = decryptConfig(sodium, hex(s(c, 'seed_hex')), 'UserProfile', hex(s(c, 'encrypted_hex')));
    expect(plain.subarray(0, 36).every((x) => x === 0)).toBe(true);
    expect(plain[36]).not.toBe(0);
    const msg = unpadAndDecompress(plain);
    expect(toHex(msg)).toBe(s(c, 'decrypted_unpadded_plaintext_hex'));
    expect(parseMessage(msg).seqno).toBe(1);
  });

  it.each(['user_profile', 'contacts', 'user_groups'])(
    'pads and encrypts the derived %s config byte for byte (§9.2)',
    (name) => {
      const c = V.user_configs[name]!;
      const padded = padPrefix(hex(s(c, 'plaintext_hex')));
      expect(padded.length).toBe(Number(c.padded_len));
      const enc = encryptConfig(sodium, hex(s(c, 'key_base_hex')), s(c, 'domain'), padded);
      expect(toHex(enc)).toBe(s(c, 'encrypted_uncompressed_hex'));
      expect(toHex(sodium.crypto_generichash(32, hex(s(c, 'plaintext_hex')), null))).toBe(
        s(c, 'blake2b32_hash_hex'),
      );
    },
  );
});

describe('§2.8.3 group config signatures (derived vectors)', () => {
  it('decrypts Info seqno 1 and verifies its signature with the group pubkey', () => {
    const g = V.group;
    const info = g.info_seqno1!;
    const plain = decryptConfig(
      sodium,
      hex(s(info, 'key_base_hex')),
      'groups::Info',
      hex(s(info, 'encrypted_hex')),
    );
    const msg = unpadAndDecompress(plain);
    expect(toHex(msg)).toBe(s(info, 'decrypted_unpadded_plaintext_hex'));
    const verifier = groupVerifier(sodium, hex(g.group_pubkey_hex));
    expect(parseMessage(msg, { verifier }).seqno).toBe(1);
    const other = groupVerifier(sodium, new Uint8Array(32).fill(7));
    expect(() => parseMessage(msg, { verifier: other })).toThrow(/failed verification/);
  });

  it('decrypts and decompresses Members seqno 1', () => {
    const m = V.group.members_seqno1!;
    const plain = decryptConfig(
      sodium,
      hex(s(m, 'key_base_hex')),
      'groups::Members',
      hex(s(m, 'encrypted_hex')),
    );
    expect(toHex(unpadAndDecompress(plain))).toBe(s(m, 'decompressed_plaintext_hex'));
  });
});

describe('§2.8.4 multipart', () => {
  it('splits a large config into parts that join back and refuses tampering', () => {
    const kb = new Uint8Array(32).fill(1);
    const big = sodium.randombytes_buf(MULTIPART_CHUNK * 2 + 100);
    const parts = encryptForPush(sodium, kb, 'Contacts', big);
    expect(parts).toHaveLength(3);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(76_800);
    expect(parts[0]!.length).toBe(76_800); // a full part uses the whole limit
    const decoded = parts.map((p) => parsePart(decryptConfig(sodium, kb, 'Contacts', p)));
    expect(decoded.map((p) => [p.index, p.count])).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
    ]);
    expect(joinParts(sodium, [decoded[2]!, decoded[0]!, decoded[1]!])).toEqual(big);
    const tampered = { ...decoded[1]!, chunk: decoded[1]!.chunk.map((x, i) => (i === 0 ? x ^ 1 : x)) };
    expect(() => joinParts(sodium, [decoded[0]!, tampered, decoded[2]!])).toThrow(/final hash/);
    expect(encryptForPush(sodium, kb, 'Contacts', new Uint8Array(1000))).toHaveLength(1);
  });

  it.each([
    ['count < 2', 'ml32:' + 'h'.repeat(32) + '1:\x001:\x013:abce'],
    ['index ≥ count', 'ml32:' + 'h'.repeat(32) + '1:\x021:\x023:abce'],
    ['empty chunk', 'ml32:' + 'h'.repeat(32) + '1:\x001:\x020:e'],
    ['short hash', 'ml3:abc1:\x001:\x023:abce'],
    ['extra element', 'ml32:' + 'h'.repeat(32) + '1:\x001:\x023:abci1ee'],
  ])('refuses a part with %s', (_, text) => {
    expect(() => parsePart(b(text))).toThrow();
  });
});

describe('§2.8.5 protobuf wrapping', () => {
  it('reproduces the official 432-byte wrapped empty UserProfile push (§9.1(4))', () => {
    const w = V.official.user_profile_wrapped_seqno0!;
    const keys = userKeysOf(sodium, hex(s(w, 'seed_hex')));
    expect(toHex(keys.ed25519Pk)).toBe(s(V.official.user_profile_push1!, 'ed25519_pubkey_hex'));
    expect(toHex(keys.x25519Pk)).toBe(s(V.official.user_profile_push1!, 'x25519_pubkey_hex'));
    const inner = hex(s(w, 'inner_config_ciphertext_hex_derived'));
    const wrapped = wrapUserConfig(sodium, keys, 2, 0, inner);
    expect(wrapped.length).toBe(432);
    expect(toHex(wrapped)).toBe(s(w, 'wrapped_hex'));
    expect(unwrapUserConfig(sodium, keys, 2, wrapped)).toEqual(inner);
    // the inner payload is the canonical empty config
    const plain = unpadAndDecompress(decryptConfig(sodium, keys.seed, 'UserProfile', inner));
    expect(String.fromCharCode(...plain)).toBe('d1:#i0e1:&de1:<le1:=dee');
  });

  it('unwraps double-wrapped payloads, passes raw ciphertext through, and checks the kind', () => {
    const keys = userKeysOf(sodium, new Uint8Array(32).fill(3));
    const inner = sodium.randombytes_buf(100);
    const twice = wrapUserConfig(sodium, keys, 3, 1, wrapUserConfig(sodium, keys, 3, 1, inner));
    expect(unwrapUserConfig(sodium, keys, 3, twice)).toEqual(inner);
    expect(unwrapUserConfig(sodium, keys, 3, inner)).toEqual(inner);
    // wrong namespace: not unwrapped (then fails to decrypt as raw ciphertext upstream)
    const once = wrapUserConfig(sodium, keys, 3, 1, inner);
    expect(unwrapUserConfig(sodium, keys, 4, once)).toEqual(once);
    // someone else's wrap (sealed to us but signed by another account) is not accepted
    const other = userKeysOf(sodium, new Uint8Array(32).fill(4));
    const foreign = wrapUserConfig(sodium, { ...other, x25519Pk: keys.x25519Pk }, 3, 1, inner);
    expect(unwrapUserConfig(sodium, keys, 3, foreign)).toEqual(foreign);
  });
});
