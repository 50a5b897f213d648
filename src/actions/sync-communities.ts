import { USER_GROUPS, UserGroupsView, noCommon } from '../config/user-groups.js';
import { fromHex } from '../encoding/bytes.js';
import type { Database } from '../store/database.js';
import { editUserConfig, pushPending, type SyncContext } from './sync.js';

/**
 * Community joins and leaves in our UserGroups config (groups-and-config.md §3.4 `o`), so our
 * other devices join and leave the same rooms.
 */
export async function recordCommunityJoin(
  db: Database,
  own: string,
  room: { baseUrl: string; pubkey: string; token: string },
  now: number,
): Promise<boolean> {
  return editUserConfig(
    own,
    db,
    USER_GROUPS.namespace,
    (d) => {
      const v = new UserGroupsView(d);
      const known = v
        .communities()
        .find((c) => c.baseUrl === room.baseUrl && c.room.toLowerCase() === room.token.toLowerCase());
      v.setCommunity({
        ...(known ?? { ...noCommon(), joinedAt: Math.floor(now / 1000) }),
        baseUrl: room.baseUrl,
        pubkey: fromHex(room.pubkey, 'community pubkey'),
        room: known?.room ?? room.token,
      });
    },
    now,
  );
}

export async function recordCommunityLeave(
  db: Database,
  own: string,
  room: { baseUrl: string; token: string },
  now: number,
): Promise<boolean> {
  return editUserConfig(
    own,
    db,
    USER_GROUPS.namespace,
    (d) => void new UserGroupsView(d).eraseCommunity(room.baseUrl, room.token),
    now,
  );
}

/**
 * Right after a join or leave: the UserGroups change goes to our other devices now if it can
 * (bounded: a room is joined even when our swarm is unreachable); otherwise the next
 * `message receive` or `sync now` pushes it.
 */
export async function pushSoon(
  ctx: SyncContext,
  signal?: AbortSignal,
  timeoutMs = 15_000,
): Promise<string | undefined> {
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const r = await pushPending(ctx, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    return r.warnings[0];
  } catch (e) {
    if (signal?.aborted) throw e;
    return `not pushed to your other devices yet (${(e as Error).message}): the next sync pushes it`;
  }
}
