import { describe, expect, it } from 'vitest';
import {
  CONVO_PRUNE_AFTER_MS,
  ConvoInfoVolatileView,
  pruneStaleConvos,
} from '../../src/config/convo-info-volatile.js';
import { keyOf } from '../../src/config/bt.js';
import type { ConfigDict } from '../../src/config/model.js';
import { b } from './helpers.js';

/** ConvoInfoVolatile retention (groups-and-config.md §3.3, LS120): the pure prune rule. */
const DAY = 24 * 3600 * 1000;
const NOW = 1_800_000_000_000;
const id = (byte: string, prefix = '05'): string => prefix + byte.repeat(32);
const PK = 'ab'.repeat(32);
const BASE = 'https://example.org';

function sample(): ConfigDict {
  const v = new ConvoInfoVolatileView(new Map());
  v.set('one-to-one', id('11'), { lastReadMs: NOW - 50 * DAY, unread: false }); // stale
  v.set('one-to-one', id('22'), { lastReadMs: NOW - 1 * DAY, unread: false }); // fresh
  v.set('one-to-one', id('33'), { lastReadMs: NOW - 60 * DAY, unread: true }); // stale but unread
  v.set('group', id('44', '03'), { lastReadMs: NOW - 46 * DAY, unread: false }); // stale
  v.set('legacy-group', id('55'), { lastReadMs: NOW - 44 * DAY, unread: false }); // fresh
  v.setCommunity(BASE, PK, 'old', { lastReadMs: NOW - 90 * DAY, unread: false }); // the only room: stale
  v.setCommunity('https://kept.org', PK, 'a', { lastReadMs: NOW - 90 * DAY, unread: false });
  v.setCommunity('https://kept.org', PK, 'b', { lastReadMs: NOW - 2 * DAY, unread: false });
  return v.data;
}

describe('pruneStaleConvos', () => {
  it('drops entries read before the 45-day window unless unread; keeps the rest', () => {
    const d = sample();
    expect(pruneStaleConvos(d, NOW)).toBe(4);
    const v = new ConvoInfoVolatileView(d);
    expect(v.all('one-to-one').map((e) => e.id)).toEqual([id('22'), id('33')]);
    expect(v.get('one-to-one', id('33'))).toEqual({ lastReadMs: NOW - 60 * DAY, unread: true });
    expect(v.all('group')).toEqual([]);
    expect(d.has('g')).toBe(false);
    expect(v.all('legacy-group').map((e) => e.id)).toEqual([id('55')]);
    // a community left without rooms goes; one with a fresh room keeps it and loses the stale one
    expect(v.communities().map((c) => `${c.baseUrl}/${c.room}`)).toEqual(['https://kept.org/b']);
  });

  it('the window is 45 days: an entry just inside stays, one just outside goes', () => {
    expect(CONVO_PRUNE_AFTER_MS).toBe(45 * DAY);
    const v = new ConvoInfoVolatileView(new Map());
    v.set('one-to-one', id('11'), { lastReadMs: NOW - 45 * DAY, unread: false });
    v.set('one-to-one', id('22'), { lastReadMs: NOW - 45 * DAY - 1, unread: false });
    expect(pruneStaleConvos(v.data, NOW)).toBe(1);
    expect(v.all('one-to-one').map((e) => e.id)).toEqual([id('11')]);
  });

  it('the clock is the one given: the same data is kept at an earlier now', () => {
    const d = sample();
    expect(pruneStaleConvos(d, NOW - 60 * DAY)).toBe(0);
    expect(pruneStaleConvos(d, NOW, 100 * DAY)).toBe(0);
  });

  it('an entry without a read position and not unread is stale (LS120 never keeps one)', () => {
    const d: ConfigDict = new Map([['1', new Map([[keyOf(b('x'.repeat(33))), new Map([['e', 5n]])]])]]);
    expect(pruneStaleConvos(d, NOW)).toBe(1);
    expect(d.size).toBe(0);
  });

  it('leaves values of a shape it does not know alone', () => {
    const d: ConfigDict = new Map<string, never>();
    d.set('1', 7n);
    d.set('z', new Map([['k', 1n]]));
    expect(pruneStaleConvos(d, NOW)).toBe(0);
    expect([...d.keys()]).toEqual(['1', 'z']);
  });
});
