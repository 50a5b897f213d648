import { sign, verify } from '../crypto/keys.js';
import { fromHex, toBase64, toHex, utf8 } from '../encoding/bytes.js';
import { SessionError } from '../errors.js';
import type { SnodeReply } from '../network/onion-request.js';
import type { SnodeRecord } from '../network/pool.js';
import { innerRefusal, type SessionNetwork } from '../network/session-network.js';
import { messageHash } from './message-hash.js';
import {
  parseBatchBody,
  parseRecursiveBody,
  parseRetrieveBody,
  type BatchResult,
  type PeerResult,
  type RetrievedMessage,
} from './replies.js';

export type { RetrievedMessage } from './replies.js';

/**
 * Typed storage-RPC calls with the exact signed strings of network.md §6.3, and verification of
 * the swarm members' answers (§6.5): a result counts only when a member of the account's swarm
 * signed it. A reply that fails verification is a bad reply: that node is struck and another
 * member asked.
 */
export interface AccountSigner {
  accountId: string; // "05…"
  ed25519Pk: Uint8Array;
  ed25519Sk: Uint8Array;
}

/**
 * Any other way to sign a request for an account: a group's admin key (03, no pubkey_ed25519) or
 * a member's subaccount (groups-and-config.md §4.5). Returns the auth fields of the request.
 */
export interface RequestAuth {
  accountId: string;
  auth(message: string): Promise<Record<string, string>>;
}

const authFields = (s: AccountSigner | RequestAuth, message: string): Promise<Record<string, string>> =>
  'auth' in s ? s.auth(message) : signedAuth(s, message);

const nsStr = (ns: number) => (ns === 0 ? '' : String(ns));

export async function signedAuth(
  signer: AccountSigner,
  message: string,
): Promise<{ pubkey_ed25519: string; signature: string }> {
  return {
    pubkey_ed25519: toHex(signer.ed25519Pk),
    signature: toBase64(await sign(utf8(message), signer.ed25519Sk)),
  };
}

export const signatureMessages = {
  retrieve: (ns: number, ts: number) => `retrieve${nsStr(ns)}${ts}`,
  store: (ns: number, ts: number) => `store${nsStr(ns)}${ts}`,
  delete: (hashes: string[]) => `delete${hashes.join('')}`,
  deleteAll: (ns: number | 'all', ts: number) => `delete_all${ns === 'all' ? 'all' : nsStr(ns)}${ts}`,
  expire: (mode: '' | 'shorten' | 'extend', expiry: number, hashes: string[]) =>
    `expire${mode}${expiry}${hashes.join('')}`,
  getExpiries: (ts: number, hashes: string[]) => `get_expiries${ts}${hashes.join('')}`,
};

/** What swarm members sign in their answers (§6.5). */
export const resultMessages = {
  store: (hash: string) => hash,
  delete: (pubkeyHex: string, requested: string[], deleted: string[]) =>
    `${pubkeyHex}${requested.join('')}${[...deleted].sort().join('')}`,
  expire: (
    pubkeyHex: string,
    appliedExpiry: number,
    requested: string[],
    updated: string[],
    unchanged: Record<string, number>,
  ) =>
    `${pubkeyHex}${appliedExpiry}${requested.join('')}${[...updated].sort().join('')}${Object.keys(unchanged)
      .sort()
      .map((h) => `${h}${unchanged[h]}`)
      .join('')}`,
};

function rejected(method: string, status: number, text: string): SessionError {
  if (status === 429)
    return new SessionError('RATE_LIMITED', `${method}: rate limited by the node`, { hint: 'retry later' });
  if (status === 406 || status === 425) return new SessionError('CLOCK_SKEW', `${method}: ${text}`);
  if (status === 413) return new SessionError('TOO_LARGE', `${method}: ${text}`);
  return new SessionError('REMOTE_REJECTED', `${method} refused: ${status} ${text.slice(0, 200)}`, {
    details: { status, text: text.slice(0, 200) },
  });
}

/** The swarm members (ed25519 hex) whose signatures count for an account. */
function memberKeys(net: SessionNetwork, accountId: string, answered: SnodeRecord): Set<string> {
  const keys = new Set(net.swarmOf(accountId).map((n) => n.ed25519));
  keys.add(answered.ed25519);
  return keys;
}

