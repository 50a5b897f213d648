import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hopDecryptWithKey, hopEncryptWithKey, type EncType } from '../../src/crypto/hop.js';
import { toBase64, utf8 } from '../../src/encoding/bytes.js';
import { decodeV4Request, decodeV4Response, encodeV4Response } from '../../src/encoding/v4.js';
import { SessionError, type ErrorCode } from '../../src/errors.js';
import { openServerReply, openSnodeReply, type BuiltOnion } from '../../src/network/onion-request.js';
import { parseSeedAnswer, parseServiceNodes } from '../../src/network/pool.js';

/** What a node, seed or server can send back, and the only errors it may cause (issue 8). */

const ED = 'ab'.repeat(32);
const X = '12'.repeat(32);

async function rejects(p: Promise<unknown> | (() => unknown), code: ErrorCode): Promise<SessionError> {
  let caught: unknown;
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(SessionError);
  expect((caught as SessionError).code).toBe(code);
  return caught as SessionError;
}

const state = (over: Record<string, unknown> = {}) => ({
  public_ip: '1.2.3.4',
  storage_port: 22021,
  pubkey_ed25519: ED,
  pubkey_x25519: X,
  swarm: 'f4ffffffffffffff',
  ...over,
});

describe('parseServiceNodes (§2.3)', () => {
  it('keeps valid nodes, lowercases keys, normalises the swarm id', () => {
    expect(
      parseServiceNodes([state({ pubkey_ed25519: ED.toUpperCase(), pubkey_x25519: X, swarm: '00F4' })]),
    ).toEqual([{ ip: '1.2.3.4', port: 22021, ed25519: ED, x25519: X, swarm: 'f4' }]);
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['a number', 5],
    ['a string', 'node'],
    ['an array', [state()]],
    ['ip missing', state({ public_ip: undefined })],
    ['ip empty', state({ public_ip: '' })],
    ['ip 0.0.0.0', state({ public_ip: '0.0.0.0' })],
    ['ip 255.255.255.255', state({ public_ip: '255.255.255.255' })],
    ['ip a number', state({ public_ip: 16909060 })],
    ['ip a hostname', state({ public_ip: 'seed1.getsession.org' })],
    ['ip with 5 octets', state({ public_ip: '1.2.3.4.5' })],
    ['port 0', state({ storage_port: 0 })],
    ['port negative', state({ storage_port: -443 })],
    ['port 65536', state({ storage_port: 65536 })],
    ['port fractional', state({ storage_port: 443.5 })],
    ['port a string', state({ storage_port: '22021' })],
    ['ed25519 not hex', state({ pubkey_ed25519: 'zz'.repeat(32) })],
    ['x25519 short', state({ pubkey_x25519: X.slice(2) })],
    ['x25519 null', state({ pubkey_x25519: null })],
  ])('drops an entry that is %s', (_n, entry) => {
    expect(parseServiceNodes([entry, state({ public_ip: '5.6.7.8' })]).map((n) => n.ip)).toEqual(['5.6.7.8']);
  });

  it.each<[string, unknown]>([
    ['missing', undefined],
    ['not hex', 'xyz'],
    ['17 hex digits', '1'.repeat(17)],
    ['empty', ''],
    ['a number', 12],
  ])('marks a swarm that is %s as no swarm', (_n, swarm) => {
    expect(parseServiceNodes([state({ swarm })])[0]?.swarm).toBe('ffffffffffffffff');
  });

  it('anything but a list is no nodes', () => {
    for (const v of [null, undefined, {}, 'x', 5]) expect(parseServiceNodes(v)).toEqual([]);
  });
});

describe('parseSeedAnswer (§2.1)', () => {
  const envelope = (v: unknown) => utf8(JSON.stringify(v));

  it('reads result.service_node_states', () => {
    const nodes = parseSeedAnswer(
      envelope({ jsonrpc: '2.0', id: '0', result: { service_node_states: [state(), null], height: 5 } }),
    );
    expect(nodes.map((n) => n.ed25519)).toEqual([ED]);
  });

  it.each<[string, Uint8Array]>([
    ['empty', new Uint8Array(0)],
    ['not JSON', utf8('<html>502</html>')],
    ['invalid UTF-8', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])],
    ['null', utf8('null')],
    ['a list', envelope([{ result: {} }])],
    ['a string', envelope('ok')],
    ['without result', envelope({ jsonrpc: '2.0', id: '0' })],
    ['result null', envelope({ result: null })],
    ['result a list', envelope({ result: [state()] })],
    ['without the node list', envelope({ result: { height: 5 } })],
    ['a node list that is an object', envelope({ result: { service_node_states: { 0: state() } } })],
    ['an error member', envelope({ jsonrpc: '2.0', error: { code: -32601, message: 'Method not found' } })],
    ['an error string', envelope({ error: 'boom', result: { service_node_states: [state()] } })],
  ])('refuses an answer that is %s', async (_n, bytes) => {
    const e = await rejects(() => parseSeedAnswer(bytes), 'BAD_REPLY');
    expect(e.message.startsWith('seed: ')).toBe(true);
  });
});

