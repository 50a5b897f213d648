import type { SessionClient } from '../client.js';
import { parseAccountId, type AccountId } from '../identity/ids.js';
import type { NetworkCache, SessionNetwork } from '../network/session-network.js';
import { looksLikeName, normaliseName, resolveName, type ResolveResult } from '../names/resolve.js';

/**
 * Where a person's Account ID is accepted, a Session name is accepted too (issue 10): the
 * argument is checked first (an invalid ID or name is exit 2 before any network traffic), and a
 * name is resolved by three agreeing nodes (network.md §8), through the profile's name cache.
 */

/** One argument after the offline check: an Account ID, or a (normalised) name still to resolve. */
export type CheckedAccountArg =
  | { input: string; accountId: AccountId; name?: undefined }
  | { input: string; accountId?: undefined; name: string };

/** One argument, resolved: the Account ID it means, and the name it was given by (if any). */
export interface AccountArg {
  input: string;
  accountId: AccountId;
  name?: string;
}

/** What resolving needs: a network and the cache answers are kept in. */
export interface NameNetwork {
  net: SessionNetwork;
  cache?: NetworkCache;
}

/**
 * The offline check: a word that is a valid Session name (and does not start like an ID) is a
 * name; everything else is parsed as an Account ID, with `parseAccountId`'s errors (exit 2), so a
 * mistyped ID is reported as an ID, as `message send` always did.
 */
export function checkAccountArg(input: string): CheckedAccountArg {
  if (looksLikeName(input)) return { input, name: normaliseName(input) };
  return { input, accountId: parseAccountId(input) };
}

/** Every argument is checked before any of them is resolved (one bad word: nothing is sent). */
export function checkAccountArgs(inputs: readonly string[]): CheckedAccountArg[] {
  return inputs.map(checkAccountArg);
}

/**
 * For arguments that take other kinds of ID as well (a community's 15 blinded id): the checked
 * name when the argument is one, else undefined (the command checks it its own way).
 */
export function checkNameArg(input: string): CheckedAccountArg | undefined {
  return looksLikeName(input) ? checkAccountArg(input) : undefined;
}

export interface ResolveAccountArgsOptions {
  /**
   * Called at most once, and only when a name is among the arguments: offline commands open a
   * network only for a name.
   */
  network: () => NameNetwork | Promise<NameNetwork>;
  signal?: AbortSignal;
  /** Injectable for tests; the real one asks three nodes. */
  resolve?: (
    net: SessionNetwork,
    name: string,
    opts: { signal?: AbortSignal; cache?: NetworkCache },
  ) => Promise<ResolveResult>;
}

/** Resolves the names among checked arguments (each distinct name once), in argument order. */
export async function resolveAccountArgs(
  args: readonly (string | CheckedAccountArg)[],
  opts: ResolveAccountArgsOptions,
): Promise<AccountArg[]> {
  const checked = args.map((a) => (typeof a === 'string' ? checkAccountArg(a) : a));
  const names = [...new Set(checked.flatMap((c) => (c.name === undefined ? [] : [c.name])))];
  const resolved = new Map<string, AccountId>();
  if (names.length > 0) {
    const { net, cache } = await opts.network();
    const resolve = opts.resolve ?? resolveName;
    // One after the other: each asks three nodes, and the first failure should end it.
    for (const name of names) {
      const r = await resolve(net, name, {
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(cache ? { cache } : {}),
      });
      // The record decrypted to a 05 ID; parsed again so the brand is earned, not asserted.
      resolved.set(name, parseAccountId(r.accountId));
    }
  }
  return checked.map((c) =>
    c.name === undefined
      ? { input: c.input, accountId: c.accountId }
      : { input: c.input, accountId: resolved.get(c.name)!, name: c.name },
  );
}

/**
 * What JSON results carry next to the ID field(s) when a name was given: `{ name: accountId }`
 * (one shape for one argument or many); undefined when none was, so ID-only output is unchanged.
 */
