import type sodiumType from 'libsodium-wrappers-sumo';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSodium } from '../../src/crypto/sodium.js';
import { mergeMessages } from '../../src/config/merge.js';
import {
  ConfigSet,
  editableCopy,
  encodeData,
  hasherOf,
  messageHash,
  mutableOf,
  newMutable,
  nextMutable,
  parseExact,
  parseMessage,
  serializeMessage,
  settle,
  type ConfigDict,
  type Hasher,
  type MutableMessage,
} from '../../src/config/model.js';
import { btEncode } from '../../src/config/bt.js';
import { isSessionError } from '../../src/errors.js';
import { b, dict, hex, latin1, set, sub, toHex } from './helpers.js';

/**
 * Conformance with libsession-util tests/test_configdata.cpp (groups-and-config.md §9.1(3)):
 * serialization, diffs, increments, signatures and the design-doc examples 1–4 including the
 * conflict merges. Expected bytes are written here in our own notation from that test's values.
 */
let sodium: typeof sodiumType;
let H: Hasher;
beforeAll(async () => {
  sodium = await loadSodium();
  H = hasherOf(sodium);
});

const cat = (...parts: (string | Uint8Array)[]): Uint8Array =>
  Uint8Array.from(Buffer.concat(parts.map((p) => (typeof p === 'string' ? b(p) : p))));
const ser = (mm: MutableMessage): Uint8Array => serializeMessage(settle(mm));
const hashOf = (mm: MutableMessage): Uint8Array => messageHash(H, settle(mm));
const h32 = (h: Uint8Array): Uint8Array => cat('32:', h);

describe('config message basics (§2.1–2.5)', () => {
  it('hashes the canonical empty message', () => {
    const bytes = ser(newMutable());
    expect(latin1(bytes)).toBe('d1:#i0e1:&de1:<le1:=dee');
    expect(toHex(H(bytes))).toBe('ea173b57beca8af18c3519a7bbf69c3e7a05d1c049fa9558341d8ebb48b0c965');
  });

  it('prunes empty sets and dicts recursively', () => {
    const mm = newMutable();
    mm.msg.data = dict({
      a: 123,
      b: new Map(),
      c: { a: 1 },
      d: set(42),
      e: new ConfigSet(),
      g: { a: { a: new Map() } },
    });
    settle(mm);
    expect(latin1(encodeData(mm.msg.data))).toBe('d1:ai123e1:cd1:ai1ee1:dli42eee');
  });

  it('computes diffs (test "config diff")', () => {
    const m = newMutable();
    m.msg.data = dict({
      foo: 123,
      empty: new ConfigSet(),
      empty2: new Map(),
      bar: { asdf: 123, xyz: 'abc', '': set('a', 'b', 42) },
    });
    expect(latin1(btEncode(settle(m).diff))).toBe('d3:bard0:lli42e1:a1:belee4:asdf0:3:xyz0:e3:foo0:e');
    const m1 = nextMutable(H, m);
    expect(m1.msg.seqno).toBe(1);
    expect(settle(m1).diff.size).toBe(0);
    m1.msg.data.delete('foo');
    expect(latin1(btEncode(settle(m1).diff))).toBe('d3:foo1:-e');
    const m2 = nextMutable(H, m1);
    edits2(m2.msg.data);
    expect(latin1(btEncode(settle(m2).diff))).toBe('d3:bard0:lli99e1:cel1:bee1:a0:3:xyz0:e3:foo0:e');
  });
});

function edits2(d: ConfigDict): void {
  d.set('foo', 123n);
  const bar = sub(d, 'bar');
  bar.set('xyz', 42n);
  bar.set('a', 42n);
  const s = bar.get('') as ConfigSet;
  s.add(b('c'));
  s.add(99n);
  s.delete(b('b'));
  s.add(42n);
}

const SER10 =
  'd1:#i10e1:&d3:bard0:li42e1:a1:be4:asdfi123e3:xyz3:abce3:fooi123ee1:<le1:=d3:bard0:lli42e1:a1:belee4:asdf0:3:xyz0:e3:foo0:ee';

function msg10(): MutableMessage {
  const m = newMutable(10);
  m.msg.data = dict({ foo: 123, bar: { asdf: 123, xyz: 'abc', '': set('a', 'b', 42) } });
  return m;
}

