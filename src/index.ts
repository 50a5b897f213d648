/**
 * The library, for programs (bots, scripts): open a profile's client, send, receive. The local
 * network for tests is the separate entry point `session-cli/devnet`. Kept small on purpose:
 * everything here is a promise the package makes to its users.
 */
import { sendMessage, type SendMessageResult } from './actions/send-message.js';
import { receiveMessages } from './actions/receive.js';
import type { SessionClient } from './client.js';
import { toMessageObject, type MessageObject } from './messages/message-object.js';

export { openClient, type OpenClientOptions, type SessionClient } from './client.js';
export { createIdentity, type CreateIdentityParams, type CreateIdentityResult } from './identity/account.js';
export { SessionError, isSessionError, exitCodeFor, ERROR_CODES, type ErrorCode } from './errors.js';
export type { MessageObject, AttachmentInfo } from './messages/message-object.js';
export type { SendMessageResult } from './actions/send-message.js';
export { parseProxyUrl, type ProxyConfig } from './network/proxy.js';

export interface SendOptions {
  /** How long the network keeps the message (default 14 days). */
  ttlMs?: number;
  /** The display name sent along with the message. */
  displayName?: string;
  signal?: AbortSignal;
}

/** Sends a text message to an Account ID (05…); resolves once the recipient's swarm stored it. */
export function send(
  client: SessionClient,
  to: string,
  text: string,
  o: SendOptions = {},
): Promise<SendMessageResult> {
  return sendMessage(client, {
    to,
    text,
    ...(o.ttlMs !== undefined ? { ttlMs: o.ttlMs } : {}),
    ...(o.displayName !== undefined ? { displayName: o.displayName } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  });
}

/**
 * Polls the profile's swarm once and returns the messages that are new to this profile's store
 * (each one only once: the store remembers what was received).
 */
export async function receive(
  client: SessionClient,
  o: { signal?: AbortSignal } = {},
): Promise<MessageObject[]> {
  const r = await receiveMessages(client, o.signal ? { signal: o.signal } : {});
  return r.messages.map(toMessageObject);
}
