import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sodium from 'libsodium-wrappers-sumo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBase32z } from '../../src/devnet/base32z.js';
import { startDevnet, type Devnet } from '../../src/devnet/index.js';
import { frame, layer, post, rawNodes, type RawNode } from '../helpers/raw-onion.js';
import { loadSpecVectors } from '../helpers/spec.js';

/**
 * Issue 8: the devnet refuses bad requests with the status and exact text of the real
 * session-storage-server (texts read in SS `oxenss/rpc/client_rpc_endpoints.cpp`,
 * `rpc/request_handler.cpp`, `rpc/onion_processing.cpp`, `server/https.cpp`, `snode/swarm.cpp`;
 * see the comments in src/devnet/rpc/params.ts and engine.ts). Every case is a raw HTTPS request.
 */
const v = loadSpecVectors('network.vectors.json');
let dn: Devnet;
let nodes: RawNode[];
let userSk: Uint8Array;
const user = {
  seed: v.user.seed as string,
  ed: v.user.ed25519_pk as string,
  id: v.user.session_id as string,
};

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const signWith = (sk: Uint8Array, msg: string | Uint8Array) =>
  b64(sodium.crypto_sign_detached(typeof msg === 'string' ? Buffer.from(msg) : msg, sk));
const sign = (msg: string | Uint8Array) => signWith(userSk, msg);

interface Reply {
  status: number;
  text: string;
  type: string;
}
async function raw(
  node: { ip: string; port: number },
  path: string,
  body: Uint8Array | string,
): Promise<Reply> {
  const r = await post(node.ip, node.port, path, body);
  return { status: r.status, text: r.body.toString('utf8'), type: String(r.headers['content-type']) };
}
const rpc = (node: { ip: string; port: number }, method: string, params: unknown) =>
  raw(node, '/storage_rpc/v1', JSON.stringify({ method, params }));
const brief = (r: Reply) => [r.status, r.text];

async function swarmOf(pubkey: string) {
  const r = JSON.parse((await rpc(nodes[0]!, 'get_swarm', { pubkey })).text) as {
    snodes: { pubkey_ed25519: string }[];
  };
  const members = nodes.filter((n) => r.snodes.some((s) => s.pubkey_ed25519 === n.ed));
  return { members, others: nodes.filter((n) => !members.includes(n)) };
}

/** A stored message of the user (ns 0, unsigned), for delete/expire cases. */
async function storeOne(entry: { ip: string; port: number }, data: string): Promise<string> {
  const r = await rpc(entry, 'store', { pubkey: user.id, timestamp: Date.now(), ttl: 600_000, data });
  expect(r.status).toBe(200);
  return (JSON.parse(r.text) as { hash: string }).hash;
}

beforeAll(async () => {
  await sodium.ready;
  userSk = sodium.crypto_sign_seed_keypair(Buffer.from(user.seed, 'hex')).privateKey;
  dn = await startDevnet({
    dir: mkdtempSync(join(tmpdir(), 'devnet-refusals-')),
    nodes: 6,
    swarmSize: 3,
    rateLimit: false,
  });
  nodes = rawNodes(dn.descriptor);
});
afterAll(async () => dn?.stop());

const INV = 'invalid request: ';