describe('test "config message serialization"', () => {
  it('serializes, increments and carries lagged diffs byte for byte', () => {
    const m = msg10();
    expect(latin1(ser(m))).toBe(SER10);
    const hash0 = hashOf(m);
    expect(toHex(hash0)).toBe('d65738bba88b0f3455cef20fe09a7b4b10f25f9db82be24a6ce1bd06da197526');
    const m1 = nextMutable(H, m);
    m1.msg.data.delete('foo');
    const hash1 = hashOf(m1);
    expect(toHex(hash1)).toBe('5b30b4abf4cba71db25dbc0d977cc25df1d0a8a87cad7f561cdec2b8caf65f5e');
    const m2 = nextMutable(H, m1);
    edits2(m2.msg.data);
    const hash2 = hashOf(m2);
    expect(toHex(hash2)).toBe('027552203cf669070d3ecbeecfa65c65497d59aa4da490e0f68f8131ce081320');
    const data12 = 'd3:bard0:li42ei99e1:a1:ce1:ai42e4:asdfi123e3:xyzi42ee3:fooi123ee';
    const diff12 = 'd3:bard0:lli99e1:cel1:bee1:a0:3:xyz0:e3:foo0:e';
    expect(latin1(ser(m2))).toBe(
      latin1(
        cat(
          `d1:#i12e1:&${data12}1:<l`,
          'li10e',
          h32(hash0),
          'd3:bard0:lli42e1:a1:belee4:asdf0:3:xyz0:e3:foo0:ee',
          'li11e',
          h32(hash1),
          'd3:foo1:-ee',
          `e1:=${diff12}e`,
        ),
      ),
    );
    const m3 = nextMutable(H, m2);
    const m4 = nextMutable(H, m3);
    const m5 = nextMutable(H, m4);
    const hash3 = hashOf(m3);
    const hash4 = hashOf(m4);
    expect(toHex(hash3)).toBe('b83871ea06587f9254cdf2b2af8daff19bd7fb550fb90d5f8f9f546464c08bc5');
    expect(toHex(hash4)).toBe('c30e2cfa7ec93c64a1ab6420c9bccfb63da8e4c2940ed6509ffb64f3f0131860');
    expect(toHex(hashOf(m5))).toBe('3234eb7da8cf4b79b9eec2a144247279d10f6f118184f82429a42c5996bea60c');
    expect(latin1(ser(m5))).toBe(
      latin1(
        cat(
          `d1:#i15e1:&${data12}1:<l`,
          'li11e',
          h32(hash1),
          'd3:foo1:-ee',
          'li12e',
          h32(hash2),
          `${diff12}e`,
          'li13e',
          h32(hash3),
          'dee',
          'li14e',
          h32(hash4),
          'dee',
          'e1:=dee',
        ),
      ),
    );
  });

  it('round-trips: parse → serialize is the identity', () => {
    const m = msg10();
    const bytes = ser(m);
    expect(serializeMessage(parseMessage(bytes))).toEqual(bytes);
  });

  // A merge hashes each input's own bytes when parsing dropped nothing (parseExact), instead of
  // serializing it again; when something was dropped, only the re-serialized message is right.
  it('a merge input that parsing trimmed is hashed as re-serialized, not as received', () => {
    const m13 = nextMutable(H, nextMutable(H, nextMutable(H, msg10())));
    const bytes = ser(m13); // seqno 13, lagged diffs of 10, 11 and 12
    const whole = parseExact(bytes);
    expect(whole.exact).toBe(true);
    expect(messageHash(H, whole.message)).toEqual(H(bytes));
    const trimmed = parseExact(bytes, { lag: 2 }); // keeps 12 only
    expect(trimmed.exact).toBe(false);
    expect(trimmed.message.lagged.map((e) => e.seqno)).toEqual([12]);
    const r = mergeMessages([bytes], { hasher: H, lag: 2 });
    expect(r.kind).toBe('unmerged');
    if (r.kind !== 'unmerged') return;
    expect(r.hash).toEqual(messageHash(H, trimmed.message));
    expect(r.hash).not.toEqual(H(bytes));
    // the exact case: the hash is the received bytes' hash
    const all = mergeMessages([bytes], { hasher: H });
    expect(all.kind === 'unmerged' && toHex(all.hash)).toBe(toHex(H(bytes)));
  });

  it('a signature kept without a verifier makes the parse inexact', () => {
    const sk = sodium.crypto_sign_seed_keypair(new Uint8Array(32).fill(3)).privateKey;
    const signed = serializeMessage(settle(msg10()), (d) => sodium.crypto_sign_detached(d, sk));
    expect(parseExact(signed).exact).toBe(false);
    expect(serializeMessage(parseExact(signed).message)).not.toEqual(signed);
  });
});

