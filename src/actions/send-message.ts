import { fromHex } from '../encoding/bytes.js';
import { parseAccountId } from '../identity/ids.js';
import type { IdentityKeys } from '../identity/keys.js';
import {
  messageId,
  toMessageObject,
  type MessageObject,
  type QuoteInfo,
} from '../messages/message-object.js';
import {
  encodeOutgoing,
  ttlFor,
  type ExpirationMode,
  type OutgoingContent,
  type WireAttachment,
} from '../messages/one-to-one.js';
import type { SessionNetwork } from '../network/session-network.js';
import { messageHash } from '../rpc/message-hash.js';
import { storeMessage } from '../rpc/storage.js';
import type { MessageStore } from '../store/messages.js';
import { Outbox, type PendingMessage } from '../store/outbox.js';
import { OutboxQueue } from '../store/outbox-queue.js';
import { SessionError } from '../errors.js';
import { storedAttachment } from './attachments.js';
import { conversationDisappearing } from './contacts.js';
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
  /**
   * Already uploaded (uploadAttachmentFiles): the pointers become part of the kept wire bytes, so
   * a resend re-sends the same pointers and never uploads again.
   */
  attachments?: WireAttachment[];
  /**
   * `--reply-to`: the id (`AUTHOR:TIMESTAMP`, or a local cursor) of a stored message of this
   * conversation; the message then carries a Quote of it (DataMessage field 8).
   */
  replyTo?: string;
  /**
   * `--wait queued`: the message is made and written to the outbox, nothing goes to the network
   * (no bootstrap: T is our clock's); a daemon's outbox runner or `message resend` delivers it.
   */
  queue?: boolean;
  signal?: AbortSignal;
}

/** The message object of what we sent, plus where the recipient's copy went. */
export type SendMessageResult = MessageObject & {
  to: string;
  /** Hash of the recipient's copy (for Note to Self, the only copy). */
  messageHash: string;
  confirmations: number;
};

/** A message written to the outbox by `--wait queued`: not yet stored anywhere. */
export type QueuedMessageResult = MessageObject & { to: string; queued: true };

/** What a send needs of a client (SessionClient has it all). */
export interface SendContext {
  keys: IdentityKeys;
  net: SessionNetwork;
  store: MessageStore;
  info?: { createdAt: number };
  /** The sync copy follows the message, from the outbox (openClient's `deferSyncCopies`). */
  deferSyncCopies?: boolean;
}

export const MAX_TEXT_CHARS = 2000;
const DAY_MS = 24 * 3600 * 1000;

/**
 * The text checks, also run by `message send` before it uploads any attachment (so a refused
 * text never costs an upload). A message of files alone needs no text.
 */
export function checkMessageText(text: string, attachmentCount: number): void {
  if (text.trim() === '' && attachmentCount === 0)
    throw new SessionError('INVALID_INPUT', 'the message is empty');
  if ([...text].length > MAX_TEXT_CHARS) {
    throw new SessionError('TOO_LARGE', `messages are limited to ${MAX_TEXT_CHARS} characters`, {
      hint: 'send long text as an attachment (--attach PATH)',
    });
  }
}

