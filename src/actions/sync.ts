import { ConfigState, type MergeOutcome } from '../config/config-state.js';
import { CONTACTS } from '../config/contacts.js';
import { CONVO_INFO_VOLATILE } from '../config/convo-info-volatile.js';
import { userKeysOf } from '../config/transport.js';
import { USER_GROUPS } from '../config/user-groups.js';
import { USER_PROFILE, UserProfileView } from '../config/user-profile.js';
import { loadSodium, type Sodium } from '../crypto/sodium.js';
import { isSessionError } from '../errors.js';
import type { IdentityKeys } from '../identity/keys.js';
import type { SessionNetwork } from '../network/session-network.js';
import {
  deleteMessages,
  retrieveMessages,
  signatureMessages,
  signedAuth,
  storeMessage,
} from '../rpc/storage.js';
import { ConfigStore } from '../store/configs.js';
import type { Database } from '../store/database.js';
import type { MessageStore } from '../store/messages.js';

/**
 * Config sync for our own account (groups-and-config.md §2.7, §2.9): poll namespaces 2–5 of our
 * swarm, merge what is new into each config, push the configs that need it (stored with the
 * config TTL, confirmed with the returned hash), and delete the hashes made obsolete.
 */
export const USER_CONFIGS = [USER_PROFILE, CONTACTS, CONVO_INFO_VOLATILE, USER_GROUPS] as const;
/** §2.9: every config message lives 30 days (desktop `TTL_DEFAULT.CONFIG_MESSAGE`). */
export const CONFIG_TTL_MS = 30 * 24 * 3600 * 1000;

export interface SyncContext {
  keys: IdentityKeys;
  net: SessionNetwork;
  db: Database;
  store: MessageStore;
  log?: (line: string) => void;
  now?: () => number;
}

/** The config objects of our account, loaded from their dumps (fresh ones when none). */
export async function loadUserConfigs(
  keys: IdentityKeys,
  db: Database,
  sodium?: Sodium,
): Promise<{ states: Map<number, ConfigState>; store: ConfigStore }> {
  const na = sodium ?? (await loadSodium());
  const store = new ConfigStore(db);
  const userKeys = userKeysOf(na, keys.seed32);
  const states = new Map<number, ConfigState>();
  for (const kind of USER_CONFIGS) {
    const st = new ConfigState({ sodium: na, ...kind, keyBases: () => [keys.seed32], userKeys });
    const dump = store.dump(keys.accountId, kind.namespace);
    if (dump !== undefined) st.load(dump);
    states.set(kind.namespace, st);
  }
  return { states, store };
}

/**
 * Edits our UserProfile config (name and picture); the next sync pushes it. Needs no secrets:
 * editing is local (keys are needed only to encrypt on push and decrypt on merge).
 */
export async function editOwnProfileConfig(
  accountId: string,
  db: Database,
  change: { name?: string | undefined; pic?: { url: string; key: Uint8Array } | null | undefined },
  now: number,
): Promise<boolean> {
  const store = new ConfigStore(db);
  const st = new ConfigState({ sodium: await loadSodium(), ...USER_PROFILE, keyBases: () => [] });
  const dump = store.dump(accountId, USER_PROFILE.namespace);
  if (dump !== undefined) st.load(dump);
  const changed = st.edit((d) => {
    const p = new UserProfileView(d);
    if (change.name !== undefined) p.name = truncateUtf8(change.name, 100);
    if (change.pic !== undefined) p.pic = change.pic ?? undefined;
  });
  if (changed) store.saveDump(accountId, USER_PROFILE.namespace, st.dump(), now);
  return changed;
}

/** At most `max` UTF-8 bytes, cut on a character boundary (libsession `set_name_truncated`). */
export function truncateUtf8(s: string, max: number): string {
  let out = '';
  let n = 0;
  for (const ch of s) {
    n += Buffer.byteLength(ch);
    if (n > max) break;
    out += ch;
  }
  return out;
}

export interface NamespaceSync {
  namespace: number;
  domain: string;
  merged: MergeOutcome['result'];
  accepted: number;
  skipped: { hash: string; code: string }[];
  pushed?: { seqno: number; hashes: string[]; deleted: string[] } | undefined;
  seqno: number;
}

export interface SyncResult {
  namespaces: NamespaceSync[];
  /** Our display name as the UserProfile config holds it after the sync ('' when unset). */
  profileName: string;
  warnings: string[];
}

const MEMBERS_PER_ROUND = 2;