describe('store refusals (SS load(store&), process_client_req(store&&))', () => {
  it('answers each bad store with the real status and text', async () => {
    const { members } = await swarmOf(user.id);
    const entry = members[0]!;
    const now = Date.now();
    const base = { pubkey: user.id, timestamp: now, ttl: 60_000, data: 'aGk=' };
    const signed = (ns: number, ts: number, extra: object = {}) => ({
      ...base,
      timestamp: ts,
      namespace: ns,
      pubkey_ed25519: user.ed,
      signature: sign(`store${ns}${ts}`),
      ...extra,
    });
    const cases: [string, object, number, string][] = [
      [
        'data over 76 800 bytes',
        { ...base, data: b64(Buffer.alloc(76_801)) },
        400,
        `${INV}Message body exceeds maximum allowed length of 76800 bytes`,
      ],
      ['bad base64', { ...base, data: 'a!b=' }, 400, `${INV}Invalid 'data' value: not base64 encoded`],
      ['missing data', { ...base, data: undefined }, 400, `${INV}Required field 'data' missing`],
      [
        'neither ttl nor expiry',
        { ...base, ttl: undefined },
        400,
        `${INV}Required field 'expiry' or 'ttl' missing`,
      ],
      [
        'both ttl and expiry',
        { ...base, expiry: now + 60_000 },
        400,
        `${INV}Cannot specify both 'expiry' and 'ttl'`,
      ],
      [
        'negative ttl',
        { ...base, ttl: -5 },
        400,
        `${INV}Invalid value given for 'ttl': expected positive integer`,
      ],
      ['non-numeric ttl string', { ...base, ttl: 'abc' }, 400, `${INV}Invalid value given for 'ttl': "abc"`],
      ['ttl below 10 s', { ...base, ttl: 9_999 }, 403, 'Provided expiry/TTL is not valid.'],
      [
        'ttl over 14 days in a public namespace',
        { ...base, ttl: 14 * 86_400_000 + 1 },
        403,
        'Provided expiry/TTL is not valid.',
      ],
      [
        'missing timestamp',
        { ...base, timestamp: undefined },
        400,
        `${INV}Required field 'timestamp' missing`,
      ],
      [
        'timestamp of the wrong type',
        { ...base, timestamp: true },
        400,
        `${INV}Invalid value given for 'timestamp': expected integer`,
      ],
      // errata E1: a seconds timestamp parses (January 1970) and fails the clock window.
      [
        'timestamp in seconds',
        { ...base, timestamp: Math.floor(now / 1000) },
        406,
        'Timestamp error: check your clock',
      ],
      [
        'timestamp a minute ahead',
        { ...base, timestamp: now + 60_000 },
        406,
        'Timestamp error: check your clock',
      ],
      [
        'expiry below 10^9',
        { ...base, ttl: undefined, expiry: 999_999_999 },
        400,
        `${INV}Invalid timestamp for 'expiry': timestamp must be in milliseconds`,
      ],
      [
        'private namespace without signature',
        { ...base, namespace: 2 },
        401,
        'store: signature required to store to namespace 2',
      ],
      [
        'bad signature',
        { ...signed(2, now), signature: sign(`store3${now}`) },
        401,
        'store signature verification failed',
      ],
      [
        'signature not base64 of 64 bytes',
        { ...signed(2, now), signature: 'abc' },
        400,
        `${INV}invalid signature: expected base64 encoded Ed25519 signature`,
      ],
      [
        'sig_timestamp two minutes old',
        { ...signed(2, now), sig_timestamp: now - 120_000, signature: sign(`store2${now - 120_000}`) },
        406,
        'store signature timestamp too far from current time',
      ],
      [
        'pubkey_ed25519 that is not the account key',
        signed(2, now, { pubkey_ed25519: nodes[0]!.ed }),
        401,
        'store signature verification failed',
      ],
      [
        'namespace out of int16',
        { ...base, namespace: 40_000 },
        400,
        `${INV}Invalid value given for 'namespace': value out of range`,
      ],
      [
        'namespace as a string',
        { ...base, namespace: '2' },
        400,
        `${INV}Invalid value given for 'namespace': expected 16-bit integer`,
      ],
      [
        'short pubkey',
        { ...base, pubkey: '05abcd' },
        400,
        `${INV}Pubkey must be 66 hex digits (33 bytes) long`,
      ],
      [
        'pubkey and pubKey',
        { ...base, pubKey: user.id },
        400,
        `${INV}Cannot specify both 'pubkey' and 'pubKey'`,
      ],
    ];
    for (const [what, params, status, text] of cases) {
      const r = await rpc(entry, 'store', params);
      expect([what, ...brief(r)]).toEqual([what, status, text]);
      expect(r.type).toBe('text/plain');
    }
    // The stringified forms are accepted (parse_stringified).
    const ok = await rpc(entry, 'store', { ...base, ttl: '60000', timestamp: String(now) });
    expect(ok.status).toBe(200);
    expect(ok.type).toBe('application/json');
    expect((await rpc(entry, 'store', signed(2, now))).status).toBe(200);
  });
});