export function namesField(args: readonly AccountArg[]): { names?: Record<string, string> } {
  const named = args.filter((a) => a.name !== undefined);
  if (named.length === 0) return {};
  return { names: Object.fromEntries(named.map((a) => [a.name!, a.accountId])) };
}

/** How a resolved argument reads in a human line: `bobby (05…)` or just the ID. */
export function describeAccountArg(a: AccountArg): string {
  return a.name === undefined ? a.accountId : `${a.name} (${a.accountId})`;
}

/** For commands that open the profile's client anyway: names resolve on its network and cache. */
export async function resolveAccountArgsWithClient(
  args: readonly (string | CheckedAccountArg)[],
  client: Pick<SessionClient, 'net' | 'db'>,
  signal?: AbortSignal,
): Promise<AccountArg[]> {
  return resolveAccountArgs(args, {
    ...(signal ? { signal } : {}),
    network: async () => {
      const { KvCache } = await import('../store/database.js');
      return { net: client.net, cache: new KvCache(client.db) };
    },
  });
}

interface ProfileFlags {
  'data-dir'?: string | undefined;
  profile?: string | undefined;
  network?: string | undefined;
  verbose?: boolean;
}

/**
 * For commands that work on the local store only: resolves the arguments, opening a network
 * without the profile's secrets (its database for the pool and name cache, no keystore) only
 * when a name is given, and closing it before returning.
 */
export async function resolveAccountArgsOffline(
  args: readonly (string | CheckedAccountArg)[],
  flags: ProfileFlags,
  signal?: AbortSignal,
): Promise<AccountArg[]> {
  const checked = args.map((a) => (typeof a === 'string' ? checkAccountArg(a) : a));
  let close: (() => Promise<void>) | undefined;
  try {
    return await resolveAccountArgs(checked, {
      ...(signal ? { signal } : {}),
      network: async () => {
        const opened = await openNameNetwork(flags);
        close = () => opened.close();
        return opened;
      },
    });
  } finally {
    await close?.();
  }
}

/** One argument: `resolveAccountArgsOffline` for commands that take a single person. */
export async function resolveAccountArgOffline(
  arg: string | CheckedAccountArg,
  flags: ProfileFlags,
  signal?: AbortSignal,
): Promise<AccountArg> {
  const [one] = await resolveAccountArgsOffline([arg], flags, signal);
  return one!;
}

/** A network for name lookups: the daemon's warm client when it serves the profile, else a bare one. */
async function openNameNetwork(flags: ProfileFlags): Promise<NameNetwork & { close(): Promise<void> }> {
  const { dataDirFrom } = await import('./context.js');
  const { KvCache, openDatabase } = await import('../store/database.js');
  const { currentRequest } = await import('../daemon/request-context.js');
  const dataDir = dataDirFrom(flags['data-dir']);
  const served = await currentRequest()?.clientFor?.({
    dataDir,
    profile: flags.profile,
    network: flags.network,
  });
  if (served) return { net: served.net, cache: new KvCache(served.db), close: () => served.close() };
  const { loadNetworkConfig } = await import('../network/config.js');
  const { SessionNetwork } = await import('../network/session-network.js');
  const { UndiciTransport } = await import('../network/transport.js');
  const { ProfileDirectory } = await import('../store/profiles.js');
  const config = loadNetworkConfig(flags.network);
  const dirs = new ProfileDirectory(dataDir);
  const info = await dirs.resolve(flags.profile);
  const db = await openDatabase(dirs.databasePath(info.name));
  // SESSION_PROXY (set from --proxy by the command) applies here as everywhere.
  const transport = new UndiciTransport();
  const { verboseLogger } = await import('./client-flags.js');
  const cache = new KvCache(db);
  const net = new SessionNetwork({
    config,
    transport,
    cache,
    ...(flags.verbose ? { logger: verboseLogger() } : {}),
  });
  return {
    net,
    cache,
    async close() {
      await transport.close();
      db.close();
    },
  };
}
