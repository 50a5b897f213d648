/**
 * How long one request chain may take (network.md §4.9, errata E10). A real relay whose next hop
 * is dead answers `504` only after 30 s, so the client cannot wait for it: each attempt has its
 * own timeout, a second attempt starts on another path after `hedgeAfterMs` without an answer,
 * and the whole chain (retries and hedges) ends at `totalMs`.
 */
export interface RequestBudget {
  /** One onion request, guard to destination and back. */
  attemptMs: number;
  /** Start a parallel attempt on another path when the first is this slow. */
  hedgeAfterMs: number;
  /** The whole chain: every retry and hedge together. */
  totalMs: number;
  /** At most this many attempts in the chain. */
  maxAttempts: number;
  /**
   * Connecting to the guard (TCP + TLS); beyond it, a silent guard is a dead guard. Shorter than
   * `hedgeAfterMs`, so that a hung guard is found out (and blamed) before a hedge overtakes it.
   */
  connectMs: number;
}

export type RequestKind = 'store' | 'retrieve' | 'control' | 'clock' | 'server' | 'seed';

/** Defaults per kind. A store against one slow or dead node finishes well within 20 s. */
export const BUDGETS: Record<RequestKind, RequestBudget> = {
  // a store to a swarm with a dead member waits ~5 s for it (errata E11): room for that and load
  store: { attemptMs: 8_000, hedgeAfterMs: 3_000, totalMs: 19_000, maxAttempts: 6, connectMs: 2_500 },
  // a retrieve does not wait for swarm peers (a store does, up to 5 s for a dead one): a shorter
  // attempt, an earlier hedge, and more of them within the same bound
  retrieve: { attemptMs: 5_000, hedgeAfterMs: 2_000, totalMs: 18_000, maxAttempts: 8, connectMs: 1_800 },
  // info, get_swarm, oxend_request: small and idempotent
  control: { attemptMs: 6_000, hedgeAfterMs: 3_000, totalMs: 12_000, maxAttempts: 4, connectMs: 2_500 },
  // one `info` of a clock resync: a sample from another node is as good as a retry
  clock: { attemptMs: 3_000, hedgeAfterMs: 3_000, totalMs: 3_000, maxAttempts: 1, connectMs: 2_500 },
  // file server / community server through an onion path: bodies can be large
  server: { attemptMs: 30_000, hedgeAfterMs: 10_000, totalMs: 60_000, maxAttempts: 3, connectMs: 5_000 },
  seed: { attemptMs: 5_000, hedgeAfterMs: 5_000, totalMs: 5_000, maxAttempts: 1, connectMs: 5_000 },
};

/** The deadline of one chain, on an injectable monotonic clock. */
export class Deadline {
  private readonly end: number;

  constructor(
    totalMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.end = now() + totalMs;
  }

  remaining(): number {
    return Math.max(0, this.end - this.now());
  }

  expired(): boolean {
    return this.remaining() <= 0;
  }
}
