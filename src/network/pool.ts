import { fromUtf8 } from '../encoding/bytes.js';
import { SessionError } from '../errors.js';
import type { NetworkConfig } from './config.js';
import type { Transport } from './transport.js';

/** A storage node as the client knows it (network.md §2.3). */
export interface SnodeRecord {
  ip: string;
  port: number;
  ed25519: string;
  x25519: string;
  /** Swarm id, lowercase hex. */
  swarm: string;
}

export const NODE_FIELDS = ['public_ip', 'storage_port', 'pubkey_x25519', 'pubkey_ed25519', 'swarm'];

/** Turns `service_node_states` into records, dropping nodes without a usable address (§2.3). */
export function parseServiceNodes(states: unknown): SnodeRecord[] {
  if (!Array.isArray(states)) return [];
  const out: SnodeRecord[] = [];
  for (const s of states as Record<string, unknown>[]) {
    const ip = s.public_ip;
    if (typeof ip !== 'string' || ip === '' || ip === '0.0.0.0' || ip === '255.255.255.255') continue;
    const ed = s.pubkey_ed25519;
    const x = s.pubkey_x25519;
    if (
      typeof ed !== 'string' ||
      !/^[0-9a-f]{64}$/.test(ed) ||
      typeof x !== 'string' ||
      !/^[0-9a-f]{64}$/.test(x)
    )
      continue;
    if (typeof s.storage_port !== 'number' || s.storage_port <= 0) continue;
    out.push({
      ip,
      port: s.storage_port,
      ed25519: ed,
      x25519: x,
      swarm: typeof s.swarm === 'string' ? s.swarm : 'ffffffffffffffff',
    });
  }
  return out;
}

/** §2.1: ask every seed in parallel, take the first valid answer. */
export async function fetchFromSeeds(
  config: NetworkConfig,
  transport: Transport,
  signal?: AbortSignal,
): Promise<SnodeRecord[]> {
  const body = JSON.stringify({
    jsonrpc: '2.0',
    method: 'get_n_service_nodes',
    params: { active_only: true, fields: Object.fromEntries(NODE_FIELDS.map((f) => [f, true])) },
  });
  const attempts = config.seeds.map(async (seed) => {
    const res = await transport.request({ url: `${seed.url}/json_rpc`, tls: seed.tls }, body, {
      timeoutMs: 5000,
      headers: { 'content-type': 'application/json' },
      ...(signal ? { signal } : {}),
    });
    if (res.status !== 200) throw new Error(`seed answered ${res.status}`);
    const nodes = parseServiceNodes(
      (JSON.parse(fromUtf8(res.body)) as { result?: { service_node_states?: unknown } }).result
        ?.service_node_states,
    );
    if (nodes.length === 0) throw new Error('seed returned no nodes');
    return nodes;
  });
  try {
    return await Promise.any(attempts);
  } catch (cause) {
    throw new SessionError('NETWORK_UNREACHABLE', 'no seed node answered', {
      cause,
      hint: 'check the network, or the --network descriptor (is the devnet running?)',
    });
  }
}

/** /24 of an IPv4 address: nodes sharing it never share a path (§5). */
export function subnet(ip: string): string {
  return ip.split('.').slice(0, 3).join('.');
}
