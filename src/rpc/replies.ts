import { fromHex } from '../encoding/bytes.js';
import { SessionError } from '../errors.js';
import { parseServiceNodes, type SnodeRecord } from '../network/pool.js';

/**
 * Validators for storage-RPC reply bodies (network.md §3.3, §6.4, §8), the JSON already parsed.
 * A node can send anything inside a well-encrypted reply, so every value is checked here once and
 * callers get typed values; whatever is wrong becomes `BAD_REPLY` (the node is struck, not
 * trusted), never a TypeError deep inside an action.
 */

export interface RetrievedMessage {
  hash: string;
  timestamp: number;
  expiration: number;
  data: Uint8Array;
}

export interface RetrieveBody {
  messages: RetrievedMessage[];
  more: boolean;
  t: number | undefined;
}

/** One swarm member's entry of a recursive reply (store/delete/expire/...), §6.4. */
export type PeerResult =
  | { ok: true; fields: Record<string, unknown>; signature: Uint8Array | undefined }
  | { ok: false; reason: string };

export interface RecursiveBody {
  /** Keyed by the member's ed25519 key, 64 lowercase hex. */
  swarm: Map<string, PeerResult>;
  t: number | undefined;
  hash: string | undefined;
}

export interface SwarmBody {
  swarmHex: string;
  snodes: SnodeRecord[];
}

export interface BatchResult {
  code: number;
  body: unknown;
}

type Json = Record<string, unknown>;

const HASH_RE = /^[A-Za-z0-9+/]{43}$/;
const ED_KEY_RE = /^[0-9a-f]{64}$/;
// Padded or unpadded standard base64: whole quads, then an optional 2- or 3-char tail.
const B64_STRICT_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;
const HEX_RE = /^(?:[0-9a-fA-F]{2})+$/;
const SIGNATURE_BYTES = 64;
const XCHACHA_NONCE_BYTES = 24;
const AEAD_TAG_BYTES = 16;

