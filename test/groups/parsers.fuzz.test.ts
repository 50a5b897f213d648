import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { loadSodium, type Sodium } from '../../src/crypto/sodium.js';
import { concatBytes, fromHex } from '../../src/encoding/bytes.js';
import {
  decryptGroupMessage,
  encryptGroupMessage,
  groupFromSeed,
  kickedBlob,
  readKickedBlob,
} from '../../src/groups/crypto.js';
import { GroupKeys } from '../../src/groups/keys.js';
import { check, damagedBytes, fcOptions, onlySessionError } from '../fuzz/fuzz-helpers.js';
import { loadSpecVectors } from '../helpers/spec.js';

/**
 * Anyone with write access to a group swarm (every member) can store any bytes in namespaces 11,
 * 12 and −11: the group parsers throw only SessionError (or, for −11, answer "not for us"), for
 * damaged valid inputs and for arbitrary inner layers that decrypt and verify.
 */
const G = loadSpecVectors<any>('groups-and-config.vectors.json').group;
let na: Sodium;
beforeAll(async () => {
  na = await loadSodium();
});
const RUNS = 300;

describe('group parsers (fuzz)', () => {
  it('decryptGroupMessage: damaged ciphertexts and arbitrary decrypting inner layers', () => {
    const key = fromHex(G.keys_gen0.group_enc_key_hex);
    const gpk = fromHex(G.group_pubkey_hex);
    const sender = na.crypto_sign_seed_keypair(fromHex(G.member1_seed_hex));
    const valid = encryptGroupMessage(na, {
      plaintext: new Uint8Array(300).fill(7),
      senderEdSk: sender.privateKey,
      groupEdPk: gpk,
      encKey: key,
    });
    fc.assert(
      fc.property(damagedBytes(valid), (b) => {
        onlySessionError(() => decryptGroupMessage(na, b, [key], gpk));
      }),
      fcOptions(RUNS),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (inner) => {
        const nonce = na.randombytes_buf(24);
        const c = concatBytes(
          nonce,
          na.crypto_aead_xchacha20poly1305_ietf_encrypt(inner, null, null, nonce, key),
        );
        onlySessionError(() => decryptGroupMessage(na, c, [key], gpk));
      }),
      fcOptions(RUNS),
    );
  });

  it('GroupKeys.load: damaged and re-signed arbitrary keys messages change nothing', () => {
    const group = groupFromSeed(na, fromHex(G.group_seed_hex));
    const member = {
      xSk: na.crypto_sign_ed25519_sk_to_curve25519(
        na.crypto_sign_seed_keypair(fromHex(G.member1_seed_hex)).privateKey,
      ),
      xPk: fromHex(G.member1_session_id.slice(2)),
    };
    const pub = { ...group, seed: undefined, edSk: undefined, xSk: undefined };
    const msg = fromHex(G.keys_gen0.message_hex);
    fc.assert(
      fc.property(damagedBytes(msg), (b) => {
        const k = new GroupKeys(na, pub, member);
        const r = onlySessionError(() => k.load('h', b, 1));
        check(r !== undefined || k.known.length === 0, 'a refused message left no key');
      }),
      fcOptions(RUNS),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (body) => {
        // arbitrary bytes, signed correctly by the group: only the parsing can refuse them
        const prefix = concatBytes(new TextEncoder().encode('d'), body);
        const sig = na.crypto_sign_detached(prefix, group.edSk!);
        const m = concatBytes(prefix, new TextEncoder().encode('1:~64:'), sig, new TextEncoder().encode('e'));
        onlySessionError(() => new GroupKeys(na, pub, member).load('h', m, 1));
      }),
      fcOptions(RUNS),
    );
  });

  it('readKickedBlob never throws', () => {
    const group = groupFromSeed(na, fromHex(G.group_seed_hex));
    const own = {
      xSk: new Uint8Array(32).fill(1),
      xPk: na.crypto_scalarmult_base(new Uint8Array(32).fill(1)),
    };
    const blob = kickedBlob(na, group, [G.member1_session_id], 3);
    fc.assert(
      fc.property(damagedBytes(blob), (b) => {
        readKickedBlob(na, b, group.xPk, own);
      }),
      fcOptions(RUNS),
    );
  });
});
