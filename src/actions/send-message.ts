import { parseAccountId } from '../identity/ids.js';
import type { IdentityKeys } from '../identity/keys.js';
import { encodeOutgoing, ttlFor, type ExpirationMode, type OutgoingContent } from '../messages/one-to-one.js';
import type { SessionNetwork } from '../network/session-network.js';
import { storeMessage } from '../rpc/storage.js';
import type { MessageStore } from '../store/messages.js';
import { SessionError } from '../errors.js';

/** Send a 1:1 text message: the recipient's swarm, then a sync copy in ours (messages.md §3.8–3.9). */
export interface SendMessageParams {
  to: string;
  text: string;
  ttlMs?: number;
  disappear?: { mode: ExpirationMode; seconds: number };
  displayName?: string;
  /** Opt-in: show a typing indicator to the recipient first. */
  typing?: boolean;
  signal?: AbortSignal;
}

export interface SendMessageResult {
  to: string;
  messageHash: string;
  syncHash: string;
  timestamp: number;
  confirmations: number;
}

export const MAX_TEXT_CHARS = 2000;

export async function sendMessage(
  ctx: { keys: IdentityKeys; net: SessionNetwork; store: MessageStore },
  p: SendMessageParams,
): Promise<SendMessageResult> {
  const to = parseAccountId(p.to); // before any network traffic
  if (p.text.trim() === '') throw new SessionError('INVALID_INPUT', 'the message is empty');
  if ([...p.text].length > MAX_TEXT_CHARS) {
    throw new SessionError('TOO_LARGE', `messages are limited to ${MAX_TEXT_CHARS} characters`, {
      hint: 'send long text as an attachment (coming with the files issue)',
    });
  }
  await ctx.net.bootstrap(p.signal);
  const sender = { ed25519Sk: ctx.keys.ed25519Sk, ed25519Pk: ctx.keys.ed25519Pk };
  if (p.typing) {
    const t = ctx.net.messageTimestamp();
    const typingWire = await encodeOutgoing({
      content: { kind: 'typing', action: 'started' },
      timestamp: t,
      sender,
      recipient: to,
    });
    await storeMessage(
      ctx.net,
      { to, namespace: 0, data: typingWire, ttl: ttlFor({ kind: 'typing', action: 'started' }) },
      p.signal,
    );
  }
  const timestamp = ctx.net.messageTimestamp();
  const content: OutgoingContent = {
    kind: 'visible',
    body: p.text,
    ...(p.displayName === undefined ? {} : { displayName: p.displayName }),
    ...(p.disappear === undefined ? {} : { expiration: p.disappear }),
  };
  const ttl = p.ttlMs ?? ttlFor(content);
  const wire = await encodeOutgoing({ content, timestamp, sender, recipient: to });
  const stored = await storeMessage(ctx.net, { to, namespace: 0, data: wire, ttl }, p.signal);
  // Sync copy: same T, encrypted to ourselves, with syncTarget; no profile (§3.9).
  const syncContent: OutgoingContent = {
    kind: 'visible',
    body: p.text,
    syncTarget: to,
    ...(p.disappear === undefined ? {} : { expiration: p.disappear }),
  };
  const syncWire = await encodeOutgoing({
    content: syncContent,
    timestamp,
    sender,
    recipient: ctx.keys.accountId,
  });
  const sync = await storeMessage(
    ctx.net,
    { to: ctx.keys.accountId, namespace: 0, data: syncWire, ttl },
    p.signal,
  );
  const now = Date.now();
  ctx.store.saveBatch(
    {
      seen: [sync.hash],
      messages: [
        {
          conversation: to,
          hash: sync.hash,
          author: ctx.keys.accountId,
          timestamp,
          direction: 'out',
          text: p.text,
          expiresAt: p.disappear?.mode === 'after-send' ? timestamp + p.disappear.seconds * 1000 : null,
          extras: { recipientHash: stored.hash },
        },
      ],
    },
    now,
  );
  return {
    to,
    messageHash: stored.hash,
    syncHash: sync.hash,
    timestamp,
    confirmations: stored.confirmations,
  };
}
