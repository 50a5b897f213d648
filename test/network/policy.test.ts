import { describe, expect, it } from 'vitest';
import { SessionError, isSessionError } from '../../src/errors.js';
import { NetworkClock } from '../../src/network/clock.js';
import { NodePool } from '../../src/network/node-pool.js';
import { PathSet, pathKey } from '../../src/network/paths.js';
import { blame, type AttemptFailure } from '../../src/network/policy/blame.js';
import { hedged, overtakenCountsAsTimeout, type AttemptResult } from '../../src/network/policy/hedge.js';
import { StrikeBook } from '../../src/network/policy/strikes.js';
import type { SnodeRecord } from '../../src/network/pool.js';
import { classifyFailure } from '../../src/network/transport.js';

const G = 'a'.repeat(64);
const R1 = 'b'.repeat(64);
const R2 = 'c'.repeat(64);
const D = 'd'.repeat(64);
const X = 'e'.repeat(64);
const path = { guard: G, relays: [R1, R2], destination: D };
const hop = (status: number, text: string): AttemptFailure => ({ kind: 'hop', status, text });
const dest = (status: number, text = ''): AttemptFailure => ({ kind: 'destination', status, text });

describe('blame (network.md §4.9, errata E10)', () => {
  it('a failed connection to the guard strikes the guard and abandons the path', () => {
    const v = blame({ kind: 'connect', reason: 'refused' }, path);
    expect(v.strikeNodes).toEqual([G]);
    expect(v.abandonPath).toBe(true);
    expect(v.strikePath).toBe(false);
    expect(v.retry).toBe(true);
    expect(v.mayHaveReachedDestination).toBe(false);
  });

  it('a reset after sending may have reached the destination', () => {
    expect(blame({ kind: 'connect', reason: 'reset', sent: true }, path).mayHaveReachedDestination).toBe(
      true,
    );
  });

  it('a timeout beyond the guard strikes the path and the destination, never the guard', () => {
    const v = blame({ kind: 'timeout' }, path);
    expect(v.strikePath).toBe(true);
    expect(v.strikeNodes).toEqual([D]);
    expect(v.strikeNodes).not.toContain(G);
    expect(v.abandonPath).toBe(false);
    // a timeout may be a dead relay's: the destination is only suspected, not excluded
    expect(v.suspectDestination).toBe(true);
    expect(v.avoidDestination).toBe(false);
    expect(v.mayHaveReachedDestination).toBe(true);
    expect(v.error.code).toBe('TIMEOUT');
  });

  it('504 Request time out strikes the path, not the guard; the store may have happened', () => {
    const v = blame(hop(504, 'Request time out'), path);
    expect(v.strikePath).toBe(true);
    expect(v.strikeNodes).not.toContain(G);
    expect(v.abandonPath).toBe(false);
    expect(v.mayHaveReachedDestination).toBe(true);
    expect(v.retry).toBe(true);
  });

  it('502 Next node not found: X drops X and charges the path', () => {
    const v = blame(hop(502, `Next node not found: ${X}`), path);
    expect(v.dropNodes).toEqual([X]);
    expect(v.strikePath).toBe(true);
    expect(v.strikeNodes).toEqual([]);
    expect(v.mayHaveReachedDestination).toBe(false);
  });

  it('502 naming the destination drops it and moves to another member', () => {
    const v = blame(hop(502, `Next node not found: ${D.toUpperCase()}`), path);
    expect(v.dropNodes).toEqual([D]);
    expect(v.avoidDestination).toBe(true);
  });

  it('503 Snode not ready: X strikes X; the guard not ready strikes the guard', () => {
    const r = blame(hop(503, `Snode not ready: ${R1}`), path);
    expect(r.strikeNodes).toEqual([R1]);
    expect(r.excludeNodes).toEqual([R1]); // the relay, not the guard, is left out of new paths
    expect(r.abandonPath).toBe(false);
    const g = blame(hop(503, 'Service node is not ready: syncing\n'), path);
    expect(g.strikeNodes).toEqual([G]);
    expect(g.abandonPath).toBe(true);
  });

  it('406/425 ask for a clock resync and a retry', () => {
    for (const f of [hop(406, 'x'), dest(406), dest(425)]) {
      const v = blame(f, path);
      expect(v.resyncClock).toBe(true);
      expect(v.retry).toBe(true);
      expect(v.error.code).toBe('CLOCK_SKEW');
    }
  });

  it('a destination 421 is a redirect', () => {
    const v = blame(dest(421), path);
    expect(v.redirect).toBe(true);
    expect(v.error.code).toBe('WRONG_SWARM');
  });

  it('a destination 5xx strikes the destination only', () => {
    for (const s of [500, 502, 503, 504]) {
      const v = blame(dest(s, 'oxend returned unparsable data'), path);
      expect(v.strikeNodes).toEqual([D]);
      expect(v.strikePath).toBe(false);
      expect(v.avoidDestination).toBe(true);
    }
  });

  it('a decrypted "Next node not found: X" drops X', () => {
    expect(blame(dest(502, `Next node not found: ${X}`), path).dropNodes).toEqual([X]);
  });

  it('a destination 4xx refusal is final: another node would say the same', () => {
    for (const s of [400, 401, 403, 404]) {
      const v = blame(dest(s, 'no'), path);
      expect(v.retry).toBe(false);
      expect(v.strikeNodes).toEqual([]);
    }
  });

  it('an undecryptable reply charges the path; a bad reply strikes the destination', () => {
    expect(blame({ kind: 'undecryptable' }, path).strikePath).toBe(true);
    const b = blame({ kind: 'bad-reply', reason: 'x' }, path);
    expect(b.strikeNodes).toEqual([D]);
    expect(b.error.code).toBe('BAD_REPLY');
  });

  it('a server’s own plain 400 behind the last hop (wrong server key) blames no path and is final', () => {
    const v = blame(hop(400, '<h1>Bad Request</h1>'), { ...path, destination: undefined, server: true });
    expect(v.error.code).toBe('REMOTE_REJECTED');
    expect(v.retry).toBe(false);
    expect(v.strikePath).toBe(false);
    // a node's own 400 on the way to a server is still the path's
    const n = blame(hop(400, 'Invalid ciphertext'), { ...path, destination: undefined, server: true });
    expect(n.strikePath).toBe(true);
    // and to a storage node every 400 hop error is the path's
    expect(blame(hop(400, '<h1>Bad Request</h1>'), path).strikePath).toBe(true);
  });

  it('413 from a hop is TOO_LARGE, not retried', () => {
    const v = blame(hop(413, 'Request body too large'), path);
    expect(v.error.code).toBe('TOO_LARGE');
    expect(v.retry).toBe(false);
  });
});

