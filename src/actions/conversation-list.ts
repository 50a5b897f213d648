import { conversationOf } from '../communities/events.js';
import { CONTACTS, ContactsView } from '../config/contacts.js';
import { CONVO_INFO_VOLATILE, ConvoInfoVolatileView } from '../config/convo-info-volatile.js';
import type { ConfigDict } from '../config/model.js';
import { USER_GROUPS, UserGroupsView } from '../config/user-groups.js';
import { USER_PROFILE, UserProfileView } from '../config/user-profile.js';
import { ownCommunityIdsFromPublic } from '../crypto/blinding.js';
import { CommunityStore } from '../store/communities.js';
import type { ConversationRow, MessageStore } from '../store/messages.js';
import {
  conversationKind,
  conversationTargetOf,
  findCommunityEntry,
  type ConversationTarget,
} from './conversation-target.js';
import { readUserConfig } from './sync.js';
import { isBlindedAny } from '../identity/ids.js';

/**
 * `conversation list`: the store's conversations with the state our synced configs give them
 * (groups-and-config.md §3 "shared value conventions"): priority `+` > 0 pinned (higher first),
 * < 0 hidden, from UserProfile for Note to Self, Contacts for a one-to-one conversation (its `b`
 * for a community DM) and UserGroups `g` for a group and `o` for a joined community room. The configs are the source of
 * truth, so every device of the account shows the same flags once it has synced.
 */
export interface ListedConversation extends ConversationRow {
  /** A person (or Note to Self), a 03 group, or a community room (its id is the room's URL). */
  kind: ConversationTarget['kind'];
  priority: number;
  pinned: boolean;
  hidden: boolean;
  /** Contacts/UserGroups `!`: unix seconds until which notifications are muted; null when not set. */
  mutedUntil: number | null;
}

export interface ConfigViews {
  profile: ConfigDict;
  contacts: ConfigDict;
  groups: ConfigDict;
}

/**
 * Pure: rows (in the store's order, newest first) → listed rows. Pinned first by priority (higher
 * first; equal priorities keep the store's order), then the rest in the store's order; hidden
 * ones only with `all`.
 */
export function withConfigState(
  own: string,
  rows: readonly ConversationRow[],
  views: ConfigViews,
  opts: { all?: boolean } = {},
): ListedConversation[] {
  const nts = new UserProfileView(views.profile).ntsPriority;
  const contacts = new ContactsView(views.contacts);
  const groups = new UserGroupsView(views.groups);
  const listed = rows.map((row): ListedConversation => {
    let priority = 0;
    let mute = 0;
    const kind = conversationKind(row.id);
    if (row.id === own) priority = nts;
    else if (kind === 'group') {
      const g = groups.group(row.id);
      priority = g?.priority ?? 0;
      mute = g?.muteUntil ?? 0;
    } else if (kind === 'community') {
      const c = findCommunityEntry(groups, communityTarget(row.id));
      priority = c?.priority ?? 0;
      mute = c?.muteUntil ?? 0;
    } else if (/^05[0-9a-f]{64}$/i.test(row.id)) {
      const c = contacts.get(row.id);
      priority = c?.priority ?? 0;
      mute = c?.muteUntil ?? 0;
    } else if (isBlindedAny(row.id.toLowerCase())) {
      // a community DM: Contacts `b` (which has no mute setting)
      priority = contacts.blinded(row.id)?.priority ?? 0;
    }
    return {
      ...row,
      kind,
      priority,
      pinned: priority > 0,
      hidden: priority < 0,
      mutedUntil: mute > 0 ? mute : null,
    };
  });
  const pinned = listed.filter((c) => c.pinned).sort((a, b) => b.priority - a.priority);
  const rest = listed.filter((c) => !c.pinned && (opts.all === true || !c.hidden));
  return [...pinned, ...rest];
}

function communityTarget(id: string): { baseUrl: string; room: string } {
  const t = conversationTargetOf(id);
  return t.kind === 'community' ? t : { baseUrl: '', room: '' };
}

/**
 * Joined community rooms as conversation rows: the room's name, its messages, and as unread
 * what others posted after the read position our ConvoInfoVolatile holds for it (`o` `r`, set
 * by `conversation mark-read` here or on another device).
 */
export async function communityConversationRows(
  store: MessageStore,
  own: { accountId: string; ed25519PkHex: string },
  civ: ConvoInfoVolatileView,
): Promise<ConversationRow[]> {
  const rooms = new CommunityStore(store.db);
  const rows: ConversationRow[] = [];
  const mine = new Map<string, string[]>();
  for (const r of rooms.rooms()) {
    let ids = mine.get(r.pubkey);
    if (ids === undefined) {
      ids = [...(await ownCommunityIdsFromPublic(own.accountId, own.ed25519PkHex, r.pubkey))];
      mine.set(r.pubkey, ids);
    }
    const lastRead = civ.getCommunity(r.baseUrl, r.token)?.lastReadMs ?? 0;
    rows.push({
      id: conversationOf(r),
      displayName: r.name ?? r.token,
      avatarUrl: null,
      state: 'accepted',
      blocked: false,
      lastMessageAt: rooms.newestPostedMs(r.id) ?? null,
      unread: rooms.countPostedAfter(r.id, lastRead, Number.MAX_SAFE_INTEGER, ids),
      messages: rooms.messageCount(r.id),
      approvedMe: false,
    });
  }
  return rows;
}

/**
 * Rooms into the store's order (newest message first), which stays as it is: a room goes before
 * the first conversation whose last message is older than the room's.
 */
export function mergeByLastMessage<T extends { lastMessageAt: number | null }>(
  rows: readonly T[],
  rooms: readonly T[],
): T[] {
  const out = [...rows];
  const sorted = [...rooms].sort((a, b) => (b.lastMessageAt ?? 0) - (a.lastMessageAt ?? 0));
  let from = 0;
  for (const room of sorted) {
    let i = from;
    while (i < out.length && (out[i]!.lastMessageAt ?? 0) >= (room.lastMessageAt ?? 0)) i++;
    out.splice(i, 0, room);
    from = i + 1;
  }
  return out;
}

/** The listing from the local store and configs (no network). */
export async function listConversations(
  store: MessageStore,
  own: { accountId: string; ed25519PkHex: string },
  opts: { all?: boolean } = {},
): Promise<ListedConversation[]> {
  const read = (ns: number) => readUserConfig(own.accountId, store.db, ns);
  const views: ConfigViews = {
    profile: await read(USER_PROFILE.namespace),
    contacts: await read(CONTACTS.namespace),
    groups: await read(USER_GROUPS.namespace),
  };
  const civ = new ConvoInfoVolatileView(await read(CONVO_INFO_VOLATILE.namespace));
  const rooms = await communityConversationRows(store, own, civ);
  return withConfigState(own.accountId, mergeByLastMessage(store.conversations(), rooms), views, opts);
}