/** Verifies each member's signed result; returns the members whose signature is valid. */
async function verifiedMembers(
  swarm: Map<string, PeerResult>,
  members: Set<string>,
  signed: (fields: Record<string, unknown>) => string | undefined,
): Promise<{ confirmed: string[]; failed: { node: string; reason: string }[] }> {
  const confirmed: string[] = [];
  const failed: { node: string; reason: string }[] = [];
  for (const [ed, r] of swarm) {
    if (!members.has(ed)) {
      failed.push({ node: ed, reason: 'not a member of the swarm' });
      continue;
    }
    if (!r.ok) {
      failed.push({ node: ed, reason: r.reason });
      continue;
    }
    const message = signed(r.fields);
    if (!r.signature || message === undefined) {
      failed.push({ node: ed, reason: 'no signed result' });
      continue;
    }
    if (await verify(r.signature, utf8(message), fromHex(ed))) confirmed.push(ed);
    else failed.push({ node: ed, reason: 'bad signature' });
  }
  return { confirmed, failed };
}

export interface StoreResult {
  hash: string;
  /** Swarm members that confirmed with a valid signature over the expected hash. */
  confirmations: number;
  /** Members that did not (failed, timed out, or signed something else). */
  failed: { node: string; reason: string }[];
}

/** Stores in an account's swarm; `data` is the raw message, sent base64. Unsigned for ns 0. */
export async function storeMessage(
  net: SessionNetwork,
  p: { to: string; namespace: number; data: Uint8Array; ttl: number; signer?: AccountSigner | RequestAuth },
  signal?: AbortSignal,
): Promise<StoreResult> {
  const dataB64 = toBase64(p.data);
  const expectedHash = await messageHash(fromHex(p.to), p.namespace, p.data);
  const params = async () => {
    const timestamp = net.now();
    return {
      pubkey: p.to,
      namespace: p.namespace,
      timestamp,
      ttl: p.ttl,
      data: dataB64,
      ...(p.signer ? await authFields(p.signer, signatureMessages.store(p.namespace, timestamp)) : {}),
    };
  };
  let verified: StoreResult | undefined;
  // Params are rebuilt per attempt (a clock resync changes the timestamp); data is fixed, so every
  // attempt stores the same message hash and nothing is stored twice.
  const reply = await net.rpcToSwarm(p.to, 'store', params, {
    signal,
    unknownOutcome: 'DELIVERY_UNKNOWN',
    check: async (r, node) => {
      const body = parseRecursiveBody('store', r.body);
      if (body.hash !== undefined && body.hash !== expectedHash)
        throw new SessionError(
          'BAD_REPLY',
          `store: the node reported hash ${body.hash}, not ${expectedHash}`,
        );
      const { confirmed, failed } = await verifiedMembers(body.swarm, memberKeys(net, p.to, node), (f) =>
        f.hash === expectedHash ? resultMessages.store(expectedHash) : undefined,
      );
      if (confirmed.length === 0)
        throw new SessionError('BAD_SIGNATURE', 'store: no swarm member signed the message hash');
      verified = { hash: expectedHash, confirmations: confirmed.length, failed };
    },
  });
  if (reply.status !== 200 || !verified) throw rejected('store', reply.status, reply.text);
  return verified;
}

export async function retrieveMessages(
  net: SessionNetwork,
  p: {
    signer: AccountSigner | RequestAuth;
    namespace: number;
    lastHash: (nodeEd: string) => string | undefined;
    maxSize?: number;
    /** Members to ask only if no other answers (the ones already polled this round). */
    preferNot?: readonly string[];
  },
  signal?: AbortSignal,
): Promise<{ messages: RetrievedMessage[]; more: boolean; nodeEd25519: string }> {
  const params = async (node: SnodeRecord) => {
    const timestamp = net.now();
    const lh = p.lastHash(node.ed25519);
    return {
      pubkey: p.signer.accountId,
      namespace: p.namespace,
      timestamp,
      ...(lh ? { last_hash: lh } : {}),
      ...(p.maxSize === undefined ? {} : { max_size: p.maxSize }),
      ...(await authFields(p.signer, signatureMessages.retrieve(p.namespace, timestamp))),
    };
  };
  let parsed: ReturnType<typeof parseRetrieveBody> | undefined;
  // A retrieve follows 421 like every swarm request: after a swarm change the old members answer
  // 421 with the new swarm (errata E14).
  const reply = await net.rpcToSwarm(p.signer.accountId, 'retrieve', params, {
    signal,
    ...(p.preferNot ? { preferNot: p.preferNot } : {}),
    check: (r) => {
      parsed = parseRetrieveBody(r.body);
    },
  });
  if (reply.status !== 200 || !parsed) throw rejected('retrieve', reply.status, reply.text);
  return { messages: parsed.messages, more: parsed.more, nodeEd25519: reply.node.ed25519 };
}

