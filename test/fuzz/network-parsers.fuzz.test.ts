import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import {
  hopDecryptWithKey,
  hopEncrypt,
  hopEncryptWithKey,
  hopServerKey,
  type EncType,
} from '../../src/crypto/hop.js';
import { toBase64, utf8 } from '../../src/encoding/bytes.js';
import { decodeV4Response, encodeV4Response } from '../../src/encoding/v4.js';
import { openServerReply, openSnodeReply, type BuiltOnion } from '../../src/network/onion-request.js';
import { parseSeedAnswer, parseServiceNodes, type SnodeRecord } from '../../src/network/pool.js';
import {
  parseBatchBody,
  parseExpiriesBody,
  parseInfoBody,
  parseOnsBody,
  parseRecursiveBody,
  parseRetrieveBody,
  parseSwarmBody,
} from '../../src/rpc/replies.js';
import {
  RUNS,
  anyValue,
  check,
  damagedBytes,
  fcOptions,
  mutated,
  mutatedJsonBytes,
  onlySessionError,
  onlySessionErrorAsync,
} from './fuzz-helpers.js';

/**
 * Issue 8: every parser of what the network sends, fed thousands of generated and mutated
 * replies. Each call must return or throw a SessionError, within a time bound; what it accepts
 * must keep the rules the parser promises (so "accept anything" cannot pass either).
 */

const HASH = 'A'.repeat(42) + 'g';
const HASH2 = 'b/+9'.repeat(10) + 'xyz';
const ED = 'ab'.repeat(32);
const ED2 = 'cd'.repeat(32);
const ED3 = 'ef'.repeat(32);
const X = '12'.repeat(32);
const SIG = toBase64(new Uint8Array(64).fill(7));

const HASH_RE = /^[A-Za-z0-9+/]{43}$/;
const KEY_RE = /^[0-9a-f]{64}$/;
const IPV4_RE = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const isTime = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isT = (t: unknown) => t === undefined || (typeof t === 'number' && Number.isFinite(t));
const isStatus = (c: unknown) => typeof c === 'number' && Number.isInteger(c) && c >= 100 && c <= 599;

function checkSnode(n: SnodeRecord): void {
  check(IPV4_RE.test(n.ip) && n.ip !== '0.0.0.0' && n.ip !== '255.255.255.255', `ip ${n.ip}`);
  check(Number.isInteger(n.port) && n.port >= 1 && n.port <= 65535, `port ${n.port}`);
  check(KEY_RE.test(n.ed25519) && KEY_RE.test(n.x25519), 'keys are 64 lowercase hex');
  check(/^[0-9a-f]{1,16}$/.test(n.swarm), `swarm ${n.swarm}`);
}

const retrieveBody = {
  messages: [
    { hash: HASH, timestamp: 1_700_000_000_000, expiration: 1_700_000_100_000, data: 'aGVsbG8=' },
    { hash: HASH2, timestamp: 1_700_000_000_001, expiration: 1_700_000_100_001, data: 'CAESAggB' },
  ],
  more: true,
  t: 1_700_000_000_500,
  hf: [19, 0],
};

const storeBody = {
  swarm: {
    [ED]: { hash: HASH, signature: SIG, expiry: 1_700_000_100_000, already: true, t: 5 },
    [ED2]: { hash: HASH, signature: SIG, expiry: 1_700_000_100_000, already: 1 },
    [ED3]: { failed: true, code: 401, reason: 'store signature verification failed' },
  },
  hash: HASH,
  t: 1_700_000_000_500,
  hf: [19, 0],
};

const snode = (ip: string, ed: string) => ({
  address: 'x.snode',
  pubkey_legacy: ed,
  pubkey_x25519: X,
  pubkey_ed25519: ed,
  port: '22021',
  port_https: 22021,
  port_omq: 22020,
  port_quic: 22020,
  ip,
});
const swarmBody = {
  snodes: [snode('1.2.3.4', ED), snode('5.6.7.8', ED2)],
  swarm: 'f4ffffffffffffff',
  t: 1_700_000_000_500,
  hf: [19, 0],
};

