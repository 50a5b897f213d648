import { describe, expect, it } from 'vitest';
import { hopDecryptWithKey, hopEncrypt, hopEncryptWithKey } from '../../src/crypto/hop.js';
import { fromHex, fromUtf8, toHex, utf8 } from '../../src/encoding/bytes.js';
import { decodeFrame, encodeFrame } from '../../src/encoding/frame.js';
import {
  decodeV4Request,
  decodeV4Response,
  encodeV4Request,
  encodeV4Response,
} from '../../src/encoding/v4.js';
import { isSessionError } from '../../src/errors.js';
import { loadSpecVectors } from '../helpers/spec.js';

const s = loadSpecVectors('network.vectors.json').onion_v4_server;

describe('v4 onion payloads (network.md §4.6b, §4.7, §12.4; DERIVED)', () => {
  it('encodes the request plaintext', () => {
    const bytes = encodeV4Request({ method: 'GET', endpoint: '/file/abc', headers: {} });
    expect(fromUtf8(bytes)).toBe(s.v4_request_plaintext);
    expect(decodeV4Request(bytes)).toEqual({ method: 'GET', endpoint: '/file/abc', headers: {} });
  });

  it('encrypts the request to the file server key', async () => {
    const out = await hopEncrypt('aes-gcm', utf8(s.v4_request_plaintext), fromHex(s.server_x25519), {
      ephemeralSecret: fromHex(s.ephemeral_secret),
      nonce: fromHex(s.iv),
    });
    expect(toHex(out.ephemeralPublic)).toBe(s.ephemeral_pub);
    expect(toHex(out.key)).toBe(s.symmetric_key);
    expect(toHex(out.ciphertext)).toBe(s.server_ciphertext_hex);
    const lastHop = encodeFrame(out.ciphertext, s.last_hop_routing_json);
    expect(toHex(lastHop)).toBe(s.last_hop_plaintext_hex);
  });

  it('encrypts and decodes the reply', async () => {
    const key = fromHex(s.symmetric_key);
    const plaintext = encodeV4Response({
      code: 200,
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': '5' },
      body: utf8('hello'),
    });
    expect(fromUtf8(plaintext)).toBe(s.v4_response_plaintext);
    const blob = await hopEncryptWithKey('aes-gcm', key, plaintext, fromHex(s.response_iv));
    expect(toHex(blob)).toBe(s.response_http_body_hex);
    const res = decodeV4Response(await hopDecryptWithKey('aes-gcm', key, blob));
    expect(res.code).toBe(200);
    expect(res.headers).toEqual({ 'content-type': 'application/octet-stream' });
    expect(fromUtf8(res.body)).toBe('hello');
  });

  it('keeps binary bodies intact and rejects malformed payloads', () => {
    const body = new Uint8Array([0, 255, 58, 101, 108]);
    const req = decodeV4Request(encodeV4Request({ method: 'POST', endpoint: '/file', headers: {}, body }));
    expect(req.body).toEqual(body);
    for (const bad of ['i1e', 'le', 'l3:abce', 'l2:{}e', 'l24:{"endpoint":"x","a":1}e', 'garbage']) {
      expect(() => decodeV4Request(utf8(bad)), bad).toThrow();
      try {
        decodeV4Request(utf8(bad));
      } catch (e) {
        expect(isSessionError(e, 'INVALID_INPUT')).toBe(true);
      }
    }
  });
});

describe('ciphertext-plus-JSON frames (network.md §4.3)', () => {
  it('round-trips and validates lengths', () => {
    const f = encodeFrame(new Uint8Array([1, 2, 3]), { ephemeral_key: 'ab' });
    expect(toHex(f.subarray(0, 4))).toBe('03000000');
    const d = decodeFrame(f);
    expect(d.ciphertext).toEqual(new Uint8Array([1, 2, 3]));
    expect(d.json).toEqual({ ephemeral_key: 'ab' });
    expect(() => decodeFrame(new Uint8Array([1, 0]))).toThrow(/shorter/);
    expect(() => decodeFrame(new Uint8Array([9, 0, 0, 0, 1]))).toThrow(/exceeds/);
    expect(() => decodeFrame(encodeFrame(new Uint8Array(0), '[1]'))).toThrow(/object/);
    expect(() => decodeFrame(encodeFrame(new Uint8Array(0), '{bad'))).toThrow(/JSON/);
  });
});
