/**
 * The `!` mute-until value of Contacts and UserGroups entries (groups-and-config.md §3 "shared
 * value conventions"): unix **seconds** until which notifications are muted, omitted when 0.
 *
 * The spec names no "muted forever" value, and every client reads the field as "muted while
 * `!` > now". So forever is written as a time no clock reaches: the largest seconds value whose
 * milliseconds are still an exact JavaScript number (a client that multiplies by 1000 stays exact,
 * and it fits a signed 64-bit millisecond count). Read back, anything from the year 10000 on is
 * taken as forever, so another client's own "far future" (e.g. a 64-bit maximum) shows as forever
 * too instead of as an absurd date.
 */
export const MUTED_FOREVER_S = Math.floor(Number.MAX_SAFE_INTEGER / 1000);

/** 10000-01-01T00:00:00Z in unix seconds: from here on a mute is "forever". */
export const FOREVER_FROM_S = 253_402_300_800;

export function isMutedForever(muteUntilS: number): boolean {
  return muteUntilS >= FOREVER_FROM_S;
}

/** The `!` value for a mute of `durationS` seconds from `nowMs` (or forever). */
export function muteUntilSeconds(nowMs: number, durationS: number | 'forever'): number {
  if (durationS === 'forever') return MUTED_FOREVER_S;
  return Math.floor(nowMs / 1000) + Math.max(1, Math.floor(durationS));
}

/** `!` → what the chat shows: ms, Infinity for forever, null when not muted (0 or omitted). */
export function mutedUntilMs(muteUntilS: number): number | null {
  if (!(muteUntilS > 0)) return null;
  return isMutedForever(muteUntilS) ? Infinity : muteUntilS * 1000;
}

/** The chat's ms (Infinity: forever, null: unmute) → the `!` value (0 clears it). */
export function muteUntilFromMs(untilMs: number | null): number {
  if (untilMs === null) return 0;
  if (untilMs === Infinity) return MUTED_FOREVER_S;
  return Math.max(0, Math.ceil(untilMs / 1000));
}