/**
 * Several namespaces of one account in one `batch` request to one swarm member (network.md §6.1):
 * each sub-request is a retrieve signed for its namespace, with that member's cursor. `namespaces`
 * may depend on the member (ones already drained there are left out); a sub-request refused
 * (non-200) or a reply that does not parse is a bad reply, and the chain asks another member.
 */
export async function retrieveBatch(
  net: SessionNetwork,
  p: {
    signer: AccountSigner | RequestAuth;
    namespaces: (nodeEd: string) => number[];
    lastHash: (nodeEd: string, namespace: number) => string | undefined;
    maxSize?: number;
    preferNot?: readonly string[];
  },
  signal?: AbortSignal,
): Promise<{
  results: Map<number, { messages: RetrievedMessage[]; more: boolean }>;
  nodeEd25519: string;
}> {
  const asked = new Map<string, number[]>();
  const params = async (node: SnodeRecord) => {
    const namespaces = p.namespaces(node.ed25519);
    if (namespaces.length === 0 || namespaces.length > 20)
      throw new SessionError('INVALID_INPUT', 'a batch holds 1 to 20 requests');
    asked.set(node.ed25519, namespaces);
    const timestamp = net.now();
    const requests = [];
    for (const namespace of namespaces) {
      const lh = p.lastHash(node.ed25519, namespace);
      requests.push({
        method: 'retrieve',
        params: {
          pubkey: p.signer.accountId,
          namespace,
          timestamp,
          ...(lh ? { last_hash: lh } : {}),
          ...(p.maxSize === undefined ? {} : { max_size: p.maxSize }),
          ...(await authFields(p.signer, signatureMessages.retrieve(namespace, timestamp))),
        },
      });
    }
    return { requests };
  };
  let parsed: Map<number, { messages: RetrievedMessage[]; more: boolean }> | undefined;
  const reply = await net.rpcToSwarm(p.signer.accountId, 'batch', params, {
    signal,
    kind: 'retrieve',
    ...(p.preferNot ? { preferNot: p.preferNot } : {}),
    check: (r, node) => {
      const namespaces = asked.get(node.ed25519) ?? [];
      const subs = parseBatchBody(r.body, namespaces.length);
      if (subs.length !== namespaces.length)
        throw new SessionError(
          'BAD_REPLY',
          `batch: ${subs.length} results for ${namespaces.length} retrieves`,
        );
      const out = new Map<number, { messages: RetrievedMessage[]; more: boolean }>();
      subs.forEach((s, i) => {
        // a signed retrieve refused on its timestamp: our clock (SS answers it per sub-request)
        if (s.code === 406)
          throw innerRefusal(
            'batch',
            s.code,
            typeof s.body === 'string' ? s.body : JSON.stringify(s.body ?? ''),
          );
        if (s.code !== 200)
          throw new SessionError(
            'BAD_REPLY',
            `batch: retrieve of namespace ${namespaces[i]} answered ${s.code}`,
          );
        const b = parseRetrieveBody(s.body);
        out.set(namespaces[i]!, { messages: b.messages, more: b.more });
      });
      parsed = out;
    },
  });
  if (reply.status !== 200 || !parsed) throw rejected('batch', reply.status, reply.text);
  return { results: parsed, nodeEd25519: reply.node.ed25519 };
}

export interface SwarmWriteResult {
  /** Hashes the verified members report (deleted / updated). */
  hashes: string[];
  /** Members whose signed result verified. */
  confirmed: string[];
  /** Members that failed or whose signature did not verify. */
  failed: { node: string; reason: string }[];
}

function hashList(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: string[] = [];
  for (const h of v as unknown[]) {
    if (typeof h !== 'string') return undefined;
    out.push(h);
  }
  return out;
}

