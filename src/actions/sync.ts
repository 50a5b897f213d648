import { ConfigState, type MergeOutcome } from '../config/config-state.js';
import { CONTACTS } from '../config/contacts.js';
import { CONVO_INFO_VOLATILE, pruneStaleConvos } from '../config/convo-info-volatile.js';
import { userKeysOf } from '../config/transport.js';
import { USER_GROUPS } from '../config/user-groups.js';
import { USER_PROFILE, UserProfileView } from '../config/user-profile.js';
import { loadSodium, type Sodium } from '../crypto/sodium.js';
import { SessionError, isSessionError } from '../errors.js';
import type { ConfigDict } from '../config/model.js';
import type { IdentityKeys } from '../identity/keys.js';
import type { SessionNetwork } from '../network/session-network.js';
import {
  deleteMessages,
  retrieveBatch,
  signatureMessages,
  signedAuth,
  storeMessage,
  type RetrievedMessage,
} from '../rpc/storage.js';
import { ConfigStore } from '../store/configs.js';
import type { Database } from '../store/database.js';
import type { MessageStore } from '../store/messages.js';
import type { ProfileDirectory, ProfileInfo } from '../store/profiles.js';
import { applyConfig, emptyApplied, type Applied } from './sync-apply.js';
import { applyUserGroups } from './sync-groups.js';

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
  /** When given (a client is), a display name another device set becomes this profile's name. */
  dirs?: ProfileDirectory;
  info?: ProfileInfo;
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
 * Edits one of our configs locally (it needs no secrets: keys are needed only to encrypt on push
 * and decrypt on merge); the dump is saved when something changed, and the next push sends it.
 */
export async function editUserConfig(
  accountId: string,
  db: Database,
  namespace: number,
  fn: (data: ConfigDict) => void,
  now: number,
): Promise<boolean> {
  const kind = USER_CONFIGS.find((k) => k.namespace === namespace);
  if (kind === undefined) throw new SessionError('INTERNAL', `no user config in namespace ${namespace}`);
  const store = new ConfigStore(db);
  const st = new ConfigState({ sodium: await loadSodium(), ...kind, keyBases: () => [] });
  const dump = store.dump(accountId, namespace);
  if (dump !== undefined) st.load(dump);
  const changed = st.edit(fn);
  if (changed) store.saveDump(accountId, namespace, st.dump(), now);
  return changed;
}

/** Reads one of our configs as it is locally (no network). */
export async function readUserConfig(
  accountId: string,
  db: Database,
  namespace: number,
): Promise<ConfigDict> {
  const kind = USER_CONFIGS.find((k) => k.namespace === namespace);
  if (kind === undefined) throw new SessionError('INTERNAL', `no user config in namespace ${namespace}`);
  const st = new ConfigState({ sodium: await loadSodium(), ...kind, keyBases: () => [] });
  const dump = new ConfigStore(db).dump(accountId, namespace);
  if (dump !== undefined) st.load(dump);
  return st.data();
}

/** Edits our UserProfile config (name and picture); the next sync pushes it. */
export async function editOwnProfileConfig(
  accountId: string,
  db: Database,
  change: {
    name?: string | undefined;
    pic?: { url: string; key: Uint8Array } | null | undefined;
    /** UserProfile `M`: whether strangers may DM us through communities (blinded requests). */
    communityRequests?: boolean | undefined;
  },
  now: number,
): Promise<boolean> {
  return editUserConfig(
    accountId,
    db,
    USER_PROFILE.namespace,
    (d) => {
      const p = new UserProfileView(d);
      if (change.name !== undefined) p.name = truncateUtf8(change.name, 100);
      if (change.pic !== undefined) p.pic = change.pic ?? undefined;
      if (change.communityRequests !== undefined) p.blindedMsgRequests = change.communityRequests;
    },
    now,
  );
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
  /** What other devices changed that was applied to the local store. */
  applied: Applied;
}

const MEMBERS_PER_ROUND = 2;
/** The config namespaces of our account, in push order. */
export const CONFIG_NAMESPACES: readonly number[] = USER_CONFIGS.map((k) => k.namespace);

export interface PolledConfigs {
  items: Map<number, Map<string, Uint8Array>>;
  cursors: { namespace: number; node: string; lastHash: string }[];
}

/**
 * What one poll learnt of the config namespaces, from `batch` retrieves (alone in `sync now`, or
 * next to namespace 0 in `message receive`): new payloads by hash, and the per-member cursors.
 * A namespace is drained on a member once it answers with no `more`; later batches to that member
 * leave it out (all of them again if none is left, so a batch is never empty).
 */
export class ConfigPoll {
  readonly polled: PolledConfigs = { items: new Map(), cursors: [] };
  private readonly drained = new Map<string, Set<number>>();

