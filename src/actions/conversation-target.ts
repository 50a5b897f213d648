import { parseCommunityUrl } from '../communities/url.js';
import {
  canonicalBaseUrl,
  type CommunityEntry,
  type GroupCommon,
  type UserGroupsView,
} from '../config/user-groups.js';
import { SessionError } from '../errors.js';
import { roomId } from '../store/communities.js';

/**
 * The conversation a `conversation …` argument names: a person (or Note to Self), a 03 group, or
 * a community room. Each keeps its synced settings in another config (groups-and-config.md §3):
 * a person's in Contacts (Note to Self's in UserProfile), a group's and a room's in UserGroups
 * (`g`, `o`), and all their read positions in ConvoInfoVolatile (`1`, `g`, `o`).
 */
export type ConversationTarget =
  | { kind: 'direct'; id: string }
  | { kind: 'group'; id: string }
  | { kind: 'community'; id: string; baseUrl: string; room: string };

/** What a conversation id names: a 03 group, a community room (`<base>/<room>`), else a person. */
export function conversationKind(id: string): ConversationTarget['kind'] {
  if (/^03[0-9a-f]{64}$/i.test(id)) return 'group';
  if (/^https?:\/\//i.test(id)) return 'community';
  return 'direct';
}

/**
 * Offline: a 03 group id, a community room URL (`<base>/<room>`, with or without
 * `?public_key=`, as the chat names rooms), else an Account ID (the caller has checked or
 * resolved it).
 */
export function conversationTargetOf(input: string): ConversationTarget {
  if (/^03[0-9a-f]{64}$/i.test(input)) return { kind: 'group', id: input.toLowerCase() };
  if (/^https?:\/\//i.test(input)) {
    const u = parseCommunityUrl(input, { requireKey: false });
    const baseUrl = canonicalBaseUrl(u.baseUrl);
    // the id the store and every message object give the room (its token in lower case)
    return { kind: 'community', id: roomId(baseUrl, u.room), baseUrl, room: u.room };
  }
  return { kind: 'direct', id: input };
}

/** The UserGroups entry of a room (room tokens compare case-insensitively, as the config keys them). */
export function findCommunityEntry(
  groups: UserGroupsView,
  t: { baseUrl: string; room: string },
): CommunityEntry | undefined {
  return groups
    .communities()
    .find((c) => c.baseUrl === t.baseUrl && c.room.toLowerCase() === t.room.toLowerCase());
}

/**
 * A group or room must be in our UserGroups to carry settings (one not there is not one we are
 * in): checked before an edit, so a refusal leaves the config untouched (and not "needs push").
 */
export function requireInUserGroups(groups: UserGroupsView, t: ConversationTarget): void {
  if (t.kind === 'group' && groups.group(t.id) === undefined)
    throw new SessionError('NOT_FOUND', `no group ${t.id} in your configs`, { hint: 'see `group list`' });
  if (t.kind === 'community' && findCommunityEntry(groups, t) === undefined)
    throw new SessionError('NOT_FOUND', `no joined community room ${t.id} in your configs`, {
      hint: 'see `community list`',
    });
}

/** Changes shared fields (priority, mute) of a group's or room's UserGroups entry, if it has one. */
export function updateUserGroupsEntry(
  v: UserGroupsView,
  t: ConversationTarget,
  patch: Partial<Pick<GroupCommon, 'priority' | 'muteUntil'>>,
): void {
  if (t.kind === 'group') {
    const g = v.group(t.id);
    if (g) v.setGroup({ ...g, ...patch });
  } else if (t.kind === 'community') {
    const c = findCommunityEntry(v, t);
    if (c) v.setCommunity({ ...c, ...patch });
  }
}