/**
 * Deletes our own messages from our swarm (or, with a group's admin auth, from the group's);
 * every member's answer is verified (§6.5).
 */
export async function deleteMessagesVerified(
  net: SessionNetwork,
  signer: AccountSigner | RequestAuth,
  hashes: string[],
  signal?: AbortSignal,
): Promise<SwarmWriteResult> {
  const auth = await authFields(signer, signatureMessages.delete(hashes));
  let result: SwarmWriteResult | undefined;
  const reply = await net.rpcToSwarm(
    signer.accountId,
    'delete',
    { pubkey: signer.accountId, messages: hashes, ...auth },
    {
      signal,
      check: async (r, node) => {
        const body = parseRecursiveBody('delete', r.body);
        const found = new Set<string>();
        const v = await verifiedMembers(body.swarm, memberKeys(net, signer.accountId, node), (f) => {
          const deleted = hashList(f.deleted);
          if (!deleted) return undefined;
          deleted.forEach((h) => found.add(h));
          return resultMessages.delete(signer.accountId, hashes, deleted);
        });
        if (v.confirmed.length === 0)
          throw new SessionError('BAD_SIGNATURE', 'delete: no swarm member signed its result');
        result = { hashes: [...found], ...v };
      },
    },
  );
  if (reply.status !== 200 || !result) throw rejected('delete', reply.status, reply.text);
  return result;
}

export async function deleteMessages(
  net: SessionNetwork,
  signer: AccountSigner | RequestAuth,
  hashes: string[],
  signal?: AbortSignal,
): Promise<string[]> {
  return (await deleteMessagesVerified(net, signer, hashes, signal)).hashes;
}

/** Shortens the expiry of our own messages (after-read disappearing, messages.md §6). */
export async function shortenExpiryVerified(
  net: SessionNetwork,
  signer: AccountSigner,
  hashes: string[],
  expiry: number,
  signal?: AbortSignal,
): Promise<SwarmWriteResult> {
  const auth = await signedAuth(signer, signatureMessages.expire('shorten', expiry, hashes));
  let result: SwarmWriteResult | undefined;
  const reply = await net.rpcToSwarm(
    signer.accountId,
    'expire',
    { pubkey: signer.accountId, messages: hashes, expiry, shorten: true, ...auth },
    {
      signal,
      check: async (r, node) => {
        const body = parseRecursiveBody('expire', r.body);
        const found = new Set<string>();
        const v = await verifiedMembers(body.swarm, memberKeys(net, signer.accountId, node), (f) => {
          const updated = hashList(f.updated);
          const applied = f.expiry;
          const unchanged = (f.unchanged ?? {}) as Record<string, unknown>;
          if (!updated || typeof applied !== 'number' || typeof unchanged !== 'object' || unchanged === null)
            return undefined;
          if (!Object.values(unchanged).every((x) => typeof x === 'number')) return undefined;
          updated.forEach((h) => found.add(h));
          return resultMessages.expire(
            signer.accountId,
            applied,
            hashes,
            updated,
            unchanged as Record<string, number>,
          );
        });
        if (v.confirmed.length === 0)
          throw new SessionError('BAD_SIGNATURE', 'expire: no swarm member signed its result');
        result = { hashes: [...found], ...v };
      },
    },
  );
  if (reply.status !== 200 || !result) throw rejected('expire', reply.status, reply.text);
  return result;
}

export async function shortenExpiry(
  net: SessionNetwork,
  signer: AccountSigner,
  hashes: string[],
  expiry: number,
  signal?: AbortSignal,
): Promise<string[]> {
  return (await shortenExpiryVerified(net, signer, hashes, expiry, signal)).hashes;
}

/** Up to 20 sub-requests to one node in one onion request (§6.1); results in request order. */
export async function batch(
  net: SessionNetwork,
  node: SnodeRecord,
  requests: { method: string; params: object }[],
  signal?: AbortSignal,
): Promise<BatchResult[]> {
  if (requests.length === 0 || requests.length > 20) {
    throw new SessionError('INVALID_INPUT', 'a batch holds 1 to 20 requests');
  }
  const reply: SnodeReply = await net.rpcToNode(node, 'batch', { requests }, { signal });
  if (reply.status !== 200) throw rejected('batch', reply.status, reply.text);
  return parseBatchBody(reply.body, requests.length);
}
