import { describe, expect, it } from 'vitest';
import { SessionError } from '../../src/errors.js';
import {
  parseBatchBody,
  parseExpiriesBody,
  parseInfoBody,
  parseOnsBody,
  parseRecursiveBody,
  parseRetrieveBody,
  parseSwarmBody,
} from '../../src/rpc/replies.js';

/**
 * The reply validators' refusals, each with its exact message (the message is what a person
 * reads in --verbose output and a bug report), and the edges of their accepted shapes.
 */
const H = 'A'.repeat(43);
const ED = 'ab'.repeat(32);
const X = 'cd'.repeat(32);

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof SessionError && e.code === 'BAD_REPLY') return e.message;
    throw e;
  }
  throw new Error('accepted');
}

const msg = (over: Record<string, unknown> = {}) => ({
  hash: H,
  timestamp: 1,
  expiration: 2,
  data: 'YWJj',
  ...over,
});

describe('parseRetrieveBody', () => {
  it('refuses with a message naming the field', () => {
    expect(refusal(() => parseRetrieveBody([]))).toBe('retrieve: reply body is not a JSON object');
    expect(refusal(() => parseRetrieveBody({ messages: {} }))).toBe('retrieve: `messages` is not an array');
    expect(refusal(() => parseRetrieveBody({ messages: [msg(), 3] }))).toBe(
      'retrieve: messages[1] is not an object',
    );
    expect(refusal(() => parseRetrieveBody({ messages: [msg({ hash: 'short' })] }))).toBe(
      'retrieve: messages[0].hash is not a 43-char message hash',
    );
    expect(refusal(() => parseRetrieveBody({ messages: [msg({ timestamp: -1 })] }))).toBe(
      'retrieve: messages[0].timestamp is not a timestamp',
    );
    expect(refusal(() => parseRetrieveBody({ messages: [msg({ expiration: 1.5 })] }))).toBe(
      'retrieve: messages[0].expiration is not a timestamp',
    );
    expect(refusal(() => parseRetrieveBody({ messages: [msg({ data: 'a*' })] }))).toBe(
      'retrieve: messages[0].data is not base64',
    );
    expect(refusal(() => parseRetrieveBody({ messages: [msg({ data: 5 })] }))).toBe(
      'retrieve: messages[0].data is not base64',
    );
  });

  it('a hash that only looks right once turned into a string is refused', () => {
    expect(() => parseRetrieveBody({ messages: [msg({ hash: [H] })] })).toThrow(SessionError);
  });

  it('base64 with or without padding; a bad tail is refused', () => {
    const data = (d: string) => parseRetrieveBody({ messages: [msg({ data: d })] }).messages[0]!.data;
    expect(data('YQ')).toEqual(new Uint8Array([0x61]));
    expect(data('YQ==')).toEqual(new Uint8Array([0x61]));
    expect(data('YWI')).toEqual(new Uint8Array([0x61, 0x62]));
    expect(data('YWI=')).toEqual(new Uint8Array([0x61, 0x62]));
    expect(data('')).toEqual(new Uint8Array(0));
    for (const d of ['Y', 'YQ=', 'YWJjZ', 'YW Jj', 'YWJj\n']) expect(() => data(d)).toThrow(SessionError);
  });

  it('more is truthy (errata E2); t only when a finite number', () => {
    expect(parseRetrieveBody({ messages: [], more: 1 }).more).toBe(true);
    expect(parseRetrieveBody({ messages: [] }).more).toBe(false);
    expect(parseRetrieveBody({ messages: [], t: 5 }).t).toBe(5);
    expect(parseRetrieveBody({ messages: [], t: '5' }).t).toBeUndefined();
    expect(parseRetrieveBody({ messages: [], t: Number.NaN }).t).toBeUndefined();
  });
});

