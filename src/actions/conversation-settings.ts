import { CONTACTS, ContactsView, emptyContact, type Contact } from '../config/contacts.js';
import { CONVO_INFO_VOLATILE, ConvoInfoVolatileView } from '../config/convo-info-volatile.js';
import { USER_PROFILE, UserProfileView } from '../config/user-profile.js';
import type { MessageStore } from '../store/messages.js';
import { editUserConfig, readUserConfig } from './sync.js';

/**
 * Per-conversation settings that travel to our other devices (groups-and-config.md §3): the
 * priority (pinned > 0, hidden −1, §3 "shared value conventions") lives in Contacts `+` for a
 * one-to-one conversation and in UserProfile `+` for Note to Self; the read position in
 * ConvoInfoVolatile `1` (`r`, unix ms, and the unread flag).
 */

export async function conversationPriority(store: MessageStore, own: string, id: string): Promise<number> {
  if (id === own)
    return new UserProfileView(await readUserConfig(own, store.db, USER_PROFILE.namespace)).ntsPriority;
  return new ContactsView(await readUserConfig(own, store.db, CONTACTS.namespace)).get(id)?.priority ?? 0;
}

/** Sets the priority; returns it. */
/**
 * The Contacts entry of `id`, or a new one from what the store knows of the conversation (its
 * name and whether it was accepted): pin, hide and mute add an entry for someone not yet there.
 */
export function contactEntryFor(v: ContactsView, store: MessageStore, id: string, now: number): Contact {
  return (
    v.get(id) ?? {
      ...emptyContact(id),
      name: store.conversation(id)?.displayName ?? '',
      approved: store.conversation(id)?.state === 'accepted',
      created: Math.floor(now / 1000),
    }
  );
}

export async function setConversationPriority(
  store: MessageStore,
  own: string,
  id: string,
  priority: number,
  now: number,
): Promise<number> {
  if (id === own) {
    await editUserConfig(
      own,
      store.db,
      USER_PROFILE.namespace,
      (d) => (new UserProfileView(d).ntsPriority = priority),
      now,
    );
    return priority;
  }
  await editUserConfig(
    own,
    store.db,
    CONTACTS.namespace,
    (d) => {
      const v = new ContactsView(d);
      v.set({ ...contactEntryFor(v, store, id, now), priority });
    },
    now,
  );
  return priority;
}

/** Pinned: above every other pinned conversation (higher first), unless already pinned. */
export async function pinConversation(
  store: MessageStore,
  own: string,
  id: string,
  now: number,
): Promise<number> {
  const current = await conversationPriority(store, own, id);
  if (current > 0) return current;
  const contacts = new ContactsView(await readUserConfig(own, store.db, CONTACTS.namespace)).all();
  const nts = new UserProfileView(await readUserConfig(own, store.db, USER_PROFILE.namespace)).ntsPriority;
  const top = Math.max(0, nts, ...contacts.map((c) => c.priority));
  return setConversationPriority(store, own, id, top + 1, now);
}

/** Back to normal: neither pinned nor hidden. */
export async function unpinConversation(
  store: MessageStore,
  own: string,
  id: string,
  now: number,
): Promise<number> {
  return setConversationPriority(store, own, id, 0, now);
}

export async function hideConversation(
  store: MessageStore,
  own: string,
  id: string,
  now: number,
): Promise<number> {
  return setConversationPriority(store, own, id, -1, now);
}

/**
 * Everything received in the conversation up to its newest message is read, here and (through
 * ConvoInfoVolatile) on our other devices. Returns the read position and how many became read.
 */
export async function markConversationRead(
  store: MessageStore,
  own: string,
  id: string,
  now: number,
): Promise<{ lastReadMs: number; marked: number }> {
  const civ = new ConvoInfoVolatileView(await readUserConfig(own, store.db, CONVO_INFO_VOLATILE.namespace));
  const lastReadMs = Math.max(
    store.lastMessageTimestamp(id) ?? now,
    civ.get('one-to-one', id)?.lastReadMs ?? 0,
  );
  const marked = store.markReadUpTo(id, lastReadMs, now);
  await editUserConfig(
    own,
    store.db,
    CONVO_INFO_VOLATILE.namespace,
    (d) => new ConvoInfoVolatileView(d).set('one-to-one', id, { lastReadMs, unread: false }),
    now,
  );
  return { lastReadMs, marked };
}