async function pollNamespace(
  ctx: SyncContext,
  configs: ConfigStore,
  namespace: number,
  signal?: AbortSignal,
): Promise<{ items: { hash: string; data: Uint8Array }[]; cursors: { node: string; lastHash: string }[] }> {
  const own = ctx.keys.accountId;
  const signer = { accountId: own, ed25519Pk: ctx.keys.ed25519Pk, ed25519Sk: ctx.keys.ed25519Sk };
  const items = new Map<string, Uint8Array>();
  const cursors: { node: string; lastHash: string }[] = [];
  const asked: string[] = [];
  let round = 0;
  // Like receive: two members per round, merged by hash, so one that missed a store hides nothing.
  for (let i = 0; i < 100 && round < MEMBERS_PER_ROUND; i++) {
    const batch = await retrieveMessages(
      ctx.net,
      {
        signer,
        namespace,
        lastHash: (node) => ctx.store.cursor(own, namespace, node),
        maxSize: -1,
        ...(round > 0 ? { preferNot: asked } : {}),
      },
      signal,
    );
    if (!asked.includes(batch.nodeEd25519)) asked.push(batch.nodeEd25519);
    for (const m of batch.messages) if (!configs.isSeen(own, namespace, m.hash)) items.set(m.hash, m.data);
    const last = batch.messages[batch.messages.length - 1];
    if (last) cursors.push({ node: batch.nodeEd25519, lastHash: last.hash });
    if (!batch.more || batch.messages.length === 0) round++;
  }
  return { items: [...items].map(([hash, data]) => ({ hash, data })), cursors };
}

/** One poll + merge + push of every user config. */
export async function syncNow(
  ctx: SyncContext,
  opts: { signal?: AbortSignal; push?: boolean; keepAlive?: boolean } = {},
): Promise<SyncResult> {
  const now = ctx.now ?? Date.now;
  const own = ctx.keys.accountId;
  const signer = { accountId: own, ed25519Pk: ctx.keys.ed25519Pk, ed25519Sk: ctx.keys.ed25519Sk };
  const { states, store: configs } = await loadUserConfigs(ctx.keys, ctx.db);
  const result: SyncResult = { namespaces: [], profileName: '', warnings: [] };
  for (const kind of USER_CONFIGS) {
    const st = states.get(kind.namespace)!;
    const polled = await pollNamespace(ctx, configs, kind.namespace, opts.signal);
    const outcome = st.merge(polled.items);
    for (const s of outcome.skipped)
      ctx.log?.(`config ${kind.domain}: skipped ${s.hash.slice(0, 10)}…: ${s.code}`);
    // Dump, seen hashes and cursors together: a crash re-polls, it never loses a merge.
    configs.saveMerged(
      own,
      kind.namespace,
      st.dump(),
      polled.items.map((i) => i.hash),
      now(),
    );
    for (const c of polled.cursors)
      ctx.store.saveBatch(
        { seen: [], messages: [], cursor: { swarm: own, namespace: kind.namespace, ...c } },
        now(),
      );
    if (outcome.result !== 'none') configs.recordMerge(own, kind.namespace, outcome.result, now());
    const entry: NamespaceSync = {
      namespace: kind.namespace,
      domain: kind.domain,
      merged: outcome.result,
      accepted: outcome.accepted.length,
      skipped: outcome.skipped.map((s) => ({ hash: s.hash, code: s.code })),
      seqno: st.seqno,
    };
    if (opts.push !== false && st.needsPush)
      entry.pushed = await pushOne(ctx, configs, st, signer, result.warnings, opts.signal);
    entry.seqno = st.seqno;
    result.namespaces.push(entry);
  }
  if (opts.keepAlive !== false) await keepAlive(ctx, [...states.values()], result.warnings, opts.signal);
  result.profileName = new UserProfileView(states.get(USER_PROFILE.namespace)!.data()).name;
  return result;
}

/**
 * §2.9 keep-alive: extend (never shorten) the expiry of every config's active hashes to the
 * config TTL from now, as desktop does on each poll, so configs nobody edits do not expire. Best
 * effort: a failure only means the copies live out their current TTL (every push renews them).
 */
