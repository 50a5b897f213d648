import { beforeAll, describe, expect, it } from 'vitest';
import { loadSodium, type Sodium } from '../../src/crypto/sodium.js';
import { fromBase64, fromHex, toBase64, toHex, utf8 } from '../../src/encoding/bytes.js';
import {
  decryptGroupMessage,
  encryptForMultiple,
  decryptForMultiple,
  encryptGroupMessage,
  groupFromSeed,
  kickedBlob,
  makeSubaccount,
  readKickedBlob,
  subaccountSign,
  verifySubaccount,
} from '../../src/groups/crypto.js';
import { GroupKeys } from '../../src/groups/keys.js';
import { loadSpecVectors } from '../helpers/spec.js';

// test/vectors/groups-and-config.vectors.json = shared/spec/groups-and-config.vectors.json:
// official.subaccount (§9.1(5), libsession tests/test_group_keys.cpp), official.multi_encrypt
// (§9.1(6), tests/test_multi_encrypt.cpp) and the derived `group` vectors of §9.2.
const V = loadSpecVectors<any>('groups-and-config.vectors.json');
const G = V.group;

let na: Sodium;
beforeAll(async () => {
  na = await loadSodium();
});

function user(seedHex: string) {
  const kp = na.crypto_sign_seed_keypair(fromHex(seedHex));
  const xPk = na.crypto_sign_ed25519_pk_to_curve25519(kp.publicKey);
  return {
    edPk: kp.publicKey,
    edSk: kp.privateKey,
    xPk,
    xSk: na.crypto_sign_ed25519_sk_to_curve25519(kp.privateKey),
    sid: `05${toHex(xPk)}`,
  };
}

describe('§4.5 subaccount authentication (official vector §9.1(5))', () => {
  it('makes the exact auth data, signs the exact request signature', () => {
    const S = V.official.subaccount;
    const group = groupFromSeed(na, fromHex(S.group_seed_hex));
    expect(toHex(group.edPk)).toBe(S.group_pubkey_hex);
    const member = user(S.member_seed_hex);
    expect(member.sid).toBe(S.member_session_id);
    expect(user(S.admin_seed_hex).sid).toBe(S.admin_session_id);
    const sub = makeSubaccount(na, group, member.sid, { write: true, del: false });
    expect(toHex(sub.authData)).toBe(S.auth_data_hex_derived);
    expect(verifySubaccount(na, group.edPk, member.edPk, sub.authData)).toBe(true);
    const sig = subaccountSign(na, sub.authData, member.edSk, utf8(S.message_utf8));
    expect(toBase64(sig.subaccount)).toBe(S.subaccount_b64);
    expect(toBase64(sig.subaccountSig)).toBe(S.subaccount_sig_b64);
    expect(toBase64(sig.signature)).toBe(S.signature_b64);
    expect(toHex(sub.token)).toBe(toHex(fromBase64(S.subaccount_b64)));
    // a standard Ed25519 signature by kT: what the storage server checks
    expect(
      na.crypto_sign_verify_detached(sig.signature, utf8(S.message_utf8), sig.subaccount.subarray(4)),
    ).toBe(true);
  });

  it('refuses every flipped bit of the auth data (except bit 7 of byte 35), as the libsession test does', () => {
    const S = V.official.subaccount;
    const group = groupFromSeed(na, fromHex(S.group_seed_hex));
    const member = user(S.member_seed_hex);
    const auth = fromHex(S.auth_data_hex_derived);
    for (let i = 0; i < auth.length; i++) {
      for (let bit = 0; bit < 8; bit++) {
        if (i === 35 && bit === 7) continue;
        // byte 1's unused high flag bits and bytes 2-3 are covered by the admin signature
        const x = auth.slice();
        x[i] = x[i]! ^ (1 << bit);
        expect(verifySubaccount(na, group.edPk, member.edPk, x), `byte ${i} bit ${bit}`).toBe(false);
      }
    }
    expect(verifySubaccount(na, group.edPk, user(S.admin_seed_hex).edPk, auth)).toBe(false);
  });
});

