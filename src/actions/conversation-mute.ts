import type { Database } from 'better-sqlite3';
import { CONTACTS, ContactsView } from '../config/contacts.js';
import { isMutedForever } from '../config/mute.js';
import { USER_GROUPS, UserGroupsView } from '../config/user-groups.js';
import { SessionError } from '../errors.js';
import type { MessageStore } from '../store/messages.js';
import { contactEntryFor } from './conversation-settings.js';
import {
  conversationTargetOf,
  findCommunityEntry,
  requireInUserGroups,
  updateUserGroupsEntry,
  type ConversationTarget,
} from './conversation-target.js';
import { editUserConfig, readUserConfig } from './sync.js';

/**
 * Muting a conversation (issue 12): the `!` mute-until seconds of its entry in our configs
 * (groups-and-config.md §3), so every device of ours mutes it too. A one-to-one conversation's
 * entry is in Contacts (made if missing, as pin/hide do), a 03 group's and a community room's in
 * UserGroups (`g`, `o`): those are not made here — a group or room the configs do not hold is
 * not one we are in. Note to Self has no mute field in any config.
 */

export type MuteTarget = ConversationTarget;

export interface MuteResult {
  conversation: string;
  kind: MuteTarget['kind'];
  /** Unix seconds (the config's value), or null when not muted. */
  mutedUntil: number | null;
  forever: boolean;
}

/** What a conversation argument names, offline (see conversationTargetOf). */
export const muteTargetOf = conversationTargetOf;

function result(target: MuteTarget, muteUntilS: number): MuteResult {
  return {
    conversation: target.id,
    kind: target.kind,
    mutedUntil: muteUntilS > 0 ? muteUntilS : null,
    forever: muteUntilS > 0 && isMutedForever(muteUntilS),
  };
}

/** The current `!` of the conversation's entry (0: not muted, or no entry). */
export async function conversationMute(db: Database, own: string, target: MuteTarget): Promise<number> {
  if (target.kind === 'direct')
    return new ContactsView(await readUserConfig(own, db, CONTACTS.namespace)).get(target.id)?.muteUntil ?? 0;
  const groups = new UserGroupsView(await readUserConfig(own, db, USER_GROUPS.namespace));
  if (target.kind === 'group') return groups.group(target.id)?.muteUntil ?? 0;
  return findCommunityEntry(groups, target)?.muteUntil ?? 0;
}

/**
 * Sets `!` to `muteUntilS` (unix seconds; 0 unmutes) in the config that holds the conversation.
 * The change is recorded "needs push"; the caller pushes it (or the next sync does).
 */
export async function setConversationMute(
  store: MessageStore,
  own: string,
  target: MuteTarget,
  muteUntilS: number,
  now: number,
): Promise<MuteResult> {
  const value = Math.max(0, Math.floor(muteUntilS));
  if (target.kind === 'direct') {
    if (target.id === own)
      throw new SessionError('INVALID_INPUT', 'Note to Self cannot be muted: no config holds a mute for it');
    await editUserConfig(
      own,
      store.db,
      CONTACTS.namespace,
      (d) => {
        const v = new ContactsView(d);
        v.set({ ...contactEntryFor(v, store, target.id, now), muteUntil: value });
      },
      now,
    );
    return result(target, value);
  }
  requireInUserGroups(new UserGroupsView(await readUserConfig(own, store.db, USER_GROUPS.namespace)), target);
  await editUserConfig(
    own,
    store.db,
    USER_GROUPS.namespace,
    (d) => updateUserGroupsEntry(new UserGroupsView(d), target, { muteUntil: value }),
    now,
  );
  return result(target, value);
}
