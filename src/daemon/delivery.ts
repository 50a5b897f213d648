import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import type * as Undici from 'undici';
import type { DamagedRow, Journal, JournalEvent } from './journal.js';

/** Where a consumer's events go; a throw (or a rejected promise) means "not taken, try again". */
export interface Sink {
  /** The consumer's name: its cursor and dead letters are kept under it. */
  name: string;
  kind: 'webhook' | 'exec';
  deliver(event: JournalEvent, signal: AbortSignal): Promise<void>;
}

export interface BackoffPolicy {
  /** First retry after about this long; each next one doubles, up to maxMs. */
  baseMs: number;
  maxMs: number;
  /** After this many failed attempts the event is parked as a dead letter and the queue moves on. */
  maxAttempts: number;
}

/**
 * The default: 1 s doubling up to 10 min, 30 attempts: with the jitter at its lowest that is still
 * 1 h 43 min of retries (3 h 27 min at its highest), so a consumer down for an hour gets every event
 * when it is back, and none twice (the cursor moves only after a 2xx / exit 0).
 */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, maxMs: 600_000, maxAttempts: 30 };

/** Delay before retry `attempt` (1-based): exponential, capped, with "equal jitter" (50-100 %). */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number): number {
  const full = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(full / 2 + (full / 2) * random());
}

/** The webhook signature header value: HMAC-SHA256 over `TIMESTAMP.BODY`, hex. */
export function webhookSignature(secret: string | Uint8Array, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface WebhookOptions {
  url: string;
  /** Read on every delivery: SIGHUP (or a rotated file) takes effect without a restart. */
  secret: () => string | undefined;
  now: () => number;
  timeoutMs?: number;
}

/**
 * POSTs the event body (the message object) as JSON. Headers: X-Session-Event (journal seq, for
 * de-duplication by the receiver), X-Session-Profile, X-Session-Timestamp (seconds), and with a
 * secret X-Session-Signature. Anything but 2xx is a failure, a redirect too (the signature is
 * for this URL's receiver; GitHub's webhooks do not follow one either).
 *
 * Through undici's `request` on a keep-alive agent of its own, not `fetch`: a delivery takes half
 * the time (~0.3 ms against ~0.65 ms on loopback), which adds up over a burst of events (one
 * poll's worth, delivered one after another). undici is loaded on the first delivery: the
 * daemon's network has loaded it already.
 */
export function webhookSink(o: WebhookOptions): Sink {
  let agent: Undici.Agent | undefined;
  let undici: typeof Undici | undefined;
  return {
    name: `webhook:${o.url}`,
    kind: 'webhook',
    async deliver(event, signal) {
      undici ??= await import('undici');
      agent ??= new undici.Agent({ keepAliveTimeout: 10_000, connections: 2 });
      const body = JSON.stringify(event.body);
      const timestamp = String(Math.floor(o.now() / 1000));
      const secret = o.secret();
      // One controller per delivery, detached afterwards: the consumer's stop signal lives long.
      const ac = new AbortController();
      const onStop = () => ac.abort(signal.reason);
      signal.addEventListener('abort', onStop, { once: true });
      const timer = setTimeout(() => ac.abort(new Error('timed out')), o.timeoutMs ?? 15_000);
      try {
        const res = await undici.request(o.url, {
          method: 'POST',
          body,
          dispatcher: agent,
          signal: ac.signal,
          headers: {
            'content-type': 'application/json',
            'x-session-event': String(event.seq),
            'x-session-profile': event.profile,
            'x-session-timestamp': timestamp,
            ...(secret === undefined
              ? {}
              : { 'x-session-signature': webhookSignature(secret, timestamp, body) }),
          },
        });
        await res.body.dump().catch(() => undefined);
        if (res.statusCode < 200 || res.statusCode > 299) throw new Error(`HTTP ${res.statusCode}`);
      } finally {
        clearTimeout(timer);
        signal.removeEventListener('abort', onStop);
      }
    },
  };
}

/** Runs CMD (through the shell) per event, the event JSON on stdin; exit 0 takes it. */
export function execSink(command: string, opts: { timeoutMs?: number } = {}): Sink {
  return {
    name: `exec:${command}`,
    kind: 'exec',
    deliver: (event, signal) =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(command, {
          shell: true,
          stdio: ['pipe', 'ignore', 'pipe'],
          signal,
          timeout: opts.timeoutMs ?? 60_000,
          env: {
            ...process.env,
            SESSION_EVENT_SEQ: String(event.seq),
            SESSION_EVENT_PROFILE: event.profile,
            SESSION_EVENT_TYPE: event.type,
          },
        });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-500)));
        child.on('error', reject);
        child.on('close', (code, sig) =>
          code === 0
            ? resolve()
            : reject(new Error(`exit ${code ?? sig}${stderr ? `: ${stderr.trim()}` : ''}`)),
        );
        child.stdin.on('error', () => undefined); // a program that does not read stdin is fine
        child.stdin.end(`${JSON.stringify(event.body)}\n`);
      }),
  };
}

