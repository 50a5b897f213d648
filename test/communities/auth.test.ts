import { describe, expect, it } from 'vitest';
import { signedPath, sogsAuthHeaders, sogsSignedMessage } from '../../src/communities/auth.js';
import { buildPostData } from '../../src/communities/post-data.js';
import { blake2b, verify } from '../../src/crypto/keys.js';
import { fromBase64, fromHex, toHex, utf8 } from '../../src/encoding/bytes.js';
import { loadSpecVectors } from '../helpers/spec.js';

const v = loadSpecVectors('communities.vectors.json');
const d = v.derived;
const sk = fromHex(v.libsession_keys.seed1_sk64);
const nonce = fromHex(d.auth_get_blinded15.nonce_hex);

describe('X-SOGS-* headers (communities.md §4, §18.4; DERIVED, cross-checked with session-pysogs tests/auth.py)', () => {
  it('GET /capabilities?required=sogs, 15-blinded: signed message and all four headers byte for byte', async () => {
    const g = d.auth_get_blinded15;
    const msg = await sogsSignedMessage({
      serverPkHex: d.server_pk,
      nonce,
      timestamp: String(g.timestamp),
      method: 'GET',
      path: g.path,
    });
    expect(toHex(msg)).toBe(g.signed_message_hex);
    const h = await sogsAuthHeaders({
      method: 'GET',
      path: g.path,
      serverPkHex: d.server_pk,
      edSecretKey64: sk,
      timestampS: g.timestamp,
      nonce,
    });
    expect(h).toEqual(g.headers);
  });

  it('POST with a body: the body hash, unblinded and 15-blinded signatures', async () => {
    const p = d.auth_post_unblinded00;
    const body = utf8(p.body_utf8);
    expect(toHex(await blake2b(64, body))).toBe(p.body_blake2b512_hex);
    const msg = await sogsSignedMessage({
      serverPkHex: d.server_pk,
      nonce,
      timestamp: String(p.timestamp),
      method: 'POST',
      path: p.path,
      body,
    });
    expect(toHex(msg)).toBe(p.signed_message_hex);
    const common = {
      method: 'POST',
      path: p.path,
      body,
      serverPkHex: d.server_pk,
      edSecretKey64: sk,
      timestampS: p.timestamp,
      nonce,
    };
    expect(await sogsAuthHeaders({ ...common, mode: 'unblinded' })).toEqual(p.headers);
    const b = await sogsAuthHeaders(common);
    expect(b['X-SOGS-Signature']).toBe(d.auth_post_blinded15_signature);
    expect(b['X-SOGS-Pubkey']).toBe(d.ids.seed1.blinded15);
  });

  it('signs the percent-decoded path of a reaction, query kept as sent', () => {
    expect(toHex(signedPath(d.reaction_path.wire_path))).toBe(d.reaction_path.signed_path_utf8_hex);
    expect(new TextDecoder().decode(signedPath('/room/a%20b/messages?x=%20'))).toBe(
      '/room/a b/messages?x=%20',
    );
  });

  it('a fresh nonce per request; the signature verifies with the blinded key', async () => {
    const common = {
      method: 'GET',
      path: '/rooms',
      serverPkHex: d.server_pk,
      edSecretKey64: sk,
      timestampS: 1700000000,
    };
    const a = await sogsAuthHeaders(common);
    const b = await sogsAuthHeaders(common);
    expect(a['X-SOGS-Nonce']).not.toBe(b['X-SOGS-Nonce']);
    const msg = await sogsSignedMessage({
      serverPkHex: d.server_pk,
      nonce: fromBase64(a['X-SOGS-Nonce']!),
      timestamp: '1700000000',
      method: 'GET',
      path: '/rooms',
    });
    expect(await verify(fromBase64(a['X-SOGS-Signature']!), msg, fromHex(a['X-SOGS-Pubkey']!.slice(2)))).toBe(
      true,
    );
  });
});

describe('post data (§8.5, §18.5)', () => {
  it('padded Content and its 15-blinded signature byte for byte', async () => {
    const m = d.community_message;
    const p = await buildPostData({
      text: 'hello',
      displayName: 'Alice',
      timestampMs: 1700000000000,
      edSecretKey64: sk,
      serverPkHex: d.server_pk,
    });
    expect(toHex(fromBase64(p.data)).slice(0, m.content_hex.length)).toBe(m.content_hex);
    expect(p.data).toBe(m.data_padded_b64);
    expect(fromBase64(p.data).length).toBe(m.data_len);
    expect(p.signature).toBe(m.signature_b64_blinded15_desktop_style);
  });
});
