import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { loadSodium } from '../../src/crypto/sodium.js';
import { encryptForRecipient, decryptIncoming, type SenderKeys } from '../../src/messages/encrypt.js';
import {
  buildContent,
  decodeIncoming,
  parseContent,
  unwrapEnvelope,
  wrapEnvelope,
  type OutgoingContent,
} from '../../src/messages/one-to-one.js';
import { padMessage, unpadMessage } from '../../src/messages/padding.js';
import {
  RUNS,
  check,
  damagedBytes,
  fcOptions,
  onlySessionError,
  onlySessionErrorAsync,
} from './fuzz-helpers.js';

/**
 * Issue 8, received messages: whatever bytes sit in a retrieved message (anyone may store to our
 * swarm), the decoders of envelopes and content throw only SessionError and never hang.
 */

const TS = 1_700_000_000_123;

/** Well-formed protobuf of random shape: any field number, any wire type, nested messages. */
function varint(n: bigint): number[] {
  const out: number[] = [];
  let v = BigInt.asUintN(64, n);
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) b |= 0x80;
    out.push(b);
  } while (v !== 0n);
  return out;
}

type Field = { no: number; value: bigint | Uint8Array | Field[] | { fixed: 32 | 64; bytes: Uint8Array } };

function encodeFields(fields: Field[]): Uint8Array {
  const out: number[] = [];
  for (const f of fields) {
    const v = f.value;
    if (typeof v === 'bigint') out.push(...varint(BigInt(f.no) << 3n), ...varint(v));
    else if (v instanceof Uint8Array)
      out.push(...varint((BigInt(f.no) << 3n) | 2n), ...varint(BigInt(v.length)), ...v);
    else if (Array.isArray(v)) {
      const inner = encodeFields(v);
      out.push(...varint((BigInt(f.no) << 3n) | 2n), ...varint(BigInt(inner.length)), ...inner);
    } else out.push(...varint((BigInt(f.no) << 3n) | (v.fixed === 32 ? 5n : 1n)), ...v.bytes);
  }
  return new Uint8Array(out);
}

const { field } = fc.letrec<{ field: Field; message: Field[] }>((tie) => ({
  field: fc.record<Field>({
    no: fc.oneof(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 2 ** 29 - 1 })),
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }),
      fc.constantFrom(0n, 1n, 2n, 5n, 6n, BigInt(TS), 2n ** 53n + 1n, 2n ** 64n - 1n),
      fc.uint8Array({ maxLength: 40 }),
      fc.string().map((s) => new TextEncoder().encode(s)),
      fc
        .record({
          fixed: fc.constantFrom<32 | 64>(32, 64),
          bytes: fc.uint8Array({ minLength: 8, maxLength: 8 }),
        })
        .map((x) => ({ fixed: x.fixed, bytes: x.bytes.subarray(0, x.fixed / 8) })),
      tie('message'),
    ),
  }),
  message: fc.array(tie('field'), { maxLength: 5 }),
}));
const randomProto = fc.array(field, { maxLength: 8 }).map(encodeFields);

const outgoing: fc.Arbitrary<OutgoingContent> = fc.oneof(
  fc.record(
    {
      kind: fc.constant('visible' as const),
      body: fc.string(),
      displayName: fc.string({ maxLength: 20 }),
      syncTarget: fc.constant(`05${'ab'.repeat(32)}`),
      expiration: fc.record({
        mode: fc.constantFrom('after-send' as const, 'after-read' as const),
        seconds: fc.nat(),
      }),
    },
    { requiredKeys: ['kind', 'body'] },
  ),
  fc.record({ kind: fc.constant('read-receipt' as const), timestamps: fc.array(fc.nat(), { maxLength: 4 }) }),
  fc.record({
    kind: fc.constant('typing' as const),
    action: fc.constantFrom('started' as const, 'stopped' as const),
  }),
  fc.record({
    kind: fc.constant('unsend' as const),
    timestamp: fc.nat(),
    author: fc.string({ maxLength: 70 }),
  }),
  fc.record({ kind: fc.constant('request-response' as const) }),
);

