/**
 * Strike counters of network.md §4.9: a node or a path that fails is given a strike; at the
 * threshold (3 in every official client) it is dropped. Counters reset when the pool is refreshed.
 * Pure bookkeeping: the caller decides what "dropped" means (pool, swarms, paths).
 */
export const STRIKE_THRESHOLD = 3;

export class StrikeBook {
  private readonly counts = new Map<string, number>();

  constructor(private readonly threshold = STRIKE_THRESHOLD) {}

  /** Adds a strike; true when this one reached the threshold (the counter then starts over). */
  strike(key: string): boolean {
    const n = (this.counts.get(key) ?? 0) + 1;
    if (n >= this.threshold) {
      this.counts.delete(key);
      return true;
    }
    this.counts.set(key, n);
    return false;
  }

  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  forget(key: string): void {
    this.counts.delete(key);
  }

  clear(): void {
    this.counts.clear();
  }

  /** For the profile's cache: a CLI process is short, strikes must add up across processes. */
  save(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  restore(saved: unknown): void {
    if (saved === null || typeof saved !== 'object') return;
    for (const [k, v] of Object.entries(saved as Record<string, unknown>))
      if (typeof v === 'number' && Number.isInteger(v) && v > 0 && v < this.threshold) this.counts.set(k, v);
  }
}
