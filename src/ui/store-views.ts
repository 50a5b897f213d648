import { communityConversationRows, mergeByLastMessage } from '../actions/conversation-list.js';
import {
  conversationKind,
  conversationTargetOf,
  findCommunityEntry,
} from '../actions/conversation-target.js';
import { readUserConfig } from '../actions/sync.js';
import { communityMessageObject } from '../communities/events.js';
import { CONTACTS, ContactsView } from '../config/contacts.js';
import { CONVO_INFO_VOLATILE, ConvoInfoVolatileView } from '../config/convo-info-volatile.js';
import { mutedUntilMs } from '../config/mute.js';
import { USER_GROUPS, UserGroupsView } from '../config/user-groups.js';
import { ownCommunityIdsFromPublic } from '../crypto/blinding.js';
import { toMessageObject } from '../messages/message-object.js';
import { CommunityStore, roomId, type JoinedRoom } from '../store/communities.js';
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
export const kindOf: (id: string) => ConversationKind = conversationKind;

/** Whose list it is: the Account ID, and the Ed25519 key that tells our posts in a room. */
export interface OwnKeys {
  accountId: string;
  ed25519PkHex: string;
}

/**
 * The list with each conversation's mute from our synced configs (Contacts `!` for a person,
 * UserGroups for a group or a room): what another device of ours muted shows here once synced.
 * Joined community rooms are in it (as in `conversation list`), by their newest message.
 */
export async function conversationsWithConfig(
  store: MessageStore,
  own: OwnKeys,
): Promise<ChatConversation[]> {
  const contacts = new ContactsView(await readUserConfig(own.accountId, store.db, CONTACTS.namespace));
  const groups = new UserGroupsView(await readUserConfig(own.accountId, store.db, USER_GROUPS.namespace));
  const civ = new ConvoInfoVolatileView(
    await readUserConfig(own.accountId, store.db, CONVO_INFO_VOLATILE.namespace),
  );
  const people = conversationsOf(store, own.accountId).map((c) => {
    const s =
      c.kind === 'group'
        ? (groups.group(c.id)?.muteUntil ?? 0)
        : // (a community DM's conversation is a 15 id: Contacts keys only Account IDs)
          c.kind === 'direct' && !c.noteToSelf && c.id.startsWith('05')
          ? (contacts.get(c.id)?.muteUntil ?? 0)
          : 0;
    return { ...c, mutedUntil: mutedUntilMs(s) };
  });
  const rooms = (await communityConversationRows(store, own, civ)).map((r): ChatConversation => {
    const t = conversationTargetOf(r.id);
    const entry = t.kind === 'community' ? findCommunityEntry(groups, t) : undefined;
    return {
      id: r.id,
      kind: 'community',
      name: r.displayName,
      noteToSelf: false,
      state: 'accepted',
      blocked: false,
      unread: r.unread,
      lastMessageAt: r.lastMessageAt,
      mutedUntil: mutedUntilMs(entry?.muteUntil ?? 0),
    };
  });
  return mergeByLastMessage(people, rooms);
}

/** The joined room a conversation id (its URL) names, or undefined. */
export function joinedRoomOf(store: MessageStore, conversation: string): JoinedRoom | undefined {
  const t = conversationTargetOf(conversation);
  if (t.kind !== 'community') return undefined;
  return new CommunityStore(store.db).room(roomId(t.baseUrl, t.room));
}

/**
 * History of any conversation, oldest first: a room's from its stored messages (`before` is a
 * message cursor there too: the room's seqno), everything else from the message store.
 */
export async function conversationMessages(
  store: MessageStore,
  own: OwnKeys,
  conversation: string,
  page: { before?: number; limit: number },
): Promise<ChatMessage[]> {
  if (kindOf(conversation) !== 'community') return messagesOf(store, conversation, page);
  const room = joinedRoomOf(store, conversation);
  if (!room) return [];
  const mine = await ownCommunityIdsFromPublic(own.accountId, own.ed25519PkHex, room.pubkey);
  const before = page.before;
  const rows = new CommunityStore(store.db).recent(room.id, Number.MAX_SAFE_INTEGER);
  // in the room's order (server ids): the page ends before the message whose cursor is `before`
  // (a cursor is the seqno of a message's last change, so an edited one is not in seqno order)
  const at = before === undefined ? -1 : rows.findIndex((m) => m.seqno === before);
  const older =
    before === undefined ? rows : at >= 0 ? rows.slice(0, at) : rows.filter((m) => m.seqno < before);
  return older.slice(-page.limit).map((m) => communityMessageObject(room, m, mine));
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
