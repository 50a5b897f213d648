import { sign, verify } from '../crypto/keys.js';
import { fromBase64, fromHex, toBase64, toHex, utf8 } from '../encoding/bytes.js';
import { SessionError } from '../errors.js';
import type { SessionNetwork } from '../network/session-network.js';

/**
 * Typed storage-RPC calls with the exact signed strings of network.md §6.3, and verification of
 * the swarm members' signatures on recursive results (§6.5).
 */
export interface AccountSigner {
  accountId: string; // "05…"
  ed25519Pk: Uint8Array;
  ed25519Sk: Uint8Array;
}

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

function rejected(method: string, status: number, text: string): SessionError {
  if (status === 429)
    return new SessionError('RATE_LIMITED', `${method}: rate limited by the node`, { hint: 'retry later' });
  if (status === 406 || status === 425) return new SessionError('CLOCK_SKEW', `${method}: ${text}`);
  return new SessionError('REMOTE_REJECTED', `${method} refused: ${status} ${text}`, {
    details: { status, text },
  });
}

export interface StoreResult {
  hash: string;
  /** Swarm members that confirmed with a valid signature. */
  confirmations: number;
}

/** Stores in an account's swarm; `data` is the raw message, sent base64. Unsigned for ns 0. */
export async function storeMessage(
  net: SessionNetwork,
  p: { to: string; namespace: number; data: Uint8Array; ttl: number; signer?: AccountSigner },
  signal?: AbortSignal,
): Promise<StoreResult> {
  const dataB64 = toBase64(p.data);
  const params = async () => {
    const timestamp = net.now();
    return {
      pubkey: p.to,
      namespace: p.namespace,
      timestamp,
      ttl: p.ttl,
      data: dataB64,
      ...(p.signer ? await signedAuth(p.signer, signatureMessages.store(p.namespace, timestamp)) : {}),
    };
  };
  // Params are rebuilt per attempt (a clock resync changes the timestamp); data is fixed, so every
  // retry stores the same message hash and nothing is stored twice.
  const reply = await net.rpcToSwarm(p.to, 'store', params, signal);
  if (reply.status !== 200) throw rejected('store', reply.status, reply.text);
  const body = reply.body as {
    hash?: string;
    swarm?: Record<string, { hash?: string; signature?: string; failed?: boolean }>;
  };
  if (typeof body.hash !== 'string') throw new SessionError('REMOTE_REJECTED', 'store reply without a hash');
  let confirmations = 0;
  for (const [ed, r] of Object.entries(body.swarm ?? {})) {
    if (r.failed || !r.signature || r.hash !== body.hash) continue;
    if (await verify(fromBase64(r.signature), utf8(r.hash), fromHex(ed))) confirmations++;
  }
  if (confirmations === 0)
    throw new SessionError('BAD_SIGNATURE', 'no swarm member signed the stored message hash');
  return { hash: body.hash, confirmations };
}

export interface RetrievedMessage {
  hash: string;
  timestamp: number;
  expiration: number;
  data: Uint8Array;
}

