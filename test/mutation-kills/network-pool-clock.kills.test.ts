import { describe, expect, it } from 'vitest';
import { NetworkClock } from '../../src/network/clock.js';
import { NodePool, POOL_MAX_AGE_MS, subnetOf, swarmIdOf } from '../../src/network/node-pool.js';
import { BUDGETS, Deadline } from '../../src/network/policy/budget.js';
import { hedged } from '../../src/network/policy/hedge.js';
import { StrikeBook } from '../../src/network/policy/strikes.js';
import type { SnodeRecord } from '../../src/network/pool.js';
import { INVALID_SWARM_ID } from '../../src/network/swarm.js';

/**
 * The pure bookkeeping of src/network (clock, node pool, budgets, strikes): boundaries and
 * branches the reaction tests do not pin down.
 */
function node(i: number, swarm = '1', ip = `10.0.${i}.1`): SnodeRecord {
  const ed = i.toString(16).padStart(2, '0').repeat(32);
  return { ip, port: 22021, ed25519: ed, x25519: ed, swarm };
}

const T0 = 1_609_419_600_000; // the oldest `t` a node clock may have

describe('NetworkClock', () => {
  it('without samples: the local clock, rounded', () => {
    const c = new NetworkClock(() => 1000.6);
    expect(c.now()).toBe(1001);
    expect(c.offsetMs()).toBe(0);
    expect(c.samples).toBe(0);
    expect(c.localNow()).toBe(1000.6);
  });

  it('accepts t from 2021-01-01 on, refuses older, non-finite and non-numbers', () => {
    const c = new NetworkClock(() => 0);
    for (const t of [T0 - 1, Number.NaN, Number.POSITIVE_INFINITY, '1700000000000', undefined, null])
      c.learn(t, 0, 0);
    expect(c.samples).toBe(0);
    c.learn(T0, 0, 0);
    expect(c.samples).toBe(1);
    expect(c.now()).toBe(T0);
  });

  it('corrects by half the round trip; receivedAt defaults to the local clock', () => {
    let local = 100;
    const c = new NetworkClock(() => local);
    c.learn(T0 + 1000, 0, 200); // offset = T0 + 1000 - 100
    expect(c.offsetMs()).toBe(T0 + 900);
    const d = new NetworkClock(() => local);
    local = 300;
    d.learn(T0, 100); // received at 300: midpoint 200
    expect(d.offsetMs()).toBe(T0 - 200);
    expect(d.now()).toBe(T0 + 100);
  });

  it('the median is numeric, the upper one of an even count', () => {
    const c = new NetworkClock(() => 0);
    for (const o of [10, 9, 100]) c.learn(T0 + o, 0, 0);
    expect(c.offsetMs()).toBe(T0 + 10);
    c.learn(T0 + 50, 0, 0); // 9 10 50 100 -> index 2
    expect(c.offsetMs()).toBe(T0 + 50);
  });

  it('keeps the last 10 samples', () => {
    const c = new NetworkClock(() => 0);
    for (let i = 0; i < 10; i++) c.learn(T0 + 1_000_000, 0, 0);
    expect(c.samples).toBe(10);
    for (let i = 0; i < 6; i++) c.learn(T0, 0, 0);
    expect(c.samples).toBe(10);
    // six new samples of ten: the median (index 5) is one of them
    expect(c.offsetMs()).toBe(T0);
  });

  it('adopt copies the other clock’s samples; reset forgets them', () => {
    const a = new NetworkClock(() => 0);
    const b = new NetworkClock(() => 0);
    b.learn(T0 + 5, 0, 0);
    a.learn(T0 + 99, 0, 0);
    a.adopt(b);
    expect(a.samples).toBe(1);
    expect(a.offsetMs()).toBe(T0 + 5);
    b.learn(T0 + 7, 0, 0);
    expect(a.samples).toBe(1);
    a.reset();
    expect(a.samples).toBe(0);
    expect(a.now()).toBe(0);
  });
});

