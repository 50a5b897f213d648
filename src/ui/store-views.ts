import { toMessageObject } from '../messages/message-object.js';
import type { MessageStore } from '../store/messages.js';
import type { ChatConversation, ChatMessage } from './backend.js';

/**
 * What both backends read from the profile's store (local SQLite, WAL: safe next to a daemon or
 * any other process of the account): the list and pages of history.
 */
export function conversationsOf(store: MessageStore, own: string): ChatConversation[] {
  return store
    .conversations()
    .filter((c) => c.state !== 'declined')
    .map((c) => ({
      id: c.id,
      kind: 'direct' as const,
      name: c.id === own ? null : c.displayName,
      noteToSelf: c.id === own,
      state: c.state,
      blocked: c.blocked,
      unread: c.unread,
      lastMessageAt: c.lastMessageAt,
      mutedUntil: null,
    }));
}

export function messagesOf(
  store: MessageStore,
  conversation: string,
  page: { before?: number; limit: number },
): ChatMessage[] {
  const before = page.before;
  const rows =
    before === undefined
      ? store.messages(conversation, page.limit)
      : store
          .messages(conversation, Number.MAX_SAFE_INTEGER)
          .filter((m) => m.id < before)
          .slice(-page.limit);
  return rows.map(toMessageObject);
}
