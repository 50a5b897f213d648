import type { MessageStore } from '../store/messages.js';

const KEY = 'profile_updated_s';

/**
 * Our profile as it travels in messages: the display name with `lastProfileUpdateSeconds`
 * (messages.md §3.4), so receivers can ignore older profile data. The time is the one recorded by
 * `profile set`; before any, the name is the one given when the identity was created or restored,
 * so that moment is its time.
 */
export function ownProfile(
  store: MessageStore,
  displayName: string | undefined,
  nameSetAtMs: number,
): { displayName: string; profileUpdatedSeconds: number } | undefined {
  if (displayName === undefined || displayName === '') return undefined;
  const recorded = Number(store.meta(KEY));
  const s = Number.isSafeInteger(recorded) && recorded > 0 ? recorded : Math.floor(nameSetAtMs / 1000);
  return { displayName, profileUpdatedSeconds: s };
}

/** Records that our profile changed now (`profile set`). */
export function profileChanged(store: MessageStore, nowMs: number): number {
  const s = Math.floor(nowMs / 1000);
  store.setMeta(KEY, String(s));
  return s;
}