describe('strikes', () => {
  it('the third strike drops, and the count starts over', () => {
    const s = new StrikeBook();
    expect(s.strike('n')).toBe(false);
    expect(s.strike('n')).toBe(false);
    expect(s.count('n')).toBe(2);
    expect(s.strike('n')).toBe(true);
    expect(s.count('n')).toBe(0);
    expect(s.strike('other')).toBe(false);
  });
});

describe('hedged request chains', () => {
  const fail = (retry = true): AttemptResult<string> => ({
    ok: false,
    retry,
    error: new SessionError('PATH_FAILED', 'x'),
  });

  it('retries a failed attempt and returns the first success', async () => {
    let n = 0;
    const r = await hedged<string>({
      budget: { hedgeAfterMs: 10_000, totalMs: 10_000, maxAttempts: 4 },
      attempt: async (i) => (n++, i < 2 ? fail() : { ok: true, value: `ok${i}` }),
    });
    expect(r).toBe('ok2');
    expect(n).toBe(3);
  });

  it('stops at a non-retryable failure', async () => {
    let n = 0;
    await expect(
      hedged<string>({
        budget: { hedgeAfterMs: 10_000, totalMs: 10_000, maxAttempts: 4 },
        attempt: async () => (n++, fail(false)),
      }),
    ).rejects.toSatisfy((e) => isSessionError(e, 'PATH_FAILED'));
    expect(n).toBe(1);
  });

  it('starts a second attempt when the first is slow, and the hedge can win', async () => {
    const started: number[] = [];
    let aborted = false;
    const r = await hedged<string>({
      budget: { hedgeAfterMs: 20, totalMs: 10_000, maxAttempts: 4 },
      attempt: (i, signal) => {
        started.push(i);
        if (i === 0)
          return new Promise((resolve) =>
            signal.addEventListener('abort', () => {
              aborted = true;
              resolve(fail());
            }),
          );
        return Promise.resolve({ ok: true, value: 'hedge' });
      },
    });
    expect(r).toBe('hedge');
    expect(started).toEqual([0, 1]);
    expect(aborted).toBe(true); // the slow one is cancelled
  });

  it('never runs more than 2 at once and never more than maxAttempts', async () => {
    let inFlight = 0;
    let peak = 0;
    let n = 0;
    await expect(
      hedged<string>({
        budget: { hedgeAfterMs: 1, totalMs: 10_000, maxAttempts: 5 },
        attempt: async () => {
          n++;
          peak = Math.max(peak, ++inFlight);
          await new Promise((r) => setTimeout(r, 15));
          inFlight--;
          return fail();
        },
      }),
    ).rejects.toBeInstanceOf(SessionError);
    expect(peak).toBeLessThanOrEqual(2);
    expect(n).toBe(5);
  });

  it('ends at the budget even when attempts never settle on their own', async () => {
    const t0 = performance.now();
    await expect(
      hedged<string>({
        budget: { hedgeAfterMs: 10, totalMs: 60, maxAttempts: 3 },
        attempt: (_i, signal) =>
          new Promise((resolve) => signal.addEventListener('abort', () => resolve(fail()))),
      }),
    ).rejects.toSatisfy((e) => isSessionError(e, 'TIMEOUT'));
    expect(performance.now() - t0).toBeLessThan(5_000);
  });

  it('the caller’s signal interrupts the chain', async () => {
    const ac = new AbortController();
    const p = hedged<string>({
      budget: { hedgeAfterMs: 10_000, totalMs: 10_000, maxAttempts: 3 },
      signal: ac.signal,
      attempt: (_i, signal) =>
        new Promise((resolve) => signal.addEventListener('abort', () => resolve(fail()))),
    });
    ac.abort();
    await expect(p).rejects.toSatisfy((e) => isSessionError(e, 'INTERRUPTED'));
  });
});

