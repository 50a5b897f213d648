import { CONTACTS, ContactsView, emptyContact, type Contact } from '../config/contacts.js';
import { CONVO_INFO_VOLATILE, ConvoInfoVolatileView, convoKindOfId } from '../config/convo-info-volatile.js';
import { canonicalBaseUrl, USER_GROUPS, UserGroupsView } from '../config/user-groups.js';
import { USER_PROFILE, UserProfileView } from '../config/user-profile.js';
import { ownCommunityIdsFromPublic } from '../crypto/blinding.js';
import { toHex } from '../encoding/bytes.js';
import { SessionError } from '../errors.js';
import { CommunityStore, roomId } from '../store/communities.js';
import type { MessageStore } from '../store/messages.js';
import {
  findCommunityEntry,
  requireInUserGroups,
  updateUserGroupsEntry,
  type ConversationTarget,
} from './conversation-target.js';
import { editUserConfig, readUserConfig } from './sync.js';

/**
 * Per-conversation settings that travel to our other devices (groups-and-config.md §3): the
 * priority (pinned > 0, hidden −1, §3 "shared value conventions") lives in Contacts `+` for a
 * one-to-one conversation, in UserProfile `+` for Note to Self and in UserGroups `+` for a 03
 * group (`g`) or a community room (`o`); the read position in ConvoInfoVolatile (`1`, `g`, `o`:
 * `r`, unix ms, and the unread flag). A string names a one-to-one conversation (or Note to Self).
 */
type Target = string | ConversationTarget;
const targetOf = (t: Target): ConversationTarget => (typeof t === 'string' ? { kind: 'direct', id: t } : t);

async function userGroups(store: MessageStore, own: string): Promise<UserGroupsView> {
  return new UserGroupsView(await readUserConfig(own, store.db, USER_GROUPS.namespace));
}

