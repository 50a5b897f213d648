import type { SessionClient } from '../client.js';
import { conversationOf } from '../communities/events.js';
import type { RoomInfo } from '../communities/sogs-client.js';
import { formatCommunityUrl, parseBaseUrl, parseCommunityUrl, parseServerKey } from '../communities/url.js';
import { SessionError } from '../errors.js';
import type { JoinedRoom } from '../store/communities.js';
import { communityStore, sogsFor, type CommunityOptions } from './community-client.js';
import { pushSoon, recordCommunityJoin, recordCommunityLeave } from './sync-communities.js';

/** A joined room as commands show it. */
export interface RoomSummary {
  room: string;
  token: string;
  name: string | null;
  url: string;
  server: string;
  seqno: number;
}

export function roomSummary(r: JoinedRoom): RoomSummary {
  return {
    room: conversationOf(r),
    token: r.token,
    name: r.name,
    url: formatCommunityUrl({ baseUrl: r.baseUrl, room: r.token, pubkeyHex: r.pubkey }),
    server: r.baseUrl,
    seqno: r.seqno,
  };
}

/**
 * `community join URL` (§15.1): capabilities (signed, 15-blinded), the room's info, then the room
 * is stored. Its watch cursor starts at the room's current sequence: a watcher shows what happens
 * from the join on.
 */
export async function joinCommunity(
  client: SessionClient,
  urlText: string,
  opts: CommunityOptions = {},
): Promise<RoomSummary & { already: boolean; capabilities: string[]; info: RoomInfo }> {
  const url = parseCommunityUrl(urlText);
  const store = communityStore(client);
  const sogs = sogsFor(client, store, { ...url, pubkeyHex: url.pubkeyHex! }, opts);
  // A server we know under another key is refused before anything is sent (§15.7).
  const known = store.rooms().find((r) => r.baseUrl === url.baseUrl);
  if (known && known.pubkey !== url.pubkeyHex) store.addServer(url.baseUrl, url.pubkeyHex!);
  const capabilities = await sogs.capabilities(opts.signal);
  const info = await sogs.room(url.room, opts.signal);
  const { room, already } = store.join({
    baseUrl: url.baseUrl,
    pubkey: url.pubkeyHex!,
    token: info.token || url.room,
    name: info.name,
    watchSeqno: info.messageSequence,
    now: Date.now(),
  });
  store.setCapabilities(url.baseUrl, capabilities);
  // and in our UserGroups config, so our other devices join it too (groups-and-config.md §3.4)
  if (await recordCommunityJoin(client.db, client.keys.accountId, room, Date.now()))
    await pushSoon(client, opts.signal);
  return { ...roomSummary(room), already, capabilities, info };
}

export async function leaveCommunity(client: SessionClient, ref: string): Promise<RoomSummary> {
  const store = communityStore(client);
  const room = store.resolve(ref);
  store.leave(room.id);
  if (await recordCommunityLeave(client.db, client.keys.accountId, room, Date.now())) await pushSoon(client);
  return roomSummary(room);
}

export function listCommunities(client: SessionClient): RoomSummary[] {
  return communityStore(client).rooms().map(roomSummary);
}

/**
 * `community rooms SERVER_URL`: the rooms a server lists. The key comes from the URL
 * (`?public_key=`) or from a joined room of that server.
 */
export async function listServerRooms(
  client: SessionClient,
  serverUrl: string,
  opts: CommunityOptions = {},
): Promise<{ server: string; rooms: (RoomInfo & { url: string })[] }> {
  const store = communityStore(client);
  const at = serverUrl.lastIndexOf('?public_key=');
  const base = at >= 0 ? serverUrl.slice(0, at) : serverUrl;
  let key = at >= 0 ? parseServerKey(serverUrl.slice(at + '?public_key='.length)) : undefined;
  // A room URL given instead of the server's works too: its server is meant.
  const parsed =
    /^[a-zA-Z]+:\/\/[^/]+\/?$/.test(base.trim()) || !base.includes('/')
      ? parseBaseUrl(base)
      : parseBaseUrl(parseCommunityUrl(base, { requireKey: false }).baseUrl);
  key ??= store.rooms().find((r) => r.baseUrl === parsed.baseUrl)?.pubkey;
  if (!key)
    throw new SessionError('INVALID_INPUT', `no key known for ${parsed.baseUrl}`, {
      details: { reason: 'server-key' },
      hint: 'give it as SERVER_URL?public_key=<64 hex characters>',
    });
  const sogs = sogsFor(client, store, { ...parsed, pubkeyHex: key }, opts);
  const rooms = await sogs.rooms(opts.signal);
  return {
    server: parsed.baseUrl,
    rooms: rooms.map((r) => ({
      ...r,
      url: formatCommunityUrl({ baseUrl: parsed.baseUrl, room: r.token, pubkeyHex: key }),
    })),
  };
}
