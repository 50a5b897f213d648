import { describe, expect, it } from 'vitest';
import { fromHex, toBase64, toHex } from '../../src/encoding/bytes.js';
import { isSessionError } from '../../src/errors.js';
import { decryptOnsRecord, looksLikeName, nameKeys, normaliseName } from '../../src/names/resolve.js';

/** network.md §12.7 (repo: oxend's ONS_RESOLVE doc; key DERIVED). */
const jagerman = {
  name: 'jagerman',
  nameHashB64: 'yB7mbm2q1MaczqNZCYguH+71z5jooEMeXA0sncfni+g=',
  key: '8374c9a86195aa18f98ba7c7fa082c1ef39e453ac5cf4ea55bcd49d94aed9d25',
  encryptedValue:
    'd9bca6752665f2254ec7522f98aa5f2dfb13c9fa1ad1e39cd3d7a89a0df04719e348da537bc310a53e3b59ca24639b9b42',
  nonce: '73e8243f3fadd471be36c6df3d62f863f9bb3a9d1cc696c0',
  accountId: '05fb466d312e1666ad1c84c4ee55b7e034151c0e366a313d95d11436a5f36e1e75',
};

describe('ONS (network.md §8, §12.7)', () => {
  it('name hash and record key of "jagerman"', async () => {
    const k = await nameKeys('jagerman');
    expect(toBase64(k.nameHash)).toBe(jagerman.nameHashB64);
    expect(toHex(k.key)).toBe(jagerman.key);
  });

  it('decrypts the record to the Account ID, 05 prefix included', async () => {
    const id = await decryptOnsRecord('jagerman', {
      encryptedValue: fromHex(jagerman.encryptedValue),
      nonce: fromHex(jagerman.nonce),
    });
    expect(id).toBe(jagerman.accountId);
  });

  it('a record under another name does not decrypt (DECRYPT_FAILED)', async () => {
    await expect(
      decryptOnsRecord('jagermann', {
        encryptedValue: fromHex(jagerman.encryptedValue),
        nonce: fromHex(jagerman.nonce),
      }),
    ).rejects.toSatisfy((e) => isSessionError(e, 'DECRYPT_FAILED'));
  });

  it('a legacy record (no nonce) is refused, not misread', async () => {
    await expect(
      decryptOnsRecord('jagerman', { encryptedValue: fromHex(jagerman.encryptedValue), nonce: undefined }),
    ).rejects.toSatisfy((e) => isSessionError(e, 'BAD_REPLY'));
  });

  it('names: lower-cased, validated; Account IDs are not names', () => {
    expect(normaliseName('JagerMan')).toBe('jagerman');
    expect(normaliseName('a_b-c')).toBe('a_b-c');
    for (const bad of ['', '-a', 'a-', 'a b', 'x'.repeat(65), 'ünï']) {
      expect(() => normaliseName(bad)).toThrow(expect.objectContaining({ code: 'INVALID_NAME' }));
    }
    expect(looksLikeName('alice')).toBe(true);
    expect(looksLikeName(jagerman.accountId)).toBe(false);
    expect(looksLikeName('05abc')).toBe(false); // a mistyped ID stays an ID (exit 2)
    expect(looksLikeName('cafe')).toBe(true);
  });
});
