import type { ConfigDict } from '../config/model.js';
import { USER_GROUPS, UserGroupsView, noCommon, type GroupEntry } from '../config/user-groups.js';
import { loadSodium } from '../crypto/sodium.js';
import { bytesEqual } from '../encoding/bytes.js';
import { isSessionError } from '../errors.js';
import { groupFromId, groupFromSeed, verifySubaccount } from '../groups/crypto.js';
import { GroupStore, type GroupRow, type GroupRowState } from '../groups/group-store.js';
import type { GroupContext } from '../groups/group-session.js';
import type { Database } from '../store/database.js';
import { pushSoon } from './sync-communities.js';
import { editUserConfig } from './sync.js';

/**
 * New closed groups in our UserGroups config (groups-and-config.md §3.4 `g`): what this device
 * learns about a group it is in (created, invited, accepted, promoted, removed) is written there,
 * and what another device of the account wrote there becomes a local group row, with the seed or
 * the auth data the group swarm is polled with. Only differences between the config before and
 * after a merge are applied, as for communities.
 */

const REMOVED: Record<GroupRowState, GroupEntry['removed']> = {
  invited: 0,
  joined: 0,
  kicked: 1,
  destroyed: 2,
};

/** Writes a group row's entry; false when nothing changed. Never throws for a bad name. */
export async function recordGroup(db: Database, own: string, row: GroupRow, now: number): Promise<boolean> {
  return editUserConfig(
    own,
    db,
    USER_GROUPS.namespace,
    (d) => {
      const v = new UserGroupsView(d);
      const known = v.group(row.id);
      const entry: GroupEntry = {
        ...(known ?? { ...noCommon(), joinedAt: Math.floor(now / 1000) }),
        groupId: row.id,
        // a name longer than the config allows (an invite can carry one) stays local
        name: new TextEncoder().encode(row.name).length <= 100 ? row.name : (known?.name ?? ''),
        adminSeed: row.seed ?? undefined,
        authData: row.seed ? undefined : (row.authData ?? undefined),
        removed: REMOVED[row.state],
        invited: row.state === 'invited',
      };
      v.setGroup(entry);
    },
    now,
  );
}

/** A group this device left, declined or destroyed: gone from the config, so from our other devices. */
export async function recordGroupGone(
  db: Database,
  own: string,
  groupId: string,
  now: number,
): Promise<boolean> {
  return editUserConfig(
    own,
    db,
    USER_GROUPS.namespace,
    (d) => new UserGroupsView(d).eraseGroup(groupId),
    now,
  );
}

/** Best effort: a group action never fails because the config could not be written. */
export async function recordGroupQuietly(
  db: Database,
  own: string,
  change: GroupRow | { gone: string },
  now: number,
  log?: (line: string) => void,
): Promise<boolean> {
  try {
    return 'gone' in change
      ? await recordGroupGone(db, own, change.gone, now)
      : await recordGroup(db, own, change, now);
  } catch (e) {
    if (!isSessionError(e)) throw e;
    log?.(`group not recorded in UserGroups: ${e.message}`);
    return false;
  }
}

/**
 * After a group command changed what this account is in: recorded, and pushed to our other
 * devices now if it can (bounded; otherwise the next receive or sync pushes it). Returns a
 * warning when the push did not happen.
 */
export async function recordGroupAndPush(
  ctx: GroupContext,
  change: GroupRow | { gone: string },
  signal?: AbortSignal,
): Promise<string | undefined> {
  const now = (ctx.now ?? Date.now)();
  if (!(await recordGroupQuietly(ctx.db, ctx.keys.accountId, change, now, ctx.log))) return undefined;
  return pushSoon({ keys: ctx.keys, net: ctx.net, db: ctx.db, store: ctx.store }, signal);
}

export interface GroupsApplied {
  /** Groups another device is in that this device now has (and polls). */
  added: string[];
  /** Groups another device left or declined, forgotten here. */
  removed: string[];
  /** Entries that cannot be used: a seed of another group, auth data not for our key. */
  refused: string[];
}

const usable = (e: GroupEntry): boolean =>
  e.removed === 0 && (e.adminSeed !== undefined || e.authData !== undefined);

/**
 * Applies the `g` entries another device changed: a new entry becomes a group row (admin seed or
 * member auth data, checked against the group ID and our key first); a seed that appeared
 * upgrades a member row (a promotion handled on the other device); a pending invite here that
 * the other device accepted becomes joined; an entry that was erased forgets the group here.
 * Kicked and destroyed groups are left to each device's own poll of the group swarm.
 */
export async function applyUserGroups(
  db: Database,
  own: { accountId: string; ed25519Pk: Uint8Array },
  before: ConfigDict,
  after: ConfigDict,
  now: number,
): Promise<GroupsApplied> {
  const out: GroupsApplied = { added: [], removed: [], refused: [] };
  const was = new Map(new UserGroupsView(before).groups().map((g) => [g.groupId, g]));
  const is = new Map(new UserGroupsView(after).groups().map((g) => [g.groupId, g]));
  const groups = new GroupStore(db);
  const na = await loadSodium();
  for (const [id, e] of is) {
    const prev = was.get(id);
    if (!usable(e)) continue;
    if (
      prev &&
      usable(prev) &&
      prev.invited === e.invited &&
      (prev.adminSeed !== undefined) === (e.adminSeed !== undefined)
    )
      continue;
    let seed: Uint8Array | null = null;
    let authData: Uint8Array | null = null;
    try {
      if (e.adminSeed !== undefined && groupFromSeed(na, e.adminSeed).groupId === id) seed = e.adminSeed;
      else if (
        e.authData !== undefined &&
        verifySubaccount(na, groupFromId(na, id).edPk, own.ed25519Pk, e.authData)
      )
        authData = e.authData;
    } catch (err) {
      if (!isSessionError(err)) throw err;
    }
    if (!seed && !authData) {
      out.refused.push(id);
      continue;
    }
    const local = groups.get(id);
    const state: GroupRowState = e.invited ? 'invited' : 'joined';
    if (local === undefined) {
      groups.put({
        id,
        name: e.name,
        seed,
        authData,
        state,
        invitedBy: null,
        keysDump: null,
        createdAt: now,
        updatedAt: now,
      });
      out.added.push(id);
      continue;
    }
    if (local.state === 'kicked' || local.state === 'destroyed') continue;
    const promoted = seed !== null && local.seed === null;
    const accepted = local.state === 'invited' && state === 'joined';
    if (!promoted && !accepted) continue;
    groups.put({
      ...local,
      seed: local.seed ?? seed,
      authData: local.authData ?? authData,
      state: accepted ? 'joined' : local.state,
      updatedAt: now,
    });
    out.added.push(id);
  }
  for (const [id, prev] of was) {
    if (is.has(id) || !usable(prev)) continue;
    const local = groups.get(id);
    if (local === undefined) continue;
    // only the group the erased entry described (not one re-joined here under other credentials)
    const same =
      (prev.adminSeed !== undefined && local.seed !== null && bytesEqual(prev.adminSeed, local.seed)) ||
      (prev.authData !== undefined && local.authData !== null && bytesEqual(prev.authData, local.authData));
    if (!same) continue;
    groups.remove(id);
    out.removed.push(id);
  }
  return out;
}
