import { readUserConfig } from '../actions/sync.js';
import { CONTACTS, ContactsView } from '../config/contacts.js';
import { mutedUntilMs } from '../config/mute.js';
import { USER_GROUPS, UserGroupsView } from '../config/user-groups.js';
import { toMessageObject } from '../messages/message-object.js';
import type { MessageStore } from '../store/messages.js';
import type { ChatConversation, ChatMessage, ConversationKind } from './backend.js';

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
      kind: kindOf(c.id),
      name: c.id === own ? null : c.displayName,
      noteToSelf: c.id === own,
      state: c.state,
      blocked: c.blocked,
      unread: c.unread,
      lastMessageAt: c.lastMessageAt,
      mutedUntil: null,
    }));
}

/** What an id names: a 03 group, a community room (`<base>/<room>`), else a person. */
export function kindOf(id: string): ConversationKind {
  if (/^03[0-9a-f]{64}$/i.test(id)) return 'group';
  if (/^https?:\/\//i.test(id)) return 'community';
  return 'direct';
}

/**
 * The list with each conversation's mute from our synced configs (Contacts `!` for a person,
 * UserGroups for a group): what another device of ours muted shows here once synced.
 */
export async function conversationsWithConfig(store: MessageStore, own: string): Promise<ChatConversation[]> {
  const contacts = new ContactsView(await readUserConfig(own, store.db, CONTACTS.namespace));
  const groups = new UserGroupsView(await readUserConfig(own, store.db, USER_GROUPS.namespace));
  return conversationsOf(store, own).map((c) => {
    const s =
      c.kind === 'group'
        ? (groups.group(c.id)?.muteUntil ?? 0)
        : c.kind === 'direct' && !c.noteToSelf
          ? (contacts.get(c.id)?.muteUntil ?? 0)
          : 0;
    return { ...c, mutedUntil: mutedUntilMs(s) };
  });
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
