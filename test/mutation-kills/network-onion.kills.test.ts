import { beforeAll, describe, expect, it } from 'vitest';
import { hopDecryptWithKey, hopEncryptWithKey, hopServerKey, type EncType } from '../../src/crypto/hop.js';
import { x25519KeyPair } from '../../src/crypto/keys.js';
import { fromHex, fromUtf8, toBase64, toHex, utf8 } from '../../src/encoding/bytes.js';
import { decodeFrame } from '../../src/encoding/frame.js';
import { SessionError } from '../../src/errors.js';
import {
  buildServerOnion,
  buildSnodeOnion,
  openSnodeReply,
  type BuiltOnion,
} from '../../src/network/onion-request.js';
import type { SnodeRecord } from '../../src/network/pool.js';

/**
 * Onion layers peeled hop by hop with the nodes' own keys (network.md §4.4-§4.7): what each hop
 * is told (route JSON, enc_type) and how a destination's reply is opened or refused.
 */
interface Hop {
  rec: SnodeRecord;
  sk: Uint8Array;
  pk: Uint8Array;
}

let hops: Hop[];

beforeAll(async () => {
  hops = await Promise.all(
    [1, 2, 3, 4].map(async (i) => {
      const kp = await x25519KeyPair();
      const ed = String(i).repeat(64);
      return {
        rec: { ip: `10.0.${i}.1`, port: 1000 + i, ed25519: ed, x25519: toHex(kp.publicKey), swarm: '1' },
        ...{ sk: kp.secretKey, pk: kp.publicKey },
      };
    }),
  );
});

/** Peels one layer as node `h` would: the frame's ephemeral key, then the layer key. */
async function peel(h: Hop, frame: Uint8Array, encType: EncType) {
  const f = decodeFrame(frame);
  const key = await hopServerKey(encType, h.sk, h.pk, fromHex(f.json.ephemeral_key as string));
  return { json: f.json, plain: await hopDecryptWithKey(encType, key, f.ciphertext) };
}

describe('buildSnodeOnion', () => {
  for (const encType of ['aes-gcm', 'xchacha20'] as const) {
    it(`${encType}: each hop learns only the next one; enc_type is named unless it is aes-gcm`, async () => {
      const [g, r1, r2, d] = hops as [Hop, Hop, Hop, Hop];
      const rpc = { method: 'info', params: {} };
      const built = await buildSnodeOnion([g.rec, r1.rec, r2.rec], d.rec, rpc, encType);
      expect(built.encType).toBe(encType);
      const named = encType === 'aes-gcm' ? {} : { enc_type: encType };

      const outer = decodeFrame(built.body).json;
      expect(Object.keys(outer).sort()).toEqual(Object.keys({ ephemeral_key: 1, ...named }).sort());
      let layer = await peel(g, built.body, encType);
      const atGuard = decodeFrame(layer.plain).json;
      expect(atGuard).toEqual({ destination: r1.rec.ed25519, ephemeral_key: expect.any(String), ...named });
      layer = await peel(r1, layer.plain, encType);
      expect(decodeFrame(layer.plain).json).toEqual({
        destination: r2.rec.ed25519,
        ephemeral_key: expect.any(String),
        ...named,
      });
      layer = await peel(r2, layer.plain, encType);
      expect(decodeFrame(layer.plain).json).toEqual({
        destination: d.rec.ed25519,
        ephemeral_key: expect.any(String),
        ...named,
      });
      const last = await peel(d, layer.plain, encType);
      const inner = decodeFrame(last.plain);
      expect(inner.json).toEqual({ headers: {} });
      expect(JSON.parse(fromUtf8(inner.ciphertext))).toEqual(rpc);
    });
  }
});

describe('buildSnodeOnion defaults', () => {
  it('aes-gcm unless asked otherwise', async () => {
    const [g, r1, r2, d] = hops as [Hop, Hop, Hop, Hop];
    const built = await buildSnodeOnion([g.rec, r1.rec, r2.rec], d.rec, { method: 'info', params: {} });
    expect(built.encType).toBe('aes-gcm');
    expect(decodeFrame(built.body).json).not.toHaveProperty('enc_type');
  });
});

