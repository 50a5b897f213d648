import type { ProfileAvatar } from '../messages/one-to-one.js';
import type { MessageStore } from '../store/messages.js';

const KEY = 'profile_updated_s';
const AVATAR_URL = 'avatar_url';
const AVATAR_KEY = 'avatar_key';

/**
 * Our profile as it travels in messages: the display name with `lastProfileUpdateSeconds`
 * (messages.md §3.4), so receivers can ignore older profile data, and our profile picture when we
 * set one (§5.7). The time is the one recorded by `profile set`; before any, the name is the one
 * given when the identity was created or restored, so that moment is its time.
 */
export function ownProfile(
  store: MessageStore,
  displayName: string | undefined,
  nameSetAtMs: number,
): { displayName: string; profileUpdatedSeconds: number; avatar?: ProfileAvatar } | undefined {
  if (displayName === undefined || displayName === '') return undefined;
  const recorded = Number(store.meta(KEY));
  const s = Number.isSafeInteger(recorded) && recorded > 0 ? recorded : Math.floor(nameSetAtMs / 1000);
  const avatar = ownAvatar(store);
  return { displayName, profileUpdatedSeconds: s, ...(avatar ? { avatar } : {}) };
}

/** Records that our profile changed now (`profile set`). */
export function profileChanged(store: MessageStore, nowMs: number): number {
  const s = Math.floor(nowMs / 1000);
  store.setMeta(KEY, String(s));
  return s;
}

/** Our profile picture: its file URL and the key it was encrypted with. */
export function ownAvatar(store: MessageStore): ProfileAvatar | undefined {
  const url = store.meta(AVATAR_URL);
  const key = store.meta(AVATAR_KEY);
  if (!url || !key || !/^[0-9a-f]{64}$/.test(key)) return undefined;
  return { url, key: new Uint8Array(Buffer.from(key, 'hex')) };
}

/** The key kept for the next upload (§5.7: the profile key is reused on re-upload). */
export function ownAvatarKey(store: MessageStore): Uint8Array | undefined {
  const key = store.meta(AVATAR_KEY);
  return key && /^[0-9a-f]{64}$/.test(key) ? new Uint8Array(Buffer.from(key, 'hex')) : undefined;
}

export function setOwnAvatar(store: MessageStore, avatar: ProfileAvatar | undefined, nowMs: number): number {
  if (avatar) {
    store.setMeta(AVATAR_URL, avatar.url);
    store.setMeta(AVATAR_KEY, Buffer.from(avatar.key).toString('hex'));
  } else {
    // the key stays: a later picture is encrypted with the same profile key
    store.setMeta(AVATAR_URL, '');
  }
  return profileChanged(store, nowMs);
}

/**
 * `profile set` also records the change in our UserProfile config (groups-and-config.md §3.1), so
 * that `sync now` carries it to our other devices.
 */
export async function recordInProfileConfig(
  store: MessageStore,
  accountId: string,
  change: {
    name?: string | undefined;
    pic?: ProfileAvatar | null | undefined;
    communityRequests?: boolean | undefined;
  },
  nowMs: number,
): Promise<boolean> {
  const { editOwnProfileConfig } = await import('./sync.js');
  return editOwnProfileConfig(accountId, store.db, change, nowMs);
}

/**
 * Whether a stranger may start a DM with us through a community: our UserProfile `M` (unset: yes,
 * the official clients' default). Off, such DMs are dropped (src/actions/community-dm.ts) and our
 * room posts say so (DataMessage.blocksCommunityMessageRequests), so clients do not offer a DM.
 */
export async function communityRequestsOn(store: MessageStore, accountId: string): Promise<boolean> {
  const { readUserConfig } = await import('./sync.js');
  const { USER_PROFILE, UserProfileView } = await import('../config/user-profile.js');
  const p = new UserProfileView(await readUserConfig(accountId, store.db, USER_PROFILE.namespace));
  return p.blindedMsgRequests ?? true;
}
