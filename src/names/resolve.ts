import { loadSodium } from '../crypto/sodium.js';
import { toBase64, toHex, utf8 } from '../encoding/bytes.js';
import { SessionError, isSessionError } from '../errors.js';
import type { NetworkCache, SessionNetwork } from '../network/session-network.js';
import { parseOnsBody } from '../rpc/replies.js';

/**
 * ONS/SNS names (network.md §8): a name resolves to an Account ID only when three random nodes,
 * asked over onion requests, all return records that decrypt to the same ID. One node that lies
 * (or fails) makes the resolution fail rather than send to a stranger.
 */
export const NAME_RE = /^\w([\w-]*\w)?$/;
const AGREEMENT = 3;
/** A resolved name is kept this long (names change hands rarely; a stale answer costs little). */
export const NAME_CACHE_MS = 3600_000;

export function normaliseName(name: string): string {
  const lower = name.toLowerCase();
  // ASCII only: non-ASCII names are registered in Punycode, which we do not convert (yet).
  if (lower.length < 1 || lower.length > 64 || !NAME_RE.test(lower) || /[^\x00-\x7f]/.test(lower)) {
    throw new SessionError('INVALID_NAME', `"${name}" is not a valid Session name`, {
      hint: 'letters, digits, "_" and inner "-", 1 to 64 characters',
    });
  }
  return lower;
}

/**
 * Whether a recipient string is meant as a name rather than an Account ID: anything that starts
 * like an ID (`05`, `03`, `15`, `25` and only hex digits) is an ID, valid or not, so a mistyped ID
 * is reported as one (exit 2) instead of being looked up as a name.
 */
export function looksLikeName(s: string): boolean {
  return !/^(05|03|15|25)[0-9a-fA-F]*$/.test(s) && NAME_RE.test(s) && s.length <= 64;
}

/** §8 steps 2 and 5: the lookup hash, and the key the record is encrypted with. */
export async function nameKeys(name: string): Promise<{ nameHash: Uint8Array; key: Uint8Array }> {
  const sodium = await loadSodium();
  const nameHash = sodium.crypto_generichash(32, utf8(name), null);
  return { nameHash, key: sodium.crypto_generichash(32, utf8(name), nameHash) };
}

/** Decrypts one record to the 33-byte Account ID it holds (the `05` prefix included, §8 step 5). */
export async function decryptOnsRecord(
  name: string,
  record: { encryptedValue: Uint8Array; nonce: Uint8Array | undefined },
): Promise<string> {
  if (!record.nonce) {
    // Pre-HF16 records (Argon2 + secretbox) were migrated; Session Desktop dropped the path in 2023.
    throw new SessionError('BAD_REPLY', 'ons_resolve: a legacy record without a nonce (not supported)');
  }
  const sodium = await loadSodium();
  const { key } = await nameKeys(name);
  let plain: Uint8Array;
  try {
    plain = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      record.encryptedValue,
      null,
      record.nonce,
      key,
    );
  } catch (cause) {
    throw new SessionError('DECRYPT_FAILED', 'ons_resolve: the record does not decrypt with the name', {
      cause,
    });
  }
  if (plain.length !== 33 || plain[0] !== 0x05)
    throw new SessionError('BAD_REPLY', 'ons_resolve: the record does not hold a 05 Account ID');
  return toHex(plain);
}

export interface ResolveResult {
  name: string;
  accountId: string;
  /** Where the answer came from. */
  source: 'network' | 'cache';
}

export async function resolveName(
  net: SessionNetwork,
  nameIn: string,
  opts: { signal?: AbortSignal; cache?: NetworkCache; now?: () => number } = {},
): Promise<ResolveResult> {
  const name = normaliseName(nameIn); // before any network traffic
  const now = opts.now ?? Date.now;
  const cacheKey = `ons:${name}`;
  const cached = opts.cache?.get(cacheKey) as { accountId?: unknown; at?: unknown } | undefined;
  if (
    cached &&
    typeof cached.accountId === 'string' &&
    typeof cached.at === 'number' &&
    now() - cached.at < NAME_CACHE_MS
  )
    return { name, accountId: cached.accountId, source: 'cache' };

  await net.bootstrap(opts.signal);
  const { nameHash } = await nameKeys(name);
  const askers = net.randomNodes(AGREEMENT);
  if (askers.length < AGREEMENT)
    throw new SessionError(
      'NETWORK_UNREACHABLE',
      `resolving a name needs ${AGREEMENT} nodes; too few are known`,
    );
  const params = { endpoint: 'ons_resolve', params: { type: 0, name_hash: toBase64(nameHash) } };
  const answers = await Promise.all(
    askers.map(async (n) => {
      const r = await net.rpcToNode(n, 'oxend_request', params, { signal: opts.signal, kind: 'control' });
      if (r.status !== 200)
        throw new SessionError(
          'REMOTE_REJECTED',
          `ons_resolve refused by a node: ${r.status} ${r.text.slice(0, 120)}`,
        );
      const rec = parseOnsBody(r.body);
      return rec ? decryptOnsRecord(name, rec) : undefined;
    }),
  ).catch((e: unknown) => {
    if (isSessionError(e)) throw e;
    throw new SessionError('INTERNAL', String(e), { cause: e });
  });
  const distinct = new Set(answers.map((a) => a ?? 'none'));
  if (distinct.size > 1) {
    throw new SessionError(
      'NAME_DISAGREEMENT',
      `the ${AGREEMENT} nodes asked about "${name}" did not agree on its Account ID`,
      {
        hint: 'a node may be lying or out of date: try again later, or use the Account ID itself',
        details: { answers: answers.map((a) => a ?? null) },
      },
    );
  }
  const accountId = answers[0];
  if (accountId === undefined)
    throw new SessionError('NAME_NOT_FOUND', `no Session name "${name}" is registered`, {
      hint: 'check the spelling, or ask for the Account ID',
    });
  opts.cache?.set(cacheKey, { accountId, at: now() });
  return { name, accountId, source: 'network' };
}