const batchBody = {
  results: [
    { code: 200, body: retrieveBody },
    { code: 421, body: swarmBody },
  ],
};

const infoBody = { version: [2, 8, 0], timestamp: 1_700_000_000_400, t: 1_700_000_000_500, hf: [19, 0] };
const expiriesBody = { expiries: { [HASH]: 1_700_000_100_000, [HASH2]: 1_700_000_200_000 } };
const onsBody = { result: { encrypted_value: 'ab'.repeat(49), nonce: 'cd'.repeat(24) }, t: 1, hf: [19, 0] };

const nodeStates = [
  {
    public_ip: '1.2.3.4',
    storage_port: 22021,
    pubkey_ed25519: ED,
    pubkey_x25519: X,
    swarm: 'f4ffffffffffffff',
  },
  { public_ip: '5.6.7.8', storage_port: 443, pubkey_ed25519: ED2, pubkey_x25519: X, swarm: 'a' },
];
const seedAnswer = {
  jsonrpc: '2.0',
  id: '0',
  result: { service_node_states: nodeStates, height: 5, status: 'OK' },
};

describe('storage-RPC reply validators: only SessionError, only valid values out', () => {
  it('parseRetrieveBody', () => {
    fc.assert(
      fc.property(mutated(retrieveBody), (body) => {
        const r = onlySessionError(() => parseRetrieveBody(body));
        if (!r) return;
        check(typeof r.more === 'boolean' && isT(r.t), 'more/t');
        for (const m of r.messages) {
          check(HASH_RE.test(m.hash), `hash ${m.hash}`);
          check(isTime(m.timestamp) && isTime(m.expiration), 'timestamps');
          check(m.data instanceof Uint8Array, 'data bytes');
        }
      }),
      fcOptions(),
    );
  });

  it('parseRecursiveBody', () => {
    fc.assert(
      fc.property(mutated(storeBody), fc.constantFrom('store', 'delete', 'expire'), (body, method) => {
        const r = onlySessionError(() => parseRecursiveBody(method, body));
        if (!r) return;
        check(isT(r.t) && (r.hash === undefined || HASH_RE.test(r.hash)), 't/hash');
        for (const [key, entry] of r.swarm) {
          check(KEY_RE.test(key), `swarm key ${key}`);
          if (entry.ok) {
            check(entry.signature === undefined || entry.signature.length === 64, 'signature is 64 bytes');
            check(typeof entry.fields === 'object' && entry.fields !== null, 'fields');
          } else check(typeof entry.reason === 'string', 'reason');
        }
      }),
      fcOptions(),
    );
  });

  it('parseSwarmBody', () => {
    fc.assert(
      fc.property(mutated(swarmBody), (body) => {
        const r = onlySessionError(() => parseSwarmBody(body));
        if (!r) return;
        check(/^[0-9a-f]{1,16}$/.test(r.swarmHex), `swarm ${r.swarmHex}`);
        for (const n of r.snodes) {
          checkSnode(n);
          check(n.swarm === r.swarmHex, 'node swarm is the body swarm');
        }
      }),
      fcOptions(),
    );
  });

  it('parseBatchBody', () => {
    fc.assert(
      fc.property(mutated(batchBody), fc.nat({ max: 4 }), (body, expected) => {
        const r = onlySessionError(() => parseBatchBody(body, expected));
        if (!r) return;
        check(r.length <= expected, 'no more results than sub-requests');
        for (const x of r) check(isStatus(x.code), `code ${String(x.code)}`);
      }),
      fcOptions(),
    );
  });

  it('parseInfoBody', () => {
    fc.assert(
      fc.property(mutated(infoBody), (body) => {
        const r = onlySessionError(() => parseInfoBody(body));
        if (!r) return;
        check(typeof r.t === 'number' && Number.isFinite(r.t), 't');
        check(r.version === undefined || (r.version.length === 3 && r.version.every(isTime)), 'version');
      }),
      fcOptions(),
    );
  });

  it('parseExpiriesBody', () => {
    fc.assert(
      fc.property(mutated(expiriesBody), (body) => {
        const r = onlySessionError(() => parseExpiriesBody(body));
        if (!r) return;
        for (const [h, e] of r) check(HASH_RE.test(h) && isTime(e), `expiry ${h}`);
      }),
      fcOptions(),
    );
  });

  it('parseOnsBody', () => {
    fc.assert(
      fc.property(mutated(onsBody), (body) => {
        const r = onlySessionError(() => parseOnsBody(body));
        if (!r) return;
        check(r.encryptedValue instanceof Uint8Array && r.encryptedValue.length > 16, 'encrypted value');
        check(r.nonce === undefined || r.nonce.length === 24, 'nonce');
      }),
      fcOptions(),
    );
  });
});

