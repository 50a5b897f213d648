import { HopKeyPool } from './crypto/hop-keys.js';
import { openIdentity, type OpenedIdentity } from './identity/account.js';
import { loadNetworkConfig } from './network/config.js';
import { SessionNetwork, type NetworkOptions } from './network/session-network.js';
import type { ProxyConfig } from './network/proxy.js';
import { UndiciTransport, type Transport } from './network/transport.js';
import { KvCache, openDatabase, type Database } from './store/database.js';
import { MessageStore } from './store/messages.js';

/**
 * Everything a messaging action needs for one profile: its keys, its local store, and the
 * network (pool and paths cached in the profile's database so the next process reuses them).
 */
export interface SessionClient extends OpenedIdentity {
  db: Database;
  store: MessageStore;
  net: SessionNetwork;
  /** The onion layer keys made while idle (with `prepareHopKeys`). */
  hopKeys?: HopKeyPool;
  /** With `deferSyncCopies`: a send's sync copy is queued in the outbox for a runner to store. */
  deferSyncCopies?: boolean;
  close(): Promise<void>;
}

export interface OpenClientOptions {
  dataDir: string;
  profile?: string | undefined;
  passphrase: () => Promise<string | undefined>;
  /** "mainnet" (default) or the path of a devnet.json. */
  network?: string | undefined;
  transport?: Transport;
  /** Every connection through this proxy (default: SESSION_PROXY's; `null`: none). Ignored with `transport`. */
  proxy?: ProxyConfig | null;
  clock?: () => number;
  logger?: (line: string) => void;
  /** Longer or shorter request budgets per kind (e.g. a bot on a slow link); defaults otherwise. */
  budgets?: NetworkOptions['budgets'];
  /**
   * Make onion layer keys while idle (crypto/hop-keys.ts): for a process that sends more than
   * once (a daemon, a bot); a one-shot command has no idle time before its request.
   */
  prepareHopKeys?: boolean;
  /**
   * A 1:1 send returns once the recipient's swarm stored the message; its sync copy (for our
   * other devices) is left queued in the outbox. Only for a process that runs an OutboxRunner for
   * the profile (the daemon); otherwise the copy waits for `message resend --all`.
   */
  deferSyncCopies?: boolean;
}

export async function openClient(o: OpenClientOptions): Promise<SessionClient> {
  const config = loadNetworkConfig(o.network);
  const identity = await openIdentity({ dataDir: o.dataDir, profile: o.profile, passphrase: o.passphrase });
  const db = await openDatabase(identity.dirs.databasePath(identity.info.name));
  const transport = o.transport ?? new UndiciTransport(o.proxy !== undefined ? { proxy: o.proxy } : {});
  const hopKeys = o.prepareHopKeys === true ? new HopKeyPool() : undefined;
  const net = new SessionNetwork({
    config,
    transport,
    cache: new KvCache(db),
    ...(o.clock ? { clock: o.clock } : {}),
    ...(o.logger ? { logger: o.logger } : {}),
    ...(o.budgets ? { budgets: o.budgets } : {}),
    ...(hopKeys ? { hopKeys } : {}),
  });
  return {
    ...identity,
    db,
    store: new MessageStore(db),
    net,
    ...(hopKeys ? { hopKeys } : {}),
    ...(o.deferSyncCopies === true ? { deferSyncCopies: true } : {}),
    async close() {
      hopKeys?.close();
      await transport.close?.();
      db.close();
    },
  };
}