describe('parseRecursiveBody', () => {
  const reason = (entry: unknown) => {
    const r = parseRecursiveBody('store', { swarm: { [ED]: entry } }).swarm.get(ED)!;
    return r.ok ? 'ok' : r.reason;
  };

  it('the reason of a failed member', () => {
    expect(reason({ failed: true, timeout: true })).toBe('timeout');
    expect(reason({ failed: true, bad_peer_response: true })).toBe('bad peer response');
    expect(reason({ failed: true, query_failure: true })).toBe('query failure');
    expect(reason({ failed: true, code: 401, reason: 'nope' })).toBe('code 401: nope');
    expect(reason({ failed: true, code: 401 })).toBe('code 401');
    expect(reason({ failed: true, code: 'x', reason: 7 })).toBe('code (not a number)');
    expect(reason({ failed: true, code: 500, reason: 'r'.repeat(300) })).toBe(`code 500: ${'r'.repeat(200)}`);
    expect(reason({ failed: true })).toBe('failed');
    expect(reason({ failed: false, hash: H })).toBe('ok');
    expect(reason(7)).toBe('entry is not an object');
    expect(reason({ signature: 'AAAA' })).toBe('signature is not base64 of 64 bytes');
    expect(reason({ signature: 5 })).toBe('signature is not base64 of 64 bytes');
  });

  it('a member entry keeps its fields; unsigned entries have no signature', () => {
    const r = parseRecursiveBody('store', { swarm: { [ED]: { hash: H } } }).swarm.get(ED)!;
    expect(r).toEqual({ ok: true, fields: { hash: H }, signature: undefined });
    const sig = Buffer.alloc(64, 1).toString('base64');
    const s = parseRecursiveBody('store', { swarm: { [ED]: { hash: H, signature: sig } } }).swarm.get(ED)!;
    expect(s.ok && s.signature).toEqual(new Uint8Array(64).fill(1));
  });

  it('only node keys count; swarm must be an object; hash, when present, must be a hash', () => {
    const b = parseRecursiveBody('delete', {
      swarm: { [ED]: {}, [ED.toUpperCase()]: {}, nope: {} },
      t: 9,
      hash: H,
    });
    expect([...b.swarm.keys()]).toEqual([ED]);
    expect(b.t).toBe(9);
    expect(b.hash).toBe(H);
    expect(parseRecursiveBody('delete', { swarm: {} }).hash).toBeUndefined();
    expect(refusal(() => parseRecursiveBody('delete', { swarm: [] }))).toBe(
      'delete: `swarm` is not an object',
    );
    expect(refusal(() => parseRecursiveBody('store', { swarm: {}, hash: 'x' }))).toBe(
      'store: `hash` is not a 43-char message hash',
    );
  });
});

describe('parseSwarmBody', () => {
  const snode = (over: Record<string, unknown> = {}) => ({
    ip: '10.1.2.3',
    port: '22100',
    pubkey_ed25519: ED,
    pubkey_x25519: X,
    ...over,
  });

  it('refusals', () => {
    expect(refusal(() => parseSwarmBody({ swarm: '1' }))).toBe('get_swarm: `snodes` is not an array');
    expect(refusal(() => parseSwarmBody({ snodes: [], swarm: 'xyz' }))).toBe(
      'get_swarm: `swarm` is not a swarm id',
    );
    expect(refusal(() => parseSwarmBody({ snodes: [], swarm: 5 }))).toBe(
      'get_swarm: `swarm` is not a swarm id',
    );
  });

  it('the port: port_https first, else port as a number or a string of up to 5 digits', () => {
    const port = (s: Record<string, unknown>) =>
      parseSwarmBody({ snodes: [snode(s)], swarm: '00Ab' }).snodes[0]?.port;
    expect(port({})).toBe(22100);
    expect(port({ port: 22101 })).toBe(22101);
    expect(port({ port_https: 443 })).toBe(443);
    expect(port({ port_https: '444' })).toBe(444);
    expect(port({ port: '123456' })).toBeUndefined();
    expect(port({ port: 'x22100' })).toBeUndefined();
    expect(port({ port: '22100x' })).toBeUndefined();
    // Number() would accept these: the digits-only check must be anchored at both ends
    expect(port({ port: ' 22100' })).toBeUndefined();
    expect(port({ port: '22100 ' })).toBeUndefined();
    expect(port({ port: ['22100'] })).toBeUndefined();
    expect(port({ port: undefined })).toBeUndefined();
    expect(parseSwarmBody({ snodes: [snode(), 3], swarm: '00Ab' })).toEqual({
      swarmHex: 'ab',
      snodes: [{ ip: '10.1.2.3', port: 22100, ed25519: ED, x25519: X, swarm: 'ab' }],
    });
  });
});

