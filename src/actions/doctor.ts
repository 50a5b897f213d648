import { stat } from 'node:fs/promises';
import { SessionError, isSessionError, type ErrorCode } from '../errors.js';
import { loadNetworkConfig, type NetworkConfig } from '../network/config.js';
import { fetchFromSeeds } from '../network/seeds.js';
import { MemoryCache, SessionNetwork, type NetworkCache } from '../network/session-network.js';
import { describeProxy } from '../network/proxy.js';
import { UndiciTransport, type Transport } from '../network/transport.js';
import { KvCache, openDatabase, type Database } from '../store/database.js';
import { ProfileDirectory, type ProfileInfo } from '../store/profiles.js';

/**
 * `session doctor`: what a person checks when something does not work, in order, each with a
 * verdict and the next step. Nothing here needs the secret: the keystore is inspected, not
 * unlocked, so doctor runs unattended and never asks for a passphrase.
 */
export type Verdict = 'ok' | 'warn' | 'fail';

export interface DoctorCheck {
  id: 'network' | 'proxy' | 'seeds' | 'profile' | 'secrets' | 'database' | 'pool' | 'path' | 'clock';
  verdict: Verdict;
  detail: string;
  /** The next step when the verdict is not ok. */
  next?: string;
  /** The error code behind a failure (its exit code is doctor's). */
  code?: ErrorCode;
}

export interface DoctorParams {
  dataDir: string;
  profile?: string | undefined;
  network?: string | undefined;
  transport?: Transport;
  signal?: AbortSignal;
  logger?: (line: string) => void;
}

export interface DoctorResult {
  network: string;
  checks: DoctorCheck[];
  ok: boolean;
}

const CLOCK_WARN_MS = 10_000;

export async function runDoctor(p: DoctorParams): Promise<DoctorResult> {
  const checks: DoctorCheck[] = [];
  const add = (c: DoctorCheck) => (checks.push(c), c);
  const transport = p.transport ?? new UndiciTransport();
  let db: Database | undefined;
  try {
    // 1. which network
    let config: NetworkConfig | undefined;
    try {
      config = loadNetworkConfig(p.network);
      add({
        id: 'network',
        verdict: 'ok',
        detail: config.id === 'mainnet' ? 'mainnet' : `local network ${p.network}`,
      });
    } catch (e) {
      add(
        failed('network', e, 'pass --network mainnet or the devnet.json of a running `session devnet start`'),
      );
    }

    // 1b. how connections leave this machine (the seed check below goes the same way)
    const proxy = transport instanceof UndiciTransport ? transport.proxy : undefined;
    add({
      id: 'proxy',
      verdict: 'ok',
      detail: proxy
        ? `${describeProxy(proxy)}: every connection goes through it${
            proxy.protocol === 'socks5h' ? ', names resolved by the proxy' : ''
          }`
        : p.transport && !(p.transport instanceof UndiciTransport)
          ? 'a custom transport'
          : 'none: direct connections',
    });

    // 2. every seed, one by one, with its pinned certificate
    if (config) {
      for (const seed of config.seeds) {
        const t0 = performance.now();
        try {
          const nodes = await fetchFromSeeds({ ...config, seeds: [seed] }, transport, { signal: p.signal });
          add({
            id: 'seeds',
            verdict: 'ok',
            detail: `${seed.url}: pinned certificate ok, ${nodes.length} nodes in ${ms(t0)}`,
          });
        } catch (e) {
          if (isSessionError(e, 'INTERRUPTED')) throw e;
          const outcome = (
            (e as SessionError).details as { seeds?: { outcome: string; detail: string }[] } | undefined
          )?.seeds?.[0];
          add({
            ...failed(
              'seeds',
              e,
              'check the connection; a wrong certificate means a wrong descriptor or interception',
            ),
            detail: `${seed.url}: ${outcome ? `${outcome.outcome} (${outcome.detail})` : (e as Error).message}`,
          });
        }
      }
    }

    // 3. the profile, its secret store and its database
    const dirs = new ProfileDirectory(p.dataDir);
    let info: ProfileInfo | undefined;
    try {
      info = await dirs.resolve(p.profile);
      add({ id: 'profile', verdict: 'ok', detail: `${info.name} (${info.accountId})` });
    } catch (e) {
      add({
        ...failed('profile', e, 'create one with `session identity create` or restore one'),
        verdict: isSessionError(e, 'NO_IDENTITY') ? 'warn' : 'fail',
      });
    }
    if (info) {
      add(await secretsCheck(dirs, info));
      try {
        db = await openDatabase(dirs.databasePath(info.name));
        const r = db.pragma('quick_check', { simple: true }) as string;
        add(
          r === 'ok'
            ? { id: 'database', verdict: 'ok', detail: `${dirs.databasePath(info.name)}: integrity ok` }
            : {
                id: 'database',
                verdict: 'fail',
                detail: `integrity check: ${String(r).slice(0, 200)}`,
                code: 'STORE_CORRUPT',
                next: 'restore the profile from its Recovery Password into a new profile',
              },
        );
      } catch (e) {
        add(failed('database', e, 'restore the profile from its Recovery Password into a new profile'));
      }
    }

    // 4. the pool, a path, the clock — through the same client code a send uses
    if (config && checks.some((c) => c.id === 'seeds' && c.verdict === 'ok')) {
      const cache: NetworkCache = db ? new KvCache(db) : new MemoryCache();
      const cached = cache.get(`pool:${config.id}`) as { nodes?: unknown[]; fetchedAt?: number } | undefined;
      const net = new SessionNetwork({ config, transport, cache, ...(p.logger ? { logger: p.logger } : {}) });
      const t0 = performance.now();
      try {
        const pool = await net.bootstrap(p.signal);
        const age =
          cached && typeof cached.fetchedAt === 'number'
            ? `cached pool was ${Math.round((Date.now() - cached.fetchedAt) / 60_000)} min old`
            : 'no cached pool';
        add({
          id: 'pool',
          verdict: pool.length >= Math.min(config.minPool, 4) ? 'ok' : 'fail',
          detail: `${pool.length} nodes (${age}); ready in ${ms(t0)}`,
          ...(pool.length < 4
            ? { code: 'NETWORK_UNREACHABLE' as const, next: 'the network has too few nodes' }
            : {}),
        });
        const t1 = performance.now();
        const dest = pool[Math.floor(Math.random() * pool.length)]!;
        const r = await net.rpcToNode(dest, 'info', {}, { signal: p.signal, kind: 'control' });
        add({
          id: 'path',
          verdict: r.status === 200 ? 'ok' : 'fail',
          detail: `onion request through ${net.currentPaths().length} path(s) answered ${r.status} in ${ms(t1)}`,
          ...(r.status === 200
            ? {}
            : { code: 'REMOTE_REJECTED' as const, next: 'retry; a node may be failing' }),
        });
        // Measured now, not the offset an earlier command cached: this is a diagnosis.
        await net.resyncClock(undefined, p.signal);
        const offset = net.clockOffsetMs();
        add({
          id: 'clock',
          verdict: Math.abs(offset) < CLOCK_WARN_MS ? 'ok' : 'warn',
          detail: `network clock is ${offset >= 0 ? '+' : ''}${(offset / 1000).toFixed(1)} s from this machine's`,
          ...(Math.abs(offset) < CLOCK_WARN_MS
            ? {}
            : {
                next: 'the client corrects for it, but other programs will not: sync the system clock (NTP)',
              }),
        });
      } catch (e) {
        if (isSessionError(e, 'INTERRUPTED')) throw e;
        add(
          failed(
            checks.some((c) => c.id === 'pool') ? 'path' : 'pool',
            e,
            'run with --verbose to see each request',
          ),
        );
      }
    }
  } finally {
    db?.close();
    if (!p.transport) await transport.close?.();
  }
  return { network: p.network ?? 'mainnet', checks, ok: checks.every((c) => c.verdict !== 'fail') };
}