  constructor(
    private readonly own: string,
    private readonly configs: ConfigStore,
    private readonly store: MessageStore,
  ) {
    for (const ns of CONFIG_NAMESPACES) this.polled.items.set(ns, new Map());
  }

  namespacesFor(node: string): number[] {
    const done = this.drained.get(node);
    const left = CONFIG_NAMESPACES.filter((ns) => !done?.has(ns));
    return left.length > 0 ? left : [...CONFIG_NAMESPACES];
  }

  lastHash(node: string, namespace: number): string | undefined {
    return this.store.cursor(this.own, namespace, node);
  }

  /** Records one namespace's answer; true when that member has nothing more in it. */
  add(node: string, namespace: number, r: { messages: RetrievedMessage[]; more: boolean }): boolean {
    const items = this.polled.items.get(namespace);
    if (items === undefined) return true;
    for (const m of r.messages)
      if (!this.configs.isSeen(this.own, namespace, m.hash)) items.set(m.hash, m.data);
    const last = r.messages[r.messages.length - 1];
    if (last) this.polled.cursors.push({ namespace, node, lastHash: last.hash });
    const done = !r.more || r.messages.length === 0;
    if (done) {
      const set = this.drained.get(node) ?? new Set<number>();
      set.add(namespace);
      this.drained.set(node, set);
    }
    return done;
  }

  /** Every config namespace is drained on this member. */
  drainedOn(node: string): boolean {
    const done = this.drained.get(node);
    return CONFIG_NAMESPACES.every((ns) => done?.has(ns));
  }
}

function signerOf(keys: IdentityKeys): { accountId: string; ed25519Pk: Uint8Array; ed25519Sk: Uint8Array } {
  return { accountId: keys.accountId, ed25519Pk: keys.ed25519Pk, ed25519Sk: keys.ed25519Sk };
}

/** Namespaces 2–5 alone, in batches (one request per member per round). */
async function pollConfigs(
  ctx: SyncContext,
  configs: ConfigStore,
  signal?: AbortSignal,
): Promise<PolledConfigs> {
  const own = ctx.keys.accountId;
  const poll = new ConfigPoll(own, configs, ctx.store);
  const asked: string[] = [];
  let round = 0;
  // Like receive: two members per round, merged by hash, so one that missed a store hides nothing.
  for (let i = 0; i < 100 && round < MEMBERS_PER_ROUND; i++) {
    const batch = await retrieveBatch(
      ctx.net,
      {
        signer: signerOf(ctx.keys),
        namespaces: (node) => poll.namespacesFor(node),
        lastHash: (node, ns) => poll.lastHash(node, ns),
        maxSize: -1,
        ...(round > 0 ? { preferNot: asked } : {}),
      },
      signal,
    );
    if (!asked.includes(batch.nodeEd25519)) asked.push(batch.nodeEd25519);
    for (const [ns, r] of batch.results) poll.add(batch.nodeEd25519, ns, r);
    if (poll.drainedOn(batch.nodeEd25519)) round++;
  }
  return poll.polled;
}

/** One poll + merge + push of every user config. */
export async function syncNow(
  ctx: SyncContext,
  opts: { signal?: AbortSignal; push?: boolean; keepAlive?: boolean } = {},
): Promise<SyncResult> {
  const configs = new ConfigStore(ctx.db);
  const polled = await pollConfigs(ctx, configs, opts.signal);
  return mergePolled(ctx, polled, opts);
}

/**
 * Merges what a poll found into each config, applies what other devices changed to the local
 * store, pushes what needs it (ours, or a merge) and keeps the active copies alive.
 */
