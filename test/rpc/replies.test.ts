import { describe, expect, it } from 'vitest';
import { toBase64 } from '../../src/encoding/bytes.js';
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

/** Storage-RPC reply validation (network.md §3.3, §6.4, §8; errata E2). */

const HASH = 'A'.repeat(42) + 'g';
const HASH2 = 'b/+9'.repeat(10) + 'xyz';
const ED = 'ab'.repeat(32);
const ED2 = 'cd'.repeat(32);
const X = '12'.repeat(32);
const SIG = toBase64(new Uint8Array(64).fill(7));

function badReply(fn: () => unknown, method: string): SessionError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(SessionError);
  const e = caught as SessionError;
  expect(e.code).toBe('BAD_REPLY');
  expect(e.message.startsWith(`${method}: `)).toBe(true);
  expect(e.details).toEqual({ method });
  return e;
}

const msg = (over: Record<string, unknown> = {}) => ({
  hash: HASH,
  timestamp: 1_700_000_000_000,
  expiration: 1_700_000_100_000,
  data: 'aGVsbG8=',
  ...over,
});

describe('parseRetrieveBody', () => {
  it('returns typed messages, decoded data, more and t', () => {
    const r = parseRetrieveBody({
      messages: [msg(), msg({ hash: HASH2, data: '' })],
      more: false,
      t: 5,
      hf: [19, 0],
    });
    expect(r.messages).toHaveLength(2);
    expect(r.messages[0]).toEqual({
      hash: HASH,
      timestamp: 1_700_000_000_000,
      expiration: 1_700_000_100_000,
      data: new Uint8Array(Buffer.from('hello')),
    });
    expect(r.messages[1]!.data).toEqual(new Uint8Array(0));
    expect(r.more).toBe(false);
    expect(r.t).toBe(5);
  });

  it.each([
    ['more: true', true, true],
    ['more: 1 (errata E2)', 1, true],
    ['more: 0', 0, false],
    ['more absent', undefined, false],
    ['more: null', null, false],
  ])('tests `more` for truthiness: %s', (_n, more, expected) => {
    expect(parseRetrieveBody({ messages: [], ...(more === undefined ? {} : { more }) }).more).toBe(expected);
  });

  it.each([
    ['t absent', {}],
    ['t a string', { t: '5' }],
    ['t NaN-like null', { t: null }],
  ])('ignores a t that is not a finite number: %s', (_n, extra) => {
    expect(parseRetrieveBody({ messages: [], ...extra }).t).toBeUndefined();
  });

  it.each<[string, unknown]>([
    ['body null', null],
    ['body an array', []],
    ['body a string', 'messages'],
    ['body a number', 5],
    ['messages: 5', { messages: 5 }],
    ['messages missing', { more: false }],
    ['messages an object', { messages: { 0: msg() } }],
    ['a message null', { messages: [null] }],
    ['a message a string', { messages: ['x'] }],
    ['hash: null', { messages: [msg({ hash: null })] }],
    ['hash 42 chars', { messages: [msg({ hash: HASH.slice(1) })] }],
    ['hash 44 chars', { messages: [msg({ hash: `${HASH}=` })] }],
    ['hash with "-"', { messages: [msg({ hash: `-${HASH.slice(1)}` })] }],
    ['hash a number', { messages: [msg({ hash: 5 })] }],
    ['timestamp a string', { messages: [msg({ timestamp: '1700000000000' })] }],
    ['timestamp negative', { messages: [msg({ timestamp: -1 })] }],
    ['timestamp fractional', { messages: [msg({ timestamp: 1.5 })] }],
    ['timestamp beyond 2^53', { messages: [msg({ timestamp: 2 ** 53 })] }],
    ['timestamp missing', { messages: [msg({ timestamp: undefined })] }],
    [
      'expiration missing (the header doc says expiry)',
      { messages: [{ ...msg(), expiration: undefined, expiry: 5 }] },
    ],
    ['expiration null', { messages: [msg({ expiration: null })] }],
    ['data missing', { messages: [msg({ data: undefined })] }],
    ['data a number', { messages: [msg({ data: 5 })] }],
    ['data with an invalid character', { messages: [msg({ data: 'aGV*bG8=' })] }],
    ['data with a space', { messages: [msg({ data: 'aGVs bG8=' })] }],
    ['data url-safe base64', { messages: [msg({ data: 'a-_b' })] }],
    ['data of 4k+1 chars', { messages: [msg({ data: 'aGVsb' })] }],
    ['data with padding in the middle', { messages: [msg({ data: 'aG==bG8=' })] }],
    ['data with too much padding', { messages: [msg({ data: 'aGVsbG8===' })] }],
    ['a hole in messages', { messages: [, msg()] }],
  ])('refuses %s', (_n, body) => {
    badReply(() => parseRetrieveBody(body), 'retrieve');
  });

  it('accepts unpadded base64 data', () => {
    expect(parseRetrieveBody({ messages: [msg({ data: 'aGVsbG8' })] }).messages[0]!.data).toEqual(
      new Uint8Array(Buffer.from('hello')),
    );
  });
});