describe('buildServerOnion', () => {
  it('the last hop is told to POST to /oxen/v4/lsrpc on the server', async () => {
    const [g, r1, r2, server] = hops as [Hop, Hop, Hop, Hop];
    const dest = {
      host: 'files.example',
      port: 8443,
      protocol: 'https' as const,
      x25519Hex: toHex(server.pk),
    };
    const built = await buildServerOnion([g.rec, r1.rec, r2.rec], dest, {
      method: 'GET',
      endpoint: '/x',
      headers: {},
    });
    expect(built.encType).toBe('aes-gcm');
    let layer = await peel(g, built.body, 'aes-gcm');
    layer = await peel(r1, layer.plain, 'aes-gcm');
    layer = await peel(r2, layer.plain, 'aes-gcm');
    expect(decodeFrame(layer.plain).json).toEqual({
      host: 'files.example',
      target: '/oxen/v4/lsrpc',
      method: 'POST',
      protocol: 'https',
      port: 8443,
      ephemeral_key: expect.any(String),
    });
  });
});

describe('openSnodeReply', () => {
  let built: BuiltOnion;
  beforeAll(async () => {
    const [g, r1, r2, d] = hops as [Hop, Hop, Hop, Hop];
    built = await buildSnodeOnion([g.rec, r1.rec, r2.rec], d.rec, { method: 'info', params: {} });
  });
  const reply = async (json: unknown, wrap: (b64: string) => string = (b) => b) =>
    utf8(
      wrap(
        toBase64(
          await hopEncryptWithKey(
            built.encType,
            built.key,
            utf8(typeof json === 'string' ? json : JSON.stringify(json)),
          ),
        ),
      ),
    );
  const refusal = async (body: Uint8Array) => {
    try {
      await openSnodeReply(built, body);
    } catch (e) {
      if (e instanceof SessionError)
        return `${e.code} ${e.message}${e.cause === undefined ? '' : ' (with cause)'}`;
      throw e;
    }
    return 'opened';
  };

  it('status_code wins over status; a JSON string body is parsed, a plain-text one kept', async () => {
    expect(
      await openSnodeReply(built, await reply({ status_code: 201, status: 500, body: '{"a":1}' })),
    ).toEqual({
      status: 201,
      body: { a: 1 },
      text: '{"a":1}',
    });
    expect(await openSnodeReply(built, await reply({ status: 404, body: 'Not found' }))).toEqual({
      status: 404,
      body: 'Not found',
      text: 'Not found',
    });
    expect(await openSnodeReply(built, await reply({ status: 200, body: { b: 2 } }))).toEqual({
      status: 200,
      body: { b: 2 },
      text: '{"b":2}',
    });
  });

  it('the legacy {"result": base64} form and surrounding whitespace are accepted', async () => {
    const r = await openSnodeReply(
      built,
      await reply({ status: 200, body: '1' }, (b) => ` {"result":"${b}"}\n`),
    );
    expect(r.status).toBe(200);
  });

  it('refusals, with their causes', async () => {
    expect(await refusal(await reply({ status: 200, body: 'x' }, (b) => `{"result":"${b}"`))).toBe(
      'DECRYPT_FAILED onion reply is not base64 (with cause)',
    );
    expect(await refusal(await reply({}, () => '{"result":5}'))).toBe(
      'DECRYPT_FAILED onion reply is not base64',
    );
    expect(await refusal(new Uint8Array([0xff, 0xfe]))).toMatch(
      /^DECRYPT_FAILED onion reply is not base64 \(with cause\)$/,
    );
    expect(await refusal(await reply('not json'))).toBe(
      'BAD_REPLY onion reply: decrypted reply is not JSON (with cause)',
    );
    expect(await refusal(await reply([1]))).toBe(
      'BAD_REPLY onion reply: decrypted reply is not a JSON object',
    );
    for (const scalar of ['5', '"text"', 'true'])
      expect(await refusal(await reply(scalar))).toBe(
        'BAD_REPLY onion reply: decrypted reply is not a JSON object',
      );
    expect(await refusal(await reply('null'))).toBe(
      'BAD_REPLY onion reply: decrypted reply is not a JSON object',
    );
    for (const status of [99, 600, 200.5, '200', null])
      expect(await refusal(await reply({ status, body: '' }))).toBe(
        'BAD_REPLY onion reply: status is not an HTTP status code',
      );
    expect(await refusal(await reply({ status: 100, body: '' }))).toBe('opened');
    expect(await refusal(await reply({ status: 599, body: '' }))).toBe('opened');
    expect(await refusal(await reply({ status_code: null, status: 200, body: '' }))).toBe('opened');
    expect(await refusal(await reply({ status: 200 }))).toBe('BAD_REPLY onion reply: no body');
  });
});
