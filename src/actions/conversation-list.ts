import { CONTACTS, ContactsView } from '../config/contacts.js';
import type { ConfigDict } from '../config/model.js';
import { USER_GROUPS, UserGroupsView } from '../config/user-groups.js';
import { USER_PROFILE, UserProfileView } from '../config/user-profile.js';
import type { ConversationRow, MessageStore } from '../store/messages.js';
import { readUserConfig } from './sync.js';

/**
 * `conversation list`: the store's conversations with the state our synced configs give them
 * (groups-and-config.md §3 "shared value conventions"): priority `+` > 0 pinned (higher first),
 * < 0 hidden, from UserProfile for Note to Self, Contacts for a one-to-one conversation and
 * UserGroups `g` for a group. The configs are the source of truth, so every device of the
 * account shows the same flags once it has synced.
 */
export interface ListedConversation extends ConversationRow {
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
    // a row of another kind (a blinded id…) has no entry in these configs: normal
    if (row.id === own) priority = nts;
    else if (/^03[0-9a-f]{64}$/i.test(row.id)) {
      const g = groups.group(row.id);
      priority = g?.priority ?? 0;
      mute = g?.muteUntil ?? 0;
    } else if (/^05[0-9a-f]{64}$/i.test(row.id)) {
      const c = contacts.get(row.id);
      priority = c?.priority ?? 0;
      mute = c?.muteUntil ?? 0;
    }
    return {
      ...row,
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

/** The listing from the local store and configs (no network). */
export async function listConversations(
  store: MessageStore,
  own: string,
  opts: { all?: boolean } = {},
): Promise<ListedConversation[]> {
  const views: ConfigViews = {
    profile: await readUserConfig(own, store.db, USER_PROFILE.namespace),
    contacts: await readUserConfig(own, store.db, CONTACTS.namespace),
    groups: await readUserConfig(own, store.db, USER_GROUPS.namespace),
  };
  return withConfigState(own, store.conversations(), views, opts);
}
