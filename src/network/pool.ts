import { fromUtf8 } from '../encoding/bytes.js';
import { SessionError } from '../errors.js';
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

const IPV4_OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';
const IPV4_RE = new RegExp(`^${IPV4_OCTET}(?:\\.${IPV4_OCTET}){3}$`);
const KEY_HEX_RE = /^[0-9a-fA-F]{64}$/;
const SWARM_HEX_RE = /^[0-9a-fA-F]{1,16}$/;
/** A node without a (valid) swarm: usable as a relay, never picked as a swarm (§3.2). */
const NO_SWARM = 'ffffffffffffffff';

/**
 * Turns `service_node_states` into records, dropping nodes without a usable address (§2.3). Any
 * entry a node or seed can send is survived: non-objects and unusable entries are skipped.
 */
export function parseServiceNodes(states: unknown): SnodeRecord[] {
  if (!Array.isArray(states)) return [];
  const out: SnodeRecord[] = [];
  for (const s of states as unknown[]) {
    if (typeof s !== 'object' || s === null || Array.isArray(s)) continue;
    const {
      public_ip: ip,
      storage_port: port,
      pubkey_ed25519: ed,
      pubkey_x25519: x,
      swarm,
    } = s as Record<string, unknown>;
    if (typeof ip !== 'string' || !IPV4_RE.test(ip) || ip === '0.0.0.0' || ip === '255.255.255.255') continue;
    if (typeof ed !== 'string' || !KEY_HEX_RE.test(ed) || typeof x !== 'string' || !KEY_HEX_RE.test(x))
      continue;
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) continue;
    out.push({
      ip,
      port,
      ed25519: ed.toLowerCase(),
      x25519: x.toLowerCase(),
      // Swarm ids compare as lowercase hex without leading zeros (swarmIdToHex).
      swarm:
        typeof swarm === 'string' && SWARM_HEX_RE.test(swarm) ? BigInt(`0x${swarm}`).toString(16) : NO_SWARM,
    });
  }
  return out;
}

/**
 * The seed's raw HTTP body (a JSON-RPC envelope, §2.1) to node records. Anything that is not a
 * `result` with a `service_node_states` list is BAD_REPLY.
 */
export function parseSeedAnswer(bytes: Uint8Array): SnodeRecord[] {
  const bad = (what: string, cause?: unknown) =>
    new SessionError('BAD_REPLY', `seed: ${what}`, {
      details: { method: 'get_n_service_nodes' },
      ...(cause === undefined ? {} : { cause }),
    });
  let envelope: unknown;
  try {
    envelope = JSON.parse(fromUtf8(bytes));
  } catch (cause) {
    throw bad('answer is not JSON', cause);
  }
  if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope))
    throw bad('answer is not a JSON-RPC object');
  const { result, error } = envelope as Record<string, unknown>;
  if (error !== undefined && error !== null) {
    const message = (error as { message?: unknown } | null)?.message;
    throw bad(
      `error ${typeof message === 'string' ? message.slice(0, 200) : JSON.stringify(error).slice(0, 200)}`,
    );
  }
  if (typeof result !== 'object' || result === null || Array.isArray(result)) throw bad('no `result` object');
  const states = (result as Record<string, unknown>).service_node_states;
  if (!Array.isArray(states)) throw bad('`service_node_states` is not a list');
  return parseServiceNodes(states);
}
