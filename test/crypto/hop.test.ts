import { describe, expect, it } from 'vitest';
import {
  hopDecryptWithKey,
  hopEncrypt,
  hopEncryptWithKey,
  hopServerKey,
  parseEncType,
} from '../../src/crypto/hop.js';
import { x25519 } from '../../src/crypto/keys.js';
import { fromHex, fromUtf8, toHex, utf8 } from '../../src/encoding/bytes.js';
import { decodeFrame } from '../../src/encoding/frame.js';
import { isSessionError } from '../../src/errors.js';
import { loadSpecVectors } from '../helpers/spec.js';

const v = loadSpecVectors('network.vectors.json');
const hd = v.repo_vectors.hop_decrypt;
const hp = v.repo_vectors.hop_parse;

describe('hop encryption (network.md §4.2, §12.2; source: libsession-util tests/test_onionreq.cpp)', () => {
  it('derives the shared secret', async () => {
    expect(toHex(await x25519(fromHex(hd.node_sec_b), fromHex(hd.client_eph_pub_A)))).toBe(
      hd.derived_shared_secret,
    );
  });

  it('derives the aes-gcm key (HMAC-SHA256 "LOKI")', async () => {
    const key = await hopServerKey(
      'aes-gcm',
      fromHex(hd.node_sec_b),
      fromHex(hd.node_pub_B),
      fromHex(hd.client_eph_pub_A),
    );
    expect(toHex(key)).toBe(hd.derived_aes_key);
  });

  it('derives the xchacha20 key (BLAKE2b(shared ‖ client ‖ server))', async () => {
    const key = await hopServerKey(
      'xchacha20',
      fromHex(hd.node_sec_b),
      fromHex(hd.node_pub_B),
      fromHex(hd.client_eph_pub_A),
    );
    expect(toHex(key)).toBe(hd.derived_xchacha_key);
  });

  for (const encType of ['aes-gcm', 'xchacha20'] as const) {
    const blob = fromHex(encType === 'aes-gcm' ? hd.aes_gcm_blob : hd.xchacha20_blob);

    it(`decrypts the ${encType} blob to "Hello world"`, async () => {
      const key = await hopServerKey(
        encType,
        fromHex(hd.node_sec_b),
        fromHex(hd.node_pub_B),
        fromHex(hd.client_eph_pub_A),
      );
      expect(fromUtf8(await hopDecryptWithKey(encType, key, blob))).toBe(hd.plaintext);
    });

    it(`rejects every single-byte corruption of the ${encType} blob`, async () => {
      const key = await hopServerKey(
        encType,
        fromHex(hd.node_sec_b),
        fromHex(hd.node_pub_B),
        fromHex(hd.client_eph_pub_A),
      );
      for (let i = 0; i < blob.length; i++) {
        const broken = blob.slice();
        broken[i]! ^= 0x01;
        await expect(hopDecryptWithKey(encType, key, broken)).rejects.toSatisfy((e) =>
          isSessionError(e, 'DECRYPT_FAILED'),
        );
      }
    });
  }

  for (const [name, hex, encType] of [
    ['aes-gcm', hp.aes_gcm_request_hex, 'aes-gcm'],
    ['xchacha20', hp.xchacha20_request_hex, 'xchacha20'],
  ] as const) {
    it(`parses and decrypts the ${name} request frame`, async () => {
      const frame = decodeFrame(fromHex(hex));
      expect(parseEncType(frame.json.enc_type)).toBe(encType);
      const key = await hopServerKey(
        encType,
        fromHex(hp.node_sec),
        fromHex(hp.node_pub),
        fromHex(frame.json.ephemeral_key as string),
      );
      if (encType === 'aes-gcm') expect(toHex(key)).toBe(hp.derived_aes_key);
      expect(fromUtf8(await hopDecryptWithKey(encType, key, frame.ciphertext))).toBe(hp.payload);
      // The reply travels with the same key and a fresh nonce: 12/24 + 13 + 16 bytes.
      const reply = await hopEncryptWithKey(encType, key, utf8('Goodbye world'));
      expect(reply.length).toBe((encType === 'aes-gcm' ? 12 : 24) + 13 + 16);
    });
  }

  it('reproduces the xchacha20 single-layer vector (§12.4, DERIVED)', async () => {
    const x = v.xchacha_layer;
    const out = await hopEncrypt('xchacha20', utf8(x.plaintext), fromHex(x.recipient_x25519), {
      ephemeralSecret: fromHex(x.ephemeral_secret),
      nonce: fromHex(x.nonce),
    });
    expect(toHex(out.ephemeralPublic)).toBe(x.ephemeral_pub);
    expect(toHex(out.key)).toBe(x.key);
    expect(toHex(out.ciphertext)).toBe(x.ciphertext_hex);
  });

  it('accepts the enc_type spellings servers accept and rejects others', () => {
    expect(parseEncType(undefined)).toBe('aes-gcm');
    expect(parseEncType('gcm')).toBe('aes-gcm');
    expect(parseEncType('xchacha20-poly1305')).toBe('xchacha20');
    expect(() => parseEncType('aes-cbc')).toThrow(/enc_type/);
  });
});