export interface ConsumerOptions {
  journal: Journal;
  sink: Sink;
  backoff?: BackoffPolicy;
  now?: () => number;
  random?: () => number;
  /** Waits ms unless the signal ends it first (injectable: tests advance a fake clock instead). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** How often an idle consumer looks for new events and replay requests. */
  idleMs?: number;
  log?: (line: string) => void;
  /** What an operator must see without --verbose (a damaged journal row); default: `log`. */
  warn?: (line: string) => void;
}

export function realSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * One consumer: delivers the journal in order, one event at a time, moving its cursor only after
 * the sink took the event; retries with back-off; parks an event that keeps failing. Head-of-line
 * order is deliberate: a consumer sees events in the order they happened.
 */
export class Consumer {
  private readonly stopper = new AbortController();
  private wake = new AbortController();
  private running: Promise<void> | undefined;
  private readonly o: Required<Omit<ConsumerOptions, 'log' | 'warn'>> & Pick<ConsumerOptions, 'log' | 'warn'>;
  /** The event being retried and how often it failed (for `daemon status`). */
  retrying: { seq: number; attempts: number; lastError: string } | undefined;
  delivered = 0;

  constructor(o: ConsumerOptions) {
    this.o = {
      backoff: DEFAULT_BACKOFF,
      now: Date.now,
      random: Math.random,
      sleep: realSleep,
      idleMs: 1000,
      ...o,
    };
  }

  get name(): string {
    return this.o.sink.name;
  }

  start(): void {
    // Create the cursor now: events journaled from here on are this consumer's.
    this.o.journal.consumerCursor(this.name, this.o.now());
    this.running ??= this.loop();
  }

  /** New events were journaled: stop idling. */
  notify(): void {
    this.wake.abort();
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    await this.running;
  }

  depth(): number {
    return this.o.journal.depth(this.name, this.o.now());
  }

  /**
   * Delivers until stopped. A damaged event row is parked (see `step`); any other failure to read
   * the journal (a damaged database: STORE_CORRUPT) stops no daemon either: it is logged (once per
   * distinct error) and read again after the idle wait.
   */
  private async loop(): Promise<void> {
    const stop = this.stopper.signal;
    let lastError: string | undefined;
    while (!stop.aborted) {
      try {
        await this.step();
        lastError = undefined;
      } catch (e) {
        if (stop.aborted) return;
        const message = (e as Error).message || String(e);
        if (message !== lastError) this.o.log?.(`${this.name}: cannot read the journal: ${message}`);
        lastError = message;
        await this.o.sleep(this.o.idleMs, stop);
      }
    }
  }

  /** One event (or replay request) delivered, or one idle wait. */
  private async step(): Promise<void> {
    const { journal } = this.o;
    const stop = this.stopper.signal;
    const replay = journal.nextReplay(this.name);
    if (replay?.unreadable !== undefined) {
      // still damaged: parked again (not dropped), so a later replay can deliver it once repaired
      journal.parkAgain(replay.id, 0, replay.unreadable, this.o.now());
      (this.o.warn ?? this.o.log)?.(`${this.name}: event ${replay.seq} still cannot be read: parked again`);
      return;
    }
    if (replay?.event) {
      const r = await this.attempts(replay.event);
      if (stop.aborted && !r.ok) return;
      if (r.ok) journal.replayed(replay.id);
      else journal.parkAgain(replay.id, r.attempts, r.error, this.o.now());
      return;
    }
    if (replay) {
      journal.replayed(replay.id); // its event is gone from the journal: nothing to deliver
      return;
    }
    let damaged: DamagedRow | undefined;
    const next = journal.after(journal.consumerCursor(this.name, this.o.now()), 1, undefined, (d) => {
      damaged = d;
    })[0];
    if (damaged !== undefined) {
      // Undeliverable as it is, and it must not hold back every event behind it.
      (this.o.warn ?? this.o.log)?.(
        `${this.name}: event ${damaged.seq} cannot be read, parked as a dead letter: ${damaged.error}`,
      );
      journal.deadLetter(this.name, damaged.seq, 0, damaged.error, this.o.now());
      return;
    }
    if (!next) {
      this.wake = new AbortController();
      await this.o.sleep(this.o.idleMs, AbortSignal.any([stop, this.wake.signal]));
      return;
    }
    const r = await this.attempts(next);
    if (r.ok) journal.ack(this.name, next.seq, this.o.now());
    else if (!stop.aborted) {
      this.o.log?.(
        `${this.name}: event ${next.seq} parked as a dead letter after ${r.attempts} attempts: ${r.error}`,
      );
      journal.deadLetter(this.name, next.seq, r.attempts, r.error, this.o.now());
    }
  }

  private async attempts(
    event: JournalEvent,
  ): Promise<{ ok: true } | { ok: false; attempts: number; error: string }> {
    const stop = this.stopper.signal;
    let attempts = 0;
    let error = '';
    while (!stop.aborted) {
      try {
        await this.o.sink.deliver(event, stop);
        this.retrying = undefined;
        this.delivered++;
        return { ok: true };
      } catch (e) {
        attempts++;
        error = (e as Error).message || String(e);
        this.retrying = { seq: event.seq, attempts, lastError: error };
        if (attempts >= this.o.backoff.maxAttempts) break;
        await this.o.sleep(backoffDelay(this.o.backoff, attempts, this.o.random), stop);
      }
    }
    this.retrying = undefined;
    return { ok: false, attempts, error: error || 'stopped' };
  }
}