export async function retrieveMessages(
  net: SessionNetwork,
  p: {
    signer: AccountSigner;
    namespace: number;
    lastHash: (nodeEd: string) => string | undefined;
    maxSize?: number;
  },
  signal?: AbortSignal,
): Promise<{ messages: RetrievedMessage[]; more: boolean; nodeEd25519: string }> {
  let node = '';
  const build = () => {
    // Signing is async; rpcToSwarm needs params synchronously, so sign ahead for this attempt.
    return prepared;
  };
  let prepared: object = {};
  const prepare = async (nodeEd: string) => {
    const timestamp = net.now();
    const lh = p.lastHash(nodeEd);
    prepared = {
      pubkey: p.signer.accountId,
      namespace: p.namespace,
      timestamp,
      ...(lh ? { last_hash: lh } : {}),
      ...(p.maxSize === undefined ? {} : { max_size: p.maxSize }),
      ...(await signedAuth(p.signer, signatureMessages.retrieve(p.namespace, timestamp))),
    };
  };
  const members = net.swarmOf(p.signer.accountId);
  if (members.length === 0) await net.bootstrap(signal);
  const target = net.swarmOf(p.signer.accountId);
  const pick = target[Math.floor(Math.random() * target.length)];
  if (!pick) throw new SessionError('NETWORK_UNREACHABLE', 'no swarm for our account');
  node = pick.ed25519;
  await prepare(node);
  let reply;
  try {
    reply = await net.rpcToNode(pick, 'retrieve', build(), signal);
  } catch (e) {
    if (e instanceof SessionError && e.code === 'CLOCK_SKEW') {
      await prepare(node);
      reply = await net.rpcToNode(pick, 'retrieve', build(), signal);
    } else {
      // Another member of the swarm (the failing one may be down).
      const other = target.filter((n) => n.ed25519 !== node);
      const alt = other[Math.floor(Math.random() * other.length)];
      if (!alt) throw e;
      node = alt.ed25519;
      await prepare(node);
      reply = await net.rpcToNode(alt, 'retrieve', build(), signal);
    }
  }
  if (reply.status !== 200) throw rejected('retrieve', reply.status, reply.text);
  const body = reply.body as {
    messages?: { hash: string; timestamp: number; expiration: number; data: string }[];
    more?: boolean;
  };
  return {
    messages: (body.messages ?? []).map((m) => ({
      hash: m.hash,
      timestamp: m.timestamp,
      expiration: m.expiration,
      data: fromBase64(m.data),
    })),
    more: body.more === true,
    nodeEd25519: node,
  };
}

export async function deleteMessages(
  net: SessionNetwork,
  signer: AccountSigner,
  hashes: string[],
  signal?: AbortSignal,
): Promise<string[]> {
  const auth = await signedAuth(signer, signatureMessages.delete(hashes));
  const reply = await net.rpcToSwarm(
    signer.accountId,
    'delete',
    { pubkey: signer.accountId, messages: hashes, ...auth },
    signal,
  );
  if (reply.status !== 200) throw rejected('delete', reply.status, reply.text);
  const swarm = (reply.body as { swarm?: Record<string, { deleted?: string[] }> }).swarm ?? {};
  return [...new Set(Object.values(swarm).flatMap((r) => r.deleted ?? []))];
}

/** Shortens the expiry of our own messages (after-read disappearing, messages.md §6). */
export async function shortenExpiry(
  net: SessionNetwork,
  signer: AccountSigner,
  hashes: string[],
  expiry: number,
  signal?: AbortSignal,
): Promise<string[]> {
  const auth = await signedAuth(signer, signatureMessages.expire('shorten', expiry, hashes));
  const reply = await net.rpcToSwarm(
    signer.accountId,
    'expire',
    { pubkey: signer.accountId, messages: hashes, expiry, shorten: true, ...auth },
    signal,
  );
  if (reply.status !== 200) throw rejected('expire', reply.status, reply.text);
  const swarm = (reply.body as { swarm?: Record<string, { updated?: string[] }> }).swarm ?? {};
  return [...new Set(Object.values(swarm).flatMap((r) => r.updated ?? []))];
}

/** Up to 20 sub-requests to one node in one onion request (§6.1); results in request order. */
export async function batch(
  net: SessionNetwork,
  node: Parameters<SessionNetwork['rpcToNode']>[0],
  requests: { method: string; params: object }[],
  signal?: AbortSignal,
): Promise<{ code: number; body: unknown }[]> {
  if (requests.length === 0 || requests.length > 20) {
    throw new SessionError('INVALID_INPUT', 'a batch holds 1 to 20 requests');
  }
  const reply = await net.rpcToNode(node, 'batch', { requests }, signal);
  if (reply.status !== 200) throw rejected('batch', reply.status, reply.text);
  return (reply.body as { results: { code: number; body: unknown }[] }).results;
}