function node(i: number, swarm = '1', ip = `10.0.${i}.1`): SnodeRecord {
  const ed = i.toString(16).padStart(2, '0').repeat(32);
  return { ip, port: 22021, ed25519: ed, x25519: ed, swarm };
}

describe('an attempt overtaken by a hedge', () => {
  it('counts as a timeout of its path once it ran for the hedge delay, never when the caller aborted', () => {
    const o = { hedgeAfterMs: 3_000, callerAborted: false };
    expect(overtakenCountsAsTimeout({ ...o, elapsedMs: 3_000 })).toBe(true);
    expect(overtakenCountsAsTimeout({ ...o, elapsedMs: 5_000 })).toBe(true);
    // the hedge itself, cut off when the first attempt answered
    expect(overtakenCountsAsTimeout({ ...o, elapsedMs: 2_999 })).toBe(false);
    expect(overtakenCountsAsTimeout({ ...o, elapsedMs: 9_000, callerAborted: true })).toBe(false);
  });
});

describe('node pool', () => {
  it('compares swarm ids as 64-bit values, not strings', () => {
    const pool = new NodePool();
    // the same swarm written two ways, and another swarm
    pool.replace([node(1, '00000000000000ab'), node(2, 'AB'), node(3, '8000000000000000')], 0);
    const account = `05${'00'.repeat(24)}00000000000000aa`;
    expect(pool.swarmOf(account).map((n) => n.ed25519)).toEqual([node(1).ed25519, node(2).ed25519]);
  });

  it('learns a swarm from a 421: updates members, adds unknown ones, marks the pool for refresh', () => {
    const pool = new NodePool();
    pool.replace([node(1, '1'), node(2, '1'), node(3, '2')], Date.now());
    expect(pool.stale(Date.now())).toBe(false);
    const members = pool.learnSwarm('2', [node(2, 'x'), node(4, 'x')]);
    expect(members.map((m) => m.swarm)).toEqual(['2', '2']);
    expect(pool.get(node(2).ed25519)?.swarm).toBe('2');
    expect(pool.get(node(4).ed25519)).toBeDefined();
    expect(pool.stale(Date.now())).toBe(true);
  });

  it('is stale after 2 hours', () => {
    const pool = new NodePool();
    pool.replace([node(1)], 0);
    expect(pool.stale(2 * 3600 * 1000 - 1)).toBe(false);
    expect(pool.stale(2 * 3600 * 1000)).toBe(true);
  });

  it('a dropped node is never picked again, nor re-added by a 421, until drops are forgiven', () => {
    const pool = new NodePool();
    pool.replace([node(1), node(2), node(3)], 0);
    pool.drop(node(2).ed25519);
    for (let i = 0; i < 20; i++) expect(pool.pick(3).map((n) => n.ed25519)).not.toContain(node(2).ed25519);
    pool.learnSwarm('1', [node(2)]);
    expect(pool.get(node(2).ed25519)).toBeUndefined();
    pool.replace([node(1), node(2), node(3)], 0);
    expect(pool.get(node(2).ed25519)).toBeUndefined();
    pool.forgiveDrops();
    pool.replace([node(1), node(2), node(3)], 0);
    expect(pool.get(node(2).ed25519)).toBeDefined();
  });

  it('picks at random', () => {
    const pool = new NodePool();
    pool.replace(
      Array.from({ length: 10 }, (_, i) => node(i + 1)),
      0,
    );
    const firsts = new Set(Array.from({ length: 40 }, () => pool.pick(1)[0]!.ed25519));
    expect(firsts.size).toBeGreaterThan(3);
  });
});