describe('malformed params for every method (SS parse_field, require, load_pk_signature)', () => {
  it('answers 400 invalid request: <the real text>', async () => {
    const { members } = await swarmOf(user.id);
    const entry = members[0]!;
    const ts = Date.now();
    const sig = sign('anything');
    const auth = { pubkey: user.id, pubkey_ed25519: user.ed, signature: sig };
    const group = `03${'ab'.repeat(32)}`;
    const hash = 'A'.repeat(43);
    const cases: [string, object, string][] = [
      ['retrieve', {}, "Required field 'pubkey' missing"],
      ['retrieve', { pubkey: 123 }, "Invalid value given for 'pubkey': expected string"],
      ['retrieve', { pubkey: user.id, last_hash: 'x' }, 'Invalid last_hash: expected base64 (43 chars)'],
      ['retrieve', { pubkey: user.id, last_hash: `${'!'.repeat(43)}` }, 'Invalid last_hash: not base64'],
      [
        'retrieve',
        { pubkey: user.id, max_count: 'a' },
        "Invalid value given for 'max_count': expected integer",
      ],
      // errata E3: naming a namespace that needs auth demands the signature field first.
      ['retrieve', { pubkey: user.id, namespace: 2 }, "Required field 'signature' missing"],
      [
        'retrieve',
        { ...auth, timestamp: '123' },
        "Invalid value given for 'timestamp': expected integer timestamp (in milliseconds)",
      ],
      [
        'retrieve',
        { ...auth, timestamp: 999_999_999 },
        "Invalid timestamp for 'timestamp': timestamp must be in milliseconds",
      ],
      [
        'retrieve',
        { ...auth, pubkey_ed25519: 'xyz', timestamp: ts },
        'Invalid pubkey_ed25519: expected 64 hex char or 32 byte pubkey',
      ],
      [
        'retrieve',
        { ...auth, pubkey_ed25519: 'g'.repeat(64), timestamp: ts },
        'invalid pubkey_ed25519: value is not hex',
      ],
      [
        'retrieve',
        { pubkey: group, pubkey_ed25519: user.ed, signature: sig, timestamp: ts },
        'pubkey_ed25519 is only permitted for 05[...] pubkeys',
      ],
      ['delete', { pubkey: user.id }, "Required field 'signature' missing"],
      ['delete', { ...auth }, "Required field 'messages' missing"],
      ['delete', { ...auth, messages: [] }, 'messages does not contain any message hashes'],
      ['delete', { ...auth, messages: [1] }, "Invalid value given for 'messages': expected string array"],
      ['delete', { ...auth, messages: 'abc' }, 'invalid message hash: abc'],
      [
        'delete',
        { ...auth, messages: [hash], required: 'yes' },
        "Invalid value given for 'required': expected boolean",
      ],
      ['delete_all', { ...auth }, "Required field 'timestamp' missing"],
      [
        'delete_all',
        { ...auth, timestamp: ts, namespace: 'x' },
        `Invalid value given for 'namespace': expected integer or "all"`,
      ],
      [
        'delete_all',
        { ...auth, timestamp: ts, namespace: -40_000 },
        "Invalid value given for 'namespace': value out of range",
      ],
      ['delete_before', { ...auth }, "Required field 'before' missing"],
      ['expire_all', { ...auth }, "Required field 'expiry' missing"],
      ['expire', { ...auth, messages: [hash] }, "Required field 'expiry' missing"],
      [
        'expire',
        { ...auth, messages: [hash], expiry: [] },
        "'expiry' does not contain any expiration timestamps",
      ],
      [
        'expire',
        { ...auth, messages: [hash], expiry: ts, shorten: true, extend: true },
        "cannot specify both 'shorten' and 'extend'",
      ],
      [
        'expire',
        { ...auth, messages: [hash], expiry: ts, shorten: 'yes' },
        "Invalid value given for 'shorten': expected boolean",
      ],
      [
        'expire',
        { ...auth, messages: [hash], expiry: [ts, ts] },
        "'expiry' must be a single expiry, or the same length as 'messages'",
      ],
      ['expire', { ...auth, messages: ['nope'], expiry: ts }, 'invalid message hash: nope'],
      [
        'get_expiries',
        { ...auth, timestamp: ts, messages: [] },
        'messages does not contain any message hashes',
      ],
      ['get_expiries', { ...auth, messages: [hash] }, "Required field 'timestamp' missing"],
      ['get_swarm', { pubkey: 'abc' }, 'Pubkey must be 66 hex digits/33 bytes long'],
      ['get_swarm', {}, "Required field 'pubkey' missing"],
      ['get_expiries', { pubkey: 'abc', signature: sig }, 'Pubkey must be 66 hex digits (33 bytes) long'],
      [
        'revoke_subaccount',
        { pubkey: group, signature: sig, timestamp: ts, revoke: ['zz'] },
        'invalid revoke: expected base64 or hex-encoded subaccount tag',
      ],
      [
        'revoke_subaccount',
        { pubkey: group, signature: sig, timestamp: ts, revoke: Array(51).fill('00'.repeat(36)) },
        'invalid revoke: cannot revoke more than 50 subaccounts at once',
      ],
      [
        'unrevoke_subaccount',
        { pubkey: group, signature: sig, timestamp: ts },
        "Required field 'unrevoke' missing",
      ],
      ['oxend_request', {}, "Required field 'endpoint' missing"],
      ['oxend_request', { endpoint: 'get_n_service_nodes' }, "Invalid oxend endpoint 'get_n_service_nodes'"],
    ];
    for (const [method, params, text] of cases) {
      const r = await rpc(entry, method, params);
      expect([method, ...brief(r)]).toEqual([method, 400, `${INV}${text}`]);
      expect(r.type).toBe('text/plain');
    }
  });

  it('parses before the swarm check: a malformed request to the wrong swarm is a 400, not a 421', async () => {
    const { others } = await swarmOf(user.id);
    const r = await rpc(others[0]!, 'store', {
      pubkey: user.id,
      timestamp: Date.now(),
      ttl: 60_000,
      data: '!',
    });
    expect(brief(r)).toEqual([400, `${INV}Invalid 'data' value: not base64 encoded`]);
    const d = await rpc(others[0]!, 'delete', {
      pubkey: user.id,
      pubkey_ed25519: user.ed,
      signature: sign('x'),
    });
    expect(brief(d)).toEqual([400, `${INV}Required field 'messages' missing`]);
  });

  it('fails a whole batch on one malformed sub-request; envelope texts', async () => {
    const e = nodes[0]!;
    const info = { method: 'info', params: {} };
    const bad = await rpc(e, 'batch', { requests: [info, { method: 'retrieve', params: {} }] });
    expect(brief(bad)).toEqual([400, `${INV}Required field 'pubkey' missing`]);
    const seq = await rpc(e, 'sequence', { requests: [] });
    expect(brief(seq)).toEqual([400, `${INV}Invalid batch request: no valid "requests" field`]);
    const notObj = await rpc(e, 'batch', { requests: [5] });
    expect(brief(notObj)).toEqual([400, `${INV}Invalid batch request: requests must be objects`]);
    const noParams = await rpc(e, 'batch', { requests: [{ method: 'info' }] });
    expect(brief(noParams)).toEqual([
      400,
      `${INV}Invalid batch request: subrequests must have method/params keys`,
    ]);
    expect(brief(await rpc(e, 'info', []))).toEqual([400, 'invalid json: no `params` field']);
    expect(brief(await raw(e, '/storage_rpc/v1', '[1,2]'))).toEqual([400, 'invalid json: no `method` field']);
    expect(brief(await raw(e, '/storage_rpc/v1', '{'))).toEqual([400, 'invalid json']);
  });
});

