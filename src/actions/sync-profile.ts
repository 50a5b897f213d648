import { USER_PROFILE, UserProfileView } from '../config/user-profile.js';
import type { MessageStore } from '../store/messages.js';
import type { ProfileInfo } from '../store/profiles.js';
import { ownAvatar } from './own-profile.js';
import { readUserConfig } from './sync.js';

/** What `profile show` prints: the local profile next to what our UserProfile config holds. */
export interface OwnProfileView {
  profile: string;
  accountId: string;
  displayName: string | null;
  avatarUrl: string | null;
  /** The name our UserProfile config holds ('' until set or synced). */
  configName: string;
  noteToSelf: { priority: number; disappearingSeconds: number };
  lastProfileUpdateSeconds: number | null;
  /**
   * Whether people who are not our contacts may start a DM with us through a community (UserProfile
   * `M`; unset means yes, as the official clients default to). Off: such DMs are dropped.
   */
  communityRequests: boolean;
}

export async function showOwnProfile(store: MessageStore, info: ProfileInfo): Promise<OwnProfileView> {
  const p = new UserProfileView(await readUserConfig(info.accountId, store.db, USER_PROFILE.namespace));
  const updated = Number(store.meta('profile_updated_s'));
  return {
    profile: info.name,
    accountId: info.accountId,
    displayName: info.displayName ?? (p.name || null),
    avatarUrl: ownAvatar(store)?.url ?? null,
    configName: p.name,
    noteToSelf: { priority: p.ntsPriority, disappearingSeconds: p.ntsExpirySeconds },
    lastProfileUpdateSeconds: Number.isSafeInteger(updated) && updated > 0 ? updated : null,
    communityRequests: p.blindedMsgRequests ?? true,
  };
}