describe('test "config message signature"', () => {
  const SK = hex(
    '79f530dbf3d81aecc04072933c1b3e3edc0b7d91f2dcc2f7756f2611886cca5f4384261cdd338f5820ca9cbbe3fc72ac8944ee60d3b795b797fbbf5597b09f17',
  );
  const SIG =
    '77267f4de7701ae348eba0ef73175281512ba3f1051cfed22dc3e31b9c6993302938863e09bc8b33638161071bd8dc397d5c1d3f674120d08fbb9c64dde2e907';

  it('signs the bytes before 1:~ and verifies them on parse', () => {
    const signer = (d: Uint8Array): Uint8Array => sodium.crypto_sign_detached(d, SK);
    const verifier = (d: Uint8Array, s: Uint8Array): boolean =>
      sodium.crypto_sign_verify_detached(s, d, SK.subarray(32));
    const signed = serializeMessage(settle(msg10()), signer);
    const expected = cat(SER10.slice(0, -1), '1:~64:', hex(SIG), 'e');
    expect(toHex(signed)).toBe(toHex(expected));
    const parsed = parseMessage(signed, { verifier });
    // a verified signature is reused: re-serialization and hash reproduce the received bytes
    expect(serializeMessage(parsed)).toEqual(signed);
    expect(messageHash(H, parsed)).toEqual(H(signed));

    const broken = signed.slice();
    expect(broken[broken.length - 2]).toBe(0x07);
    broken[broken.length - 2] = 0x17;
    expect(() => parseMessage(broken, { verifier })).toThrow(/failed verification/);
    expect(() => parseMessage(b(SER10), { verifier })).toThrow(/signature is missing/);
    expect(() => mergeMessages([broken, broken], { hasher: H, verifier })).toThrow(
      /no valid config messages/,
    );
    const r = mergeMessages([broken, signed], { hasher: H, verifier, canSign: true });
    expect(r.kind).toBe('unmerged');
    expect(r.bad.map((x) => x.index)).toEqual([0]);
    expect(r.message.seqno).toBe(10);
    // without a verifier the signature is accepted and ignored
    expect(parseMessage(signed).seqno).toBe(10);
    // nothing may follow the signature
    expect(() => parseMessage(cat(signed.subarray(0, -1), '1:~i1ee'))).toThrow();
  });
});

// ---- design-doc examples 1–4 -------------------------------------------------------------
const h119 = hex('43094f68c1faa37eff79e1c2f3973ffd5f9d6423b00ccda306fc6e7dac5f0c44');
const h120 = hex('e3a237f91014d31e4d30569c4a8bfcd72157804f99b8732c611c48bf126432b5');
const h121 = hex('1a7f602055124deaf21175ef3f32983dee7c9de570e5d9c9a0bbc2db71dcb97f');
const h122 = hex('46560604fe352101bb869435260d7100ccfe007be5f741c7e96303f02f394e8a');
const h123 = hex('d9398c597b058ac7e28e3febb76ed68eb8c5b6c369610562ab5f2b596775d73c');
const h124 = hex('8b73f316178765b9b3b37168e865c84bb5a78610cbb59b84d0fa4d3b4b3c102b');
const h125a = hex('80f229c3667de6d0fa6f96b53118e097fbda82db3ca1aea221a3db91ea9c45fb');
const h125b = hex('ab12f0efe9a9ed00db6b17b44ae0ff36b9f49094077fb114f415522f2a0e98de');

const data118 = (): ConfigDict =>
  dict({
    dictB: { changed: -1, foo: 123, removed: 'x', removed2: 'y' },
    dictC: { x: { y: 1 } },
    good: set(99, 456, 'bar'),
    great: set(-42, 'omg'),
    int0: -9999,
    int1: 100,
    string1: 'hello',
    string2: 'goodbye',
  });