describe('parseRecursiveBody', () => {
  it('maps each member to its result; failed and non-object entries are not ok', () => {
    const r = parseRecursiveBody('store', {
      swarm: {
        [ED]: { hash: HASH, signature: SIG, expiry: 10, already: true, t: 3 },
        [ED2]: { hash: HASH, signature: SIG, already: 1 },
        ['ef'.repeat(32)]: { failed: true, timeout: true },
        ['01'.repeat(32)]: { failed: 1, code: 401, reason: 'store signature verification failed' },
        ['02'.repeat(32)]: 'nope',
        ['03'.repeat(32)]: null,
        ['04'.repeat(32)]: [1, 2],
      },
      hash: HASH,
      t: 42,
    });
    expect(r.hash).toBe(HASH);
    expect(r.t).toBe(42);
    const a = r.swarm.get(ED);
    expect(a?.ok).toBe(true);
    if (a?.ok) {
      expect(a.signature).toEqual(new Uint8Array(64).fill(7));
      expect(a.fields.already).toBe(true);
      expect(a.fields.hash).toBe(HASH);
    }
    const b = r.swarm.get(ED2);
    expect(b?.ok && b.fields.already).toBe(1);
    expect(r.swarm.get('ef'.repeat(32))).toEqual({ ok: false, reason: 'timeout' });
    const c = r.swarm.get('01'.repeat(32));
    expect(c?.ok).toBe(false);
    expect(!c?.ok && c?.reason).toContain('401');
    for (const k of ['02', '03', '04'])
      expect(r.swarm.get(k.repeat(32))).toEqual({ ok: false, reason: 'entry is not an object' });
  });

  it('a failed entry with an odd code still gives a reason (never throws)', () => {
    const e = parseRecursiveBody('store', {
      swarm: { [ED]: { failed: true, code: 10n, reason: 5 } },
    }).swarm.get(ED);
    expect(e).toEqual({ ok: false, reason: 'code (not a number)' });
  });

  it('an entry without a signature is ok with signature undefined', () => {
    const e = parseRecursiveBody('delete', { swarm: { [ED]: { deleted: [] } } }).swarm.get(ED);
    expect(e).toEqual({ ok: true, fields: { deleted: [] }, signature: undefined });
  });

  it.each<[string, unknown]>([
    ['63 bytes', toBase64(new Uint8Array(63))],
    ['65 bytes', toBase64(new Uint8Array(65))],
    ['not base64', `${SIG.slice(1)}*`],
    ['a number', 5],
    ['null', null],
    ['an array', [SIG]],
  ])('a signature of %s makes the entry not ok', (_n, signature) => {
    const e = parseRecursiveBody('store', { swarm: { [ED]: { hash: HASH, signature } } }).swarm.get(ED);
    expect(e?.ok).toBe(false);
  });

  it.each([
    ['uppercase hex', ED.toUpperCase()],
    ['63 hex', ED.slice(1)],
    ['66 hex (account id)', `05${ED}`],
    ['__proto__', '__proto__'],
    ['not hex', 'zz'.repeat(32)],
  ])('ignores members keyed by %s', (_n, key) => {
    const body = JSON.parse(
      `{"swarm":{${JSON.stringify(key)}:{"signature":${JSON.stringify(SIG)}}}}`,
    ) as unknown;
    expect(parseRecursiveBody('expire', body).swarm.size).toBe(0);
  });

  it('t and hash are optional', () => {
    const r = parseRecursiveBody('delete_all', { swarm: {}, t: 'x' });
    expect(r.t).toBeUndefined();
    expect(r.hash).toBeUndefined();
    expect(r.swarm.size).toBe(0);
  });

  it.each<[string, unknown]>([
    ['body null', null],
    ['body an array', [{ swarm: {} }]],
    ['swarm missing', { t: 1 }],
    ['swarm null', { swarm: null }],
    ['swarm an array', { swarm: [] }],
    ['swarm a string', { swarm: ED }],
    ['hash null', { swarm: {}, hash: null }],
    ['hash invalid', { swarm: {}, hash: 'abc' }],
  ])('refuses %s, naming the method', (_n, body) => {
    badReply(() => parseRecursiveBody('expire', body), 'expire');
  });
});