describe('paths', () => {
  const setup = () => {
    const pool = new NodePool();
    pool.replace(
      Array.from({ length: 12 }, (_, i) => node(i + 1)),
      0,
    );
    return { pool, paths: new PathSet(pool, () => 0) };
  };
  const none = { exclude: new Set<string>(), avoid: new Set<string>(), busy: new Set<string>() };

  it('builds 2 paths of 3 nodes in distinct /24s', () => {
    const { paths } = setup();
    paths.pick(none);
    expect(paths.list()).toHaveLength(2);
    const subnets = paths.list().flatMap((p) => p.map((n) => n.ip.split('.').slice(0, 3).join('.')));
    expect(new Set(subnets).size).toBe(6);
  });

  it('replacing one path keeps the healthy one', () => {
    const { paths } = setup();
    paths.pick(none);
    const [a, b] = paths.list();
    paths.remove(a!);
    paths.pick(none);
    expect(paths.list().map(pathKey)).toContain(pathKey(b!));
    expect(paths.list()).toHaveLength(2);
  });

  it('a path touching the destination is not used; one avoiding failed nodes is preferred', () => {
    const { paths } = setup();
    paths.pick(none);
    const [a, b] = paths.list();
    const p = paths.pick({ ...none, exclude: new Set([a![2]!.ed25519]) });
    expect(pathKey(p!)).toBe(pathKey(b!));
    const q = paths.pick({ ...none, avoid: new Set(b!.map((n) => n.ed25519)) });
    expect(q!.some((n) => b!.some((m) => m.ed25519 === n.ed25519))).toBe(false);
  });

  it('a path with a strike is picked after one without (a hedge-overtaken path is not asked first again)', () => {
    const pool = new NodePool();
    pool.replace(
      Array.from({ length: 12 }, (_, i) => node(i + 1)),
      0,
    );
    let struck = '';
    const paths = new PathSet(
      pool,
      () => 0,
      (key) => (key === struck ? 1 : 0),
    );
    paths.pick(none);
    const [a, b] = paths.list();
    struck = pathKey(a!);
    for (let i = 0; i < 20; i++) expect(pathKey(paths.pick(none)!)).toBe(pathKey(b!));
  });

  it('a hedge whose only fitting path is busy gets a path of its own, sharing no node with it', () => {
    const { paths } = setup();
    paths.pick(none);
    const [a, b] = paths.list();
    // b touches the destination; a is in use by the first attempt
    const c = { ...none, exclude: new Set([b![0]!.ed25519]), busy: new Set([pathKey(a!)]) };
    const own = paths.pick(c)!;
    expect(own.some((n) => a!.some((m) => m.ed25519 === n.ed25519))).toBe(false);
    expect(own.some((n) => n.ed25519 === b![0]!.ed25519)).toBe(false);
    // for that attempt only: the kept paths are the same two
    expect(paths.list().map(pathKey)).toEqual([pathKey(a!), pathKey(b!)]);
    // not busy: the kept path again
    expect(pathKey(paths.pick({ ...c, busy: new Set() })!)).toBe(pathKey(a!));
  });

  it('never reuses nodes of a failed path when others are there (no third identical rebuild)', () => {
    const { paths } = setup();
    paths.pick(none);
    const avoid = new Set(paths.list().flatMap((p) => p.map((n) => n.ed25519)));
    const fresh = paths.pick({ ...none, avoid });
    expect(fresh!.every((n) => !avoid.has(n.ed25519))).toBe(true);
  });

  it('a dropped node takes its paths with it', () => {
    const { pool, paths } = setup();
    paths.pick(none);
    const victim = paths.list()[0]![1]!;
    pool.drop(victim.ed25519);
    paths.pick(none);
    expect(
      paths
        .list()
        .flat()
        .map((n) => n.ed25519),
    ).not.toContain(victim.ed25519);
  });
});