function onion(encType: EncType): BuiltOnion {
  return { body: new Uint8Array(0), key: new Uint8Array(randomBytes(32)), encType };
}

async function snodeHttpBody(o: BuiltOnion, plaintext: string | Uint8Array): Promise<Uint8Array> {
  const blob = await hopEncryptWithKey(
    o.encType,
    o.key,
    typeof plaintext === 'string' ? utf8(plaintext) : plaintext,
  );
  return utf8(toBase64(blob));
}

describe.each<EncType>(['aes-gcm', 'xchacha20'])('openSnodeReply (§4.7, %s)', (encType) => {
  it('parses status and a JSON body given as text', async () => {
    const o = onion(encType);
    const r = await openSnodeReply(o, await snodeHttpBody(o, '{"status":200,"body":"{\\"t\\":5}"}'));
    expect(r).toEqual({ status: 200, body: { t: 5 }, text: '{"t":5}' });
  });

  it('keeps a plain-text body as text; accepts a body that is already JSON', async () => {
    const o = onion(encType);
    const r = await openSnodeReply(o, await snodeHttpBody(o, '{"status":401,"body":"retrieve: nope"}'));
    expect(r).toEqual({ status: 401, body: 'retrieve: nope', text: 'retrieve: nope' });
    const j = await openSnodeReply(o, await snodeHttpBody(o, '{"status":200,"body":{"t":1}}'));
    expect(j).toEqual({ status: 200, body: { t: 1 }, text: '{"t":1}' });
  });

  it('status_code wins over status', async () => {
    const o = onion(encType);
    const r = await openSnodeReply(o, await snodeHttpBody(o, '{"status":200,"status_code":421,"body":"{}"}'));
    expect(r.status).toBe(421);
  });

  it('a null status_code counts as absent', async () => {
    const o = onion(encType);
    const r = await openSnodeReply(o, await snodeHttpBody(o, '{"status":406,"status_code":null,"body":"x"}'));
    expect(r.status).toBe(406);
  });

  it('accepts the legacy {"result":"<b64>"} form', async () => {
    const o = onion(encType);
    const b64 = Buffer.from(await snodeHttpBody(o, '{"status":200,"body":"{}"}')).toString('utf8');
    const r = await openSnodeReply(o, utf8(JSON.stringify({ result: b64 })));
    expect(r.status).toBe(200);
  });

  it.each<[string, string]>([
    ['JSON null', 'null'],
    ['a JSON array', '[200,"{}"]'],
    ['a JSON string', '"ok"'],
    ['a JSON number', '200'],
    ['not JSON', 'status 200'],
    ['status a string', '{"status":"200","body":"{}"}'],
    ['status fractional', '{"status":200.5,"body":"{}"}'],
    ['status 0', '{"status":0,"body":"{}"}'],
    ['status 1000', '{"status":1000,"body":"{}"}'],
    ['status missing', '{"body":"{}"}'],
    ['status_code invalid while status is valid', '{"status":200,"status_code":"x","body":"{}"}'],
    ['body missing', '{"status":200}'],
  ])('a decrypted reply that is %s is BAD_REPLY', async (_n, plaintext) => {
    const o = onion(encType);
    await rejects(openSnodeReply(o, await snodeHttpBody(o, plaintext)), 'BAD_REPLY');
  });

  it('decrypted bytes that are not UTF-8 are BAD_REPLY', async () => {
    const o = onion(encType);
    await rejects(openSnodeReply(o, await snodeHttpBody(o, new Uint8Array([0xff, 0xfe]))), 'BAD_REPLY');
  });

  const short = encType === 'aes-gcm' ? 27 : 39;
  it.each<[string, () => Uint8Array]>([
    ['not base64', () => utf8('Invalid ciphertext!')],
    ['empty', () => new Uint8Array(0)],
    ['invalid UTF-8', () => new Uint8Array([0xff, 0xfe, 0xfd])],
    ['legacy JSON whose result is not a string', () => utf8('{"result":5}')],
    ['legacy JSON with result null', () => utf8('{"result":null}')],
    ['JSON that is not the legacy form', () => utf8('{"status":200}')],
    ['broken JSON', () => utf8('{"result":')],
    [`a blob of ${short} bytes`, () => utf8(toBase64(new Uint8Array(short)))],
    ['random bytes (wrong key)', () => utf8(toBase64(new Uint8Array(randomBytes(100))))],
  ])('a reply body that is %s is DECRYPT_FAILED', async (_n, make) => {
    await rejects(openSnodeReply(onion(encType), make()), 'DECRYPT_FAILED');
  });

  it('a blob of exactly the minimum length reaches the AEAD (and fails there)', async () => {
    const e = await rejects(
      openSnodeReply(onion(encType), utf8(toBase64(new Uint8Array(short + 1)))),
      'DECRYPT_FAILED',
    );
    expect(e.message).toContain('authentication failed');
  });
});