const snode = (over: Record<string, unknown> = {}) => ({
  address: 'x.snode',
  pubkey_legacy: ED,
  pubkey_x25519: X,
  pubkey_ed25519: ED,
  port: '22021',
  port_https: 22021,
  port_omq: 22020,
  ip: '1.2.3.4',
  ...over,
});

describe('parseSwarmBody', () => {
  it('returns the swarm and its nodes (the 421 body and get_swarm)', () => {
    const r = parseSwarmBody({ snodes: [snode()], swarm: 'f4ffffffffffffff', t: 1, hf: [19, 0] });
    expect(r).toEqual({
      swarmHex: 'f4ffffffffffffff',
      snodes: [{ ip: '1.2.3.4', port: 22021, ed25519: ED, x25519: X, swarm: 'f4ffffffffffffff' }],
    });
  });

  it('takes the string `port` when `port_https` is missing, and normalises hex', () => {
    const r = parseSwarmBody({
      snodes: [snode({ port_https: undefined, port: '443', pubkey_ed25519: ED.toUpperCase() })],
      swarm: '00AB',
    });
    expect(r.swarmHex).toBe('ab');
    expect(r.snodes).toEqual([{ ip: '1.2.3.4', port: 443, ed25519: ED, x25519: X, swarm: 'ab' }]);
  });

  it('prefers the numeric `port_https` over the string `port`', () => {
    expect(
      parseSwarmBody({ snodes: [snode({ port_https: 443, port: '22021' })], swarm: 'ab' }).snodes[0]?.port,
    ).toBe(443);
  });

  it('an empty list is valid (the node knows no swarm)', () => {
    expect(parseSwarmBody({ snodes: [], swarm: 'ffffffffffffffff' }).snodes).toEqual([]);
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['a string', 'x'],
    ['an array', [snode()]],
    ['ip 0.0.0.0', snode({ ip: '0.0.0.0' })],
    ['ip 255.255.255.255', snode({ ip: '255.255.255.255' })],
    ['ip not dotted IPv4', snode({ ip: 'example.org' })],
    ['ip with an octet > 255', snode({ ip: '1.2.3.256' })],
    ['ip a number', snode({ ip: 16909060 })],
    ['ip missing', snode({ ip: undefined })],
    ['port 0', snode({ port_https: 0, port: '0' })],
    ['port 65536', snode({ port_https: 65536, port: '65536' })],
    ['port fractional', snode({ port_https: 1.5, port: undefined })],
    ['port a word', snode({ port_https: undefined, port: 'https' })],
    ['no port', snode({ port_https: undefined, port: undefined })],
    ['ed25519 63 hex', snode({ pubkey_ed25519: ED.slice(1) })],
    ['ed25519 missing', snode({ pubkey_ed25519: undefined })],
    ['x25519 not hex', snode({ pubkey_x25519: 'zz'.repeat(32) })],
  ])('drops a node entry that is %s', (_n, entry) => {
    expect(
      parseSwarmBody({ snodes: [entry, snode({ ip: '5.6.7.8' })], swarm: 'ab' }).snodes.map((s) => s.ip),
    ).toEqual(['5.6.7.8']);
  });

  it.each<[string, unknown]>([
    ['body null', null],
    ['body an array', []],
    ['snodes missing', { swarm: 'ab' }],
    ['snodes an object', { snodes: {}, swarm: 'ab' }],
    ['swarm missing', { snodes: [] }],
    ['swarm a number', { snodes: [], swarm: 171 }],
    ['swarm empty', { snodes: [], swarm: '' }],
    ['swarm 17 hex', { snodes: [], swarm: '1'.repeat(17) }],
    ['swarm not hex', { snodes: [], swarm: 'xyz' }],
  ])('refuses %s', (_n, body) => {
    badReply(() => parseSwarmBody(body), 'get_swarm');
  });
});