export async function sendMessage(
  ctx: SendContext,
  p: SendMessageParams & { queue: true },
): Promise<QueuedMessageResult>;
export async function sendMessage(
  ctx: SendContext,
  p: SendMessageParams & { queue?: false | undefined },
): Promise<SendMessageResult>;
export async function sendMessage(
  ctx: SendContext,
  p: SendMessageParams,
): Promise<SendMessageResult | QueuedMessageResult> {
  // a 03 id is a group (groups-and-config.md §4.6): its own swarm, namespace 11
  if (/^03/i.test(p.to.trim())) {
    if (p.queue) throw new SessionError('INVALID_INPUT', 'group messages cannot be queued (--wait queued)');
    if (p.typing || p.ttlMs !== undefined)
      throw new SessionError('INVALID_INPUT', 'group messages take no --typing or --ttl');
    const { sendGroupMessage } = await import('./group-messages.js');
    return sendGroupMessage(
      { ...ctx, db: ctx.store.db },
      {
        to: p.to,
        text: p.text,
        displayName: p.displayName,
        attachments: p.attachments,
        disappear: p.disappear,
        replyTo: p.replyTo,
        signal: p.signal,
      },
    );
  }
  const to = parseAccountId(p.to); // before any network traffic
  const own = ctx.keys.accountId;
  const attachments = p.attachments ?? [];
  checkMessageText(p.text, attachments.length);
  const quoted = p.replyTo === undefined ? undefined : quotedMessage(ctx.store, p.replyTo, to);
  if (p.queue && (p.typing || attachments.length > 0))
    throw new SessionError(
      'INVALID_INPUT',
      'a queued message cannot carry a typing indicator or attachments',
    );
  if (!p.queue) await ctx.net.bootstrap(p.signal);
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
  // without --disappear, the conversation's own setting (synced in the configs) applies
  const disappear = p.disappear ?? (await conversationDisappearing(ctx.store, own, to));
  const expiration = disappear === undefined ? {} : { expiration: disappear };
  const profile = ownProfile(ctx.store, p.displayName, ctx.info?.createdAt ?? Date.now());
  const files = attachments.length > 0 ? { attachments } : {};
  const quote = quoted ? { quote: quoted.wire } : {};
  const content: OutgoingContent = {
    kind: 'visible',
    body: p.text,
    ...(profile ?? {}),
    ...expiration,
    ...files,
    ...quote,
  };
  const ttl = p.ttlMs ?? ttlFor(content);
  const wire = noteToSelf ? undefined : await encodeOutgoing({ content, timestamp, sender, recipient: to });
  // Sync copy: same T, encrypted to ourselves, with syncTarget; no profile (§3.9).
  const syncContent: OutgoingContent = {
    kind: 'visible',
    body: p.text,
    syncTarget: to,
    ...expiration,
    ...files,
    ...quote,
  };
  const syncWire = await encodeOutgoing({ content: syncContent, timestamp, sender, recipient: own });
  // The sender's own copy of an after-read message starts its timer when sent (§6), on the
  // network too: its TTL is the timer.
  const afterReadMs = disappear?.mode === 'after-read' ? disappear.seconds * 1000 : undefined;
  const syncTtl = afterReadMs === undefined ? ttl : Math.min(afterReadMs, ttl, 14 * DAY_MS);
  const pending: PendingMessage = {
    id: `${own}:${timestamp}`,
    to,
    wire,
    ttl,
    syncWire,
    syncTtl,
    record: {
      conversation: to,
      author: own,
      timestamp,
      text: p.text,
      expiresAt: disappear === undefined ? null : timestamp + disappear.seconds * 1000,
      extras: {
        ...(disappear ? { expiration: disappear, timerStartedAt: timestamp } : {}),
        ...(attachments.length > 0 ? { attachments: attachments.map(storedAttachment) } : {}),
        ...(quoted ? { quote: quoted.info } : {}),
      },
    },
    createdAt: Date.now(),
  };
  // The exact bytes are kept until every copy is confirmed: if this run fails, `message resend`
  // stores the same bytes again (the same hashes: never a second message).
  const outbox = new Outbox(ctx.store.db);
  outbox.put(pending);
  if (p.queue) {
    new OutboxQueue(ctx.store.db).mark(pending.id, Date.now());
    return { ...pendingMessageObject(pending), to, queued: true };
  }
  return deliver(ctx, outbox, pending, p.signal, { syncLater: ctx.deferSyncCopies === true });
}

/** The message object of a message still in the outbox (no hash, no local row yet). */
function pendingMessageObject(m: PendingMessage): MessageObject {
  const r = m.record;
  return toMessageObject({
    id: 0,
    conversation: r.conversation,
    hash: null,
    author: r.author,
    timestamp: r.timestamp,
    direction: 'out',
    text: r.text,
    expiresAt: r.expiresAt,
    readAt: null,
    quote: (r.extras as { quote?: QuoteInfo } | undefined)?.quote ?? null,
  });
}

/**
 * A stable message id (`AUTHOR:TIMESTAMP`; in a community DM the other side's messages are by their
 * 15 id) or a local cursor; anything else is a usage error.
 */
export function checkMessageRef(id: string, flag: string): string {
  if (!/^(?:05|15)[0-9a-f]{64}:\d{1,16}$/.test(id) && !/^\d{1,16}$/.test(id))
    throw new SessionError(
      'INVALID_INPUT',
      `${flag} takes a message id (AUTHOR:TIMESTAMP) or a local cursor`,
      {
        hint: 'message ids are printed by `session message list CONVERSATION --json`',
      },
    );
  return id;
}

/**
 * The stored message a reply quotes: it must be a live message of the same conversation (a
 * quote names it by author and T, messages.md §3.6); its text goes along when we have it.
 */
export function quotedMessage(
  store: MessageStore,
  id: string,
  conversation: string,
): { wire: { timestamp: number; author: string; text?: string }; info: QuoteInfo } {
  const m = store.find(checkMessageRef(id, '--reply-to'));
  if (!m || m.deleted)
    throw new SessionError('NOT_FOUND', `no message ${id} to reply to`, {
      hint: 'see `session message list CONVERSATION`',
      details: { id },
    });
  if (m.conversation !== conversation)
    throw new SessionError('INVALID_INPUT', `message ${id} is not in the conversation with ${conversation}`);
  const text = m.text ?? undefined;
  return {
    wire: { timestamp: m.timestamp, author: m.author, ...(text ? { text } : {}) },
    info: { id: messageId(m.author, m.timestamp), author: m.author, text: m.text },
  };
}