describe('hopDecryptWithKey: only DECRYPT_FAILED', () => {
  it.each<[EncType, number]>([
    ['aes-gcm', 0],
    ['aes-gcm', 27],
    ['xchacha20', 39],
  ])('%s blob of %i bytes is too short', async (encType, n) => {
    const e = await rejects(
      hopDecryptWithKey(encType, new Uint8Array(32), new Uint8Array(n)),
      'DECRYPT_FAILED',
    );
    expect(e.message).toContain('too short');
  });

  it.each<EncType>(['aes-gcm', 'xchacha20'])('%s with a key of the wrong length', async (encType) => {
    await rejects(hopDecryptWithKey(encType, new Uint8Array(5), new Uint8Array(64)), 'DECRYPT_FAILED');
  });
});

describe('decodeV4Response and openServerReply (§4.7)', () => {
  const meta = '{"code":200,"headers":{}}';
  const v4 = (s: string) => utf8(s);

  it('decodes one or two parts', () => {
    expect(decodeV4Response(v4(`l${meta.length}:${meta}5:helloe`))).toEqual({
      code: 200,
      headers: {},
      body: utf8('hello'),
    });
    expect(decodeV4Response(v4(`l${meta.length}:${meta}e`)).body).toEqual(new Uint8Array(0));
    expect(decodeV4Response(v4(`l${meta.length}:${meta}0:e`)).body).toEqual(new Uint8Array(0));
  });

  it.each<[string, string]>([
    ['empty', ''],
    ['not a list', `${meta.length}:${meta}`],
    ['an empty list', 'le'],
    ['unterminated', `l${meta.length}:${meta}`],
    ['a negative length', `l${meta.length}:${meta}-3:abce`],
    ['a negative length that would loop', 'l-3:e'],
    ['a huge length', `l${meta.length}:${meta}99999999999:abce`],
    ['a length beyond the end', `l${meta.length}:${meta}10:abce`],
    ['a length with a sign', `l+${meta.length}:${meta}e`],
    ['a length with a leading zero', `l0${meta.length}:${meta}e`],
    ['a length without a colon', `l${meta.length}${meta}e`],
    ['a fractional length', `l${meta.length}.0:${meta}e`],
    ['three parts', `l${meta.length}:${meta}1:a1:be`],
    ['an integer item', `l${meta.length}:${meta}i5ee`],
    ['a dict item', `l${meta.length}:${meta}de` + 'e'],
    ['trailing data', `l${meta.length}:${meta}e1:x`],
    ['meta not JSON', 'l3:abce'],
    ['meta JSON null', 'l4:nulle'],
    ['meta a JSON list', 'l5:[200]e'],
    ['code missing', 'l2:{}e'],
    ['code a string', 'l12:{"code":"2"}e'],
    ['code fractional', 'l14:{"code":200.5}e'],
    ['code 99', 'l11:{"code":99}e'],
  ])('a reply that is %s is BAD_REPLY', async (_n, s) => {
    await rejects(() => decodeV4Response(v4(s)), 'BAD_REPLY');
  });

  it('a request with a hostile length is INVALID_INPUT (the devnet side)', async () => {
    await rejects(() => decodeV4Request(v4('l-3:e')), 'INVALID_INPUT');
  });

  it('openServerReply: undecryptable is DECRYPT_FAILED, decrypted garbage is BAD_REPLY', async () => {
    const o = onion('aes-gcm');
    await rejects(openServerReply(o, new Uint8Array(10)), 'DECRYPT_FAILED');
    await rejects(openServerReply(o, new Uint8Array(randomBytes(64))), 'DECRYPT_FAILED');
    await rejects(openServerReply(o, await hopEncryptWithKey('aes-gcm', o.key, utf8('l-3:e'))), 'BAD_REPLY');
    const ok = encodeV4Response({ code: 404, headers: {}, body: utf8('nope') });
    expect((await openServerReply(o, await hopEncryptWithKey('aes-gcm', o.key, ok))).code).toBe(404);
  });
});
