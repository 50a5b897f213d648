import type { SessionClient } from '../client.js';
import { SogsClient, directTransport, onionTransport } from '../communities/sogs-client.js';
import { parseBaseUrl, type CommunityUrl } from '../communities/url.js';
import { ownCommunityIds } from '../crypto/blinding.js';
import { CommunityStore, type JoinedRoom } from '../store/communities.js';

/**
 * How community actions reach a server: a SogsClient signed with this profile's keys, network
 * time from the profile's SessionNetwork, capabilities kept in the store. Onion requests by
 * default; `direct` talks plain HTTP(S) to the server (no privacy; local servers and tests).
 */
export interface CommunityOptions {
  direct?: boolean | undefined;
  signal?: AbortSignal | undefined;
}

export function communityStore(client: SessionClient): CommunityStore {
  return new CommunityStore(client.db);
}

export function sogsFor(
  client: SessionClient,
  store: CommunityStore,
  server: Pick<CommunityUrl, 'baseUrl' | 'protocol' | 'host' | 'port'> & { pubkeyHex: string },
  opts: CommunityOptions = {},
): SogsClient {
  return new SogsClient({
    transport: opts.direct ? directTransport(server.baseUrl) : onionTransport(client.net, server),
    serverPkHex: server.pubkeyHex,
    edSecretKey64: client.keys.ed25519Sk,
    now: () => client.net.now(),
    resyncClock: () => client.net.resyncClock(),
    capabilities: {
      get: () => store.capabilities(server.baseUrl),
      set: (caps) => store.setCapabilities(server.baseUrl, caps),
    },
  });
}

export function sogsForRoom(
  client: SessionClient,
  store: CommunityStore,
  room: JoinedRoom,
  opts: CommunityOptions = {},
): SogsClient {
  return sogsFor(client, store, { ...parseBaseUrl(room.baseUrl), pubkeyHex: room.pubkey }, opts);
}

export async function ownIdsFor(client: SessionClient, serverPkHex: string): Promise<Set<string>> {
  return ownCommunityIds(client.keys.ed25519Sk, serverPkHex);
}
