import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { SessionError } from '../../src/errors.js';
import { hedged, type AttemptResult } from '../../src/network/policy/hedge.js';
import { parseServiceNodes } from '../../src/network/pool.js';

/** hedged() with hand-driven timers: what ends a chain, with which error, and what it leaves behind. */
function manualTimers() {
  const pending: { fn: () => void; ms: number; live: boolean }[] = [];
  return {
    setTimer: (fn: () => void, ms: number) => {
      const t = { fn, ms, live: true };
      pending.push(t);
      return () => {
        t.live = false;
      };
    },
    /** Fires the live timers of this duration. */
    fire(ms: number) {
      for (const t of pending.filter((x) => x.live && x.ms === ms)) {
        t.live = false;
        t.fn();
      }
    },
  };
}

const budget = { hedgeAfterMs: 10, totalMs: 1000, maxAttempts: 2 };
const fail = (code: 'PATH_FAILED' | 'TIMEOUT', retry: boolean): AttemptResult<number> => ({
  ok: false,
  retry,
  error: new SessionError(code, `attempt failed (${code})`),
});
const tick = () => new Promise((r) => setTimeout(r, 0));

async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    return `ok ${String(await p)}`;
  } catch (e) {
    return e instanceof SessionError ? `${e.code} ${e.message}` : `other ${String(e)}`;
  }
}

describe('hedged: how a chain ends', () => {
  it('attempts used up: the last error, or what onExhausted makes of it', async () => {
    const t1 = manualTimers();
    expect(
      await outcome(
        hedged<number>({ budget, setTimer: t1.setTimer, attempt: async () => fail('PATH_FAILED', true) }),
      ),
    ).toBe('PATH_FAILED attempt failed (PATH_FAILED)');
    const t2 = manualTimers();
    const seen: (SessionError | undefined)[] = [];
    expect(
      await outcome(
        hedged<number>({
          budget,
          setTimer: t2.setTimer,
          attempt: async () => fail('PATH_FAILED', true),
          onExhausted: (last) => {
            seen.push(last);
            return new SessionError('TIMEOUT', 'custom');
          },
        }),
      ),
    ).toBe('TIMEOUT custom');
    expect(seen[0]?.code).toBe('PATH_FAILED');
  });

  it('the budget runs out before any answer: TIMEOUT', async () => {
    const t = manualTimers();
    const p = hedged<number>({ budget, setTimer: t.setTimer, attempt: () => new Promise(() => undefined) });
    t.fire(1000);
    expect(await outcome(p)).toBe('TIMEOUT the request ran out of time and attempts');
  });

  it('the last attempt failing does not end the chain while a parallel one is still running', async () => {
    const t = manualTimers();
    let finishFirst: ((r: AttemptResult<number>) => void) | undefined;
    const p = hedged<number>({
      budget,
      setTimer: t.setTimer,
      attempt: (n) =>
        n === 0
          ? new Promise<AttemptResult<number>>((r) => {
              finishFirst = r;
            })
          : Promise.resolve(fail('PATH_FAILED', true)),
    });
    t.fire(10); // the hedge: attempt 1, which fails at once
    await tick();
    finishFirst!({ ok: true, value: 42 });
    expect(await outcome(p)).toBe('ok 42');
  });

  it('an attempt that throws ends the chain: a SessionError as is, anything else as INTERNAL', async () => {
    const t = manualTimers();
    const own = new SessionError('BAD_REPLY', 'thrown');
    await expect(
      hedged<number>({ budget, setTimer: t.setTimer, attempt: () => Promise.reject(own) }),
    ).rejects.toBe(own);
    const e = (await hedged<number>({
      budget,
      setTimer: manualTimers().setTimer,
      attempt: () => Promise.reject(new RangeError('boom')),
    }).catch((x: unknown) => x)) as SessionError;
    expect(e.code).toBe('INTERNAL');
    expect(e.message).toBe('RangeError: boom');
    expect(e.cause).toBeInstanceOf(RangeError);
  });

  it('an already aborted signal: INTERRUPTED and no attempt', async () => {
    const ac = new AbortController();
    ac.abort();
    let started = 0;
    const r = await outcome(
      hedged<number>({
        budget,
        signal: ac.signal,
        setTimer: manualTimers().setTimer,
        attempt: async () => {
          started++;
          return { ok: true, value: 1 };
        },
      }),
    );
    expect(r).toBe('INTERRUPTED interrupted');
    expect(started).toBe(0);
  });

  it('an abort during the chain is INTERRUPTED; the listener is removed when the chain ends', async () => {
    const ac = new AbortController();
    const p = hedged<number>({
      budget,
      signal: ac.signal,
      setTimer: manualTimers().setTimer,
      attempt: () => new Promise(() => undefined),
    });
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(1);
    ac.abort();
    expect(await outcome(p)).toBe('INTERRUPTED interrupted');
    const long = new AbortController();
    await hedged<number>({
      budget,
      signal: long.signal,
      setTimer: manualTimers().setTimer,
      attempt: async () => ({ ok: true, value: 1 }),
    });
    expect(getEventListeners(long.signal, 'abort')).toHaveLength(0);
  });

  it('a non-retryable failure ends the chain at once, even with attempts left', async () => {
    let started = 0;
    const r = await outcome(
      hedged<number>({
        budget: { ...budget, maxAttempts: 5 },
        setTimer: manualTimers().setTimer,
        attempt: async () => {
          started++;
          return fail('PATH_FAILED', false);
        },
      }),
    );
    expect(r).toBe('PATH_FAILED attempt failed (PATH_FAILED)');
    expect(started).toBe(1);
  });
});

describe('parseServiceNodes', () => {
  it('an address must be a string, not something that looks like one', () => {
    const ed = 'ab'.repeat(32);
    const entry = {
      public_ip: '10.0.0.1',
      storage_port: 1,
      pubkey_ed25519: ed,
      pubkey_x25519: ed,
      swarm: '1',
    };
    expect(parseServiceNodes([entry])).toHaveLength(1);
    expect(parseServiceNodes([{ ...entry, public_ip: ['10.0.0.1'] }])).toEqual([]);
  });
});