describe('multi-recipient encryption (official vector §9.1(6))', () => {
  it('encrypts "hello" to three recipients and per-recipient messages byte for byte', () => {
    const M = V.official.multi_encrypt;
    const sender = user(M.sender_seed_hex);
    const recipients = (M.recipient_seeds_hex as string[]).map(user);
    const base = {
      recipients: recipients.map((r) => r.xPk),
      senderXSk: sender.xSk,
      senderXPk: sender.xPk,
      nonce: fromHex(M.nonce_hex),
      domain: M.domain,
    };
    const one = encryptForMultiple(na, { ...base, messages: [utf8(M.single_message_utf8)] });
    expect(one.map(toHex)).toEqual(M.single_message_ciphertexts_hex);
    const each = encryptForMultiple(na, {
      ...base,
      messages: (M.per_recipient_messages_utf8 as string[]).map(utf8),
    });
    expect(each.map(toHex)).toEqual(M.per_recipient_ciphertexts_hex);
    const r1 = recipients[1]!;
    const got = decryptForMultiple(na, {
      ciphertexts: each,
      nonce: base.nonce,
      ownXSk: r1.xSk,
      ownXPk: r1.xPk,
      senderXPk: sender.xPk,
      domain: M.domain,
    });
    expect(new TextDecoder().decode(got)).toBe('cruel');
  });
});

describe('§4.4 group keys (derived vectors §9.2)', () => {
  const admin = () => user(G.admin_seed_hex);
  const m = (i: number) => user(G[`member${i}_seed_hex`]);

  it('rekey of {admin, m1, m2} is keys_gen0 byte for byte, with its encryption key', () => {
    const group = groupFromSeed(na, fromHex(G.group_seed_hex));
    expect(toHex(group.edPk)).toBe(G.group_pubkey_hex);
    expect([admin().sid, m(1).sid, m(2).sid].sort()).toEqual([...G.keys_gen0.members].sort());
    const keys = new GroupKeys(na, group, admin());
    const msg = keys.rekey(G.keys_gen0.members);
    expect(msg.length).toBe(2462);
    expect(toHex(msg)).toBe(G.keys_gen0.message_hex);
    expect(toHex(keys.encryptionKey()!)).toBe(G.keys_gen0.group_enc_key_hex);
  });

  it('members find the gen-0 key; a non-member finds none; a bad signature is refused', () => {
    const groupPub = {
      ...groupFromSeed(na, fromHex(G.group_seed_hex)),
      seed: undefined,
      edSk: undefined,
      xSk: undefined,
    };
    const msg = fromHex(G.keys_gen0.message_hex);
    const ts = G.keys_gen0.swarm_timestamp_ms_used_on_load;
    const k1 = new GroupKeys(na, groupPub, m(1));
    expect(k1.load('h0', msg, ts).map((k) => toHex(k.key))).toEqual([G.keys_gen0.group_enc_key_hex]);
    expect(k1.currentGeneration).toBe(0);
    const k3 = new GroupKeys(na, groupPub, m(3));
    expect(k3.load('h0', msg, ts)).toEqual([]);
    const forged = msg.slice();
    forged[100] = forged[100]! ^ 1;
    expect(() => new GroupKeys(na, groupPub, m(1)).load('h0', forged, ts)).toThrow(/signature|keys message/);
  });

  it('the supplement gives m3 the gen-0 key (supplement_for_member3 byte for byte)', () => {
    const group = groupFromSeed(na, fromHex(G.group_seed_hex));
    const keys = new GroupKeys(na, group, admin());
    keys.load('h0', fromHex(G.keys_gen0.message_hex), 1700000000000);
    expect(keys.currentGeneration).toBe(0);
    const sup = keys.supplement([m(3).sid]);
    expect(toHex(sup)).toBe(G.supplement_for_member3.message_hex);
    const groupPub = { ...group, seed: undefined, edSk: undefined, xSk: undefined };
    const k3 = new GroupKeys(na, groupPub, m(3));
    expect(k3.load('hs', sup, 1700000001000).map((k) => toHex(k.key))).toEqual([
      G.supplement_for_member3.resulting_key_hex,
    ]);
  });

  it('rekey after removing m2 is keys_gen1 byte for byte; m2 finds nothing, m1 finds it', () => {
    const group = groupFromSeed(na, fromHex(G.group_seed_hex));
    const keys = new GroupKeys(na, group, admin());
    keys.load('h0', fromHex(G.keys_gen0.message_hex), 1700000000000);
    const gen1 = keys.rekey(G.keys_gen1_after_removing_member2.members);
    expect(toHex(gen1)).toBe(G.keys_gen1_after_removing_member2.message_hex);
    expect(toHex(keys.encryptionKey()!)).toBe(G.keys_gen1_after_removing_member2.group_enc_key_hex);
    const groupPub = { ...group, seed: undefined, edSk: undefined, xSk: undefined };
    const k2 = new GroupKeys(na, groupPub, m(2));
    k2.load('h0', fromHex(G.keys_gen0.message_hex), 1700000000000);
    expect(k2.load('h1', gen1, 1700000100000)).toEqual([]);
    expect(k2.currentGeneration).toBe(0);
    const k1 = new GroupKeys(na, groupPub, m(1));
    k1.load('h0', fromHex(G.keys_gen0.message_hex), 1700000000000);
    expect(k1.load('h1', gen1, 1700000100000)).toHaveLength(1);
    expect(k1.currentGeneration).toBe(1);
    // every generation is kept: old messages stay readable
    expect(k1.decryptionKeys().map(toHex)).toEqual([
      G.keys_gen1_after_removing_member2.group_enc_key_hex,
      G.keys_gen0.group_enc_key_hex,
    ]);
    const copy = new GroupKeys(na, groupPub, m(1));
    copy.restore(k1.dump());
    expect(copy.decryptionKeys().map(toHex)).toEqual(k1.decryptionKeys().map(toHex));
  });
});

