import { describe, expect, it } from 'vitest';
import {
  blind15Factor,
  blind15Id,
  blind15IdFromSessionId,
  blind15IdsFromSessionId,
  blind15KeyPair,
  blind15PublicKeyFromSessionId,
  blind15Sign,
  blind25Factor,
  blind25Id,
  blind25IdFromSessionId,
  blind25KeyPair,
  blind25Sign,
  blindedIdKey,
  ownCommunityIds,
  ownCommunityIdsFromPublic,
  sessionIdMatchesBlinded15,
  xed25519PublicKey,
  xed25519Verify,
} from '../../src/crypto/blinding.js';
import { ed25519KeyPairFromSeed, ed25519PkToX25519, verify } from '../../src/crypto/keys.js';
import { loadSodium } from '../../src/crypto/sodium.js';
import { fromHex, toHex, utf8 } from '../../src/encoding/bytes.js';
import { isSessionError } from '../../src/errors.js';
import { loadSpecVectors } from '../helpers/spec.js';

const v = loadSpecVectors('communities.vectors.json');
const keys: Record<string, Uint8Array> = {
  seed1: fromHex(v.libsession_keys.seed1_sk64),
  seed2: fromHex(v.libsession_keys.seed2_sk64),
};
const SA = 'abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789';

describe('blinding factors (communities.md §5.2.1, §5.3.1; DERIVED in §18.2)', () => {
  it('k15 for SA and for the pysogs and open.getsession.org keys', async () => {
    expect(toHex(await blind15Factor(SA))).toBe(v.blinding_factors_DERIVED.k15_abcdef);
    expect(toHex(await blind15Factor(v.pysogs_blind15.server_pk))).toBe(v.pysogs_blind15.k);
    expect(toHex(await blind15Factor(v.derived.server_pk))).toBe(v.derived.ids.k15);
  });

  it('k25 for seed1 on SA', async () => {
    expect(toHex(await blind25Factor(v.libsession_keys.session_id1, SA))).toBe(
      v.blinding_factors_DERIVED.k25_seed1_abcdef,
    );
  });
});

describe('15 ids from Session IDs (§5.2.3; source: libsession-util tests/test_blinding.cpp)', () => {
  for (const c of v.blind15_ids.cases) {
    it(`${c.session_id.slice(0, 10)}… on ${c.server_pk.slice(0, 6)}…`, async () => {
      expect(await blind15IdFromSessionId(c.session_id, c.server_pk)).toBe(c.expected);
      expect(toHex(await blind15PublicKeyFromSessionId(c.session_id, c.server_pk))).toBe(c.expected.slice(2));
      if (c.actual_key_of_owner) {
        // seed2 is negative: its real id is the flipped candidate, which still matches.
        expect((await blind15IdsFromSessionId(c.session_id, c.server_pk))[1]).toBe(c.actual_key_of_owner);
        expect(await sessionIdMatchesBlinded15(c.session_id, c.actual_key_of_owner, c.server_pk)).toBe(true);
      }
    });
  }

  it('does not match someone else', async () => {
    const other = v.blind15_ids.cases[1].expected;
    expect(await sessionIdMatchesBlinded15(v.libsession_keys.session_id1, other, SA)).toBe(false);
  });
});

describe('own 15 ids from Ed25519 seeds (source: session-pysogs tests/test_blinding.py)', () => {
  for (const c of v.pysogs_blind15.cases) {
    it(`${c.ed25519_seed.slice(0, 10)}… (${c.variant_from_session_id})`, async () => {
      const kp = await ed25519KeyPairFromSeed(fromHex(c.ed25519_seed));
      expect(await blind15Id(kp.secretKey, v.pysogs_blind15.server_pk)).toBe(c.blinded15_id);
      expect('05' + toHex(await ed25519PkToX25519(kp.publicKey))).toBe(c.session_id);
      const [pos, neg] = await blind15IdsFromSessionId(c.session_id, v.pysogs_blind15.server_pk);
      expect(c.variant_from_session_id === 'positive' ? pos : neg).toBe(c.blinded15_id);
      expect(await sessionIdMatchesBlinded15(c.session_id, c.blinded15_id, v.pysogs_blind15.server_pk)).toBe(
        true,
      );
    });
  }
});

describe('25 ids (§5.3; source: libsession-util tests/test_blinding.cpp)', () => {
  for (const c of v.blind25_ids.cases) {
    it(`${c.session_id.slice(0, 10)}… on ${c.server_pk.slice(0, 6)}…`, async () => {
      expect(await blind25IdFromSessionId(c.session_id, c.server_pk)).toBe(c.expected);
      const signer = c.session_id === v.libsession_keys.session_id1 ? keys.seed1! : keys.seed2!;
      expect(await blind25Id(signer, c.server_pk)).toBe(c.expected);
    });
  }
});

