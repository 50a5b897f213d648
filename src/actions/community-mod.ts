import type { SessionClient } from '../client.js';
import { modRoutes, runSequence, type BanScope, type PermissionValues } from '../communities/moderation.js';
import type { SogsClient } from '../communities/sogs-client.js';
import { blind15IdsFromSessionId } from '../crypto/blinding.js';
import { SessionError, isSessionError } from '../errors.js';
import type { CommunityStore, JoinedRoom } from '../store/communities.js';
import { communityStore, sogsForRoom, type CommunityOptions } from './community-client.js';
import { parseMessageId } from './community-post.js';

/**
 * Moderation actions (communities.md §12): ban/unban (room or global, timed), purge (delete all
 * of a user's posts in a room), mute (write off now, back on later: one /sequence of a
 * permission override and a scheduled change), moderators, permission overrides, pins.
 *
 * Ids: a 15 blinded id is used as given. A 05 Account ID is turned into the 15 id the server
 * knows that person by: of its two candidates (§5.2.3, the sign bit is lost in a 05 id) the one
 * seen as an author on this server. When neither was seen, the /user/ routes (ban, unban,
 * moderator) get the 05 id itself, which the server maps to the right user (errata Part 2 E1);
 * room routes only take 15 ids, so they refuse before sending anything.
 */

const ID = /^(05|15)[0-9a-f]{64}$/;

export function checkUserId(id: string): string {
  const lower = id.toLowerCase();
  if (!ID.test(lower))
    throw new SessionError('INVALID_INPUT', `not a 05 Account ID or 15 blinded id: ${id.slice(0, 70)}`, {
      hint: 'a blinded id is 66 hex characters starting with 15 (see `community read`)',
    });
  return lower;
}

/** The 15 id of a 05 Account ID on this server, if the profile has seen it post there. */
export async function knownBlindedId(
  client: SessionClient,
  baseUrl: string,
  serverPkHex: string,
  sessionId: string,
): Promise<string | undefined> {
  const [pos, neg] = await blind15IdsFromSessionId(sessionId, serverPkHex);
  const r = client.db
    .prepare(
      `SELECT m.author FROM community_messages m JOIN community_rooms r ON r.id = m.room_id
        WHERE r.base_url = ? AND m.author IN (?, ?) LIMIT 1`,
    )
    .get(baseUrl, pos, neg) as { author: string } | undefined;
  return r?.author;
}

/** The id for a /user/ route: the known 15 id, else the 05 id itself (the server maps it). */
async function userRouteId(client: SessionClient, room: JoinedRoom, id: string): Promise<string> {
  const sid = checkUserId(id);
  if (sid.startsWith('15')) return sid;
  return (await knownBlindedId(client, room.baseUrl, room.pubkey, sid)) ?? sid;
}

/** The id for a room route: a 15 id (errata Part 2 E1). */
async function roomRouteId(client: SessionClient, room: JoinedRoom, id: string): Promise<string> {
  const sid = checkUserId(id);
  if (sid.startsWith('15')) return sid;
  const known = await knownBlindedId(client, room.baseUrl, room.pubkey, sid);
  if (known) return known;
  throw new SessionError(
    'INVALID_INPUT',
    `${sid.slice(0, 10)}… has not been seen posting on ${room.baseUrl}: cannot tell which 15 id is theirs`,
    {
      details: { reason: 'unknown-blinded-id' },
      hint: 'give their 15 blinded id (shown by `community read`), or read the room first',
    },
  );
}

interface Target {
  store: CommunityStore;
  room: JoinedRoom;
  sogs: SogsClient;
}

function target(client: SessionClient, ref: string | undefined, opts: CommunityOptions): Target {
  const store = communityStore(client);
  let room: JoinedRoom;
  if (ref !== undefined) room = store.resolve(ref);
  else {
    // Global actions only need a server: the one joined, if there is only one.
    const servers = [...new Map(store.rooms().map((r) => [r.baseUrl, r])).values()];
    if (servers.length !== 1)
      throw new SessionError(
        servers.length === 0 ? 'NOT_FOUND' : 'INVALID_INPUT',
        servers.length === 0 ? 'no community joined' : 'more than one community server is joined',
        { hint: 'name a room of the server with --room' },
      );
    room = servers[0]!;
  }
  return { store, room, sogs: sogsForRoom(client, store, room, opts) };
}