export async function conversationPriority(
  store: MessageStore,
  own: string,
  target: Target,
): Promise<number> {
  const t = targetOf(target);
  if (t.kind === 'group') return (await userGroups(store, own)).group(t.id)?.priority ?? 0;
  if (t.kind === 'community') return findCommunityEntry(await userGroups(store, own), t)?.priority ?? 0;
  if (t.id === own)
    return new UserProfileView(await readUserConfig(own, store.db, USER_PROFILE.namespace)).ntsPriority;
  return new ContactsView(await readUserConfig(own, store.db, CONTACTS.namespace)).get(t.id)?.priority ?? 0;
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
  target: Target,
  priority: number,
  now: number,
): Promise<number> {
  const t = targetOf(target);
  if (t.kind !== 'direct') {
    requireInUserGroups(await userGroups(store, own), t);
    await editUserConfig(
      own,
      store.db,
      USER_GROUPS.namespace,
      (d) => updateUserGroupsEntry(new UserGroupsView(d), t, { priority }),
      now,
    );
    return priority;
  }
  const id = t.id;
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

/**
 * Pinned: above every other pinned conversation of any kind (higher first), unless already
 * pinned.
 */
export async function pinConversation(
  store: MessageStore,
  own: string,
  target: Target,
  now: number,
): Promise<number> {
  const current = await conversationPriority(store, own, target);
  if (current > 0) return current;
  return setConversationPriority(store, own, target, (await topPriority(store, own)) + 1, now);
}

/** The highest priority of any conversation (0 when none is pinned). */
async function topPriority(store: MessageStore, own: string): Promise<number> {
  const contacts = new ContactsView(await readUserConfig(own, store.db, CONTACTS.namespace));
  const nts = new UserProfileView(await readUserConfig(own, store.db, USER_PROFILE.namespace)).ntsPriority;
  const groups = await userGroups(store, own);
  return Math.max(
    0,
    nts,
    ...contacts.all().map((c) => c.priority),
    ...contacts.allBlinded().map((c) => c.priority),
    ...groups.groups().map((g) => g.priority),
    ...groups.communities().map((c) => c.priority),
  );
}

/**
 * A community DM's priority (its 15 id): Contacts `b`, under the server its messages went by
 * (groups-and-config.md §3.2). Pinned above everything else, unless already pinned; 0 normal,
 * −1 hidden, as for the other kinds.
 */
export async function changeDmPriority(
  store: MessageStore,
  own: string,
  dm: string,
  change: 'pin' | 'unpin' | 'hide',
  now: number,
): Promise<number> {
  const current = new ContactsView(await readUserConfig(own, store.db, CONTACTS.namespace)).blinded(dm);
  if (change === 'pin' && current !== undefined && current.priority > 0) return current.priority;
  const baseUrl = store.dmServer(dm);
  const serverPubkey = baseUrl === undefined ? undefined : new CommunityStore(store.db).serverPubkey(baseUrl);
  if (baseUrl === undefined || serverPubkey === undefined)
    throw new SessionError('NOT_FOUND', `no community DM with ${dm.slice(0, 10)}… here`, {
      hint: 'a community DM is known once a message went or came by its server (`community dm`)',
    });
  const priority = change === 'pin' ? (await topPriority(store, own)) + 1 : change === 'hide' ? -1 : 0;
  await editUserConfig(
    own,
    store.db,
    CONTACTS.namespace,
    (d) =>
      new ContactsView(d).setBlinded({
        baseUrl: canonicalBaseUrl(baseUrl),
        serverPubkey,
        blindedId: dm,
        name: current?.name ?? store.conversation(dm)?.displayName ?? '',
        priority,
        created: current?.created || Math.floor(now / 1000),
      }),
    now,
  );
  return priority;
}

/** Back to normal: neither pinned nor hidden. */
export async function unpinConversation(
  store: MessageStore,
  own: string,
  target: Target,
  now: number,
): Promise<number> {
  return setConversationPriority(store, own, target, 0, now);
}

export async function hideConversation(
  store: MessageStore,
  own: string,
  target: Target,
  now: number,
): Promise<number> {
  return setConversationPriority(store, own, target, -1, now);
}

/**
 * Everything received in the conversation up to its newest message is read, here and (through
 * ConvoInfoVolatile) on our other devices. Returns the read position and how many became read.
 * A read position never moves back: one another device set later stays.
 */
export async function markConversationRead(
  store: MessageStore,
  own: string,
  target: Target,
  now: number,
  /** Our Ed25519 key: a room's count then leaves out what we posted (never unread). */
  opts: { ed25519PkHex?: string } = {},
): Promise<{ lastReadMs: number; marked: number }> {
  const t = targetOf(target);
  const civ = new ConvoInfoVolatileView(await readUserConfig(own, store.db, CONVO_INFO_VOLATILE.namespace));
  if (t.kind === 'community') return markRoomRead(store, own, t, civ, now, opts);
  if (t.kind === 'group') requireInUserGroups(await userGroups(store, own), t);
  const kind = t.kind === 'group' ? 'group' : 'one-to-one';
  const lastReadMs = Math.max(store.lastMessageTimestamp(t.id) ?? now, civ.get(kind, t.id)?.lastReadMs ?? 0);
  const marked = store.markReadUpTo(t.id, lastReadMs, now);
  await setReadPosition(store, own, kind, t.id, lastReadMs, now);
  return { lastReadMs, marked };
}

/**
 * What the chat shows is read: every message of a one-to-one conversation, a group or a community
 * DM up to its newest has its read time (after-read timers start, `markReadUpTo`), and its read
 * position in ConvoInfoVolatile moves there, so our other devices count it read too (the chat's
 * next poll pushes it, as `conversation mark-read` would). It never moves back, and a position
 * already there writes nothing: opening a conversation again changes no config. A group no
 * longer in our UserGroups keeps no position. Whether the position moved.
 */
export async function advanceReadPosition(
  store: MessageStore,
  own: string,
  conversation: string,
  now: number,
): Promise<boolean> {
  const newest = store.lastMessageTimestamp(conversation);
  if (newest === undefined) return false;
  store.markReadUpTo(conversation, newest, now);
  const kind = convoKindOfId(conversation);
  if (kind === 'group' && !(await userGroups(store, own)).group(conversation)) return false;
  const civ = new ConvoInfoVolatileView(await readUserConfig(own, store.db, CONVO_INFO_VOLATILE.namespace));
  if ((civ.get(kind, conversation)?.lastReadMs ?? 0) >= newest) return false;
  await setReadPosition(store, own, kind, conversation, newest, now);
  return true;
}

/** ConvoInfoVolatile: `id` (of `kind`) read up to `lastReadMs`, nothing unread; pushed later. */
async function setReadPosition(
  store: MessageStore,
  own: string,
  kind: ReturnType<typeof convoKindOfId>,
  id: string,
  lastReadMs: number,
  now: number,
): Promise<void> {
  await editUserConfig(
    own,
    store.db,
    CONVO_INFO_VOLATILE.namespace,
    (d) => new ConvoInfoVolatileView(d).set(kind, id, { lastReadMs, unread: false }),
    now,
  );
}

/**
 * A community DM (its 15 id) read up to its newest message, here and on our other devices:
 * ConvoInfoVolatile `b`, keyed by the blinded id. A read position never moves back.
 */
export async function markDmConversationRead(
  store: MessageStore,
  own: string,
  dm: string,
  now: number,
): Promise<{ lastReadMs: number; marked: number }> {
  if (!store.conversation(dm)) throw new SessionError('NOT_FOUND', `no conversation with ${dm}`);
  const civ = new ConvoInfoVolatileView(await readUserConfig(own, store.db, CONVO_INFO_VOLATILE.namespace));
  const lastReadMs = Math.max(store.lastMessageTimestamp(dm) ?? now, civ.get('blinded', dm)?.lastReadMs ?? 0);
  const marked = store.markReadUpTo(dm, lastReadMs, now);
  await setReadPosition(store, own, 'blinded', dm, lastReadMs, now);
  return { lastReadMs, marked };
}

/**
 * A room's read position (ConvoInfoVolatile `o`): its newest post. Rooms keep no read flag per
 * message, so `marked` counts the posts of others between the old position and the new.
 */
async function markRoomRead(
  store: MessageStore,
  own: string,
  t: Extract<ConversationTarget, { kind: 'community' }>,
  civ: ConvoInfoVolatileView,
  now: number,
  opts: { ed25519PkHex?: string },
): Promise<{ lastReadMs: number; marked: number }> {
  const groups = await userGroups(store, own);
  requireInUserGroups(groups, t);
  const entry = findCommunityEntry(groups, t)!;
  const rooms = new CommunityStore(store.db);
  const id = roomId(t.baseUrl, t.room);
  const before = civ.getCommunity(t.baseUrl, t.room)?.lastReadMs ?? 0;
  const lastReadMs = Math.max(rooms.newestPostedMs(id) ?? now, before);
  const mine =
    opts.ed25519PkHex === undefined
      ? []
      : [...(await ownCommunityIdsFromPublic(own, opts.ed25519PkHex, toHex(entry.pubkey)))];
  const marked = rooms.countPostedAfter(id, before, lastReadMs, mine);
  await editUserConfig(
    own,
    store.db,
    CONVO_INFO_VOLATILE.namespace,
    (d) =>
      new ConvoInfoVolatileView(d).setCommunity(t.baseUrl, toHex(entry.pubkey), entry.room, {
        lastReadMs,
        unread: false,
      }),
    now,
  );
  return { lastReadMs, marked };
}
