import { describe, expect, it } from 'vitest';
import { btDecode, btEncode, keyOf, type BtValue } from '../../src/config/bt.js';
import { encodeData, type ConfigDict } from '../../src/config/model.js';
import { isSessionError } from '../../src/errors.js';
import { b, dict, latin1, set } from './helpers.js';

// groups-and-config.md §1 and §9.1(3): libsession-util tests/test_configdata.cpp
describe('bt-encoding (§1)', () => {
  it('encodes scalars as libsession does', () => {
    expect(latin1(btEncode(3n))).toBe('i3e');
    expect(latin1(btEncode(b('hi')))).toBe('2:hi');
    expect(latin1(btEncode(-42n))).toBe('i-42e');
    expect(latin1(btEncode(0n))).toBe('i0e');
    expect(latin1(btEncode(b('')))).toBe('0:');
  });

  it('sorts sets ints first, then bytes, without duplicates', () => {
    const s = set('foo', 23, 'Foo', '~', '!', 'foo', -123);
    const d: ConfigDict = new Map([['s', s]]);
    expect(latin1(encodeData(d))).toBe('d1:sli-123ei23e1:!3:Foo3:foo1:~ee');
  });

  it('sorts dict keys bytewise (uppercase before lowercase)', () => {
    const d = dict({ a: 23, B: 'x', c: set('2', '1', 4, -3), D: { x: 1, y: 2 }, d: { e: { f: { g: '' } } } });
    expect(latin1(encodeData(d))).toBe(
      'd1:B1:x1:Dd1:xi1e1:yi2ee1:ai23e1:cli-3ei4e1:11:2e1:dd1:ed1:fd1:g0:eeee',
    );
  });

  it('keeps binary keys and values exact, sorting unsigned (0xff after 0x7e)', () => {
    const v = new Map<string, BtValue>([
      [keyOf(Uint8Array.of(0xff, 0)), Uint8Array.of(0, 1, 0xfe)],
      ['~', 1n],
      [keyOf(Uint8Array.of(0x05)), -1n],
    ]);
    const enc = btEncode(v);
    expect(Buffer.from(enc).toString('hex')).toBe(
      Buffer.concat([b('d1:\x05i-1e1:~i1e2:\xff\x003:'), Uint8Array.of(0, 1, 0xfe), b('e')]).toString('hex'),
    );
    expect(btEncode(btDecode(enc))).toEqual(enc);
  });

  it.each([
    ['i01e', 'leading zero'],
    ['i-0e', 'negative zero'],
    ['ie', 'empty integer'],
    ['i18446744073709551616e', 'above uint64'],
    ['i-9223372036854775809e', 'below int64'],
    ['01:a', 'leading zero length'],
    ['5:abc', 'string past the end'],
    ['d1:bi1e1:ai2ee', 'unsorted keys'],
    ['d1:ai1e1:ai2ee', 'duplicate keys'],
    ['i1ei2e', 'trailing bytes'],
    ['l', 'unterminated list'],
    ['x', 'unknown type'],
    ['di1ei1ee', 'integer key'],
    ['l'.repeat(100) + 'e'.repeat(100), 'too deep'],
  ])('refuses %s (%s) with BAD_CONFIG', (input) => {
    let err: unknown;
    try {
      btDecode(b(input));
    } catch (e) {
      err = e;
    }
    expect(isSessionError(err, 'BAD_CONFIG')).toBe(true);
  });

  // Length prefixes are parsed in place (BtReader.length): the verdicts stay those of integers.
  it.each([
    ['01:a', /non-canonical number/],
    [':', /expected a string at 0/],
    ['-1:a', /expected a string at 0/],
    ['1-:a', /bad digit at 1/],
    ['5:abc', /runs past the end/],
    ['12', /ends early/],
    ['1'.repeat(22) + ':', /number too long/],
    ['d01:ai1ee', /non-canonical number/],
    ['d-1:ai1ee', /expected a string at 1/],
    ['d9:ai1ee', /runs past the end/],
  ])('refuses the length prefix of %s: %s', (input, why) => {
    expect(() => btDecode(b(input))).toThrow(why);
  });

  it('reads binary dict keys exactly, with a 0-length key', () => {
    const v = btDecode(Uint8Array.from([...b('d0:i1e2:'), 0xff, 0x00, ...b('i2ee')]));
    expect([...(v as Map<string, BtValue>).keys()]).toEqual(['', '\xff\x00']);
  });

  it('accepts the extremes of int64 and uint64', () => {
    expect(btDecode(b('i-9223372036854775808e'))).toBe(-(1n << 63n));
    expect(btDecode(b('i18446744073709551615e'))).toBe((1n << 64n) - 1n);
  });
});
