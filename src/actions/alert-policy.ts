import { SessionError } from '../errors.js';
import type { AlertLedger } from '../store/alerts.js';

/**
 * Policies for alert-style sends (`message send --dedupe-key K --dedupe-window D`, `--throttle
 * N/UNIT`): pure decisions over what the store remembers of earlier sends, so that they can be
 * tested with an injected clock. The store (src/store/alerts.ts) runs them inside one SQLite write
 * transaction, which is what makes them hold across processes.
 */

/** At most `count` sends per recipient in any window of `windowMs` (a sliding window). */
export interface ThrottleRule {
  count: number;
  windowMs: number;
}

export interface DedupeRule {
  key: string;
  windowMs: number;
}

const UNIT_MS: Record<string, number> = {
  s: 1000,
  sec: 1000,
  second: 1000,
  m: 60_000,
  min: 60_000,
  minute: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
};

/** The longest window either policy accepts (what the store keeps of earlier sends). */
export const MAX_POLICY_WINDOW_MS = 14 * 86_400_000;

/** `5/min`, `10/h`, `3/30s`, `100/day`: N sends per window. */
export function parseThrottle(text: string): ThrottleRule {
  const m = /^(\d{1,6})\s*\/\s*(\d{1,6})?\s*([a-z]+)$/i.exec(text.trim());
  const unit = m ? UNIT_MS[m[3]!.toLowerCase().replace(/s$/, '') || 's'] : undefined;
  if (!m || unit === undefined)
    throw new SessionError('INVALID_INPUT', `--throttle "${text}" is not a rate (e.g. 5/min, 10/h, 3/30s)`);
  const count = Number(m[1]);
  const windowMs = Number(m[2] ?? 1) * unit;
  if (count < 1)
    throw new SessionError('INVALID_INPUT', `--throttle "${text}": the count must be at least 1`);
  if (windowMs < 1000 || windowMs > MAX_POLICY_WINDOW_MS)
    throw new SessionError('INVALID_INPUT', `--throttle "${text}": the window must be between 1s and 14d`);
  return { count, windowMs };
}

/** What an earlier send under the same dedupe key left. */
export interface DedupeEntry {
  messageId: string;
  sentAt: number;
}

/** The earlier message when `key` was sent within the window before `now`, else undefined (send). */
export function dedupeHit(
  earlier: DedupeEntry | undefined,
  rule: DedupeRule,
  now: number,
): DedupeEntry | undefined {
  return earlier !== undefined && now - earlier.sentAt < rule.windowMs && earlier.sentAt <= now
    ? earlier
    : undefined;
}

/**
 * Sliding window: throttled when `count` of the recipient's earlier sends fall within the
 * `windowMs` before `now`. Returns undefined (send) or how long until the oldest of those leaves
 * the window (when a send would be allowed again).
 */
export function throttleWait(sentAt: readonly number[], rule: ThrottleRule, now: number): number | undefined {
  const inWindow = sentAt.filter((t) => t <= now && now - t < rule.windowMs).sort((a, b) => a - b);
  if (inWindow.length < rule.count) return undefined;
  // The send becomes allowed once enough of them have aged out.
  const freeing = inWindow[inWindow.length - rule.count]!;
  return Math.max(1, freeing + rule.windowMs - now);
}

/** The decision for one send, made from what the store holds. */
export type AlertDecision =
  | { kind: 'send' }
  | { kind: 'deduplicated'; earlier: DedupeEntry }
  | { kind: 'throttled'; retryAfterMs: number };

export function decideAlert(
  state: { dedupe?: DedupeEntry | undefined; recipientSends: readonly number[] },
  rules: { dedupe?: DedupeRule | undefined; throttle?: ThrottleRule | undefined },
  now: number,
): AlertDecision {
  // A duplicate is answered with the earlier message even when the recipient is also throttled:
  // it would not be sent either way, and its id is the more useful answer.
  const hit = rules.dedupe ? dedupeHit(state.dedupe, rules.dedupe, now) : undefined;
  if (hit) return { kind: 'deduplicated', earlier: hit };
  const wait = rules.throttle ? throttleWait(state.recipientSends, rules.throttle, now) : undefined;
  if (wait !== undefined) return { kind: 'throttled', retryAfterMs: wait };
  return { kind: 'send' };
}

/** A send the policies admitted: finish it with `sent(id)`, or `release()` it if nothing was made. */
export interface AlertReservation {
  /** The message id the send made (also a pending one it left in the outbox: it will be sent). */
  sent(messageId: string): void;
  /** Nothing was made: the send does not count and its dedupe key is free again. */
  release(): void;
}

export type AdmitResult =
  Exclude<AlertDecision, { kind: 'send' }> | { kind: 'send'; reservation: AlertReservation };

/**
 * Decides one send and, when it may go, reserves it, in one write transaction: the reservation is
 * visible to every other process before this one sends anything.
 */
export function admitAlert(
  ledger: AlertLedger,
  p: { recipient: string; dedupe?: DedupeRule | undefined; throttle?: ThrottleRule | undefined },
  now: number,
): AdmitResult {
  return ledger.locked((): AdmitResult => {
    ledger.prune(now - MAX_POLICY_WINDOW_MS);
    const dedupe = p.dedupe ? ledger.dedupe(p.dedupe.key) : undefined;
    const recipientSends = p.throttle ? ledger.sendTimes(p.recipient, now - p.throttle.windowMs) : [];
    const decision = decideAlert({ dedupe, recipientSends }, p, now);
    if (decision.kind !== 'send') return decision;
    const key = p.dedupe?.key;
    if (key !== undefined) ledger.reserveKey(key, now);
    const row = p.throttle ? ledger.recordSend(p.recipient, now) : undefined;
    return {
      kind: 'send',
      reservation: {
        sent: (id) => {
          if (key !== undefined) ledger.keySent(key, now, id);
          if (row !== undefined) ledger.sendMade(row, id);
        },
        release: () => {
          if (key !== undefined) ledger.releaseKey(key, now);
          if (row !== undefined) ledger.releaseSend(row);
        },
      },
    };
  });
}
