import { SessionError } from '../errors.js';
import type { NetworkConfig } from './config.js';
import { NODE_FIELDS, parseSeedAnswer, type SnodeRecord } from './pool.js';
import type { Transport } from './transport.js';

/**
 * Bootstrap from the seed nodes (network.md §2.1, §2.2): direct HTTPS, never onion-routed, each
 * seed pinned. All seeds are asked in parallel and the first valid answer wins; when none gives
 * one, the error says what each seed did, so "no seed answered" can be told apart from "a seed
 * answered with the wrong certificate".
 */
export const SEED_TIMEOUT_MS = 5_000;

export interface SeedOutcome {
  url: string;
  outcome: 'ok' | 'refused' | 'timeout' | 'wrong-certificate' | 'tls' | 'http-error' | 'bad-answer' | 'error';
  detail: string;
}

/** A seed must be https with a pin (a certificate to trust, or its fingerprint). */
export function checkSeed(seed: NetworkConfig['seeds'][number]): void {
  if (!/^https:\/\//i.test(seed.url))
    throw new SessionError(
      'INVALID_INPUT',
      `seed ${seed.url} is not https: seeds are only reached over pinned TLS`,
    );
  if (!seed.tls.fingerprint256 && !seed.tls.pinnedCertPem)
    throw new SessionError('INVALID_INPUT', `seed ${seed.url} has no certificate pin`);
}

export function seedRequestBody(): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    method: 'get_n_service_nodes',
    params: { active_only: true, fields: Object.fromEntries(NODE_FIELDS.map((f) => [f, true])) },
  });
}

/** The JSON-RPC answer of a seed → node records; anything else is a SessionError. */
export function parseSeedBody(body: Uint8Array): SnodeRecord[] {
  const nodes = parseSeedAnswer(body);
  if (nodes.length === 0) throw new SessionError('BAD_REPLY', 'the seed listed no usable node');
  return nodes;
}

export async function fetchFromSeeds(
  config: NetworkConfig,
  transport: Transport,
  opts: { signal?: AbortSignal | undefined; log?: (line: string) => void } = {},
): Promise<SnodeRecord[]> {
  const log = opts.log ?? (() => undefined);
  if (config.seeds.length === 0) throw new SessionError('INVALID_INPUT', 'the network has no seed nodes');
  config.seeds.forEach(checkSeed);
  const body = seedRequestBody();
  const outcomes: SeedOutcome[] = config.seeds.map((s) => ({
    url: s.url,
    outcome: 'error',
    detail: 'not asked',
  }));
  const attempts = config.seeds.map(async (seed, i) => {
    const started = performance.now();
    try {
      const res = await transport.request(
        { url: `${seed.url.replace(/\/$/, '')}/json_rpc`, tls: seed.tls },
        body,
        {
          timeoutMs: SEED_TIMEOUT_MS,
          headers: { 'content-type': 'application/json' },
          ...(opts.signal ? { signal: opts.signal } : {}),
        },
      );
      if (res.status !== 200) {
        outcomes[i] = { url: seed.url, outcome: 'http-error', detail: `HTTP ${res.status}` };
        throw new Error('http');
      }
      let nodes: SnodeRecord[];
      try {
        nodes = parseSeedBody(res.body);
      } catch (e) {
        outcomes[i] = { url: seed.url, outcome: 'bad-answer', detail: (e as Error).message };
        throw e;
      }
      outcomes[i] = { url: seed.url, outcome: 'ok', detail: `${nodes.length} nodes` };
      log(`seed ${seed.url}: ${nodes.length} nodes in ${Math.round(performance.now() - started)} ms`);
      return nodes;
    } catch (e) {
      if (e instanceof SessionError && e.code === 'INTERRUPTED') throw e;
      if (outcomes[i]!.outcome === 'error' && e instanceof SessionError) {
        const reason = (e.details as { reason?: string } | undefined)?.reason;
        outcomes[i] = {
          url: seed.url,
          outcome:
            reason === 'refused' || reason === 'timeout' || reason === 'wrong-certificate' || reason === 'tls'
              ? reason
              : 'error',
          detail: e.message,
        };
      }
      log(`seed ${seed.url}: ${outcomes[i]!.outcome} (${outcomes[i]!.detail})`);
      throw e;
    }
  });
  try {
    return await Promise.any(attempts);
  } catch (cause) {
    if (opts.signal?.aborted) throw new SessionError('INTERRUPTED', 'interrupted');
    const summary = outcomes.map((o) => `${o.url}: ${o.outcome} (${o.detail})`).join('; ');
    const allCert = outcomes.every((o) => o.outcome === 'wrong-certificate');
    throw new SessionError('NETWORK_UNREACHABLE', `no seed node gave a node list — ${summary}`, {
      cause,
      details: { seeds: outcomes },
      hint: allCert
        ? 'the seed presented another certificate than the pinned one: a wrong --network descriptor, or someone in the middle'
        : 'check the network, or the --network descriptor (is the devnet running?)',
    });
  }
}
