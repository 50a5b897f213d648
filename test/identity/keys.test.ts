import { describe, expect, it } from 'vitest';
import { ed25519KeyPairFromSeed, ed25519PkToX25519, ed25519SkToX25519 } from '../../src/crypto/keys.js';
import { fromHex, toHex } from '../../src/encoding/bytes.js';
import { isSessionError } from '../../src/errors.js';
import { parseAccountId, parseSessionId } from '../../src/identity/ids.js';
import { deriveIdentity } from '../../src/identity/keys.js';
import { decodeMnemonic, encodeMnemonic } from '../../src/identity/mnemonic.js';

// messages.md §10.2 (libsession-util tests/test_session_encrypt.cpp; mnemonics DERIVED)
const ROWS = [
  {
    seed: '0123456789abcdef0123456789abcdef',
    words: 'vexed enjoy pigment films adept voted vexed enjoy pigment films adept voted adept',
    ed: '4cb76fdc6d32278e3f83dbf608360ecc6b65727934b85d2fb86862ff98c46ab7',
    id: '05d2ad010eeb72d72e561d9de7bd7b6989af77dcabffa03a5111a6c859ae5c3a72',
    xsk: 'c066ce44b14d551ee69dbcd631c061d17655b374f5d54e4f1ea9e3718638956b',
  },
  {
    seed: '00112233445566778899aabbccddeeff',
    words: 'python costume hamburger heels amnesty lukewarm antics value picked roped sowed southern amnesty',
    ed: '5ea34e72bb044654a6a23675690ef5ffaaf1656b02f93fb76655f9cbdbe89876',
    id: '05aa654f00fc39fc69fd0db829410ca38177d7732a8d2f0934ab3872ac56d5aa74',
    xsk: '608744d00cd35a82177fe30a1befc3ec3282a9484df0deb13cc5842c0145d455',
  },
  {
    seed: '000102030405060708090a0b0c0d0e0f',
    words: 'amaze buffet cake entrance symptoms tiger lamb maze nestle python dusted faxed faxed',
    ed: '65adc5bfb14b5363f1b50e63a431f6fe08ff5d4e8d362c1e3d4c56c9d044bfb0',
    id: '05ca03b8e369aeeb69fd260c2957d37b232db17a60db7a39bca9f0c0a6be135c1a',
    xsk: 'd003ce60ea7d2a0190abea35bb271bff65af6f77bec8f5d6c87a343dd5a1f05d',
  },
];

describe('seed -> keys -> Account ID (messages.md §10.2)', () => {
  for (const row of ROWS) {
    it(`${row.seed} -> ${row.id.slice(0, 12)}…`, async () => {
      expect(encodeMnemonic(fromHex(row.seed))).toBe(row.words);
      expect(toHex(decodeMnemonic(row.words))).toBe(row.seed);
      const keys = await deriveIdentity(fromHex(row.seed));
      expect(toHex(keys.ed25519Pk)).toBe(row.ed);
      expect(keys.accountId).toBe(row.id);
      expect(toHex(keys.x25519Sk)).toBe(row.xsk);
      expect(toHex(keys.seed32)).toBe(row.seed + '00'.repeat(16));
    });
  }

  it('plain libsodium vectors (tests/test_ed25519.cpp, test_curve25519.cpp)', async () => {
    const a = await ed25519KeyPairFromSeed(fromHex(ROWS[0]!.ed));
    expect(toHex(a.publicKey)).toBe('8862834829a87e0afadfed763fa8785e893dbde7f2c001ff1071aa55005c347f');
    expect(toHex(await ed25519SkToX25519(a.secretKey))).toBe(
      '207e5d97e761300f96c10adc11efdd6d5c15188a9a7682ec05b30ca017e9b447',
    );
    const b = await ed25519KeyPairFromSeed(fromHex(ROWS[1]!.ed));
    expect(toHex(b.publicKey)).toBe('cd83ca3d13ad8a954d5011aa7861abe3a29ac25b70c4ed5234aff74d34ef5786');
    expect(toHex(await ed25519SkToX25519(b.secretKey))).toBe(
      '904943eff27142a8e5cd37c84e2437c9979a560b044bf9a65a8d644b325fe56a',
    );
    expect(toHex(await ed25519PkToX25519(fromHex(ROWS[0]!.ed)))).toBe(ROWS[0]!.id.slice(2));
    expect(toHex(await ed25519PkToX25519(fromHex(ROWS[1]!.ed)))).toBe(ROWS[1]!.id.slice(2));
  });
});

describe('ID parsing (messages.md §1.2)', () => {
  for (const [prefix, kind] of [
    ['05', 'account'],
    ['03', 'group'],
    ['15', 'blinded15'],
    ['25', 'blinded25'],
    ['00', 'unblinded'],
  ] as const) {
    it(`${prefix} -> ${kind}`, () => {
      const p = parseSessionId(`${prefix}${'AB'.repeat(32)}`);
      expect(p.kind).toBe(kind);
      expect(p.id).toBe(`${prefix}${'ab'.repeat(32)}`);
      expect(p.bytes.length).toBe(33);
    });
  }
  for (const [what, input, msg] of [
    ['wrong length', '05abc', /66 hex/],
    ['non-hex', `05${'zz'.repeat(32)}`, /only hex/],
    ['unknown prefix', `07${'ab'.repeat(32)}`, /unknown ID prefix 07/],
    ['group where an account is needed', `03${'ab'.repeat(32)}`, /expected account/],
  ] as const) {
    it(`rejects ${what}`, () => {
      try {
        parseAccountId(input);
        expect.unreachable();
      } catch (e) {
        expect(isSessionError(e, 'INVALID_ACCOUNT_ID')).toBe(true);
        expect((e as Error).message).toMatch(msg);
      }
    });
  }
});