describe('blinded signatures (§5.2.4, §5.3.4, §18.3; source: libsession-util tests/test_blinding.cpp)', () => {
  for (const c of v.blind_signatures.cases) {
    it(`${c.signer} on ${c.server_pk.slice(0, 6)}… signs "${c.message_utf8}"`, async () => {
      const sk = keys[c.signer]!;
      const msg = utf8(c.message_utf8);
      const k15 = await blind15KeyPair(sk, c.server_pk);
      expect('15' + toHex(k15.publicKey)).toBe(c.blinded15_id);
      expect((await blind25KeyPair(sk, c.server_pk)).publicKey).toEqual(blindedIdKey(c.blinded25_id));

      const sigLs = await blind15Sign(msg, sk, c.server_pk);
      expect(toHex(sigLs)).toBe(c.blind15_sig_libsession);
      const sigSeed = await blind15Sign(msg, sk, c.server_pk, 'seed');
      expect(toHex(sigSeed)).toBe(c.desktop_style_blind15_sig_DERIVED);
      const sig25 = await blind25Sign(msg, sk, c.server_pk);
      expect(toHex(sig25)).toBe(c.blind25_sig);

      expect(await verify(sigLs, msg, blindedIdKey(c.blinded15_id))).toBe(true);
      expect(await verify(sigSeed, msg, blindedIdKey(c.blinded15_id))).toBe(true);
      expect(await verify(sig25, msg, blindedIdKey(c.blinded25_id))).toBe(true);
      expect(await verify(sigLs, utf8(c.message_utf8 + 'x'), blindedIdKey(c.blinded15_id))).toBe(false);
    });
  }

  it('signing with only the seed (sk rebuilt from it) gives the same signature ("sig6b")', async () => {
    const kp = await ed25519KeyPairFromSeed(keys.seed1!.subarray(0, 32));
    const c = v.blind_signatures.cases[5];
    expect(toHex(await blind15Sign(utf8(c.message_utf8), kp.secretKey, c.server_pk))).toBe(
      c.blind15_sig_libsession,
    );
  });
});

describe('XEd25519 (§5.1, §8.9)', () => {
  it('|A| from a Session ID is the Ed25519 key with the sign bit cleared', async () => {
    for (const name of ['seed1', 'seed2'] as const) {
      const edPk = keys[name]!.subarray(32, 64);
      const abs = edPk.slice();
      abs[31] = abs[31]! & 0x7f;
      expect(xed25519PublicKey(await ed25519PkToX25519(edPk))).toEqual(abs);
    }
  });

  it('verifies an XEd25519 signature against the X25519 key and rejects a changed message', async () => {
    const sodium = await loadSodium();
    // An Ed25519 signature by the positive key, with the key's sign bit placed in sig[63].
    const sk = keys.seed1!;
    const msg = utf8('xed');
    const sig = sodium.crypto_sign_detached(msg, sk);
    expect(sig[63]! & 0x80).toBe(0);
    const x = await ed25519PkToX25519(sk.subarray(32, 64));
    expect(await xed25519Verify(sig, msg, x)).toBe(true);
    expect(await xed25519Verify(sig, utf8('xee'), x)).toBe(false);
    expect(await xed25519Verify(sig.subarray(0, 63), msg, x)).toBe(false);
  });
});

describe('own ids and refusals', () => {
  it('ownCommunityIds holds 05, 00, 15 and 25 (§5.4, §18.4)', async () => {
    const ids = await ownCommunityIds(keys.seed1!, v.derived.server_pk);
    const d = v.derived.ids.seed1;
    expect([...ids].sort()).toEqual([d.session_id, d.unblinded00, d.blinded15, d.blinded25].sort());
  });

  it('ownCommunityIdsFromPublic: the same ids from public keys, plus the other 15 sign', async () => {
    const d = v.derived.ids.seed1;
    const edPkHex = d.unblinded00.slice(2);
    const ids = await ownCommunityIdsFromPublic(d.session_id, edPkHex, v.derived.server_pk);
    for (const id of await ownCommunityIds(keys.seed1!, v.derived.server_pk))
      expect(ids.has(id), id).toBe(true);
    expect(ids.size).toBe(5);
  });

  it('refuses a short server key and a non-05 Session ID', async () => {
    await expect(blind15Factor('abcd')).rejects.toSatisfy((e) => isSessionError(e, 'INVALID_INPUT'));
    await expect(blind15IdFromSessionId('9' + v.libsession_keys.session_id1.slice(1), SA)).rejects.toSatisfy(
      (e) => isSessionError(e, 'INVALID_INPUT'),
    );
    expect(() => blindedIdKey('05' + '00'.repeat(32))).toThrow();
  });
});