describe('parseBatchBody', () => {
  it('returns code and body of each result', () => {
    expect(
      parseBatchBody(
        { results: [{ code: 200, body: { t: 1 } }, { code: 421, body: 'x' }, { code: 500 }] },
        3,
      ),
    ).toEqual([
      { code: 200, body: { t: 1 } },
      { code: 421, body: 'x' },
      { code: 500, body: undefined },
    ]);
  });

  it('fewer results than sub-requests are fine (a sequence stops at the first failure)', () => {
    expect(parseBatchBody({ results: [{ code: 200, body: {} }] }, 4)).toHaveLength(1);
  });

  it.each<[string, unknown]>([
    ['body null', null],
    ['results missing', {}],
    ['results an object', { results: { 0: { code: 200 } } }],
    ['more results than sub-requests', { results: [{ code: 200 }, { code: 200 }] }],
    ['a result null', { results: [null] }],
    ['a code a string', { results: [{ code: '200' }] }],
    ['a code fractional', { results: [{ code: 200.5 }] }],
    ['a code 99', { results: [{ code: 99 }] }],
    ['a code 600', { results: [{ code: 600 }] }],
    ['a code missing', { results: [{ body: {} }] }],
    ['a hole in results', { results: [, { code: 200 }] }],
  ])('refuses %s', (_n, body) => {
    badReply(() => parseBatchBody(body, 1), 'batch');
  });
});

describe('parseInfoBody', () => {
  it('returns t and the version', () => {
    expect(parseInfoBody({ version: [2, 8, 0], timestamp: 9, t: 10, hf: [19, 0] })).toEqual({
      t: 10,
      version: [2, 8, 0],
    });
  });

  it('falls back to `timestamp`; an odd version is undefined', () => {
    expect(parseInfoBody({ timestamp: 9, version: [2, 8] })).toEqual({ t: 9, version: undefined });
    expect(parseInfoBody({ t: 1, version: ['2', 8, 0] }).version).toBeUndefined();
    expect(parseInfoBody({ t: 1, version: null }).version).toBeUndefined();
    expect(parseInfoBody({ t: 1, version: [2, , 0] }).version).toBeUndefined();
  });

  it.each<[string, unknown]>([
    ['body null', null],
    ['no time', { version: [2, 8, 0] }],
    ['t a string', { t: '10' }],
    ['timestamp negative', { timestamp: -5 }],
  ])('refuses %s', (_n, body) => {
    badReply(() => parseInfoBody(body), 'info');
  });
});

describe('parseExpiriesBody', () => {
  it('maps hashes to expiries', () => {
    expect(parseExpiriesBody({ expiries: { [HASH]: 10, [HASH2]: 20 } })).toEqual(
      new Map([
        [HASH, 10],
        [HASH2, 20],
      ]),
    );
    expect(parseExpiriesBody({ expiries: {} }).size).toBe(0);
  });

  it.each<[string, unknown]>([
    ['body null', null],
    ['expiries missing', {}],
    ['expiries an array', { expiries: [] }],
    ['an expiry a string', { expiries: { [HASH]: '10' } }],
    ['an expiry negative', { expiries: { [HASH]: -1 } }],
    ['an expiry null', { expiries: { [HASH]: null } }],
    ['a key that is not a hash', { expiries: { abc: 10 } }],
  ])('refuses %s', (_n, body) => {
    badReply(() => parseExpiriesBody(body), 'get_expiries');
  });
});

describe('parseOnsBody', () => {
  const ev = 'ab'.repeat(49);
  const nonce = 'cd'.repeat(24);

  it('returns the encrypted value and nonce', () => {
    const r = parseOnsBody({ result: { encrypted_value: ev, nonce }, t: 1, hf: [19, 0] });
    expect(r?.encryptedValue).toEqual(new Uint8Array(49).fill(0xab));
    expect(r?.nonce).toEqual(new Uint8Array(24).fill(0xcd));
  });

  it('no nonce is a legacy record; no keys at all is not registered', () => {
    expect(parseOnsBody({ result: { encrypted_value: ev } })?.nonce).toBeUndefined();
    expect(parseOnsBody({ result: {} })).toBeUndefined();
  });

  it.each<[string, unknown]>([
    ['body null', null],
    ['result missing', {}],
    ['result null', { result: null }],
    ['result a string', { result: ev }],
    ['nonce without a value', { result: { nonce } }],
    ['value not hex', { result: { encrypted_value: 'zz'.repeat(49), nonce } }],
    ['value of odd length', { result: { encrypted_value: `${ev}a`, nonce } }],
    ['value a number', { result: { encrypted_value: 5, nonce } }],
    ['value shorter than a tag', { result: { encrypted_value: 'ab'.repeat(16), nonce } }],
    ['nonce 23 bytes', { result: { encrypted_value: ev, nonce: 'cd'.repeat(23) } }],
    ['nonce null', { result: { encrypted_value: ev, nonce: null } }],
    ['nonce not hex', { result: { encrypted_value: ev, nonce: 'zz'.repeat(24) } }],
  ])('refuses %s', (_n, body) => {
    badReply(() => parseOnsBody(body), 'ons_resolve');
  });
});
