import { SessionError } from '../errors.js';
import type { IdentityKeys } from '../identity/keys.js';
import { encodeOutgoing } from '../messages/one-to-one.js';
import type { SessionNetwork } from '../network/session-network.js';
import { deleteMessages, storeMessage } from '../rpc/storage.js';
import type { MessageStore, StoredMessageRow } from '../store/messages.js';
import { Outbox } from '../store/outbox.js';
import { OutboxQueue } from '../store/outbox-queue.js';
import { messageId } from '../messages/message-object.js';
import { deliver } from './send-message.js';

/**
 * Delete a message locally, or for everyone (messages.md §7): delete our synced copy from our own
 * swarm, send an UnsendRequest{T, author} to the recipient and to our own swarm, mark it deleted.
 */
export async function deleteMessage(
  ctx: { keys: IdentityKeys; net?: SessionNetwork; store: MessageStore },
  p: { id: string; forEveryone: boolean; signal?: AbortSignal },
): Promise<{ message: StoredMessageRow; forEveryone: boolean; deletedHashes: string[] }> {
  const m = ctx.store.find(p.id);
  if (!m || m.deleted)
    throw new SessionError('NOT_FOUND', `no message ${p.id}`, {
      hint: 'see `session message list CONVERSATION`',
    });
  const deletedHashes: string[] = [];
  if (p.forEveryone) {
    if (m.author !== ctx.keys.accountId) {
      throw new SessionError('INVALID_INPUT', 'only your own messages can be deleted for everyone');
    }
    const net = ctx.net!;
    const signer = {
      accountId: ctx.keys.accountId,
      ed25519Pk: ctx.keys.ed25519Pk,
      ed25519Sk: ctx.keys.ed25519Sk,
    };
    // A sync copy still waiting in the outbox (a daemon's send, deferSyncCopies) is stored
    // first: stored after the delete, it would bring the message back on our other devices.
    const outbox = new Outbox(ctx.store.db);
    const pending = outbox.get(messageId(m.author, m.timestamp));
    if (pending && pending.wire === undefined) {
      await deliver({ net, store: ctx.store }, outbox, pending, p.signal);
      new OutboxQueue(ctx.store.db).unmark(pending.id);
    }
    if (m.hash) deletedHashes.push(...(await deleteMessages(net, signer, [m.hash], p.signal)));
    const sender = { ed25519Sk: ctx.keys.ed25519Sk, ed25519Pk: ctx.keys.ed25519Pk };
    const ttl = 14 * 24 * 3600 * 1000;
    for (const to of new Set([m.conversation, ctx.keys.accountId])) {
      const wire = await encodeOutgoing({
        content: { kind: 'unsend', timestamp: m.timestamp, author: m.author },
        timestamp: ctx.store.allocateTimestamp(net.now()), // a fresh, unique T' per request (§7)
        sender,
        recipient: to,
      });
      await storeMessage(net, { to, namespace: 0, data: wire, ttl }, p.signal);
    }
  }
  ctx.store.markDeleted(m.author, m.timestamp);
  return { message: m, forEveryone: p.forEveryone, deletedHashes };
}