describe('Deadline and budgets', () => {
  it('remaining counts down to 0, never below; expired exactly at the end', () => {
    let t = 1000;
    const d = new Deadline(500, () => t);
    expect(d.remaining()).toBe(500);
    expect(d.expired()).toBe(false);
    t = 1499;
    expect(d.remaining()).toBe(1);
    expect(d.expired()).toBe(false);
    t = 1500;
    expect(d.expired()).toBe(true);
    t = 9000;
    expect(d.remaining()).toBe(0);
  });

  it('every kind has a whole budget: positive times, a chain at least one attempt long', () => {
    for (const [kind, b] of Object.entries(BUDGETS)) {
      expect(b.attemptMs, kind).toBeGreaterThan(0);
      expect(b.hedgeAfterMs, kind).toBeGreaterThan(0);
      expect(b.totalMs, kind).toBeGreaterThanOrEqual(b.attemptMs);
      expect(b.maxAttempts, kind).toBeGreaterThanOrEqual(1);
      expect(b.connectMs, kind).toBeGreaterThan(0);
      expect(b.connectMs, kind).toBeLessThanOrEqual(b.attemptMs);
    }
  });

  it('the default deadline clock is the monotonic one', () => {
    const d = new Deadline(60_000);
    expect(d.remaining()).toBeGreaterThan(30_000);
    expect(d.remaining()).toBeLessThanOrEqual(60_000);
    expect(d.expired()).toBe(false);
  });

  it('a store or retrieve chain ends well within 20 s; the seed is asked once', () => {
    for (const k of ['store', 'retrieve'] as const) {
      expect(BUDGETS[k].totalMs).toBeLessThan(20_000);
      expect(BUDGETS[k].hedgeAfterMs).toBeLessThan(BUDGETS[k].attemptMs);
      expect(BUDGETS[k].maxAttempts).toBeGreaterThan(1);
    }
    expect(BUDGETS.seed.maxAttempts).toBe(1);
  });
});

describe('hedged with its real timers', () => {
  it('a finished chain leaves no timer behind (a CLI would otherwise wait for the budget to run out)', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const v = await hedged<number>({
      budget: { hedgeAfterMs: 60_000, totalMs: 120_000, maxAttempts: 2 },
      attempt: async () => ({ ok: true, value: 7 }),
    });
    expect(v).toBe(7);
    expect(timers()).toBe(before);
  });

  it('an attempt that never settles ends at the budget, and a hedge is started meanwhile', async () => {
    const started: number[] = [];
    const chain = hedged<number>({
      budget: { hedgeAfterMs: 20, totalMs: 200, maxAttempts: 3 },
      attempt: (n) => {
        started.push(n);
        return new Promise(() => undefined);
      },
    });
    const outcome = await Promise.race([
      chain.then(
        () => 'resolved',
        (e: { code?: string }) => e.code,
      ),
      new Promise((r) => setTimeout(() => r('still running after 10 s'), 10_000)),
    ]);
    expect(outcome).toBe('TIMEOUT');
    expect(started).toEqual([0, 1]);
  });
});

describe('StrikeBook', () => {
  it('a custom threshold; forget and clear reset counts', () => {
    const s = new StrikeBook(2);
    expect(s.strike('a')).toBe(false);
    expect(s.count('a')).toBe(1);
    expect(s.strike('a')).toBe(true);
    expect(s.count('a')).toBe(0);
    s.strike('b');
    s.forget('b');
    expect(s.count('b')).toBe(0);
    s.strike('c');
    s.clear();
    expect(s.count('c')).toBe(0);
  });
});

