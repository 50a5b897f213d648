import { SessionError } from '../errors.js';
import type { SessionNetwork } from '../network/session-network.js';
import type { MessageStore } from '../store/messages.js';
import { Outbox, type PendingMessage } from '../store/outbox.js';
import { OutboxQueue } from '../store/outbox-queue.js';
import { deliver, type SendMessageResult } from './send-message.js';

/**
 * Sends a pending message again with the bytes made when it was first sent (same timestamp, same
 * ciphertext, same swarm hashes), so a send whose outcome was unknown can be completed without
 * ever making a second copy of it.
 */
export function pendingMessages(ctx: { store: MessageStore }): PendingMessage[] {
  return new Outbox(ctx.store.db).list();
}

/** A pending message as `message resend --list` shows it. */
export interface PendingView {
  id: string;
  to: string;
  timestamp: number;
  text: string;
  createdAt: number;
  /**
   * A daemon delivers it on its own: a `--wait queued` send, or the sync copy of a message the
   * daemon sent (which follows it a moment later). Otherwise it waits for `message resend`.
   */
  queued: boolean;
  /** The copies not stored yet: the recipient's and/or the sync copy (our own swarm's). */
  copies: ('recipient' | 'sync')[];
}

export function pendingView(ctx: { store: MessageStore }): PendingView[] {
  const queued = new Set(new OutboxQueue(ctx.store.db).list());
  return pendingMessages(ctx).map((m) => ({
    id: m.id,
    to: m.to,
    timestamp: m.record.timestamp,
    text: m.record.text,
    createdAt: m.createdAt,
    queued: queued.has(m.id),
    copies: m.wire === undefined ? ['sync'] : ['recipient', 'sync'],
  }));
}

export async function resendMessage(
  ctx: { net: SessionNetwork; store: MessageStore },
  id: string,
  signal?: AbortSignal,
): Promise<SendMessageResult> {
  const outbox = new Outbox(ctx.store.db);
  const m = outbox.get(id);
  if (!m) {
    throw new SessionError('NOT_FOUND', `no pending message ${id}`, {
      hint: '`session message resend --list` shows what is pending; a message that was confirmed is not',
    });
  }
  await ctx.net.bootstrap(signal);
  return deliver(ctx, outbox, m, signal);
}
