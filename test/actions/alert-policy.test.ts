import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  admitAlert,
  decideAlert,
  dedupeHit,
  parseThrottle,
  throttleWait,
} from '../../src/actions/alert-policy.js';
import { AlertLedger } from '../../src/store/alerts.js';
import { openDatabase, type Database } from '../../src/store/database.js';
import { tempDir } from '../helpers/cli.js';

const MIN = 60_000;

describe('parseThrottle', () => {
  it('reads N/UNIT and N/COUNTUNIT', () => {
    expect(parseThrottle('5/min')).toEqual({ count: 5, windowMs: MIN });
    expect(parseThrottle('10/h')).toEqual({ count: 10, windowMs: 3_600_000 });
    expect(parseThrottle('3/30s')).toEqual({ count: 3, windowMs: 30_000 });
    expect(parseThrottle('100/day')).toEqual({ count: 100, windowMs: 86_400_000 });
    expect(parseThrottle(' 2 / 10m ')).toEqual({ count: 2, windowMs: 10 * MIN });
  });
  it('refuses what is not a rate, a zero count and windows out of range', () => {
    for (const bad of ['5', '5/', '/min', '5/fortnight', 'five/min', '0/min', '1/0s', '1/15d', '-1/min'])
      expect(() => parseThrottle(bad), bad).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});

describe('dedupeHit', () => {
  const rule = { key: 'disk', windowMs: 10 * MIN };
  it('is the earlier send within the window, nothing at or beyond it', () => {
    const earlier = { messageId: 'a:1', sentAt: 1_000_000 };
    expect(dedupeHit(earlier, rule, 1_000_000 + 10 * MIN - 1)).toEqual(earlier);
    expect(dedupeHit(earlier, rule, 1_000_000 + 10 * MIN)).toBeUndefined();
    expect(dedupeHit(undefined, rule, 1_000_000)).toBeUndefined();
  });
  it('a send recorded in the future (a clock that went back) does not block for ever', () => {
    expect(dedupeHit({ messageId: 'a:1', sentAt: 5_000 }, rule, 1_000)).toBeUndefined();
  });
});

describe('throttleWait (sliding window)', () => {
  const rule = { count: 5, windowMs: MIN };
  it('allows up to count sends in any window, then says when the oldest leaves it', () => {
    const t0 = 10_000_000;
    const four = [t0, t0 + 1000, t0 + 2000, t0 + 3000];
    expect(throttleWait(four, rule, t0 + 4000)).toBeUndefined();
    const five = [...four, t0 + 4000];
    expect(throttleWait(five, rule, t0 + 5000)).toBe(MIN - 5000);
    // sliding, not fixed buckets: once the first send is a minute old, one more may go
    expect(throttleWait(five, rule, t0 + MIN)).toBeUndefined();
    expect(throttleWait(five, rule, t0 + MIN - 1)).toBe(1);
  });
  it('counts only sends inside the window', () => {
    const old = Array.from({ length: 10 }, (_, i) => i);
    expect(throttleWait(old, rule, 10 * MIN)).toBeUndefined();
  });
});

describe('decideAlert', () => {
  it('a duplicate wins over a throttle; no rules is always a send', () => {
    const dedupe = { messageId: 'a:1', sentAt: 0 };
    const sends = [0, 1, 2, 3, 4];
    const rules = { dedupe: { key: 'k', windowMs: MIN }, throttle: { count: 5, windowMs: MIN } };
    expect(decideAlert({ dedupe, recipientSends: sends }, rules, 10)).toEqual({
      kind: 'deduplicated',
      earlier: dedupe,
    });
    expect(decideAlert({ recipientSends: sends }, rules, 10)).toEqual({
      kind: 'throttled',
      retryAfterMs: MIN - 10,
    });
    expect(decideAlert({ dedupe, recipientSends: sends }, {}, 10)).toEqual({ kind: 'send' });
  });
});

describe('admitAlert on the profile store', () => {
  const dbs: Database[] = [];
  afterEach(() => {
    for (const db of dbs.splice(0)) db.close();
  });
  async function two(): Promise<[AlertLedger, AlertLedger]> {
    const path = join(tempDir('alerts-'), 'profile.db');
    const a = await openDatabase(path);
    const b = await openDatabase(path);
    dbs.push(a, b);
    return [new AlertLedger(a), new AlertLedger(b)];
  }
  const bob = '05' + 'b'.repeat(64);

  it('a key reserved by one connection is a duplicate for another at once, before the send finished', async () => {
    const [a, b] = await two();
    const rules = { recipient: bob, dedupe: { key: 'disk-full', windowMs: 10 * MIN } };
    const first = admitAlert(a, rules, 1_000_000);
    expect(first.kind).toBe('send');
    // the first send is still running: the second process must not send too
    expect(admitAlert(b, rules, 1_000_001)).toMatchObject({
      kind: 'deduplicated',
      earlier: { messageId: '' },
    });
    if (first.kind === 'send') first.reservation.sent('05a:1');
    expect(admitAlert(b, rules, 1_000_002)).toEqual({
      kind: 'deduplicated',
      earlier: { messageId: '05a:1', sentAt: 1_000_000 },
    });
    // after the window the key is sent again
    expect(admitAlert(b, rules, 1_000_000 + 10 * MIN).kind).toBe('send');
  });

  it('a released reservation (nothing was made) frees the key and does not count for the throttle', async () => {
    const [a, b] = await two();
    const rules = {
      recipient: bob,
      dedupe: { key: 'k', windowMs: MIN },
      throttle: { count: 1, windowMs: MIN },
    };
    const first = admitAlert(a, rules, 5_000_000);
    if (first.kind !== 'send') throw new Error('expected a send');
    first.reservation.release();
    expect(admitAlert(b, rules, 5_000_001).kind).toBe('send');
  });

  it('throttles per recipient across connections', async () => {
    const [a, b] = await two();
    const cat = '05' + 'c'.repeat(64);
    const rule = { count: 2, windowMs: MIN };
    const t = 9_000_000;
    for (const [i, ledger] of [a, b].entries()) {
      const r = admitAlert(ledger, { recipient: bob, throttle: rule }, t + i);
      if (r.kind !== 'send') throw new Error('expected a send');
      r.reservation.sent(`05a:${i}`);
    }
    expect(admitAlert(a, { recipient: bob, throttle: rule }, t + 10)).toEqual({
      kind: 'throttled',
      retryAfterMs: MIN - 10,
    });
    expect(admitAlert(b, { recipient: cat, throttle: rule }, t + 10).kind).toBe('send');
    expect(admitAlert(b, { recipient: bob, throttle: rule }, t + MIN).kind).toBe('send');
  });
});