/** Content bytes: valid ones, damaged valid ones, and random protobuf. */
const contentBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 2, arbitrary: outgoing.map((c) => buildContent(c, TS)) },
  { weight: 4, arbitrary: outgoing.chain((c) => damagedBytes(buildContent(c, TS))) },
  { weight: 3, arbitrary: randomProto },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 100 }) },
);

describe('received message decoders: only SessionError', () => {
  let sender: SenderKeys;
  let own: { x25519Pk: Uint8Array; x25519Sk: Uint8Array };
  beforeAll(async () => {
    const sodium = await loadSodium();
    const s = sodium.crypto_sign_seed_keypair(new Uint8Array(32).fill(1));
    sender = { ed25519Pk: s.publicKey, ed25519Sk: s.privateKey };
    const r = sodium.crypto_sign_seed_keypair(new Uint8Array(32).fill(2));
    own = {
      x25519Pk: sodium.crypto_sign_ed25519_pk_to_curve25519(r.publicKey),
      x25519Sk: sodium.crypto_sign_ed25519_sk_to_curve25519(r.privateKey),
    };
  });

  it('parseContent', () => {
    fc.assert(
      fc.property(contentBytes, fc.constantFrom(TS, 0, TS + 1), (bytes, ts) => {
        const r = onlySessionError(() => parseContent(bytes, ts));
        if (!r) return;
        check(typeof r.kind === 'string', 'kind');
        if (r.kind === 'read-receipt')
          check(
            r.timestamps.every((t) => typeof t === 'number'),
            'timestamps',
          );
        if (r.kind === 'unsend')
          check(typeof r.timestamp === 'number' && typeof r.author === 'string', 'unsend');
        if (r.kind === 'visible') check(typeof r.body === 'string', 'body');
      }),
      fcOptions(),
    );
  });

  it('unpadMessage never throws and returns a prefix', () => {
    fc.assert(
      fc.property(fc.oneof(contentBytes.map(padMessage), fc.uint8Array({ maxLength: 400 })), (bytes) => {
        const r = onlySessionError(() => unpadMessage(bytes));
        check(r !== undefined && r.length <= bytes.length, 'a prefix');
        check(
          r!.every((b, i) => b === bytes[i]),
          'same bytes',
        );
      }),
      fcOptions(),
    );
  });

  const envelopes: fc.Arbitrary<Uint8Array> = fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .uint8Array({ minLength: 1, maxLength: 200 })
        .chain((ct) => damagedBytes(wrapEnvelope(ct, TS))),
    },
    {
      weight: 1,
      arbitrary: fc.uint8Array({ minLength: 1, maxLength: 200 }).map((ct) => wrapEnvelope(ct, TS)),
    },
    { weight: 3, arbitrary: randomProto },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
  );

  it('unwrapEnvelope', () => {
    fc.assert(
      fc.property(envelopes, (bytes) => {
        const r = onlySessionError(() => unwrapEnvelope(bytes));
        if (!r) return;
        check(r.ciphertext instanceof Uint8Array && r.ciphertext.length > 0, 'ciphertext');
        check(Number.isFinite(r.timestamp), `timestamp ${r.timestamp}`);
      }),
      fcOptions(),
    );
  });

  it('decryptIncoming on damaged and foreign ciphertexts', async () => {
    const valid = await encryptForRecipient(
      sender,
      own.x25519Pk,
      padMessage(buildContent({ kind: 'typing', action: 'started' }, TS)),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(damagedBytes(valid), fc.uint8Array({ maxLength: 300 })), async (ct) => {
        await onlySessionErrorAsync(() => decryptIncoming(own, ct));
      }),
      fcOptions(Math.ceil(RUNS / 2)),
    );
  });

  it('decodeIncoming on well-encrypted messages whose content is generated or damaged', async () => {
    await fc.assert(
      fc.asyncProperty(contentBytes, fc.boolean(), async (content, pad) => {
        const ct = await encryptForRecipient(sender, own.x25519Pk, pad ? padMessage(content) : content);
        const r = await onlySessionErrorAsync(() => decodeIncoming(wrapEnvelope(ct, TS), own));
        if (r) check(r.sender.startsWith('05') && r.timestamp === TS, 'sender/timestamp');
      }),
      fcOptions(),
    );
  });
});
