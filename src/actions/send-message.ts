import { parseAccountId } from '../identity/ids.js';
import type { IdentityKeys } from '../identity/keys.js';
import { toMessageObject, type MessageObject } from '../messages/message-object.js';
import { encodeOutgoing, ttlFor, type ExpirationMode, type OutgoingContent } from '../messages/one-to-one.js';
import type { SessionNetwork } from '../network/session-network.js';
import { storeMessage } from '../rpc/storage.js';
import type { MessageStore } from '../store/messages.js';
import { SessionError } from '../errors.js';
import { ownProfile } from './own-profile.js';

/**
 * Send a 1:1 text message: the recipient's swarm, then a sync copy in ours (messages.md §3.8–3.9).
 * Note to Self (to our own Account ID) is only the sync copy.
 */
export interface SendMessageParams {
  to: string;
  text: string;
  ttlMs?: number;
  disappear?: { mode: ExpirationMode; seconds: number };
  /** Our display name, sent with its `lastProfileUpdateSeconds` (not in the sync copy). */
  displayName?: string;
  /** Opt-in: show a typing indicator to the recipient first. */
  typing?: boolean;
  signal?: AbortSignal;
}

/** The message object of what we sent, plus where the recipient's copy went. */
export type SendMessageResult = MessageObject & {
  to: string;
  /** Hash of the recipient's copy (for Note to Self, the only copy). */
  messageHash: string;
  confirmations: number;
};

export const MAX_TEXT_CHARS = 2000;
const DAY_MS = 24 * 3600 * 1000;

export async function sendMessage(
  ctx: { keys: IdentityKeys; net: SessionNetwork; store: MessageStore; info?: { createdAt: number } },
  p: SendMessageParams,
): Promise<SendMessageResult> {
  const to = parseAccountId(p.to); // before any network traffic
  const own = ctx.keys.accountId;
  if (p.text.trim() === '') throw new SessionError('INVALID_INPUT', 'the message is empty');
  if ([...p.text].length > MAX_TEXT_CHARS) {
    throw new SessionError('TOO_LARGE', `messages are limited to ${MAX_TEXT_CHARS} characters`, {
      hint: 'send long text as an attachment (coming with the files issue)',
    });
  }
  await ctx.net.bootstrap(p.signal);
  const sender = { ed25519Sk: ctx.keys.ed25519Sk, ed25519Pk: ctx.keys.ed25519Pk };
  const noteToSelf = to === own;
  if (p.typing && !noteToSelf) {
    const typing: OutgoingContent = { kind: 'typing', action: 'started' };
    const typingWire = await encodeOutgoing({
      content: typing,
      timestamp: ctx.store.allocateTimestamp(ctx.net.now()),
      sender,
      recipient: to,
    });
    await storeMessage(ctx.net, { to, namespace: 0, data: typingWire, ttl: ttlFor(typing) }, p.signal);
  }
  // T names the message on every device: allocated under the profile database's write lock so
  // concurrent processes of one account never share it (messages.md §3.6).
  const timestamp = ctx.store.allocateTimestamp(ctx.net.now());
  const expiration = p.disappear === undefined ? {} : { expiration: p.disappear };
  const profile = ownProfile(ctx.store, p.displayName, ctx.info?.createdAt ?? Date.now());
  const content: OutgoingContent = { kind: 'visible', body: p.text, ...(profile ?? {}), ...expiration };
  const ttl = p.ttlMs ?? ttlFor(content);
  let stored: { hash: string; confirmations: number } | undefined;
  if (!noteToSelf) {
    const wire = await encodeOutgoing({ content, timestamp, sender, recipient: to });
    stored = await storeMessage(ctx.net, { to, namespace: 0, data: wire, ttl }, p.signal);
  }
  // Sync copy: same T, encrypted to ourselves, with syncTarget; no profile (§3.9).
  const syncContent: OutgoingContent = { kind: 'visible', body: p.text, syncTarget: to, ...expiration };
  const syncWire = await encodeOutgoing({ content: syncContent, timestamp, sender, recipient: own });
  // The sender's own copy of an after-read message starts its timer when sent (§6), on the
  // network too: its TTL is the timer.
  const afterReadMs = p.disappear?.mode === 'after-read' ? p.disappear.seconds * 1000 : undefined;
  const syncTtl = afterReadMs === undefined ? ttl : Math.min(afterReadMs, ttl, 14 * DAY_MS);
  const sync = await storeMessage(ctx.net, { to: own, namespace: 0, data: syncWire, ttl: syncTtl }, p.signal);
  const expiresAt = p.disappear === undefined ? null : timestamp + p.disappear.seconds * 1000;
  const now = Date.now();
  const [row] = ctx.store.saveBatch(
    {
      seen: [sync.hash],
      messages: [
        {
          conversation: to,
          hash: sync.hash,
          author: own,
          timestamp,
          direction: 'out',
          text: p.text,
          expiresAt,
          extras: {
            ...(stored ? { recipientHash: stored.hash } : {}),
            ...(p.disappear ? { expiration: p.disappear, timerStartedAt: timestamp } : {}),
          },
        },
      ],
    },
    now,
  );
  const message = row
    ? toMessageObject(row)
    : toMessageObject({
        id: ctx.store.find(`${own}:${timestamp}`)?.id ?? 0,
        conversation: to,
        hash: sync.hash,
        author: own,
        timestamp,
        direction: 'out',
        text: p.text,
        expiresAt,
        readAt: null,
      });
  return {
    ...message,
    to,
    messageHash: stored?.hash ?? sync.hash,
    confirmations: (stored ?? sync).confirmations,
  };
}