describe('delete / delete_all / delete_before / expire / expire_all / get_expiries (SS process_client_req)', () => {
  it('refuses with the real texts; required:true with nothing deleted is a 404 with the swarm body', async () => {
    const { members } = await swarmOf(user.id);
    const entry = members[0]!;
    const h = await storeOne(entry, b64(Buffer.from(`refusal ${Date.now()}`)));
    const now = Date.now();
    const auth = { pubkey: user.id, pubkey_ed25519: user.ed };
    const cases: [string, object, number, string][] = [
      [
        'delete',
        { ...auth, messages: [h], signature: sign('delete') },
        401,
        'delete_msgs signature verification failed',
      ],
      [
        'delete_all',
        { ...auth, timestamp: now - 120_000, signature: sign(`delete_all${now - 120_000}`) },
        406,
        'delete_all timestamp too far from current time',
      ],
      [
        'delete_all',
        { ...auth, timestamp: now, signature: sign('x') },
        401,
        'delete_all signature verification failed',
      ],
      [
        'delete_before',
        { ...auth, before: now + 120_000, signature: sign(`delete_before${now + 120_000}`) },
        401,
        'delete_before timestamp too far in the future',
      ],
      [
        'delete_before',
        { ...auth, before: now, signature: sign('x') },
        401,
        'delete_before signature verification failed',
      ],
      [
        'expire',
        { ...auth, messages: [h], expiry: now - 120_000, signature: sign(`expire${now - 120_000}${h}`) },
        401,
        'expire: timestamp should be >= current time',
      ],
      [
        'expire',
        { ...auth, messages: [h], expiry: now + 60_000, signature: sign('x') },
        401,
        'expire: signature verification failed',
      ],
      [
        'expire_all',
        { ...auth, expiry: now - 120_000, signature: sign(`expire_all${now - 120_000}`) },
        406,
        'expire_all timestamp should be >= current time',
      ],
      [
        'expire_all',
        { ...auth, expiry: now + 60_000, signature: sign('x') },
        401,
        'expire_all signature verification failed',
      ],
      [
        'get_expiries',
        {
          ...auth,
          messages: [h],
          timestamp: now - 120_000,
          signature: sign(`get_expiries${now - 120_000}${h}`),
        },
        406,
        'get_expiries timestamp too far from current time',
      ],
      [
        'get_expiries',
        { ...auth, messages: [h], timestamp: now, signature: sign('x') },
        401,
        'get_expiries signature verification failed',
      ],
    ];
    for (const [method, params, status, text] of cases) {
      const r = await rpc(entry, method, params);
      expect([method, ...brief(r)]).toEqual([method, status, text]);
      expect(r.type).toBe('text/plain');
    }
    // The message survived all of that.
    const left = await rpc(entry, 'get_expiries', {
      ...auth,
      messages: [h],
      timestamp: now,
      signature: sign(`get_expiries${now}${h}`),
    });
    expect(Object.keys((JSON.parse(left.text) as { expiries: object }).expiries)).toEqual([h]);

    const ghost = 'B'.repeat(43);
    const nothing = await rpc(entry, 'delete', {
      ...auth,
      messages: [ghost],
      required: true,
      signature: sign(`delete${ghost}`),
    });
    expect(nothing.status).toBe(404);
    expect(nothing.type).toBe('application/json');
    const body = JSON.parse(nothing.text) as { swarm: Record<string, { deleted: string[] }> };
    expect(Object.keys(body.swarm).length).toBeGreaterThan(0);
    for (const entryResult of Object.values(body.swarm)) expect(entryResult.deleted).toEqual([]);
    const some = await rpc(entry, 'delete', {
      ...auth,
      messages: [h],
      required: true,
      signature: sign(`delete${h}`),
    });
    expect(some.status).toBe(200);
  });
});

