import { SessionError } from '../errors.js';
import type { SessionNetwork } from '../network/session-network.js';
import type { MessageStore } from '../store/messages.js';
import { Outbox, type PendingMessage } from '../store/outbox.js';
import { deliver, type SendMessageResult } from './send-message.js';

/**
 * Sends a pending message again with the bytes made when it was first sent (same timestamp, same
 * ciphertext, same swarm hashes), so a send whose outcome was unknown can be completed without
 * ever making a second copy of it.
 */
export function pendingMessages(ctx: { store: MessageStore }): PendingMessage[] {
  return new Outbox(ctx.store.db).list();
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