describe('network clock (§7)', () => {
  it('uses the median offset, ignores insane t values', () => {
    let local = 1_700_000_000_000;
    const c = new NetworkClock(() => local);
    c.learn(local + 1000, local, local);
    c.learn(local + 5000, local, local);
    c.learn(local + 1200, local, local);
    c.learn(5, local, local);
    c.learn('x', local, local);
    expect(c.samples).toBe(3);
    expect(c.now()).toBe(local + 1200);
    local += 10;
    expect(c.offsetMs()).toBe(1200);
  });
});

describe('transport failure stages', () => {
  it('tells a refused or failed connection from a silent one', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(classifyFailure(refused)).toEqual({ stage: 'connect', reason: 'refused' });
    expect(classifyFailure(Object.assign(new Error('x'), { code: 'UND_ERR_CONNECT_TIMEOUT' }))).toEqual({
      stage: 'connect',
      reason: 'timeout',
    });
    expect(classifyFailure(new Error('certificate pin mismatch')).reason).toBe('wrong-certificate');
    expect(classifyFailure(Object.assign(new Error('x'), { code: 'UND_ERR_HEADERS_TIMEOUT' }))).toEqual({
      stage: 'response',
      reason: 'timeout',
    });
    expect(
      classifyFailure(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' })).stage,
    ).toBe('connect');
  });
});
