import type { SessionClient } from '../client.js';
import { SessionError, isSessionError } from '../errors.js';
import type { IdentityKeys } from '../identity/keys.js';
import { messageId, type ReactionEvent } from '../messages/message-object.js';
import { encodeOutgoing, type OutgoingContent, type WireReaction } from '../messages/one-to-one.js';
import { checkReactionEmoji, summarizeReactions } from '../messages/reactions.js';
import type { SessionNetwork } from '../network/session-network.js';
import { storeMessage } from '../rpc/storage.js';
import type { MessageStore, StoredMessageRow } from '../store/messages.js';
import { checkMessageRef } from './send-message.js';

/**
 * React to a stored 1:1 or group message (or take a reaction back): a DataMessage with only a Reaction
 * {T, author, emoji, REACT/REMOVE} (messages.md §3.4) to the conversation's other party, and the
 * same as a sync copy (syncTarget) to our own swarm so our other devices show it (§3.9).
 */
export interface ReactParams {
  /** `AUTHOR:TIMESTAMP` (the message object's id) or a local cursor. */
  id: string;
  emoji: string;
  remove?: boolean;
  signal?: AbortSignal;
}

/** The reaction event as a receiver will see it, plus where its copies went. */
export type ReactResult = ReactionEvent & {
  /** Hash of the other party's copy (Note to Self: of the only copy); null in a community DM. */
  messageHash: string | null;
  confirmations: number;
  /** In a community DM: the server it went by and the server's id of it in their inbox. */
  server?: string;
  inboxId?: number;
};

const TTL_MS = 14 * 24 * 3600 * 1000;

/** The message to react to, checked before any network traffic. */
export function reactionTarget(store: MessageStore, p: { id: string; emoji: string }): StoredMessageRow {
  checkMessageRef(p.id, 'MESSAGE_ID');
  checkReactionEmoji(p.emoji);
  const m = store.find(p.id);
  if (!m || m.deleted)
    throw new SessionError('NOT_FOUND', `no message ${p.id} to react to`, {
      hint: 'see `session message list CONVERSATION`',
      details: { id: p.id },
    });
  if (!/^(?:0[35]|15)/.test(m.conversation))
    throw new SessionError('INVALID_INPUT', 'reactions are for 1:1, group and community DM conversations');
  return m;
}

export async function reactToMessage(ctx: SessionClient, p: ReactParams): Promise<ReactResult> {
  try {
    return await sendReaction(ctx, p);
  } catch (e) {
    // Unlike a message, a reaction sent twice is one reaction (the newest react/remove of an
    // emoji wins): the generic "check before sending again" would be the wrong advice.
    if (isSessionError(e, 'DELIVERY_UNKNOWN'))
      throw new SessionError('DELIVERY_UNKNOWN', e.message, {
        cause: e,
        hint: 'run the same `message react` again: a repeated reaction is harmless',
        ...(e.details ? { details: e.details } : {}),
      });
    throw e;
  }
}

async function sendReaction(ctx: SessionClient, p: ReactParams): Promise<ReactResult> {
  const target = reactionTarget(ctx.store, p);
  const own = ctx.keys.accountId;
  const action = p.remove ? 'remove' : 'react';
  const reaction = { timestamp: target.timestamp, author: target.author, emoji: p.emoji, action } as const;
  if (/^03/.test(target.conversation)) return reactInGroup(ctx, target, reaction, p.signal);
  if (/^15/.test(target.conversation)) return reactInDm(ctx, target, reaction, p.signal);
  await ctx.net.bootstrap(p.signal);
  const timestamp = ctx.store.allocateTimestamp(ctx.net.now());
  const sender = { ed25519Sk: ctx.keys.ed25519Sk, ed25519Pk: ctx.keys.ed25519Pk };
  const to = target.conversation;
  const noteToSelf = to === own;
  const content: OutgoingContent = { kind: 'reaction', reaction };
  const sync: OutgoingContent = { kind: 'reaction', reaction, syncTarget: to };
  const [stored, synced] = await Promise.all([
    noteToSelf
      ? Promise.resolve(undefined)
      : encodeOutgoing({ content, timestamp, sender, recipient: to }).then((data) =>
          storeMessage(ctx.net, { to, namespace: 0, data, ttl: TTL_MS }, p.signal),
        ),
    encodeOutgoing({ content: sync, timestamp, sender, recipient: own }).then((data) =>
      storeMessage(ctx.net, { to: own, namespace: 0, data, ttl: TTL_MS }, p.signal),
    ),
  ]);
  // our sync copy comes back on the next poll: it is ours, already applied, not news
  if (synced) ctx.store.saveBatch({ seen: [synced.hash], messages: [] }, Date.now());
  return applyOwn(ctx.store, own, target, p.emoji, action, to, timestamp, stored ?? synced);
}

/** Our reaction, sent: applied to the stored message, and the result (a `reaction` event) shown. */
function applyOwn(
  store: MessageStore,
  own: string,
  target: StoredMessageRow,
  emoji: string,
  action: 'react' | 'remove',
  conversation: string,
  timestamp: number,
  sent: { hash: string; confirmations: number },
): ReactResult {
  store.applyReaction({
    targetAuthor: target.author,
    targetTimestamp: target.timestamp,
    reactor: own,
    emoji,
    action,
    at: timestamp,
    mine: true,
  });
  return {
    type: 'reaction',
    id: messageId(own, timestamp),
    cursor: store.maxCursor(),
    target: messageId(target.author, target.timestamp),
    from: own,
    conversation,
    emoji,
    action,
    timestamp,
    reactions: summarizeReactions(store.reactionsOf(target.author, target.timestamp)),
    messageHash: sent.hash,
    confirmations: sent.confirmations,
  };
}

/**
 * A reaction in a community DM (15…): one DM through the server's inbox; our other devices see it
 * in the server's outbox, as they see our DMs.
 */
async function reactInDm(
  ctx: SessionClient,
  target: StoredMessageRow,
  reaction: WireReaction,
  signal: AbortSignal | undefined,
): Promise<ReactResult> {
  const { sendDmReaction } = await import('./community-dm.js');
  const r = await sendDmReaction(ctx, target.conversation, reaction, signal);
  const { emoji, action } = reaction;
  const event = applyOwn(
    ctx.store,
    ctx.keys.accountId,
    target,
    emoji,
    action,
    target.conversation,
    r.timestamp,
    {
      hash: '',
      confirmations: 1,
    },
  );
  return { ...event, messageHash: null, server: r.server, inboxId: r.inboxId };
}

/** A reaction in a group conversation: one group message (no sync copy: every device polls it). */
async function reactInGroup(
  ctx: { keys: IdentityKeys; net: SessionNetwork; store: MessageStore },
  target: StoredMessageRow,
  reaction: WireReaction,
  signal: AbortSignal | undefined,
): Promise<ReactResult> {
  const { sendGroupReaction } = await import('./group-messages.js');
  const r = await sendGroupReaction(
    { ...ctx, db: ctx.store.db },
    { group: target.conversation, reaction, signal },
  );
  const { emoji, action } = reaction;
  return applyOwn(ctx.store, ctx.keys.accountId, target, emoji, action, target.conversation, r.timestamp, r);
}