async function secretsCheck(dirs: ProfileDirectory, info: ProfileInfo): Promise<DoctorCheck> {
  const backend = info.secretBackend;
  if (backend === 'keyring') {
    const { keyringAvailable } = await import('../secrets/keyring.js');
    return (await keyringAvailable())
      ? { id: 'secrets', verdict: 'ok', detail: 'seed in the OS keyring; the keyring answers' }
      : {
          id: 'secrets',
          verdict: 'fail',
          detail: 'seed in the OS keyring, but the keyring does not answer',
          code: 'SECRET_STORE_LOCKED',
          next: 'unlock the keyring (log in to the desktop session), or restore into a file-backed profile',
        };
  }
  try {
    const s = await stat(dirs.keystorePath(info.name));
    const mode = s.mode & 0o777;
    if (mode & 0o077)
      return {
        id: 'secrets',
        verdict: 'fail',
        detail: `keystore ${dirs.keystorePath(info.name)} is readable by others (mode ${mode.toString(8)})`,
        code: 'SECRET_STORE_LOCKED',
        next: `chmod 600 ${dirs.keystorePath(info.name)}`,
      };
    return backend === 'plaintext'
      ? {
          id: 'secrets',
          verdict: 'warn',
          detail: 'keystore file without a passphrase (mode 600)',
          next: 'fine for unattended hosts; elsewhere restore with a passphrase',
        }
      : { id: 'secrets', verdict: 'ok', detail: 'passphrase-encrypted keystore file (mode 600)' };
  } catch (e) {
    return {
      id: 'secrets',
      verdict: 'fail',
      detail: `keystore missing: ${(e as Error).message}`,
      code: 'SECRET_STORE_LOCKED',
      next: 'restore the profile from its Recovery Password',
    };
  }
}

function failed(id: DoctorCheck['id'], e: unknown, next: string): DoctorCheck {
  const err =
    e instanceof SessionError ? e : new SessionError('INTERNAL', String((e as Error)?.message ?? e));
  return { id, verdict: 'fail', detail: err.message, next: err.hint ?? next, code: err.code };
}

function ms(t0: number): string {
  return `${Math.round(performance.now() - t0)} ms`;
}
