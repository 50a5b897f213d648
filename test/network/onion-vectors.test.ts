import { describe, expect, it } from 'vitest';
import { sign } from '../../src/crypto/keys.js';
import { hopEncryptWithKey } from '../../src/crypto/hop.js';
import { fromHex, toBase64, toHex, utf8 } from '../../src/encoding/bytes.js';
import { buildSnodeOnion, openSnodeReply } from '../../src/network/onion-request.js';
import type { SnodeRecord } from '../../src/network/pool.js';
import { ed25519KeyPairFromSeed } from '../../src/crypto/keys.js';
import { signatureMessages } from '../../src/rpc/storage.js';
import { loadSpecVectors } from '../helpers/spec.js';

const v = loadSpecVectors('network.vectors.json');
const o = v.onion_snode;
const rec = (n: { ed25519_pk: string; x25519_pk: string }): SnodeRecord => ({
  ip: '127.0.0.1',
  port: 1,
  ed25519: n.ed25519_pk,
  x25519: n.x25519_pk,
  swarm: '0',
});

describe('3-hop onion request to a snode (network.md §12.3, DERIVED)', () => {
  const layers = [
    { ephemeralSecret: fromHex(o.ephemeral_secrets.eD), nonce: fromHex(o.ivs.D) },
    { ephemeralSecret: fromHex(o.ephemeral_secrets.e3), nonce: fromHex(o.ivs.N3) },
    { ephemeralSecret: fromHex(o.ephemeral_secrets.e2), nonce: fromHex(o.ivs.N2) },
    { ephemeralSecret: fromHex(o.ephemeral_secrets.e1), nonce: fromHex(o.ivs.N1) },
  ];
  const build = () =>
    buildSnodeOnion(o.nodes.map(rec), rec(o.destination), JSON.parse(o.rpc_body), 'aes-gcm', layers);

  it('the destination key and the 754-byte HTTP body', async () => {
    const built = await build();
    expect(toHex(built.key)).toBe(o.dest_symmetric_key);
    expect(built.body.length).toBe(o.http_body_len);
    expect(toHex(built.body)).toBe(o.http_body_hex);
  });

  it('the reply decrypts with the destination key', async () => {
    const built = await build();
    const blob = await hopEncryptWithKey(
      'aes-gcm',
      built.key,
      utf8(o.response_plaintext),
      fromHex(o.response_iv),
    );
    expect(toBase64(blob)).toBe(o.response_http_body_base64);
    const reply = await openSnodeReply(built, utf8(o.response_http_body_base64));
    expect(reply.status).toBe(200);
    expect((reply.body as { version: number[] }).version).toEqual([2, 11, 0]);
  });
});

describe('request signatures (network.md §12.5, DERIVED)', () => {
  const u = v.user;
  const g = v.group;
  const h1 = '4sMyAuaZlMwww3oFvfhazfw7ASx/7TDtO+TVc8aAjHs';
  const h2 = 'MNMvcJftLpEmkC5rcENyXu/R0gqOJ1eW24SiC5ZVC3c';
  const T = 1700000000000;
  const cases: [string, string, string, string][] = [
    ['retrieve ns 0', u.seed, signatureMessages.retrieve(0, T), u.sig_retrieve_ns0.sig],
    ['retrieve ns 2', u.seed, signatureMessages.retrieve(2, T), u.sig_retrieve_ns2.sig],
    ['retrieve ns -10', u.seed, signatureMessages.retrieve(-10, T), u.sig_retrieve_nsm10.sig],
    ['store ns 5', u.seed, signatureMessages.store(5, T), u.sig_store_ns5.sig],
    ['delete_all all', u.seed, signatureMessages.deleteAll('all', T), u.sig_delete_all_all.sig],
    ['delete', u.seed, signatureMessages.delete([h1, h2]), u.sig_delete.sig],
    [
      'expire shorten',
      u.seed,
      signatureMessages.expire('shorten', 1700086400000, [h1, h2]),
      u.sig_expire_shorten.sig,
    ],
    ['get_expiries', u.seed, signatureMessages.getExpiries(T, [h1, h2]), u.sig_get_expiries.sig],
    ['group retrieve ns 11', g.seed, signatureMessages.retrieve(11, T), g.sig_retrieve_ns11.sig],
    ['group store ns 12', g.seed, signatureMessages.store(12, T), g.sig_store_ns12.sig],
  ];
  for (const [name, seed, msg, expected] of cases) {
    it(name, async () => {
      const kp = await ed25519KeyPairFromSeed(fromHex(seed));
      expect(toBase64(await sign(utf8(msg), kp.secretKey))).toBe(expected);
    });
  }
});