/** A store's failure, with how to send the same bytes again. */
function resendable(e: unknown, m: PendingMessage): unknown {
  if (!(e instanceof SessionError)) return e;
  return new SessionError(e.code, e.message, {
    cause: e,
    hint: `${e.hint ? `${e.hint}; ` : ''}\`session message resend ${m.id}\` sends the same bytes again`,
    details: { ...e.details, pending: m.id },
  });
}

/**
 * Stores a pending message's copies and records it as sent; on failure it stays pending.
 *
 * With `syncLater`, only the recipient's copy is waited for: the message is sent once its swarm
 * holds it. The sync copy (for our other devices) stays in the outbox, queued, for the daemon's
 * outbox runner — as Session Desktop sends it after the message, as a job of its own. Its hash is
 * known before it is stored (network.md §6.9), so the local record is the same either way.
 */
export async function deliver(
  ctx: { net: SessionNetwork; store: MessageStore },
  outbox: Outbox,
  m: PendingMessage,
  signal?: AbortSignal,
  opts: { syncLater?: boolean } = {},
): Promise<SendMessageResult> {
  if (opts.syncLater && m.wire) return deliverSyncLater(ctx, outbox, m, m.wire, signal);
  let stored: { hash: string; confirmations: number } | undefined;
  let sync: { hash: string; confirmations: number };
  try {
    // The two copies go to different swarms and do not depend on each other: in parallel, so a
    // slow or dead node in one swarm costs one request chain, not two in a row.
    [stored, sync] = await Promise.all([
      m.wire
        ? storeMessage(ctx.net, { to: m.to, namespace: 0, data: m.wire, ttl: m.ttl }, signal)
        : Promise.resolve(undefined),
      storeMessage(ctx.net, { to: m.record.author, namespace: 0, data: m.syncWire, ttl: m.syncTtl }, signal),
    ]);
  } catch (e) {
    throw resendable(e, m);
  }
  const message = recordSent(ctx.store, m, sync.hash, stored?.hash);
  outbox.remove(m.id);
  return {
    ...message,
    to: m.to,
    messageHash: stored?.hash ?? sync.hash,
    confirmations: (stored ?? sync).confirmations,
  };
}

async function deliverSyncLater(
  ctx: { net: SessionNetwork; store: MessageStore },
  outbox: Outbox,
  m: PendingMessage,
  wire: Uint8Array,
  signal: AbortSignal | undefined,
): Promise<SendMessageResult> {
  let stored: { hash: string; confirmations: number };
  try {
    stored = await storeMessage(ctx.net, { to: m.to, namespace: 0, data: wire, ttl: m.ttl }, signal);
  } catch (e) {
    throw resendable(e, m);
  }
  const syncHash = await messageHash(fromHex(m.record.author), 0, m.syncWire);
  // One transaction: a crash leaves either the whole message pending (a resend stores the
  // recipient's copy again: the same hash, so still one message) or only its sync copy, queued.
  const message = ctx.store.db.transaction(() => {
    const row = recordSent(ctx.store, m, syncHash, stored.hash);
    outbox.put({ ...m, wire: undefined });
    new OutboxQueue(ctx.store.db).mark(m.id, Date.now());
    return row;
  })();
  return { ...message, to: m.to, messageHash: stored.hash, confirmations: stored.confirmations };
}

/** The local record of a sent message: its row, under the hash of the copy in our swarm. */
function recordSent(
  store: MessageStore,
  m: PendingMessage,
  syncHash: string,
  recipientHash: string | undefined,
): MessageObject {
  const r = m.record;
  const [row] = store.saveBatch(
    {
      seen: [syncHash],
      messages: [
        {
          conversation: r.conversation,
          hash: syncHash,
          author: r.author,
          timestamp: r.timestamp,
          direction: 'out',
          text: r.text,
          expiresAt: r.expiresAt,
          extras: { ...(recipientHash ? { recipientHash } : {}), ...r.extras },
        },
      ],
    },
    Date.now(),
  );
  return row
    ? toMessageObject(row)
    : toMessageObject({
        id: store.find(m.id)?.id ?? 0,
        conversation: r.conversation,
        hash: syncHash,
        author: r.author,
        timestamp: r.timestamp,
        direction: 'out',
        text: r.text,
        expiresAt: r.expiresAt,
        readAt: null,
        attachments: store.find(m.id)?.attachments,
        quote: store.find(m.id)?.quote,
      });
}