describe('subaccount refusals (SS load_subaccount, verify_signature)', () => {
  it('every token failure is the method’s single 401; format errors are 400', async () => {
    const group = sodium.crypto_sign_seed_keypair(Buffer.from(v.group.seed, 'hex'));
    const groupId = `03${Buffer.from(group.publicKey).toString('hex')}`;
    const member = sodium.crypto_sign_seed_keypair(Buffer.alloc(32, 9));
    const token = (flags: number, prefix = 0x03) =>
      Buffer.concat([Buffer.from([prefix, flags, 0, 0]), Buffer.from(member.publicKey)]);
    const { members } = await swarmOf(groupId);
    const entry = members[0]!;
    const retrieve = (t: Buffer, tokenSigner = group.privateKey, extra: object = {}) => {
      const ts = Date.now();
      return rpc(entry, 'retrieve', {
        pubkey: groupId,
        namespace: 11,
        timestamp: ts,
        subaccount: t.toString('hex'),
        subaccount_sig: signWith(tokenSigner, t),
        signature: signWith(member.privateKey, `retrieve11${ts}`),
        ...extra,
      });
    };
    const fail = [401, 'retrieve signature verification failed'];
    expect((await retrieve(token(0x01))).status).toBe(200);
    expect(brief(await retrieve(token(0x01, 0x05)))).toEqual(fail); // wrong prefix
    expect((await retrieve(token(0x01 | 0x08, 0x05))).status).toBe(200); // any-prefix flag
    expect(brief(await retrieve(token(0x02)))).toEqual(fail); // no read flag
    expect(brief(await retrieve(token(0x01), member.privateKey))).toEqual(fail); // token not signed by the group
    expect(brief(await retrieve(token(0x01), group.privateKey, { subaccount_sig: undefined }))).toEqual([
      400,
      `${INV}invalid subaccount: subaccount_sig is required when using subaccount`,
    ]);
    expect(brief(await retrieve(token(0x01), group.privateKey, { subaccount: 'xyz' }))).toEqual([
      400,
      `${INV}invalid subaccount: expected base64 or hex-encoded subaccount token`,
    ]);
    expect(brief(await retrieve(token(0x01), group.privateKey, { subaccount_sig: 'short' }))).toEqual([
      400,
      `${INV}invalid subaccount signature: expected base64 encoded Ed25519 signature`,
    ]);

    // A store needs write: a read-only token fails with store's text.
    const now = Date.now();
    const t1 = token(0x01);
    const store = await rpc(entry, 'store', {
      pubkey: groupId,
      namespace: 11,
      timestamp: now,
      ttl: 60_000,
      data: 'aGk=',
      subaccount: t1.toString('hex'),
      subaccount_sig: signWith(group.privateKey, t1),
      signature: signWith(member.privateKey, `store11${now}`),
    });
    expect(brief(store)).toEqual([401, 'store signature verification failed']);

    // Write without delete may not shorten.
    const t3 = token(0x03);
    const hash = 'C'.repeat(43);
    const expiry = now + 60_000;
    const shorten = await rpc(entry, 'expire', {
      pubkey: groupId,
      messages: [hash],
      expiry,
      shorten: true,
      subaccount: b64(t3),
      subaccount_sig: signWith(group.privateKey, t3),
      signature: signWith(member.privateKey, `expireshorten${expiry}${hash}`),
    });
    expect(brief(shorten)).toEqual([
      400,
      'expire: shorten parameter cannot be used with this subaccount token (missing delete access)',
    ]);

    // revoke/unrevoke read no subaccount fields: a member's signature is just a bad signature.
    const revokeBy = (signer: Uint8Array) =>
      rpc(entry, 'revoke_subaccount', {
        pubkey: groupId,
        revoke: t3.toString('hex'),
        timestamp: now,
        subaccount: t3.toString('hex'),
        subaccount_sig: signWith(group.privateKey, t3),
        signature: signWith(signer, Buffer.concat([Buffer.from(`revoke_subaccount${now}`), t3])),
      });
    expect(brief(await revokeBy(member.privateKey))).toEqual([
      401,
      'revoke_subaccount signature verification failed',
    ]);
    expect((await revokeBy(group.privateKey)).status).toBe(200);
    expect(brief(await retrieve(t3))).toEqual(fail); // revoked
  });
});

