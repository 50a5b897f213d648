import type { IdentityKeys } from '../identity/keys.js';
import { encodeOutgoing } from '../messages/one-to-one.js';
import type { SessionNetwork } from '../network/session-network.js';
import { storeMessage } from '../rpc/storage.js';
import type { MessageStore } from '../store/messages.js';
import type { ProfileInfo } from '../store/profiles.js';
import { approveContact } from './contacts.js';
import { ownProfile } from './own-profile.js';

/** Accepting a message request (messages.md §4): a MessageRequestResponse to the requester. */
export async function respondToRequest(
  ctx: { keys: IdentityKeys; net: SessionNetwork; store: MessageStore; info: ProfileInfo },
  accountId: string,
  signal?: AbortSignal,
): Promise<{ hash: string }> {
  await ctx.net.bootstrap(signal);
  const timestamp = ctx.store.allocateTimestamp(ctx.net.now());
  const wire = await encodeOutgoing({
    content: {
      kind: 'request-response',
      ...(ownProfile(ctx.store, ctx.info.displayName, ctx.info.createdAt) ?? {}),
    },
    timestamp,
    sender: { ed25519Sk: ctx.keys.ed25519Sk, ed25519Pk: ctx.keys.ed25519Pk },
    recipient: accountId,
  });
  const r = await storeMessage(
    ctx.net,
    { to: accountId, namespace: 0, data: wire, ttl: 14 * 24 * 3600 * 1000 },
    signal,
  );
  ctx.store.setState(accountId, 'accepted', Date.now());
  // approved in our Contacts config too, so our other devices treat them as accepted
  await approveContact(ctx.store, ctx.keys.accountId, accountId, Date.now());
  return { hash: r.hash };
}
