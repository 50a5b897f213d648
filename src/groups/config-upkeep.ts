import type { ConfigState } from '../config/config-state.js';
import { isSessionError } from '../errors.js';
import { deleteMessages, signatureMessages } from '../rpc/storage.js';
import type { GroupSession } from './group-session.js';

/**
 * Upkeep of a group's config messages on its swarm (groups-and-config.md §2.9, §4.4.3), done by
 * admins only (members have no right to delete, and extending is the owner's job):
 *
 * - keep-alive: the live copies — every recorded keys message of a kept generation (so older
 *   messages stay readable until their generation expires) and Info/Members' current hashes —
 *   are extended to the config TTL from now, at most once a day (an `expire … extend` signed
 *   with the group key), so a group nobody edits does not lose its configs after 30 days;
 * - after a confirmed push, the Info/Members copies it superseded are deleted (admin-signed
 *   `delete`), as the user configs do. A failed deletion keeps them listed for the next push.
 *
 * Both are best effort: a failure is a warning, never a failed command.
 */

/** §2.9: configs and keys messages live 30 days (same value as GROUP_CONFIG_TTL_MS). */
const CONFIG_TTL_MS = 30 * 24 * 3600 * 1000;
/** Receive extends at most this often: far inside the 30-day TTL, rare enough to cost nothing. */
export const GROUP_KEEP_ALIVE_EVERY_MS = 24 * 3600 * 1000;
const KEEP_ALIVE_META = 'group_keepalive_at:';

/**
 * Whether a keep-alive is due: never done, done at least `everyMs` ago, or the clock went back
 * (a time "before" the last run says nothing about how long ago it really was).
 */
export function keepAliveDue(
  lastMs: number | undefined,
  nowMs: number,
  everyMs = GROUP_KEEP_ALIVE_EVERY_MS,
): boolean {
  if (lastMs === undefined || !Number.isFinite(lastMs) || lastMs <= 0) return true;
  return nowMs < lastMs || nowMs - lastMs >= everyMs;
}

/** The group's live config copies: keys messages of kept generations, Info and Members. */
export function keepAliveTargets(g: GroupSession): string[] {
  return [
    ...new Set([...g.keys.currentHashes(), ...g.info.activeHashes(), ...g.members.activeHashes()]),
  ].sort();
}

export interface KeepAliveOutcome {
  /** Hashes asked to be extended (empty when nothing was due or there was nothing to extend). */
  requested: string[];
  expiry?: number;
  warning?: string;
}

/** When this profile last kept this group's configs alive (ms), from the store's meta. */
export function lastKeepAlive(g: GroupSession): number | undefined {
  const v = g.ctx.store.meta(KEEP_ALIVE_META + g.id);
  return v === undefined || v === '' ? undefined : Number(v);
}

/**
 * Extends the live copies when due (`force` skips the daily gate). Non-admins never do.
 * The time of a successful run is recorded, so the next receive within a day does not repeat it.
 */
export async function keepGroupConfigsAlive(
  g: GroupSession,
  o: { signal?: AbortSignal; force?: boolean } = {},
): Promise<KeepAliveOutcome> {
  if (!g.isAdmin) return { requested: [] };
  const now = (g.ctx.now ?? Date.now)();
  if (!o.force && !keepAliveDue(lastKeepAlive(g), now)) return { requested: [] };
  const hashes = keepAliveTargets(g);
  if (hashes.length === 0) return { requested: [] };
  const net = g.ctx.net;
  const expiry = net.now() + CONFIG_TTL_MS;
  try {
    const auth = await g.auth().auth(signatureMessages.expire('extend', expiry, hashes));
    const reply = await net.rpcToSwarm(
      g.id,
      'expire',
      { pubkey: g.id, messages: hashes, expiry, extend: true, ...auth },
      { ...(o.signal ? { signal: o.signal } : {}) },
    );
    if (reply.status !== 200)
      return {
        requested: hashes,
        expiry,
        warning: `group config keep-alive refused: ${reply.status} ${reply.text.slice(0, 200)}`,
      };
  } catch (e) {
    if (o.signal?.aborted || !isSessionError(e)) throw e;
    return { requested: hashes, expiry, warning: `group config keep-alive failed: ${e.message}` };
  }
  g.ctx.store.setMeta(KEEP_ALIVE_META + g.id, String(now));
  return { requested: hashes, expiry };
}

/**
 * Deletes the copies of one group config that a confirmed push superseded (admins only). What
 * was deleted is dropped from the list and saved; on failure the list is kept for the next push.
 */
export async function deleteObsoleteConfigs(
  g: GroupSession,
  st: ConfigState,
  signal?: AbortSignal,
): Promise<{ deleted: string[]; warning?: string }> {
  if (!g.isAdmin) return { deleted: [] };
  const current = new Set(st.hashes);
  const obsolete = st.obsoleteHashes.filter((h) => !current.has(h)).sort();
  if (obsolete.length === 0) return { deleted: [] };
  try {
    const deleted = await deleteMessages(g.ctx.net, g.auth(), obsolete, signal);
    // gone, or already expired: either way nothing is left to delete
    st.dropObsolete(obsolete);
    g.save();
    return { deleted };
  } catch (e) {
    if (signal?.aborted || !isSessionError(e)) throw e;
    const warning = `could not delete ${obsolete.length} obsolete ${st.domain} message(s): ${e.message}`;
    g.ctx.log?.(`group ${g.id.slice(0, 10)}…: ${warning}`);
    return { deleted: [], warning };
  }
}