describe('§4.6 group message encryption', () => {
  it('decrypts group_message_from_member1 and names member 1 as the sender', () => {
    const v = G.group_message_from_member1;
    const d = decryptGroupMessage(
      na,
      fromHex(v.ciphertext_hex),
      [fromHex(v.decrypt_key_hex)],
      fromHex(G.group_pubkey_hex),
    );
    expect(new TextDecoder().decode(d.plaintext)).toBe(v.expected_plaintext_utf8);
    expect(d.sender).toBe(v.expected_sender);
  });

  it('round-trips (compressed and not), pads to 256, and refuses a signature over the plaintext only', () => {
    const key = fromHex(G.keys_gen0.group_enc_key_hex);
    const gpk = fromHex(G.group_pubkey_hex);
    const s = user(G.member1_seed_hex);
    for (const plaintext of [utf8('hi'), new Uint8Array(5000).fill(0x61)]) {
      const c = encryptGroupMessage(na, { plaintext, senderEdSk: s.edSk, groupEdPk: gpk, encKey: key });
      expect((c.length - 24 - 16 + 40) % 256).toBe(0);
      const d = decryptGroupMessage(na, c, [na.randombytes_buf(32), key], gpk);
      expect(toHex(d.plaintext)).toBe(toHex(plaintext));
      expect(d.sender).toBe(s.sid);
      expect(d.keyIndex).toBe(1);
    }
    // another group's key (a message of group A replayed into group B) does not verify
    const other = fromHex('03'.repeat(32));
    const c = encryptGroupMessage(na, {
      plaintext: utf8('x'),
      senderEdSk: s.edSk,
      groupEdPk: other,
      encKey: key,
    });
    expect(() => decryptGroupMessage(na, c, [key], gpk)).toThrow(/signature/);
    expect(() => decryptGroupMessage(na, c, [na.randombytes_buf(32)], gpk)).toThrow(/no key/);
  });
});

describe('§4.8 kicked blob', () => {
  it('names exactly the removed members, with the generation', () => {
    const group = groupFromSeed(na, fromHex(G.group_seed_hex));
    const blob = kickedBlob(na, group, [user(G.member2_seed_hex).sid], 1);
    expect(readKickedBlob(na, blob, group.xPk, user(G.member2_seed_hex))).toBe(1);
    expect(readKickedBlob(na, blob, group.xPk, user(G.member1_seed_hex))).toBeUndefined();
  });
});