const DATA123 =
  'd5:dictBd7:changedi-1e3:fooi123e7:removed1:x8:removed21:ye5:dictCd1:xd1:yi1eee4:goodli99ei456e3:bare5:greatli-42e3:omge4:int1i1e4:int2i2e7:string15:hello7:string27:goodbyee';
const DIFF123 = 'd4:int01:-4:int10:4:int20:e';
const m123Expected = (): Uint8Array =>
  cat(
    `d1:#i123e1:&${DATA123}1:<l`,
    'li119e',
    h32(h119),
    'dee',
    'li120e',
    h32(h120),
    'dee',
    'li121e',
    h32(h121),
    'dee',
    'li122e',
    h32(h122),
    'dee',
    `e1:=${DIFF123}e`,
  );
const DIFF124 =
  'd5:dictAd7:goodbyelli123ei456eelee5:hello0:e5:dictBd5:added0:7:changed0:6:nestedd1:a0:e7:removed1:-8:removed21:-e5:dictCd1:xd1:y1:-ee4:goodlli123e3:Fooeli456eee5:greatlleli-42e3:omgee4:int10:7:string11:-7:string20:7:string30:e';

function updates124(d: ConfigDict): void {
  d.set('dictA', dict({ hello: 123, goodbye: set(123, 456) }));
  const dictB = sub(d, 'dictB');
  dictB.set('changed', 1n);
  dictB.set('added', 9999n);
  dictB.set('nested', dict({ a: 1 }));
  dictB.delete('removed');
  dictB.delete('removed2');
  d.delete('dictC');
  const good = d.get('good') as ConfigSet;
  good.add(b('Foo'));
  good.delete(456n);
  good.add(123n);
  d.set('int1', 42n);
  d.delete('string1');
  d.set('string2', b('hello'));
  d.set('string3', b('omg'));
  d.delete('great');
}

/** libsession's MutableConfigMessage(serialized): parse, then increment. */
const mutableFrom = (bytes: Uint8Array): MutableMessage => editableCopy(H, parseMessage(bytes));

function m124(): MutableMessage {
  const m = mutableFrom(m123Expected());
  updates124(m.msg.data);
  return m;
}