describe('parseBatchBody, parseInfoBody, parseExpiriesBody, parseOnsBody', () => {
  it('batch refusals and codes', () => {
    expect(refusal(() => parseBatchBody({ results: {} }, 1))).toBe('batch: `results` is not an array');
    expect(refusal(() => parseBatchBody({ results: [{}, {}] }, 1))).toBe(
      'batch: 2 results for 1 sub-requests',
    );
    expect(refusal(() => parseBatchBody({ results: [1] }, 1))).toBe('batch: results[0] is not an object');
    for (const code of [99, 600, 200.5, '200'])
      expect(refusal(() => parseBatchBody({ results: [{ code }] }, 1))).toBe(
        'batch: results[0].code is not an HTTP status',
      );
    expect(parseBatchBody({ results: [{ code: 100 }, { code: 599, body: 'b' }] }, 2)).toEqual([
      { code: 100, body: undefined },
      { code: 599, body: 'b' },
    ]);
  });

  it('info: t, else timestamp; a version of three integers', () => {
    expect(parseInfoBody({ t: 5, timestamp: 6 }).t).toBe(5);
    expect(parseInfoBody({ timestamp: 6 }).t).toBe(6);
    expect(refusal(() => parseInfoBody({ timestamp: -6 }))).toBe('info: no network time (`t`)');
    expect(parseInfoBody({ t: 1, version: [2, 8, 0] }).version).toEqual([2, 8, 0]);
    expect(parseInfoBody({ t: 1, version: [2, 8] }).version).toBeUndefined();
    expect(parseInfoBody({ t: 1, version: [2, 8, -1] }).version).toBeUndefined();
    expect(parseInfoBody({ t: 1, version: '2.8.0' }).version).toBeUndefined();
  });

  it('expiries', () => {
    expect(parseExpiriesBody({ expiries: { [H]: 10 } })).toEqual(new Map([[H, 10]]));
    expect(refusal(() => parseExpiriesBody({ expiries: [] }))).toBe(
      'get_expiries: `expiries` is not an object',
    );
    expect(refusal(() => parseExpiriesBody({ expiries: { x: 1 } }))).toBe(
      'get_expiries: an `expiries` key is not a 43-char message hash',
    );
    expect(refusal(() => parseExpiriesBody({ expiries: { [H]: 'soon' } }))).toBe(
      `get_expiries: expiry of ${H} is not a timestamp`,
    );
  });

  it('ons', () => {
    const ev = 'ab'.repeat(17);
    const nonce = '01'.repeat(24);
    expect(parseOnsBody({ result: {} })).toBeUndefined();
    expect(parseOnsBody({ result: { encrypted_value: ev } })?.nonce).toBeUndefined();
    expect(parseOnsBody({ result: { encrypted_value: ev, nonce } })?.nonce).toEqual(
      new Uint8Array(24).fill(1),
    );
    expect(refusal(() => parseOnsBody({ result: 1 }))).toBe('ons_resolve: `result` is not an object');
    expect(refusal(() => parseOnsBody({ result: { nonce } }))).toBe(
      'ons_resolve: `encrypted_value` is not hex',
    );
    expect(refusal(() => parseOnsBody({ result: { encrypted_value: 'ab'.repeat(16) } }))).toBe(
      'ons_resolve: `encrypted_value` is too short',
    );
    for (const n of ['01'.repeat(23), 'zz'.repeat(24), 5])
      expect(refusal(() => parseOnsBody({ result: { encrypted_value: ev, nonce: n } }))).toBe(
        'ons_resolve: `nonce` is not 24 bytes of hex',
      );
  });

  it('every refusal names the method in details', () => {
    try {
      parseInfoBody(null);
    } catch (e) {
      expect((e as SessionError).details).toEqual({ method: 'info' });
      expect((e as SessionError).message).toBe('info: reply body is not a JSON object');
    }
  });
});
