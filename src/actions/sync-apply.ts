import { ContactsView, CONTACTS } from '../config/contacts.js';
import { CONVO_INFO_VOLATILE, ConvoInfoVolatileView } from '../config/convo-info-volatile.js';
import type { ConfigDict } from '../config/model.js';
import { USER_GROUPS, UserGroupsView } from '../config/user-groups.js';
import { USER_PROFILE, UserProfileView } from '../config/user-profile.js';
import { toHex } from '../encoding/bytes.js';
import { CommunityStore, roomId } from '../store/communities.js';
import type { MessageStore } from '../store/messages.js';
import { ownAvatar, setOwnAvatar } from './own-profile.js';

/**
 * Applying a config another device changed to the local store (groups-and-config.md §3): what
 * the store holds for its own use (blocks drop messages in receive, the conversation state makes
 * a first message a request or not, read marks, joined rooms, our picture) follows the merged
 * config. Nicknames, priorities and disappearing settings are read from the config itself.
 *
 * Only differences between the config before and after the merge are applied, so state the
 * config never described (a room joined before configs synced) is never removed by it.
 */
export interface Applied {
  blocked: string[];
  unblocked: string[];
  approved: string[];
  declined: string[];
  readMarks: number;
  joined: string[];
  left: string[];
  /** New closed groups another device is in, now here too (polled by the next receive). */
  groupsJoined: string[];
  /** Groups another device left or declined, forgotten here. */
  groupsLeft: string[];
  avatar: 'set' | 'removed' | null;
  /** Our display name, when another device changed it. */
  displayName?: string;
}

export const emptyApplied = (): Applied => ({
  blocked: [],
  unblocked: [],
  approved: [],
  declined: [],
  readMarks: 0,
  joined: [],
  left: [],
  groupsJoined: [],
  groupsLeft: [],
  avatar: null,
});

export function applyConfig(
  store: MessageStore,
  own: string,
  namespace: number,
  before: ConfigDict,
  after: ConfigDict,
  now: number,
  out: Applied,
): void {
  if (namespace === USER_PROFILE.namespace) applyProfile(store, before, after, now, out);
  else if (namespace === CONTACTS.namespace) applyContacts(store, own, before, after, now, out);
  else if (namespace === CONVO_INFO_VOLATILE.namespace) applyReadMarks(store, before, after, now, out);
  else if (namespace === USER_GROUPS.namespace) applyCommunities(store, before, after, now, out);
}

function applyProfile(
  store: MessageStore,
  before: ConfigDict,
  after: ConfigDict,
  now: number,
  out: Applied,
): void {
  const was = new UserProfileView(before).pic;
  const pic = new UserProfileView(after).pic;
  const local = ownAvatar(store);
  const same = (a?: { url: string; key: Uint8Array }, b?: { url: string; key: Uint8Array }): boolean =>
    a?.url === b?.url && (a === undefined || toHex(a.key) === toHex(b!.key));
  if (same(was, pic) || same(pic, local)) return;
  setOwnAvatar(store, pic, now);
  out.avatar = pic ? 'set' : 'removed';
}

function applyContacts(
  store: MessageStore,
  own: string,
  before: ConfigDict,
  after: ConfigDict,
  now: number,
  out: Applied,
): void {
  const old = new ContactsView(before);
  const seen = new Set<string>();
  for (const c of new ContactsView(after).all()) {
    seen.add(c.sessionId);
    if (c.sessionId === own) continue;
    const prev = old.get(c.sessionId);
    // only a change of `b` is applied: a block made here before configs synced is kept
    if (c.blocked !== (prev?.blocked ?? false) && c.blocked !== store.isBlocked(c.sessionId)) {
      store.setBlocked(c.sessionId, c.blocked, now);
      (c.blocked ? out.blocked : out.unblocked).push(c.sessionId);
    }
    if (c.approved && !(prev?.approved ?? false)) {
      const conv = store.conversation(c.sessionId);
      if (conv === undefined || conv.state !== 'accepted') {
        store.setState(c.sessionId, 'accepted', now);
        out.approved.push(c.sessionId);
      }
    }
  }
  // A contact another device removed (a declined request, a deleted contact): its block goes
  // with it, and an accepted conversation is declined here too (hidden, its messages kept).
  for (const c of old.all()) {
    if (seen.has(c.sessionId) || c.sessionId === own) continue;
    if (c.blocked && store.isBlocked(c.sessionId)) {
      store.setBlocked(c.sessionId, false, now);
      out.unblocked.push(c.sessionId);
    }
    if (c.approved && store.conversation(c.sessionId)?.state === 'accepted') {
      store.setState(c.sessionId, 'declined', now);
      out.declined.push(c.sessionId);
    }
  }
}

function applyReadMarks(
  store: MessageStore,
  before: ConfigDict,
  after: ConfigDict,
  now: number,
  out: Applied,
): void {
  const old = new ConvoInfoVolatileView(before);
  // a 03 group's messages are stored as its conversation, as a person's are, and a community
  // DM's under its 15 id (community rooms keep no read flags: their unread count is read from
  // the config itself)
  for (const kind of ['one-to-one', 'group', 'blinded'] as const) {
    for (const { id, state } of new ConvoInfoVolatileView(after).all(kind)) {
      if (state.lastReadMs <= (old.get(kind, id)?.lastReadMs ?? 0)) continue;
      if (!store.hasConversation(id)) continue;
      out.readMarks += store.markReadUpTo(id, state.lastReadMs, now);
    }
  }
}

function applyCommunities(
  store: MessageStore,
  before: ConfigDict,
  after: ConfigDict,
  now: number,
  out: Applied,
): void {
  const communities = new CommunityStore(store.db);
  const key = (c: { baseUrl: string; room: string }): string => roomId(c.baseUrl, c.room);
  const was = new Map(new UserGroupsView(before).communities().map((c) => [key(c), c]));
  const is = new Map(new UserGroupsView(after).communities().map((c) => [key(c), c]));
  for (const [id, c] of is) {
    if (was.has(id) || communities.room(id) !== undefined) continue;
    try {
      // the watch cursor starts at 0: the first `community read` fetches the room's recent messages
      communities.join({
        baseUrl: c.baseUrl,
        pubkey: toHex(c.pubkey),
        token: c.room,
        name: null,
        watchSeqno: 0,
        now,
      });
      out.joined.push(id);
    } catch {
      // a server we know under another key (§15.7): the local join stays as it is
    }
  }
  for (const id of was.keys())
    if (!is.has(id) && communities.room(id) !== undefined) {
      communities.leave(id);
      out.left.push(id);
    }
}