describe('onion parse errors at the guard (SS server/https.cpp, rpc/onion_processing.cpp)', () => {
  it('answers 400 Error parsing onion request: <the exception text>, text/plain', async () => {
    const guard = nodes[0]!;
    const ek = 'ab'.repeat(32);
    const ct = Buffer.alloc(40, 1);
    const P = 'Error parsing onion request: ';
    const cases: [string, Uint8Array | string, string][] = [
      ['shorter than 4 bytes', Buffer.from('ab'), 'Unexpected payload size; expected ciphertext size'],
      // "this" read as a little-endian length.
      ['bad length', 'this is not an onion request', 'Unexpected payload size 24, expected >= 1936287860'],
      [
        'empty JSON',
        frame(ct, ''),
        '[json.exception.parse_error.101] parse error at line 1, column 1: attempting to parse an empty input; check that your input string or stream contains the expected characters',
      ],
      ['JSON not an object', frame(ct, '[]'), '[json.exception.type_error.304] cannot use at() with array'],
      [
        'missing ephemeral_key',
        frame(ct, {}),
        "[json.exception.out_of_range.403] key 'ephemeral_key' not found",
      ],
      [
        'ephemeral_key not a string',
        frame(ct, { ephemeral_key: 5 }),
        '[json.exception.type_error.303] incompatible ReferenceType for get_ref, actual type is number',
      ],
      [
        'ephemeral_key not hex',
        frame(ct, { ephemeral_key: 'zz' }),
        'Hex key data is invalid: data is not hex',
      ],
      [
        'ephemeral_key too short',
        frame(ct, { ephemeral_key: 'abcd' }),
        'Hex key data is invalid: expected 32 hex digits, received 4',
      ],
      [
        'unknown enc_type',
        frame(ct, { ephemeral_key: ek, enc_type: 'rot13' }),
        'Invalid encryption type rot13',
      ],
      [
        'hop_no not a number',
        frame(ct, { ephemeral_key: ek, hop_no: 'x' }),
        '[json.exception.type_error.302] type must be number, but is string',
      ],
    ];
    for (const [what, body, text] of cases) {
      const r = await raw(guard, '/onion_req/v2', body);
      expect([what, ...brief(r)]).toEqual([what, 400, `${P}${text}`]);
      expect(r.type).toBe('text/plain');
    }
    const syntax = await raw(guard, '/onion_req/v2', frame(ct, 'not json'));
    expect(syntax.status).toBe(400);
    expect(syntax.text.startsWith(`${P}[json.exception.parse_error.101] parse error`)).toBe(true);

    // A well-formed frame whose layer is not for this node's key.
    const wrong = await layer(
      'aes-gcm',
      Buffer.from('hello'),
      sodium.crypto_scalarmult_base(sodium.randombytes_buf(32)),
    );
    const r = await raw(guard, '/onion_req/v2', frame(wrong.ct, { ephemeral_key: wrong.ePkHex }));
    expect(brief(r)).toEqual([400, 'Invalid ciphertext']);
    const deep = await raw(
      guard,
      '/onion_req/v2',
      frame(wrong.ct, { ephemeral_key: wrong.ePkHex, hop_no: 16 }),
    );
    expect(brief(deep)).toEqual([400, 'onion request max path length exceeded']);
  });
});

