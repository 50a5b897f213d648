import { SessionError } from '../../errors.js';
import type { RequestBudget } from './budget.js';

/**
 * Runs one request chain: attempts one after another on failure, plus a second attempt in
 * parallel when the first is slow (hedging, errata E10), all inside the chain's budget. The first
 * success wins and the others are aborted. Attempts of a store carry the same bytes, so a hedged
 * store is still one message.
 */
export type AttemptResult<T> = { ok: true; value: T } | { ok: false; retry: boolean; error: SessionError };

export interface HedgeOptions<T> {
  budget: Pick<RequestBudget, 'hedgeAfterMs' | 'totalMs' | 'maxAttempts'>;
  signal?: AbortSignal | undefined;
  /** Starts attempt `n` (0-based); must settle when `signal` aborts. */
  attempt: (n: number, signal: AbortSignal) => Promise<AttemptResult<T>>;
  /** At most this many attempts in flight (2: the original and one hedge). */
  parallel?: number;
  /** Timers, injectable for tests. */
  setTimer?: (fn: () => void, ms: number) => () => void;
  /** Told when a parallel attempt is started because the running one is slow. */
  onHedge?: (n: number) => void;
  /** The error when the budget runs out before any attempt answered. */
  onExhausted?: (last: SessionError | undefined) => SessionError;
}

const realTimer = (fn: () => void, ms: number) => {
  const t = setTimeout(fn, ms);
  return () => clearTimeout(t);
};

export function hedged<T>(o: HedgeOptions<T>): Promise<T> {
  const parallel = o.parallel ?? 2;
  const setTimer = o.setTimer ?? realTimer;
  return new Promise<T>((resolve, reject) => {
    const controllers = new Set<AbortController>();
    const timers: (() => void)[] = [];
    let started = 0;
    let done = false;
    let last: SessionError | undefined;
    let cancelHedge: (() => void) | undefined;

    const finish = (fn: () => void) => {
      if (done) return;
      done = true;
      for (const c of controllers) c.abort();
      controllers.clear();
      for (const t of timers) t();
      cancelHedge?.();
      o.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const exhausted = () =>
      finish(() =>
        reject(
          o.onExhausted?.(last) ??
            last ??
            new SessionError('TIMEOUT', 'the request ran out of time and attempts'),
        ),
      );
    const onAbort = () => finish(() => reject(new SessionError('INTERRUPTED', 'interrupted')));

    const armHedge = () => {
      cancelHedge?.();
      cancelHedge = setTimer(() => {
        if (!done && controllers.size < parallel && started < o.budget.maxAttempts) {
          o.onHedge?.(started);
          launch();
        }
      }, o.budget.hedgeAfterMs);
    };

    const launch = () => {
      const n = started++;
      const c = new AbortController();
      controllers.add(c);
      armHedge();
      o.attempt(n, c.signal).then(
        (r) => {
          controllers.delete(c);
          if (done) return;
          if (r.ok) return finish(() => resolve(r.value));
          last = r.error;
          if (!r.retry) return finish(() => reject(r.error));
          if (started < o.budget.maxAttempts) launch();
          else if (controllers.size === 0) exhausted();
        },
        (e: unknown) => {
          controllers.delete(c);
          if (done) return;
          finish(() =>
            reject(e instanceof SessionError ? e : new SessionError('INTERNAL', String(e), { cause: e })),
          );
        },
      );
    };

    if (o.signal?.aborted) return onAbort();
    o.signal?.addEventListener('abort', onAbort, { once: true });
    timers.push(setTimer(exhausted, o.budget.totalMs));
    launch();
  });
}

/**
 * An attempt that is cut off because another attempt of its chain finished first: does it count
 * as a timeout of its path? Yes when it had already run for the hedge delay: that slowness is why
 * the hedge started, and a hung relay is found out no other way once hedging wins every race (the
 * hung path would cost the next request the whole hedge delay again, and the next). No when it
 * was cut off sooner (it was the hedge, and the first attempt answered), or when the caller
 * aborted the chain.
 */
export function overtakenCountsAsTimeout(o: {
  elapsedMs: number;
  hedgeAfterMs: number;
  callerAborted: boolean;
}): boolean {
  return !o.callerAborted && o.elapsedMs >= o.hedgeAfterMs;
}