function bad(method: string, what: string): SessionError {
  return new SessionError('BAD_REPLY', `${method}: ${what}`, { details: { method } });
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function objectBody(method: string, body: unknown): Json {
  if (!isObject(body)) throw bad(method, 'reply body is not a JSON object');
  return body;
}

/** Milliseconds since the epoch, or an expiry: a non-negative safe integer. */
function isTime(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** Every slot of a list, holes included (as `undefined`), so no entry is skipped unchecked. */
function items(list: unknown[]): unknown[] {
  return Array.from(list);
}

function optionalT(body: Json): number | undefined {
  return typeof body.t === 'number' && Number.isFinite(body.t) ? body.t : undefined;
}

/** Strict base64: invalid characters or a malformed tail are refused, not skipped. */
function decodeBase64(s: string): Uint8Array | undefined {
  if (!B64_STRICT_RE.test(s)) return undefined;
  return new Uint8Array(Buffer.from(s, 'base64'));
}

function hash(method: string, v: unknown, where: string): string {
  if (typeof v !== 'string' || !HASH_RE.test(v)) throw bad(method, `${where} is not a 43-char message hash`);
  return v;
}

/** retrieve (§6.4): `{"messages":[{hash,timestamp,expiration,data}],"more","t","hf"}`. */
export function parseRetrieveBody(body: unknown): RetrieveBody {
  const m = 'retrieve';
  const b = objectBody(m, body);
  if (!Array.isArray(b.messages)) throw bad(m, '`messages` is not an array');
  const messages = items(b.messages).map((entry, i): RetrievedMessage => {
    if (!isObject(entry)) throw bad(m, `messages[${i}] is not an object`);
    const h = hash(m, entry.hash, `messages[${i}].hash`);
    if (!isTime(entry.timestamp)) throw bad(m, `messages[${i}].timestamp is not a timestamp`);
    if (!isTime(entry.expiration)) throw bad(m, `messages[${i}].expiration is not a timestamp`);
    const data = typeof entry.data === 'string' ? decodeBase64(entry.data) : undefined;
    if (!data) throw bad(m, `messages[${i}].data is not base64`);
    return { hash: h, timestamp: entry.timestamp, expiration: entry.expiration, data };
  });
  // Errata E2: booleans may arrive as 1 (bencoded on the way through peers): test truthiness.
  return { messages, more: Boolean(b.more), t: optionalT(b) };
}

function failureReason(entry: Json): string {
  if (entry.timeout) return 'timeout';
  if (entry.bad_peer_response) return 'bad peer response';
  if (entry.query_failure) return 'query failure';
  if (entry.code !== undefined) {
    const reason = typeof entry.reason === 'string' ? `: ${entry.reason.slice(0, 200)}` : '';
    return `code ${typeof entry.code === 'number' ? entry.code : '(not a number)'}${reason}`;
  }
  return 'failed';
}

function peerResult(entry: unknown): PeerResult {
  if (!isObject(entry)) return { ok: false, reason: 'entry is not an object' };
  if (entry.failed) return { ok: false, reason: failureReason(entry) };
  if (entry.signature === undefined) return { ok: true, fields: { ...entry }, signature: undefined };
  const sig = typeof entry.signature === 'string' ? decodeBase64(entry.signature) : undefined;
  if (!sig || sig.length !== SIGNATURE_BYTES)
    return { ok: false, reason: 'signature is not base64 of 64 bytes' };
  return { ok: true, fields: { ...entry }, signature: sig };
}

/**
 * A recursive method's body (§6.4): `{"swarm":{<ed25519 hex>:{…}|{"failed":true,…}},"t","hash"?}`.
 * Entries under keys that are not a node key are ignored (they cannot be verified).
 */
export function parseRecursiveBody(method: string, body: unknown): RecursiveBody {
  const b = objectBody(method, body);
  if (!isObject(b.swarm)) throw bad(method, '`swarm` is not an object');
  const swarm = new Map<string, PeerResult>();
  for (const [key, entry] of Object.entries(b.swarm)) {
    if (ED_KEY_RE.test(key)) swarm.set(key, peerResult(entry));
  }
  return {
    swarm,
    t: optionalT(b),
    hash: b.hash === undefined ? undefined : hash(method, b.hash, '`hash`'),
  };
}

const SWARM_HEX_RE = /^[0-9a-fA-F]{1,16}$/;

/** Swarm ids compare as lowercase hex without leading zeros (as `swarmIdToHex` writes them). */
function normaliseSwarm(hex: string): string {
  return BigInt(`0x${hex}`).toString(16);
}

function port(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^[0-9]{1,5}$/.test(v)) return Number(v);
  return undefined;
}

/**
 * get_swarm and the 421 body (§3.3): `{"snodes":[{ip,port:"…",port_https,pubkey_*}],"swarm"}`.
 * Unusable node entries are dropped; a missing list or swarm id is a bad reply.
 */
export function parseSwarmBody(body: unknown): SwarmBody {
  const m = 'get_swarm';
  const b = objectBody(m, body);
  if (!Array.isArray(b.snodes)) throw bad(m, '`snodes` is not an array');
  if (typeof b.swarm !== 'string' || !SWARM_HEX_RE.test(b.swarm)) throw bad(m, '`swarm` is not a swarm id');
  const swarmHex = normaliseSwarm(b.swarm);
  const states = items(b.snodes).map((s) => {
    if (!isObject(s)) return null;
    // `port_https` is the number; `port` is the same port as a string in the real reply.
    const p = port(s.port_https) ?? port(s.port);
    return {
      public_ip: s.ip,
      storage_port: p,
      pubkey_ed25519: s.pubkey_ed25519,
      pubkey_x25519: s.pubkey_x25519,
      swarm: swarmHex,
    };
  });
  return { swarmHex, snodes: parseServiceNodes(states) };
}

/** batch/sequence: `{"results":[{"code","body"}…]}`; never more results than sub-requests. */
export function parseBatchBody(body: unknown, expected: number): BatchResult[] {
  const m = 'batch';
  const b = objectBody(m, body);
  if (!Array.isArray(b.results)) throw bad(m, '`results` is not an array');
  if (b.results.length > expected) throw bad(m, `${b.results.length} results for ${expected} sub-requests`);
  return items(b.results).map((r, i): BatchResult => {
    if (!isObject(r)) throw bad(m, `results[${i}] is not an object`);
    if (typeof r.code !== 'number' || !Number.isInteger(r.code) || r.code < 100 || r.code > 599)
      throw bad(m, `results[${i}].code is not an HTTP status`);
    return { code: r.code, body: r.body };
  });
}

/** info (§6.4): `{"version":[maj,min,patch],"timestamp","t","hf"}`. */
export function parseInfoBody(body: unknown): {
  t: number;
  version: [number, number, number] | undefined;
} {
  const m = 'info';
  const b = objectBody(m, body);
  const t = optionalT(b) ?? (isTime(b.timestamp) ? b.timestamp : undefined);
  if (t === undefined) throw bad(m, 'no network time (`t`)');
  const v = b.version;
  const version =
    Array.isArray(v) && v.length === 3 && items(v).every(isTime)
      ? ([v[0], v[1], v[2]] as [number, number, number])
      : undefined;
  return { t, version };
}

/** get_expiries (§6.4): `{"expiries":{hash:expiryMs}}`. */
export function parseExpiriesBody(body: unknown): Map<string, number> {
  const m = 'get_expiries';
  const b = objectBody(m, body);
  if (!isObject(b.expiries)) throw bad(m, '`expiries` is not an object');
  const out = new Map<string, number>();
  for (const [h, expiry] of Object.entries(b.expiries)) {
    hash(m, h, 'an `expiries` key');
    if (!isTime(expiry)) throw bad(m, `expiry of ${h} is not a timestamp`);
    out.set(h, expiry);
  }
  return out;
}

/**
 * oxend_request ons_resolve (§8 step 4): `{"result":{"encrypted_value":hex,"nonce":hex}}`; both
 * absent → not registered (`undefined`). No nonce is a legacy record.
 */
export function parseOnsBody(
  body: unknown,
): { encryptedValue: Uint8Array; nonce: Uint8Array | undefined } | undefined {
  const m = 'ons_resolve';
  const b = objectBody(m, body);
  if (!isObject(b.result)) throw bad(m, '`result` is not an object');
  const { encrypted_value: ev, nonce } = b.result;
  if (ev === undefined && nonce === undefined) return undefined;
  if (typeof ev !== 'string' || !HEX_RE.test(ev)) throw bad(m, '`encrypted_value` is not hex');
  const encryptedValue = fromHex(ev);
  if (encryptedValue.length <= AEAD_TAG_BYTES) throw bad(m, '`encrypted_value` is too short');
  if (nonce === undefined) return { encryptedValue, nonce: undefined };
  if (typeof nonce !== 'string' || !HEX_RE.test(nonce) || nonce.length !== XCHACHA_NONCE_BYTES * 2)
    throw bad(m, '`nonce` is not 24 bytes of hex');
  return { encryptedValue, nonce: fromHex(nonce) };
}