describe('get_swarm and 421 bodies (SS snode/swarm.cpp swarm_to_json, network.md §3.3)', () => {
  it('z-base-32 known answers (oxen-encoding tests, "base32z encoding/decoding")', () => {
    expect(toBase32z(new Uint8Array(5))).toBe('yyyyyyyy');
    const bytes = Buffer.from('0123456789abcdef'.repeat(4), 'hex');
    expect(toBase32z(bytes)).toBe('yrtwk3hjixg66yjdeiuauk6p7hy1gtm8tgih55abrpnsxnpm3zzo');
  });

  const SNODE_KEYS = [
    'address',
    'ip',
    'port',
    'port_https',
    'port_omq',
    'port_quic',
    'pubkey_ed25519',
    'pubkey_legacy',
    'pubkey_x25519',
  ];
  const checkSwarmBody = (text: string) => {
    const b = JSON.parse(text) as {
      snodes: Record<string, unknown>[];
      swarm: string;
      t: number;
      hf: number[];
    };
    // nlohmann writes object keys sorted; JSON.parse keeps the text's order for these keys.
    expect(Object.keys(b)).toEqual(['hf', 'snodes', 'swarm', 't']);
    expect(b.swarm).toMatch(/^(0|[1-9a-f][0-9a-f]*)$/);
    expect(typeof b.t).toBe('number');
    expect(b.hf).toHaveLength(2);
    expect(b.snodes).toHaveLength(3);
    for (const s of b.snodes) {
      expect(Object.keys(s)).toEqual(SNODE_KEYS);
      const node = nodes.find((n) => n.ed === s.pubkey_ed25519)!;
      expect(node).toBeDefined();
      expect(s.pubkey_legacy).toBe(node.ed); // modern nodes: the legacy key is the ed25519 key
      expect(s.address).toBe(`${toBase32z(Buffer.from(node.ed, 'hex'))}.snode`);
      expect(s.address).toMatch(/^[ybndrfg8ejkmcpqxot1uwisza345h769]{52}\.snode$/);
      expect(s.pubkey_x25519).toBe(node.x);
      expect(s.port).toBe(String(node.port));
      expect(s.port_https).toBe(node.port);
      expect(typeof s.port_omq).toBe('number');
      expect(s.port_quic).toBe(s.port_omq);
      expect(s.ip).toBe(node.ip);
      expect(BigInt(`0x${b.swarm}`)).toBe(BigInt(`0x${node.swarm}`));
    }
    return b;
  };

  it('get_swarm entries, key order and content types', async () => {
    const r = await rpc(nodes[0]!, 'get_swarm', { pubkey: user.id });
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/json');
    checkSwarmBody(r.text);
    const alias = await rpc(nodes[0]!, 'get_snodes_for_pubkey', { pubKey: user.id });
    expect(JSON.parse(alias.text).snodes).toEqual(JSON.parse(r.text).snodes);
  });

  it('a 421 carries the same swarm JSON', async () => {
    const { members, others } = await swarmOf(user.id);
    const r = await rpc(others[0]!, 'store', {
      pubkey: user.id,
      timestamp: Date.now(),
      ttl: 60_000,
      data: 'aGk=',
    });
    expect(r.status).toBe(421);
    expect(r.type).toBe('application/json');
    const b = checkSwarmBody(r.text);
    expect(b.snodes.map((s) => s.pubkey_ed25519).sort()).toEqual(members.map((m) => m.ed).sort());
  });
});