describe('test_configdata.cpp examples 1–4 (§2.5, §2.6)', () => {
  it('example 1: ordinary update (m118 → m123)', () => {
    const m118 = newMutable(118);
    m118.msg.data = data118();
    const bytes118 = ser(m118);
    expect(latin1(bytes118)).toBe(
      'd1:#i118e1:&d5:dictBd7:changedi-1e3:fooi123e7:removed1:x8:removed21:ye5:dictCd1:xd1:yi1eee4:goodli99ei456e3:bare5:greatli-42e3:omge4:int0i-9999e4:int1i100e7:string15:hello7:string27:goodbyee1:<le1:=d5:dictBd7:changed0:3:foo0:7:removed0:8:removed20:e5:dictCd1:xd1:y0:ee4:goodlli99ei456e3:barelee5:greatlli-42e3:omgelee4:int00:4:int10:7:string10:7:string20:ee',
    );
    let m = m118;
    for (const h of [h119, h120, h121, h122]) {
      m = nextMutable(H, m);
      expect(toHex(hashOf(m))).toBe(toHex(h));
    }
    m = nextMutable(H, m);
    m.msg.data.set('int1', 1n);
    m.msg.data.set('int2', 2n);
    m.msg.data.delete('int0');
    m.msg.data.set('string1', b('hello')); // unchanged value: not in the diff
    expect(toHex(ser(m))).toBe(toHex(m123Expected()));
  });

  it('deserializes m123 and, as mutable, increments to 124', () => {
    const p = parseMessage(m123Expected());
    expect(p.seqno).toBe(123);
    expect(toHex(messageHash(H, p))).toBe(toHex(h123));
    expect(latin1(btEncode(p.diff))).toBe(DIFF123);
    const mut = mutableFrom(m123Expected());
    expect(mut.msg.seqno).toBe(124);
    expect(toHex(hashOf(mut))).toBe('3ea36410cf7086ce816eb193b0c94e88632abfb75771d82f8ddb3a909124c580');
    expect(latin1(ser(mut))).toBe(
      latin1(
        cat(
          `d1:#i124e1:&${DATA123}1:<l`,
          'li120e',
          h32(h120),
          'dee',
          'li121e',
          h32(h121),
          'dee',
          'li122e',
          h32(h122),
          'dee',
          'li123e',
          h32(h123),
          `${DIFF123}e`,
          'e1:=dee',
        ),
      ),
    );
  });

  it('refuses unpruned empty sets and dicts', () => {
    expect(() => parseMessage(b('d1:#i0e1:&d0:lee1:<le1:=dee'))).toThrow(/empty set/);
    expect(() => parseMessage(b('d1:#i0e1:&d0:dee1:<le1:=dee'))).toThrow(/empty dict/);
  });

  it('example 2: a large ordinary update (m124)', () => {
    const m = m124();
    expect(latin1(ser(m))).toBe(
      latin1(
        cat(
          'd1:#i124e1:&d5:dictAd7:goodbyeli123ei456ee5:helloi123ee5:dictBd5:addedi9999e7:changedi1e3:fooi123e6:nestedd1:ai1eee4:goodli99ei123e3:Foo3:bare4:int1i42e4:int2i2e7:string25:hello7:string33:omge1:<l',
          'li120e',
          h32(h120),
          'dee',
          'li121e',
          h32(h121),
          'dee',
          'li122e',
          h32(h122),
          'dee',
          'li123e',
          h32(H(m123Expected())),
          `${DIFF123}e`,
          `e1:=${DIFF124}e`,
        ),
      ),
    );
    expect(toHex(hashOf(m))).toBe(toHex(h124));
  });

  const m126Expected = (): Uint8Array =>
    cat(
      'd1:#i126e1:&d5:dictAd7:goodbyeli123ei456ee5:helloi123ee5:dictBd5:addedi9999e7:changedi1e6:nestedd1:ai1eee4:goodli99ei123e3:Foo3:bare4:int1i5e4:int2i2e7:string25:hello7:string33:omge1:<l',
      'li122e',
      h32(h122),
      'dee',
      'li123e',
      h32(h123),
      `${DIFF123}e`,
      'li124e',
      h32(h124),
      `${DIFF124}e`,
      'li125e',
      h32(h125a),
      'd5:dictBd3:foo1:-eee',
      'li125e',
      h32(h125b),
      'd4:int10:ee',
      'e1:=dee',
    );

  function m125ab(base: MutableMessage): [MutableMessage, MutableMessage] {
    const a = nextMutable(H, base);
    sub(a.msg.data, 'dictB').delete('foo');
    const c = nextMutable(H, base);
    c.msg.data.set('int1', 5n);
    return [a, c];
  }

  function m120b(): Uint8Array {
    const m = nextMutable(H, nextMutable(H, newMutable(118)));
    m.msg.data.set('too old', b("won't see"));
    return ser(m);
  }

  it('example 3: simple conflict → the same m126 whatever the order or extra inputs', () => {
    const base = m124();
    expect(toHex(hashOf(base))).toBe(toHex(h124));
    const [a, c] = m125ab(base);
    expect(toHex(hashOf(a))).toBe(toHex(h125a));
    expect(toHex(hashOf(c))).toBe(toHex(h125b));
    const sa = ser(a);
    const sb = ser(c);
    const merged = (inputs: Uint8Array[]): string => {
      const r = mergeMessages(inputs, { hasher: H });
      expect(r.kind).toBe('merged');
      return latin1(serializeMessage(r.message));
    };
    const want = latin1(m126Expected());
    expect(merged([sa, sb])).toBe(want);
    expect(merged([sb, sa])).toBe(want);
    expect(merged([ser(base), sb, sa])).toBe(want);
    expect(merged([sb, sa, ser(base)])).toBe(want);
    expect(merged([sb, m120b(), sa])).toBe(want); // too old: ignored
    expect(merged([sb, sa, sb])).toBe(want); // duplicates: ignored
  });

  it('example 4: complex conflict resolution (m127)', () => {
    const m123 = parseMessage(m123Expected());
    const m124a = editableCopy(H, m123);
    sub(m124a.msg.data, 'dictB').set('foo', 66n);
    sub(m124a.msg.data, 'dictB').set('answer', 42n);
    const m124b = editableCopy(H, m123);
    updates124(m124b.msg.data);
    expect(toHex(hashOf(m124b))).toBe(toHex(h124));
    const [m125a, m125b] = m125ab(m124b);
    const r126a = mergeMessages([ser(m125a), ser(m125b)], { hasher: H });
    const r126b = mergeMessages([ser(m125b), ser(m124a), ser(m125a), serializeMessage(m123), m120b()], {
      hasher: H,
    });
    expect(r126a.kind).toBe('merged');
    expect(r126b.kind).toBe('merged');
    const s126a = serializeMessage(r126a.message);
    const s126b = serializeMessage(r126b.message);
    expect(Buffer.compare(hashOf(m124a), h124)).toBeLessThan(0);
    expect(Buffer.compare(H(s126a), H(s126b))).toBeLessThan(0);
    const r127 = mergeMessages([s126a, s126b], { hasher: H });
    expect(r127.kind).toBe('merged');
    // libsession's MutableConfigMessage of a merge: not incremented, original = merged data
    const m127 = mutableOf(r127.message);
    expect(m127.msg.seqno).toBe(127);
    (sub(m127.msg.data, 'dictA').get('goodbye') as ConfigSet).add(789n);
    const s127 = ser(m127);
    expect(latin1(s127)).toBe(
      latin1(
        cat(
          'd1:#i127e1:&d5:dictAd7:goodbyeli123ei456ei789ee5:helloi123ee5:dictBd5:addedi9999e6:answeri42e7:changedi1e6:nestedd1:ai1eee4:goodli99ei123e3:Foo3:bare4:int1i5e4:int2i2e7:string25:hello7:string33:omge1:<l',
          'li123e',
          h32(h123),
          `${DIFF123}e`,
          'li124e',
          h32(hashOf(m124a)),
          'd5:dictBd6:answer0:3:foo0:eee',
          'li124e',
          h32(h124),
          `${DIFF124}e`,
          'li125e',
          h32(h125a),
          'd5:dictBd3:foo1:-eee',
          'li125e',
          h32(h125b),
          'd4:int10:ee',
          'li126e',
          h32(H(s126a)),
          'dee',
          'li126e',
          h32(H(s126b)),
          'dee',
          'e1:=d5:dictAd7:goodbyelli789eeleeeee',
        ),
      ),
    );
    const alt = mergeMessages([s127, ser(m125a), s126b], { hasher: H });
    expect(alt.kind).toBe('unmerged');
    expect(alt.message.seqno).toBe(127);
    expect(toHex(messageHash(H, alt.message))).toBe(toHex(H(s127)));
  });

  it('a read-only participant (verifier, no signer) takes the highest (seqno, hash) unmerged', () => {
    const [a, c] = m125ab(m124());
    const sk = sodium.crypto_sign_keypair();
    const signer = (d: Uint8Array): Uint8Array => sodium.crypto_sign_detached(d, sk.privateKey);
    const verifier = (d: Uint8Array, s: Uint8Array): boolean =>
      sodium.crypto_sign_verify_detached(s, d, sk.publicKey);
    const sa = serializeMessage(settle(a), signer);
    const sb = serializeMessage(settle(c), signer);
    const r = mergeMessages([sa, sb], { hasher: H, verifier });
    expect(r.kind).toBe('unmerged');
    const winner = Buffer.compare(H(sa), H(sb)) > 0 ? 0 : 1;
    expect(r.kind === 'unmerged' && r.index).toBe(winner);
    expect(mergeMessages([sa, sb], { hasher: H, verifier, canSign: true }).kind).toBe('merged');
  });

  it('parse errors are SessionErrors', () => {
    for (const bad of [
      '',
      'de',
      'd1:&dee',
      'd1:#i1e1:&de1:<le1:=de1:#i1ee',
      'd1:#i1e1:&de1:<lli1e32:xee1:=dee',
    ]) {
      let err: unknown;
      try {
        parseMessage(b(bad));
      } catch (e) {
        err = e;
      }
      expect(isSessionError(err)).toBe(true);
    }
  });
});