async function keepAlive(
  ctx: SyncContext,
  states: ConfigState[],
  warnings: string[],
  signal?: AbortSignal,
): Promise<void> {
  const hashes = [...new Set(states.flatMap((s) => s.activeHashes()))].sort();
  if (hashes.length === 0) return;
  const own = ctx.keys.accountId;
  const signer = { accountId: own, ed25519Pk: ctx.keys.ed25519Pk, ed25519Sk: ctx.keys.ed25519Sk };
  const expiry = ctx.net.now() + CONFIG_TTL_MS;
  try {
    const auth = await signedAuth(signer, signatureMessages.expire('extend', expiry, hashes));
    const reply = await ctx.net.rpcToSwarm(
      own,
      'expire',
      { pubkey: own, messages: hashes, expiry, extend: true, ...auth },
      { ...(signal ? { signal } : {}) },
    );
    if (reply.status !== 200) warnings.push(`config keep-alive refused: ${reply.status} ${reply.text}`);
  } catch (e) {
    if (signal?.aborted || !isSessionError(e)) throw e;
    warnings.push(`config keep-alive failed: ${e.message}`);
  }
}

async function pushOne(
  ctx: SyncContext,
  configs: ConfigStore,
  st: ConfigState,
  signer: { accountId: string; ed25519Pk: Uint8Array; ed25519Sk: Uint8Array },
  warnings: string[],
  signal?: AbortSignal,
): Promise<{ seqno: number; hashes: string[]; deleted: string[] }> {
  const now = ctx.now ?? Date.now;
  const own = ctx.keys.accountId;
  const p = st.push();
  // The push is deterministic (same state → same bytes → same storage hashes), so a push that
  // fails here is simply made again by the next sync; the dump says it is awaited.
  configs.recordPushStarted(own, st.namespace, p.seqno);
  configs.saveDump(own, st.namespace, st.dump(), now());
  const hashes: string[] = [];
  try {
    for (const data of p.payloads) {
      const r = await storeMessage(
        ctx.net,
        { to: own, namespace: st.namespace, data, ttl: CONFIG_TTL_MS, signer },
        signal,
      );
      hashes.push(r.hash);
    }
  } catch (e) {
    st.addObsolete(p.obsolete);
    configs.saveDump(own, st.namespace, st.dump(), now());
    throw e;
  }
  st.confirmPushed(p.seqno, hashes);
  configs.recordPushConfirmed(own, st.namespace, p.seqno, hashes, now());
  configs.saveMerged(own, st.namespace, st.dump(), hashes, now());
  let deleted: string[] = [];
  if (p.obsolete.length > 0) {
    try {
      deleted = await deleteMessages(ctx.net, signer, p.obsolete, signal);
    } catch (e) {
      if (signal?.aborted || !isSessionError(e)) throw e;
      // kept for the next push: an obsolete copy only costs space until its TTL
      st.addObsolete(p.obsolete);
      configs.saveDump(own, st.namespace, st.dump(), now());
      warnings.push(`could not delete ${p.obsolete.length} obsolete config message(s): ${e.message}`);
    }
  }
  return { seqno: p.seqno, hashes, deleted };
}

export interface SyncStatus {
  namespaces: {
    namespace: number;
    domain: string;
    status: string;
    seqno: number;
    needsPush: boolean;
    pendingSeqno: number | null;
    lastPushAt: number | null;
    lastPushSeqno: number | null;
    lastPushHashes: string[];
    currentHashes: string[];
    obsoleteHashes: number;
    dumpBytes: number;
    configBytes: number;
    lastMergeAt: number | null;
    lastMergeResult: string | null;
    badSkipped: { decrypt: number; signature: number; parse: number };
  }[];
}

/** What `sync status` shows: local state only, no network. */
export async function syncStatus(keys: IdentityKeys, db: Database): Promise<SyncStatus> {
  const { states, store } = await loadUserConfigs(keys, db);
  const rows = new Map(store.syncRows(keys.accountId).map((r) => [r.namespace, r]));
  const sizes = store.dumpSizes(keys.accountId);
  return {
    namespaces: USER_CONFIGS.map((kind) => {
      const st = states.get(kind.namespace)!;
      const r = rows.get(kind.namespace);
      return {
        namespace: kind.namespace,
        domain: kind.domain,
        status: st.status,
        seqno: st.seqno,
        needsPush: st.needsPush,
        pendingSeqno: r?.pendingSeqno ?? null,
        lastPushAt: r?.lastPushAt ?? null,
        lastPushSeqno: r?.lastPushSeqno ?? null,
        lastPushHashes: r?.lastPushHashes ?? [],
        currentHashes: [...st.hashes],
        obsoleteHashes: st.obsoleteHashes.length,
        dumpBytes: sizes.get(kind.namespace) ?? 0,
        configBytes: st.serialized().length,
        lastMergeAt: r?.lastMergeAt ?? null,
        lastMergeResult: r?.lastMergeResult ?? null,
        badSkipped: { ...st.bad },
      };
    }),
  };
}