export async function mergePolled(
  ctx: SyncContext,
  polled: PolledConfigs,
  opts: { signal?: AbortSignal; push?: boolean; keepAlive?: boolean } = {},
): Promise<SyncResult> {
  const now = ctx.now ?? Date.now;
  const own = ctx.keys.accountId;
  const signer = signerOf(ctx.keys);
  const { states, store: configs } = await loadUserConfigs(ctx.keys, ctx.db);
  const result: SyncResult = { namespaces: [], profileName: '', warnings: [], applied: emptyApplied() };
  for (const kind of USER_CONFIGS) {
    const st = states.get(kind.namespace)!;
    // read again: an earlier namespace's push awaited the network, and a command (this process
    // or another) may have edited this config meanwhile
    const fresh = configs.dump(own, kind.namespace);
    if (fresh !== undefined) st.load(fresh);
    const items = [...(polled.items.get(kind.namespace) ?? [])].map(([hash, data]) => ({ hash, data }));
    const before = st.data();
    const outcome = st.merge(items);
    // a merge may bring back read positions we pruned (an older copy that still held them):
    // they stay pruned, before anything is saved or applied
    if (outcome.result === 'merged' || outcome.result === 'adopted') pruneConvoInfo(st, now());
    for (const s of outcome.skipped)
      ctx.log?.(`config ${kind.domain}: skipped ${s.hash.slice(0, 10)}…: ${s.code}`);
    // Dump, seen hashes and cursors together: a crash re-polls, it never loses a merge.
    configs.saveMerged(
      own,
      kind.namespace,
      st.dump(),
      items.map((i) => i.hash),
      now(),
    );
    for (const c of polled.cursors)
      if (c.namespace === kind.namespace)
        ctx.store.saveBatch(
          {
            seen: [],
            messages: [],
            cursor: { swarm: own, namespace: kind.namespace, node: c.node, lastHash: c.lastHash },
          },
          now(),
        );
    if (outcome.result !== 'none') {
      configs.recordMerge(own, kind.namespace, outcome.result, now());
      // what another device changed reaches the local store (blocks, read positions, rooms…)
      if (outcome.result !== 'kept') {
        applyConfig(ctx.store, own, kind.namespace, before, st.data(), now(), result.applied);
        if (kind.namespace === USER_GROUPS.namespace) {
          // groups need the crypto checks (seed ↔ group ID, auth data ↔ our key): async
          const g = await applyUserGroups(ctx.db, ctx.keys, before, st.data(), now());
          result.applied.groupsJoined.push(...g.added);
          result.applied.groupsLeft.push(...g.removed);
          for (const id of g.refused)
            result.warnings.push(
              `UserGroups names group ${id.slice(0, 10)}… with credentials that are not ours`,
            );
        }
      }
    }
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
  if (opts.keepAlive !== false) {
    await keepAlive(ctx, [...states.values()], result.warnings, opts.signal);
    ctx.store.setMeta(KEEP_ALIVE_AT, String(now()));
  }
  result.profileName = new UserProfileView(states.get(USER_PROFILE.namespace)!.data()).name;
  // the UserProfile config is the source of truth for our name across devices
  const name = result.profileName;
  if (ctx.dirs && ctx.info && name !== '' && name !== ctx.info.displayName) {
    await ctx.dirs.writeInfo({ ...ctx.info, displayName: name });
    ctx.info.displayName = name;
    result.applied.displayName = name;
  }
  return result;
}

/** When the last keep-alive ran (meta key): receive keeps configs alive at most once a day. */
export const KEEP_ALIVE_AT = 'config_keepalive_at';
const KEEP_ALIVE_EVERY_MS = 24 * 3600 * 1000;

/**
 * Pushes every config that waits for it (edited here, or a push never confirmed), no poll: what
 * a command that changed a config does right after, best-effort.
 */
export async function pushPending(
  ctx: SyncContext,
  opts: { signal?: AbortSignal } = {},
): Promise<{ pushed: { namespace: number; seqno: number; hashes: string[] }[]; warnings: string[] }> {
  const { states, store: configs } = await loadUserConfigs(ctx.keys, ctx.db);
  const warnings: string[] = [];
  const pushed: { namespace: number; seqno: number; hashes: string[] }[] = [];
  for (const kind of USER_CONFIGS) {
    const st = states.get(kind.namespace)!;
    if (!st.needsPush) continue;
    const p = await pushOne(ctx, configs, st, signerOf(ctx.keys), warnings, opts.signal);
    pushed.push({ namespace: kind.namespace, seqno: p.seqno, hashes: p.hashes });
  }
  return { pushed, warnings };
}

/**
 * The config side of `message receive`: its namespace-0 retrieves become batches that also
 * fetch namespaces 2–5 from the same member, and `finish` merges, applies and pushes them.
 * Config trouble never fails a receive: it becomes a warning and the next poll tries again.
 */
export function configPoller(ctx: SyncContext): {
  retrieve: (
    p: {
      signer: { accountId: string; ed25519Pk: Uint8Array; ed25519Sk: Uint8Array };
      lastHash: (node: string) => string | undefined;
      maxSize?: number;
      preferNot?: readonly string[];
    },
    signal?: AbortSignal,
  ) => Promise<{ messages: RetrievedMessage[]; more: boolean; nodeEd25519: string }>;
  finish: (signal?: AbortSignal) => Promise<SyncResult | undefined>;
} {
  const own = ctx.keys.accountId;
  const configs = new ConfigStore(ctx.db);
  const poll = new ConfigPoll(own, configs, ctx.store);
  let polledAny = false;
  return {
    async retrieve(p, signal) {
      const batch = await retrieveBatch(
        ctx.net,
        {
          signer: p.signer,
          namespaces: (node) => [0, ...poll.namespacesFor(node)],
          lastHash: (node, ns) => (ns === 0 ? p.lastHash(node) : poll.lastHash(node, ns)),
          ...(p.maxSize === undefined ? {} : { maxSize: p.maxSize }),
          ...(p.preferNot ? { preferNot: p.preferNot } : {}),
        },
        signal,
      );
      polledAny = true;
      for (const [ns, r] of batch.results) if (ns !== 0) poll.add(batch.nodeEd25519, ns, r);
      const zero = batch.results.get(0) ?? { messages: [], more: false };
      return { ...zero, nodeEd25519: batch.nodeEd25519 };
    },
    async finish(signal) {
      if (!polledAny) return undefined;
      const last = Number(ctx.store.meta(KEEP_ALIVE_AT) ?? 0);
      const now = (ctx.now ?? Date.now)();
      try {
        return await mergePolled(ctx, poll.polled, {
          ...(signal ? { signal } : {}),
          keepAlive: !(last > 0 && now - last < KEEP_ALIVE_EVERY_MS),
        });
      } catch (e) {
        if (signal?.aborted || !isSessionError(e)) throw e;
        return {
          namespaces: [],
          profileName: '',
          warnings: [`config sync failed (the next receive or sync retries): ${e.message}`],
          applied: emptyApplied(),
        };
      }
    },
  };
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
  // Only a dirty config is pruned: a push still awaited ('waiting') is made again byte for byte.
  if (st.status === 'dirty') pruneConvoInfo(st, now());
  const p = st.push();
  // The push is deterministic (same state → same bytes → same storage hashes), so a push that
  // fails or is killed here is simply made again by the next sync, storing the same hash (the
  // swarm keeps one copy). It is persisted before anything is sent: the dump says it is awaited
  // and still lists the copies it replaces, so a crash loses neither.
  st.addObsolete(p.obsolete);
  configs.recordPushStarted(own, st.namespace, p.seqno);
  const sent = st.dump();
  configs.saveDump(own, st.namespace, sent, now());
  const hashes: string[] = [];
  try {
    for (const data of p.payloads) {
      const r = await storeMessage(
        ctx.net,
        { to: own, namespace: st.namespace, data, ttl: CONFIG_TTL_MS, signer },
        signal,
      );
      hashes.push(r.hash);
      // Test hook: die (kill -9 style) right after a store reached the swarm, before it is
      // confirmed locally, to prove the next sync completes the push exactly once.
      if (process.env.SESSION_TEST_KILL_AFTER_CONFIG_STORE === '1') process.kill(process.pid, 'SIGKILL');
    }
  } catch (e) {
    configs.saveDump(own, st.namespace, st.dump(), now());
    throw e;
  }
  const current = configs.dump(own, st.namespace);
  if (current !== undefined && !sameBytes(current, sent)) {
    // Edited while the store was on its way: that edit is newer than this push and is kept;
    // what was just stored is obsolete, and the next push (or sync) sends the edit.
    st.load(current);
    st.addObsolete(hashes);
    configs.saveDump(own, st.namespace, st.dump(), now());
    warnings.push(`${st.domain} changed while it was pushed: the change is pushed by the next sync`);
    return { seqno: p.seqno, hashes, deleted: [] };
  }
  st.confirmPushed(p.seqno, hashes);
  // A copy of this very push, stored by a run that died before confirming it, was seen by the
  // merge as someone else's message and marked obsolete: it is the current copy, never deleted.
  st.dropObsolete(hashes);
  const obsolete = p.obsolete.filter((h) => !hashes.includes(h));
  configs.recordPushConfirmed(own, st.namespace, p.seqno, hashes, now());
  configs.saveMerged(own, st.namespace, st.dump(), hashes, now());
  let deleted: string[] = [];
  if (obsolete.length > 0) {
    try {
      deleted = await deleteMessages(ctx.net, signer, obsolete, signal);
      st.dropObsolete(obsolete);
      configs.saveDump(own, st.namespace, st.dump(), now());
    } catch (e) {
      if (signal?.aborted || !isSessionError(e)) throw e;
      // kept for the next push: an obsolete copy only costs space until its TTL
      warnings.push(`could not delete ${obsolete.length} obsolete config message(s): ${e.message}`);
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

/**
 * ConvoInfoVolatile retention (§3.3): read positions older than the window (and not unread) are
 * dropped from the synced config. True when something was dropped (the config is then dirty).
 */
export function pruneConvoInfo(st: ConfigState, nowMs: number): boolean {
  if (st.namespace !== CONVO_INFO_VOLATILE.namespace) return false;
  return st.edit((d) => pruneStaleConvos(d, nowMs));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
