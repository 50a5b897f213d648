import { deliver, type SendMessageResult } from '../actions/send-message.js';
import type { SessionNetwork } from '../network/session-network.js';
import type { MessageStore } from '../store/messages.js';
import { Outbox, type PendingMessage } from '../store/outbox.js';
import { OutboxQueue } from '../store/outbox-queue.js';

/**
 * How long the outbox waits after a send before it stores what the send queued (the sync copy
 * for our other devices, or a `--wait queued` message): the caller has its answer by then, and the
 * process a forwarded `message send` ran in has exited. Sent at once, that onion request and
 * the exiting CLI process shared the machine's two cores: bench/daemon.bench.js measured the CLI
 * send ~2 ms (5 %) slower that way, the raw RPC send 1.3 ms. A user's other devices see the
 * copy 0.1 s later.
 */
export const SEND_SETTLE_MS = 100;

export interface OutboxRunnerOptions {
  profile: string;
  client: { net: SessionNetwork; store: MessageStore };
  /** How often the outbox is looked at when nothing kicks the runner. */
  intervalMs: number;
  /** Test seam: how one pending message is delivered (default: the send's `deliver`). */
  deliverOne?: (m: PendingMessage, signal: AbortSignal) => Promise<SendMessageResult>;
  /** After a delivery: the daemon journals what the store now holds. */
  onDelivered?: (r: SendMessageResult) => void;
  log?: (line: string) => void;
}

/**
 * Delivers the messages queued in a served profile's outbox with `message send --wait queued` (by
 * the daemon or by a CLI run without it); sends that failed are left to `message resend`. Delivery
 * sends the bytes kept in the outbox, so a message another process delivers at the same time is
 * still one message (the swarm keeps one per hash). A failed entry stays queued and is tried again
 * next round.
 */
export class OutboxRunner {
  private readonly stopper = new AbortController();
  private running: Promise<void> | undefined;
  private kick = new AbortController();
  delivered = 0;
  failures = 0;
  lastError: string | undefined;

  constructor(private readonly o: OutboxRunnerOptions) {}

  start(): void {
    this.running ??= this.loop();
  }

  /**
   * Stops the loop. With `drainMs`, what is queued now is delivered first (one more round, for at
   * most that long): a daemon stopped right after a send still stores the send's sync copy.
   */
  async stop(opts: { drainMs?: number } = {}): Promise<void> {
    this.cancelDelayedKick();
    if (opts.drainMs !== undefined && this.running) {
      this.finishing = true;
      this.kick.abort();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.running, new Promise<void>((ok) => (timer = setTimeout(ok, opts.drainMs)))]);
      clearTimeout(timer);
    }
    this.stopper.abort();
    await this.running;
  }

  private finishing = false;

  private delayedKick: { at: number; timer: NodeJS.Timeout } | undefined;

  /**
   * Look at the outbox now, or `afterMs` from now (see SEND_SETTLE_MS). A kick already due sooner
   * is kept; one due later is brought forward.
   */
  runSoon(afterMs = 0): void {
    if (afterMs <= 0) {
      this.cancelDelayedKick();
      this.kick.abort();
      return;
    }
    const at = Date.now() + afterMs;
    if (this.delayedKick && this.delayedKick.at <= at) return;
    this.cancelDelayedKick();
    const timer = setTimeout(() => {
      this.delayedKick = undefined;
      this.kick.abort();
    }, afterMs);
    // the runner's loop keeps the daemon alive, not this
    timer.unref();
    this.delayedKick = { at, timer };
  }

  private cancelDelayedKick(): void {
    if (this.delayedKick) clearTimeout(this.delayedKick.timer);
    this.delayedKick = undefined;
  }

  /** One round: every queued entry, oldest first, one at a time. Returns how many were delivered. */
  async runOnce(): Promise<number> {
    const signal = this.stopper.signal;
    const db = this.o.client.store.db;
    const outbox = new Outbox(db);
    const queue = new OutboxQueue(db);
    let n = 0;
    for (const id of queue.list()) {
      if (signal.aborted) break;
      // Gone: delivered meanwhile by another process (`message resend`).
      const m = outbox.get(id);
      if (!m) {
        queue.unmark(id);
        continue;
      }
      try {
        const r = await (this.o.deliverOne ?? ((p, s) => this.deliverDefault(outbox, p, s)))(m, signal);
        queue.unmark(id);
        n++;
        this.delivered++;
        this.lastError = undefined;
        this.o.onDelivered?.(r);
      } catch (e) {
        if (signal.aborted) break;
        this.failures++;
        this.lastError = (e as Error).message;
        this.o.log?.(`${this.o.profile}: outbox: ${id} not delivered yet: ${this.lastError}`);
      }
    }
    return n;
  }

  private async deliverDefault(outbox: Outbox, m: PendingMessage, signal: AbortSignal) {
    await this.o.client.net.bootstrap(signal);
    return deliver(this.o.client, outbox, m, signal);
  }

  private async loop(): Promise<void> {
    const stop = this.stopper.signal;
    while (!stop.aborted) {
      this.kick = new AbortController();
      await this.runOnce();
      if (stop.aborted) break;
      if (this.kick.signal.aborted) continue; // kicked while this round ran
      if (this.finishing) break; // stop({ drainMs }): this round saw everything queued
      const wait = AbortSignal.any([stop, this.kick.signal]);
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(t);
          wait.removeEventListener('abort', done);
          resolve();
        };
        const t = setTimeout(done, this.o.intervalMs);
        wait.addEventListener('abort', done, { once: true });
      });
    }
  }
}
