/**
 * Network time (network.md §7): every signature, store timestamp and expiry uses the network's
 * clock, not ours. Samples are `t` values of node replies, corrected by half the round trip; the
 * offset is their median (one lying or slow node cannot move it far).
 */
const MIN_SANE_T = 1_609_419_600_000; // 2021-01-01: anything older is not a node clock
const KEEP = 10;

export class NetworkClock {
  private offsets: number[] = [];

  constructor(private readonly local: () => number = Date.now) {}

  get samples(): number {
    return this.offsets.length;
  }

  /** The local clock, without the offset. */
  localNow(): number {
    return this.local();
  }

  now(): number {
    if (this.offsets.length === 0) return Math.round(this.local());
    const sorted = [...this.offsets].sort((a, b) => a - b);
    return Math.round(this.local() + sorted[sorted.length >> 1]!);
  }

  /** Learns from a reply's `t` (ms); `sentAt`/`receivedAt` are local times of the exchange. */
  learn(t: unknown, sentAt: number, receivedAt: number = this.local()): void {
    if (typeof t !== 'number' || !Number.isFinite(t) || t < MIN_SANE_T) return;
    this.offsets.push(t - (sentAt + receivedAt) / 2);
    if (this.offsets.length > KEEP) this.offsets.shift();
  }

  /** Takes over another clock's samples (a fresh resync replaces what was learnt before). */
  adopt(other: NetworkClock): void {
    this.offsets = [...other.offsets];
  }

  /** Starts from an offset learnt earlier (a cache) instead of samples. */
  assume(offsetMs: number): void {
    this.offsets = [offsetMs];
  }

  reset(): void {
    this.offsets = [];
  }

  offsetMs(): number {
    return this.now() - Math.round(this.local());
  }
}