const where = (t: Target, global: boolean) => (global ? t.room.baseUrl : `${t.room.baseUrl}/${t.room.token}`);

export interface BanOptions extends CommunityOptions {
  room?: string | undefined;
  global?: boolean | undefined;
  durationS?: number | undefined;
  /** Delete all their posts in the room too, in the same /sequence. */
  purge?: boolean | undefined;
}

export async function banUser(
  client: SessionClient,
  id: string,
  opts: BanOptions,
): Promise<{ user: string; scope: string; global: boolean; durationS: number | null; purged: boolean }> {
  checkUserId(id);
  const global = opts.global === true;
  // With --global, --room only says which server.
  if (!global && opts.room === undefined)
    throw new SessionError('INVALID_INPUT', 'give --room ROOM or --global');
  if (opts.purge && (global || opts.room === undefined))
    throw new SessionError('INVALID_INPUT', '--purge deletes posts in one room: give --room (not --global)');
  const t = target(client, opts.room, opts);
  const scope: BanScope = global ? { global: true } : { rooms: [t.room.token] };
  const sid = await userRouteId(client, t.room, id);
  const ban = modRoutes.ban(sid, scope, opts.durationS);
  let purged = false;
  if (opts.purge) {
    const blinded = await roomRouteId(client, t.room, id);
    // §12 "ban and delete all": one /sequence, so the purge runs only if the ban succeeded. A 404
    // on the purge is "nothing to delete" (they never posted), not a failure of the ban.
    const r = await runSequence(
      t.sogs,
      [
        { req: ban, what: 'the ban' },
        { req: modRoutes.deleteAll(t.room.token, blinded), what: 'deleting their posts', accept: [404] },
      ],
      opts.signal,
    );
    purged = r.codes[1] !== 404;
  } else await t.sogs.call(ban, opts.signal, 'the ban');
  return { user: sid, scope: where(t, global), global, durationS: opts.durationS ?? null, purged };
}

export async function unbanUser(
  client: SessionClient,
  id: string,
  opts: CommunityOptions & { room?: string | undefined; global?: boolean | undefined },
): Promise<{ user: string; scope: string; global: boolean }> {
  checkUserId(id);
  const global = opts.global === true;
  if (!global && opts.room === undefined)
    throw new SessionError('INVALID_INPUT', 'give --room ROOM or --global');
  const t = target(client, opts.room, opts);
  const sid = await userRouteId(client, t.room, id);
  await t.sogs.call(
    modRoutes.unban(sid, global ? { global: true } : { rooms: [t.room.token] }),
    opts.signal,
    'the unban',
  );
  return { user: sid, scope: where(t, global), global };
}

/** `DELETE /room/<t>/all/<sid>`: `deleted: false` when they had nothing to delete (404). */
export async function purgeUser(
  client: SessionClient,
  ref: string,
  id: string,
  opts: CommunityOptions = {},
): Promise<{ user: string; room: string; deleted: boolean }> {
  checkUserId(id);
  const t = target(client, ref, opts);
  const sid = await roomRouteId(client, t.room, id);
  try {
    await t.sogs.call(modRoutes.deleteAll(t.room.token, sid), opts.signal, 'deleting their posts');
  } catch (e) {
    if (isSessionError(e, 'REMOTE_REJECTED') && e.details?.status === 404)
      return { user: sid, room: where(t, false), deleted: false };
    throw e;
  }
  return { user: sid, room: where(t, false), deleted: true };
}

