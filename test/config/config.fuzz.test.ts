import fc from 'fast-check';
import type sodiumType from 'libsodium-wrappers-sumo';
import { beforeAll, describe, it } from 'vitest';
import { loadSodium } from '../../src/crypto/sodium.js';
import { btDecode, btEncode } from '../../src/config/bt.js';
import { ConfigState } from '../../src/config/config-state.js';
import { mergeMessages } from '../../src/config/merge.js';
import { hasherOf, parseMessage, serializeMessage } from '../../src/config/model.js';
import {
  encryptConfig,
  padPrefix,
  parsePart,
  unpadAndDecompress,
  userKeysOf,
} from '../../src/config/transport.js';
import { USER_PROFILE } from '../../src/config/user-profile.js';
import { RUNS, check, damagedBytes, fcOptions, onlySessionError } from '../fuzz/fuzz-helpers.js';
import { b } from './helpers.js';

/**
 * Whatever bytes sit on the swarm (anyone who can store to a namespace, or a buggy client), the
 * config decoders throw only SessionError, never a TypeError, and never hang; what they accept
 * re-encodes to the same bytes (so hashes of what we re-emit are hashes of what we got).
 */
let sodium: typeof sodiumType;
beforeAll(async () => {
  sodium = await loadSodium();
});

const btText = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.bigInt({ min: -(1n << 64n), max: 1n << 65n }).map((n) => `i${n}e`),
    fc.string({ maxLength: 6 }).map((s) => `${s.length}:${s}`),
    fc.array(tie('value'), { maxLength: 4 }).map((xs) => `l${xs.join('')}e`),
    fc
      .array(fc.tuple(fc.constantFrom('#', '&', '<', '=', '~', 'a', 'b', ''), tie('value')), { maxLength: 4 })
      .map((kv) => `d${kv.map(([k, v]) => `${k.length}:${k}${String(v)}`).join('')}e`),
  ),
})).value;

const GOOD = [
  'd1:#i1e1:&d1:ai1e1:bli1ei2e1:xe1:cd1:di-5eee1:<lli0e32:' + 'h'.repeat(32) + 'd1:a0:eee1:=d1:a0:ee',
  'd1:#i0e1:&de1:<le1:=dee',
];

describe('config parsers under fuzzing', () => {
  it('btDecode: only SessionError; accepted input re-encodes byte for byte', () => {
    fc.assert(
      fc.property(fc.oneof(btText, fc.string({ maxLength: 40 })), (text) => {
        const bytes = b(text);
        const v = onlySessionError(() => btDecode(bytes));
        if (v !== undefined) check(Buffer.from(btEncode(v)).equals(Buffer.from(bytes)), 're-encodes exactly');
      }),
      fcOptions(),
    );
  });

  it('parseMessage: only SessionError on random and damaged messages; round trip when accepted', () => {
    const inputs = fc.oneof(
      btText.map(b),
      fc.constantFrom(...GOOD).chain((g) => damagedBytes(b(g))),
      fc.uint8Array({ maxLength: 64 }),
    );
    fc.assert(
      fc.property(inputs, (bytes) => {
        const m = onlySessionError(() => parseMessage(bytes));
        if (m === undefined) return;
        // Lagged diffs older than the lag are dropped on parse (§2.2); with an unbounded lag
        // nothing is dropped and the round trip is exact.
        const all = Number.MAX_SAFE_INTEGER;
        const full = parseMessage(bytes, { lag: all });
        check(Buffer.from(serializeMessage(full, undefined, all)).equals(Buffer.from(bytes)), 'round trip');
      }),
      fcOptions(),
    );
  });

  it('mergeMessages and the transport decoders: only SessionError', () => {
    const H = hasherOf(sodium);
    fc.assert(
      fc.property(
        fc.array(fc.oneof(btText.map(b), fc.constantFrom(...GOOD.map(b))), { minLength: 1, maxLength: 4 }),
        (xs) => {
          onlySessionError(() => mergeMessages(xs, { hasher: H }));
          for (const x of xs) {
            onlySessionError(() => unpadAndDecompress(x));
            onlySessionError(() => parsePart(Uint8Array.of(0x6d, ...x)));
          }
        },
      ),
      fcOptions(Math.ceil(RUNS / 4)),
    );
  });

  it('ConfigState.merge never throws on damaged payloads and never loses local state', () => {
    const seed = new Uint8Array(32).fill(5);
    const st = new ConfigState({
      sodium,
      ...USER_PROFILE,
      keyBases: () => [seed],
      userKeys: userKeysOf(sodium, seed),
    });
    st.edit((d) => d.set('n', b('keep')));
    const before = Buffer.from(st.serialized());
    const good = encryptConfig(sodium, seed, 'UserProfile', padPrefix(b(GOOD[0]!)));
    fc.assert(
      fc.property(damagedBytes(good), (data) => {
        const fresh = new ConfigState({
          sodium,
          ...USER_PROFILE,
          keyBases: () => [seed],
          userKeys: userKeysOf(sodium, seed),
        });
        fresh.load(st.dump());
        const r = onlySessionError(() => fresh.merge([{ hash: 'x', data }]));
        check(r !== undefined, 'merge does not throw');
        if (r?.result === 'none') check(Buffer.from(fresh.serialized()).equals(before), 'state kept');
      }),
      fcOptions(Math.ceil(RUNS / 8)),
    );
  });
});