describe('node lists: only SessionError, only usable nodes out', () => {
  it('parseServiceNodes never throws', () => {
    fc.assert(
      fc.property(mutated(nodeStates), (states) => {
        const r = onlySessionError(() => parseServiceNodes(states));
        check(r !== undefined, 'parseServiceNodes drops entries, it does not throw');
        for (const n of r!) checkSnode(n);
      }),
      fcOptions(),
    );
  });

  it('parseSeedAnswer', () => {
    fc.assert(
      fc.property(mutatedJsonBytes(seedAnswer), (bytes) => {
        const r = onlySessionError(() => parseSeedAnswer(bytes));
        if (r) for (const n of r) checkSnode(n);
      }),
      fcOptions(),
    );
  });
});

describe('onion replies: only SessionError', () => {
  const onions = new Map<EncType, BuiltOnion>();
  beforeAll(async () => {
    for (const encType of ['aes-gcm', 'xchacha20'] as const) {
      // A real destination layer: the reply is encrypted with the key the request derived.
      const layer = await hopEncrypt(encType, utf8('{}'), new Uint8Array(32).fill(9));
      onions.set(encType, { body: layer.ciphertext, key: layer.key, encType });
    }
  });

  const snodeReplies: fc.Arbitrary<unknown> = fc.oneof(
    mutated({ status: 200, body: JSON.stringify(retrieveBody) }),
    mutated({ status: 200, body: storeBody }),
    mutated({ status_code: 421, status: 200, body: JSON.stringify(swarmBody) }),
    mutated({ status: 401, body: 'retrieve: request signature required' }),
  );
  const plaintexts: fc.Arbitrary<Uint8Array> = fc.oneof(
    {
      weight: 6,
      arbitrary: snodeReplies.map((v) =>
        utf8(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? 0 : x)) ?? ''),
      ),
    },
    { weight: 2, arbitrary: fc.json().map(utf8) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary' }).map(utf8) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
  );

  it('openSnodeReply on well-encrypted generated JSON, then the body validators', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<EncType>('aes-gcm', 'xchacha20'),
        plaintexts,
        async (encType, plain) => {
          const o = onions.get(encType)!;
          const http = utf8(toBase64(await hopEncryptWithKey(encType, o.key, plain)));
          const r = await onlySessionErrorAsync(() => openSnodeReply(o, http));
          if (!r) return;
          check(isStatus(r.status) && typeof r.text === 'string', 'status/text');
          // What a caller does next with the body: the validators must hold on it too.
          onlySessionError(() => parseRetrieveBody(r.body));
          onlySessionError(() => parseRecursiveBody('store', r.body));
          onlySessionError(() => parseSwarmBody(r.body));
        },
      ),
      fcOptions(),
    );
  });

  it('openSnodeReply on damaged or foreign HTTP bodies', async () => {
    const o = () => onions.get('aes-gcm')!;
    const valid = async () =>
      utf8(toBase64(await hopEncryptWithKey('aes-gcm', o().key, utf8('{"status":200,"body":"{}"}'))));
    const validBody = await valid();
    const bodies: fc.Arbitrary<Uint8Array> = fc.oneof(
      damagedBytes(validBody),
      fc.uint8Array({ maxLength: 120 }),
      fc.uint8Array({ maxLength: 90 }).map((b) => utf8(toBase64(b))),
      fc
        .oneof(anyValue, fc.string())
        .map((v) =>
          utf8(
            `{"result":${JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? 0 : x)) ?? 'null'}}`,
          ),
        ),
      fc.string({ unit: 'binary' }).map(utf8),
    );
    await fc.assert(
      fc.asyncProperty(bodies, async (http) => {
        await onlySessionErrorAsync(() => openSnodeReply(o(), http));
      }),
      fcOptions(),
    );
  });

  const v4Valid = encodeV4Response({
    code: 200,
    headers: { 'content-type': 'application/octet-stream' },
    body: utf8('hello'),
  });
  const v4Bytes: fc.Arbitrary<Uint8Array> = fc.oneof(
    { weight: 4, arbitrary: damagedBytes(v4Valid) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.array(
            fc.oneof(
              fc.integer({ min: -5, max: 40 }).map(String),
              fc.constantFrom('99999999999', '0x1', '1e3', ''),
            ),
            {
              maxLength: 4,
            },
          ),
          fc.array(fc.string(), { maxLength: 4 }),
          fc.constantFrom('e', '', 'ee', 'e1:x'),
        )
        .map(([lengths, parts, end]) =>
          utf8(`l${lengths.map((n, i) => `${n}:${parts[i] ?? ''}`).join('')}${end}`),
        ),
    },
    {
      weight: 2,
      arbitrary: mutated({ code: 200, headers: { a: 'b' } }).map((meta) => {
        const m = utf8(JSON.stringify(meta, (_k, x: unknown) => (typeof x === 'bigint' ? 0 : x)) ?? '');
        return new Uint8Array([...utf8(`l${m.length}:`), ...m, ...utf8('2:hie')]);
      }),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 80 }) },
  );

  it('decodeV4Response', () => {
    fc.assert(
      fc.property(v4Bytes, (bytes) => {
        const r = onlySessionError(() => decodeV4Response(bytes));
        if (!r) return;
        check(isStatus(r.code) && r.body instanceof Uint8Array, 'code/body');
        for (const v of Object.values(r.headers)) check(typeof v === 'string', 'header values are strings');
      }),
      fcOptions(),
    );
  });

  it('openServerReply on well-encrypted generated payloads and on damaged blobs', async () => {
    const o = () => onions.get('aes-gcm')!;
    await fc.assert(
      fc.asyncProperty(v4Bytes, fc.boolean(), async (bytes, encrypt) => {
        const blob = encrypt ? await hopEncryptWithKey('aes-gcm', o().key, bytes) : bytes;
        await onlySessionErrorAsync(() => openServerReply(o(), blob));
      }),
      fcOptions(Math.ceil(RUNS / 2)),
    );
  });

  it('hopServerKey and hopDecryptWithKey (the decrypt path) on any key and blob', async () => {
    const lowOrder = [
      new Uint8Array(32),
      new Uint8Array(32).fill(0xff),
      Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? 1 : 0)),
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<EncType>('aes-gcm', 'xchacha20'),
        fc.oneof(
          fc.constantFrom(...lowOrder),
          fc.uint8Array({ minLength: 32, maxLength: 32 }),
          fc.uint8Array({ maxLength: 40 }),
        ),
        fc.oneof(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 40 })),
        fc.uint8Array({ maxLength: 120 }),
        async (encType, ephemeral, key, blob) => {
          await onlySessionErrorAsync(() =>
            hopServerKey(encType, new Uint8Array(32).fill(3), new Uint8Array(32).fill(9), ephemeral),
          );
          await onlySessionErrorAsync(() => hopDecryptWithKey(encType, key, blob));
        },
      ),
      fcOptions(Math.ceil(RUNS / 2)),
    );
  });
});