/** Write off now and back on after `durationS`: one /sequence (§12 "temporary mute"). */
export async function muteUser(
  client: SessionClient,
  ref: string,
  id: string,
  durationS: number,
  opts: CommunityOptions = {},
): Promise<{ user: string; room: string; durationS: number; until: number }> {
  checkUserId(id);
  const t = target(client, ref, opts);
  const sid = await roomRouteId(client, t.room, id);
  await runSequence(
    t.sogs,
    [
      { req: modRoutes.setPermissions(t.room.token, sid, { write: false }), what: 'the mute' },
      {
        req: modRoutes.futurePermissions(t.room.token, sid, { write: true }, durationS),
        what: 'scheduling the unmute',
      },
    ],
    opts.signal,
  );
  return {
    user: sid,
    room: where(t, false),
    durationS,
    until: Math.floor(client.net.now() / 1000) + durationS,
  };
}

export async function setModerator(
  client: SessionClient,
  id: string,
  opts: CommunityOptions & {
    add: boolean;
    admin?: boolean | undefined;
    hidden?: boolean | undefined;
    room?: string | undefined;
    global?: boolean | undefined;
  },
): Promise<{ user: string; scope: string; global: boolean; moderator: boolean; admin: boolean }> {
  checkUserId(id);
  const global = opts.global === true;
  if (!global && opts.room === undefined)
    throw new SessionError('INVALID_INPUT', 'give --room ROOM or --global');
  const t = target(client, opts.room, opts);
  const sid = await userRouteId(client, t.room, id);
  // Adding an admin sends admin+moderator; removing sends both false, as desktop does (§12).
  const role = opts.add
    ? { moderator: true, ...(opts.admin ? { admin: true } : {}), ...(opts.hidden ? { visible: false } : {}) }
    : { moderator: false, admin: false };
  await t.sogs.call(
    modRoutes.moderator(sid, global ? { global: true } : { rooms: [t.room.token] }, role),
    opts.signal,
    opts.add ? 'adding the moderator' : 'removing the moderator',
  );
  return {
    user: sid,
    scope: where(t, global),
    global,
    moderator: opts.add,
    admin: opts.add && opts.admin === true,
  };
}

export type PermissionSetting = boolean | 'default';

export async function setPermissions(
  client: SessionClient,
  ref: string,
  id: string,
  values: Partial<Record<keyof PermissionValues, PermissionSetting>>,
  opts: CommunityOptions & { inS?: number | undefined } = {},
): Promise<{ user: string; room: string; permissions: unknown; scheduledIn: number | null }> {
  checkUserId(id);
  const set: PermissionValues = {};
  const defaults: string[] = [];
  for (const [k, v] of Object.entries(values)) {
    if (v === 'default') defaults.push(k);
    else if (typeof v === 'boolean') set[k as keyof PermissionValues] = v;
  }
  if (Object.keys(set).length + defaults.length === 0)
    throw new SessionError('INVALID_INPUT', 'set at least one of --read, --write, --upload, --accessible');
  if (opts.inS !== undefined && (defaults.length > 0 || set.accessible !== undefined))
    throw new SessionError('INVALID_INPUT', '--in schedules read, write or upload to true or false only');
  const t = target(client, ref, opts);
  const sid = await roomRouteId(client, t.room, id);
  const req =
    opts.inS === undefined
      ? modRoutes.setPermissions(t.room.token, sid, set, defaults)
      : modRoutes.futurePermissions(t.room.token, sid, set, opts.inS);
  const permissions = await t.sogs.call(req, opts.signal, 'setting permissions');
  return { user: sid, room: where(t, false), permissions, scheduledIn: opts.inS ?? null };
}

export async function pinMessage(
  client: SessionClient,
  ref: string,
  idText: string,
  opts: CommunityOptions & { unpin?: boolean } = {},
): Promise<{ room: string; id: string; pinned: boolean }> {
  const all = opts.unpin === true && idText === 'all';
  const id = all ? 'all' : parseMessageId(idText);
  const t = target(client, ref, opts);
  await t.sogs.call(
    opts.unpin ? modRoutes.unpin(t.room.token, id) : modRoutes.pin(t.room.token, id as number),
    opts.signal,
    opts.unpin ? 'unpinning' : 'pinning',
  );
  return { room: where(t, false), id: String(id), pinned: opts.unpin !== true };
}