describe('StrikeBook save/restore (strikes add up across processes)', () => {
  it('save lists the counts; restore takes back only whole counts below the threshold', () => {
    const s = new StrikeBook(3);
    s.strike('a');
    s.strike('b');
    s.strike('b');
    expect(s.save()).toEqual({ a: 1, b: 2 });
    const r = new StrikeBook(3);
    r.restore({ a: 1, b: 2, c: 3, d: 0, e: -1, f: 1.5, g: '2', h: null });
    expect(r.save()).toEqual({ a: 1, b: 2 });
    // a restored count goes on adding up
    expect(r.strike('b')).toBe(true);
    expect(r.strike('a')).toBe(false);
    expect(r.count('a')).toBe(2);
  });

  it('restore ignores anything that is not an object', () => {
    for (const saved of [null, undefined, 3, 'a', true]) {
      const r = new StrikeBook();
      r.restore(saved);
      expect(r.save()).toEqual({});
    }
    // an array is an object: its indexes are keys (harmless), its values are checked the same way
    const r = new StrikeBook();
    r.restore([1]);
    expect(r.save()).toEqual({ 0: 1 });
  });
});

describe('NodePool', () => {
  it('swarm ids: 1 to 16 hex digits of any case, anything else is invalid', () => {
    expect(swarmIdOf(node(1, 'Ff'))).toBe(255n);
    expect(swarmIdOf(node(1, 'f'.repeat(16)))).toBe(0xffff_ffff_ffff_ffffn);
    expect(swarmIdOf(node(1, '1'.repeat(17)))).toBe(INVALID_SWARM_ID);
    expect(swarmIdOf(node(1, ''))).toBe(INVALID_SWARM_ID);
    expect(swarmIdOf(node(1, '12g'))).toBe(INVALID_SWARM_ID);
    expect(swarmIdOf(node(1, 'x12'))).toBe(INVALID_SWARM_ID);
  });

  it('a new pool is empty', () => {
    const pool = new NodePool();
    expect(pool.size).toBe(0);
    expect(pool.all()).toEqual([]);
    expect(pool.pick(5)).toEqual([]);
  });

  it('replace keeps drops out, records the fetch time and clears suspicion', () => {
    const pool = new NodePool();
    pool.replace([node(1), node(2)], 0);
    expect(pool.size).toBe(2);
    expect(pool.drop(node(2).ed25519)).toBe(true);
    expect(pool.all().map((n) => n.ed25519)).toEqual([node(1).ed25519]);
    expect(pool.drop(node(2).ed25519)).toBe(false);
    expect(pool.isDropped(node(2).ed25519)).toBe(true);
    expect(pool.drop(node(9).ed25519)).toBe(false);
    expect(pool.isDropped(node(9).ed25519)).toBe(true);
    pool.suspect = true;
    pool.replace([node(1), node(2), node(3)], 42);
    expect(pool.all().map((n) => n.ed25519)).toEqual([node(1).ed25519, node(3).ed25519]);
    expect(pool.fetchedAt).toBe(42);
    expect(pool.suspect).toBe(false);
  });

  it('stale: suspect, 2 h old, or fetched in the future (the clock went back)', () => {
    const fresh = new NodePool();
    expect(fresh.suspect).toBe(false);
    expect(fresh.stale(0)).toBe(false);
    const pool = new NodePool();
    pool.replace([node(1)], 10_000);
    expect(pool.stale(10_000)).toBe(false);
    expect(pool.stale(10_000 + POOL_MAX_AGE_MS - 1)).toBe(false);
    expect(pool.stale(10_000 + POOL_MAX_AGE_MS)).toBe(true);
    expect(pool.stale(9_999)).toBe(true);
    pool.suspect = true;
    expect(pool.stale(10_000)).toBe(true);
  });

  it('swarmOf: nothing without a valid swarm id; invalid ids are nobody’s swarm', () => {
    const pool = new NodePool();
    pool.replace([node(1, 'zz'), node(2, '')], 0);
    expect(pool.swarmOf(`05${'00'.repeat(32)}`)).toEqual([]);
    pool.replace([node(1, 'zz'), node(2, '5')], 0);
    expect(pool.swarmOf(`05${'00'.repeat(32)}`).map((n) => n.ed25519)).toEqual([node(2).ed25519]);
  });

  it('learnSwarm: a known member already in that swarm does not make the pool suspect', () => {
    const pool = new NodePool();
    pool.replace([node(1, '00a'), node(2, '3')], 0);
    const members = pool.learnSwarm('A', [node(1, 'other')]);
    expect(members).toEqual([{ ...node(1), swarm: 'a' }]);
    expect(pool.suspect).toBe(false);
    pool.learnSwarm('a', [node(2, 'other')]);
    expect(pool.suspect).toBe(true);
    expect(pool.get(node(2).ed25519)?.swarm).toBe('a');
    // the rest of a member's record is kept from the pool
    expect(pool.get(node(2).ed25519)?.ip).toBe(node(2).ip);
  });

  it('learnSwarm: the swarm id is 1 to 16 hex digits, the whole string', () => {
    const pool = new NodePool();
    expect(pool.learnSwarm('Ab12', [node(1, '7')])[0]!.swarm).toBe('ab12');
    for (const bad of ['zz1', '1zz', 'a ', ' a', '1'.repeat(17)])
      expect(pool.learnSwarm(bad, [node(2, '7')])[0]!.swarm).toBe('7');
  });

  it('learnSwarm: an invalid swarm id keeps each node’s own; an unknown node joins and makes the pool suspect', () => {
    const pool = new NodePool();
    pool.replace([node(1, '1')], 0);
    const members = pool.learnSwarm('not hex', [node(5, '7')]);
    expect(members).toEqual([node(5, '7')]);
    expect(pool.size).toBe(2);
    expect(pool.suspect).toBe(true);
  });

  it('leftSwarm: only a node of that swarm leaves it', () => {
    const pool = new NodePool();
    pool.replace([node(1, '1'), node(2, '1'), node(3, '2')], 0);
    const swarm = [node(1, '1'), node(2, '1')];
    pool.leftSwarm(node(3).ed25519, swarm);
    expect(pool.get(node(3).ed25519)?.swarm).toBe('2');
    expect(pool.suspect).toBe(false);
    pool.leftSwarm(node(9).ed25519, [...swarm, node(9)]);
    expect(pool.suspect).toBe(false);
    pool.leftSwarm(node(1).ed25519, swarm);
    expect(swarmIdOf(pool.get(node(1).ed25519)!)).toBe(INVALID_SWARM_ID);
    expect(pool.get(node(1).ed25519)?.port).toBe(22021);
    expect(pool.suspect).toBe(true);
  });

  it('pick: at most n, not excluded, one per /24 unless asked otherwise', () => {
    const pool = new NodePool(() => 0);
    pool.replace([node(1, '1', '1.2.3.4'), node(2, '1', '1.2.3.5'), node(3, '1', '1.2.4.1'), node(4)], 0);
    expect(pool.pick(10)).toHaveLength(3);
    expect(pool.pick(2)).toHaveLength(2);
    expect(pool.pick(10, new Set(), false)).toHaveLength(4);
    const ex = pool.pick(10, new Set([node(4).ed25519]), false).map((n) => n.ed25519);
    expect(ex).toHaveLength(3);
    expect(ex).not.toContain(node(4).ed25519);
    expect(pool.pick(0)).toEqual([]);
  });

  it('shuffle is Fisher–Yates over the injected random source', () => {
    const asked: number[] = [];
    const pool = new NodePool((n) => {
      asked.push(n);
      return 0;
    });
    expect(pool.shuffle(['a', 'b', 'c', 'd'])).toEqual(['b', 'c', 'd', 'a']);
    expect(asked).toEqual([4, 3, 2]);
    const last = new NodePool((n) => n - 1);
    expect(last.shuffle(['a', 'b', 'c'])).toEqual(['a', 'b', 'c']);
    const items = ['x', 'y'];
    pool.shuffle(items);
    expect(items).toEqual(['x', 'y']);
  });

  it('subnetOf is the /24', () => {
    expect(subnetOf('192.168.7.9')).toBe('192.168.7');
  });
});
