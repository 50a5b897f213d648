import type { IdentityKeys } from '../identity/keys.js';
import { markConversationRead } from './conversation-settings.js';
import type { ConversationTarget } from './conversation-target.js';
import { encodeOutgoing } from '../messages/one-to-one.js';
import type { SessionNetwork } from '../network/session-network.js';
import { shortenExpiry, storeMessage } from '../rpc/storage.js';
import type { MessageStore, StoredMessageRow } from '../store/messages.js';

/**
 * What "reading" received messages does: start after-read disappearing timers (locally and on
 * our swarm copy, messages.md §6) and, if the user opted in, send read receipts to the senders.
 */
export async function markRead(
  ctx: { keys: IdentityKeys; net: SessionNetwork; store: MessageStore },
  messages: StoredMessageRow[],
  opts: { sendReceipts: boolean; signal?: AbortSignal },
): Promise<{ receiptsSent: number; timersStarted: number }> {
  const now = ctx.net.now();
  const signer = {
    accountId: ctx.keys.accountId,
    ed25519Pk: ctx.keys.ed25519Pk,
    ed25519Sk: ctx.keys.ed25519Sk,
  };
  let timersStarted = 0;
  // Only what others sent us: our own copies started their timers when sent (§6); and only once:
  // a timer that runs (an earlier read) is not started again.
  const afterRead = messages.filter(
    (m) =>
      m.afterReadSeconds !== undefined &&
      m.expiresAt === null &&
      m.hash &&
      m.direction === 'in' &&
      m.author !== ctx.keys.accountId,
  );
  for (const m of afterRead) {
    const expiresAt = now + m.afterReadSeconds! * 1000;
    ctx.store.setExpiry(m.id, expiresAt);
    await shortenExpiry(ctx.net, signer, [m.hash!], expiresAt, opts.signal);
    timersStarted++;
  }
  let receiptsSent = 0;
  if (opts.sendReceipts) {
    const bySender = new Map<string, number[]>();
    for (const m of messages) {
      if (m.direction !== 'in' || m.author === ctx.keys.accountId) continue;
      // A community DM's author is a 15 id: no swarm to send a receipt to (and none is expected).
      if (!m.author.startsWith('05')) continue;
      const conv = ctx.store.conversation(m.conversation);
      // Never to blocked senders or pending requests (desktop behaviour, messages.md §3.4).
      if (!conv || conv.blocked || conv.state !== 'accepted') continue;
      bySender.set(m.author, [...(bySender.get(m.author) ?? []), m.timestamp]);
    }
    for (const [to, timestamps] of bySender) {
      const wire = await encodeOutgoing({
        content: { kind: 'read-receipt', timestamps },
        timestamp: ctx.store.allocateTimestamp(ctx.net.now()),
        sender: { ed25519Sk: ctx.keys.ed25519Sk, ed25519Pk: ctx.keys.ed25519Pk },
        recipient: to,
      });
      await storeMessage(ctx.net, { to, namespace: 0, data: wire, ttl: 14 * 24 * 3600 * 1000 }, opts.signal);
      receiptsSent++;
    }
  }
  return { receiptsSent, timersStarted };
}

/**
 * `conversation mark-read 05… --read-receipts`: the person's conversation read (the read position,
 * timers) and the senders of what it marked read told so (never a request or a blocked contact).
 */
export async function markConversationReadWithReceipts(
  ctx: { keys: IdentityKeys; net: SessionNetwork; store: MessageStore },
  target: Extract<ConversationTarget, { kind: 'direct' }>,
  now: number,
  signal?: AbortSignal,
): Promise<{ lastReadMs: number; marked: number; receiptsSent: number }> {
  const unread = ctx.store.unreadIncoming(target.id);
  const r = await markConversationRead(ctx.store, ctx.keys.accountId, target, now);
  const read = unread.filter((m) => m.timestamp <= r.lastReadMs);
  if (read.length === 0) return { ...r, receiptsSent: 0 };
  await ctx.net.bootstrap(signal);
  const sent = await markRead(ctx, read, { sendReceipts: true, ...(signal ? { signal } : {}) });
  return { ...r, receiptsSent: sent.receiptsSent };
}
