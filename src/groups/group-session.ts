import { ConfigState, type MergeOutcome } from '../config/config-state.js';
import { groupSigner, groupVerifier } from '../config/transport.js';
import { loadSodium, type Sodium } from '../crypto/sodium.js';
import { SessionError, isSessionError } from '../errors.js';
import type { IdentityKeys } from '../identity/keys.js';
import { SessionProtos } from '../messages/proto.js';
import type { SessionNetwork } from '../network/session-network.js';
import { retrieveMessages, storeMessage, type RequestAuth, type RetrievedMessage } from '../rpc/storage.js';
import { ConfigStore } from '../store/configs.js';
import type { Database } from '../store/database.js';
import type { MessageStore } from '../store/messages.js';
import { encryptGroupMessage, groupFromId, groupFromSeed, notAdmin, type GroupIdentity } from './crypto.js';
import { GroupStore, type GroupRow } from './group-store.js';
import { deleteObsoleteConfigs } from './config-upkeep.js';
import { GroupKeys, KEYS_NAMESPACE } from './keys.js';
import { groupAuth } from './swarm-auth.js';
import { GROUP_INFO, GROUP_MEMBERS, GROUP_MESSAGES_NAMESPACE, InfoView, MembersView } from './views.js';

/**
 * One group as this profile holds it: identity (admin seed or member auth data), Keys, and the
 * Info and Members configs on the config engine, persisted in the profile's store; plus the
 * swarm operations of §4.9: push (Keys first, then Info and Members), poll (Keys → Info →
 * Members), store a group message.
 */
export interface GroupContext {
  keys: IdentityKeys;
  net: SessionNetwork;
  db: Database;
  store: MessageStore;
  log?: (line: string) => void;
  now?: (() => number) | undefined;
}

/** §2.9: configs (and keys messages) live 30 days; group messages 14 days. */
export const GROUP_CONFIG_TTL_MS = 30 * 24 * 3600 * 1000;
export const GROUP_MESSAGE_TTL_MS = 14 * 24 * 3600 * 1000;
const MEMBERS_PER_ROUND = 2;

export interface GroupPushResult {
  keys?: string;
  info?: string[];
  members?: string[];
  /** Superseded Info/Members copies deleted from the swarm after the push. */
  deleted: string[];
  warnings: string[];
}

export interface PollStats {
  keysLoaded: number;
  dropped: { namespace: number; hash: string; code: string }[];
}

export class GroupSession {
  private constructor(
    readonly ctx: GroupContext,
    readonly na: Sodium,
    readonly row: GroupRow,
    readonly identity: GroupIdentity,
    readonly keys: GroupKeys,
    readonly info: ConfigState,
    readonly members: ConfigState,
  ) {}

  static async open(ctx: GroupContext, row: GroupRow): Promise<GroupSession> {
    const na = await loadSodium();
    const identity = row.seed ? groupFromSeed(na, row.seed) : groupFromId(na, row.id);
    if (identity.groupId !== row.id)
      throw new SessionError('STORE_CORRUPT', `group ${row.id.slice(0, 10)}… holds another group's seed`);
    const keys = new GroupKeys(na, identity, { xSk: ctx.keys.x25519Sk, xPk: ctx.keys.x25519Pk });
    if (row.keysDump) keys.restore(row.keysDump);
    const configs = new ConfigStore(ctx.db);
    const make = (kind: { namespace: number; domain: string }) => {
      const st = new ConfigState({
        sodium: na,
        ...kind,
        keyBases: () => keys.decryptionKeys(),
        verifier: groupVerifier(na, identity.edPk),
        signer: identity.edSk ? groupSigner(na, identity.edSk) : undefined,
        now: ctx.now,
      });
      const dump = configs.dump(row.id, kind.namespace);
      if (dump) st.load(dump);
      return st;
    };
    return new GroupSession(ctx, na, row, identity, keys, make(GROUP_INFO), make(GROUP_MEMBERS));
  }

  /** The group named by `groupId` in this profile's store (NOT_FOUND before any network use). */
  static async load(ctx: GroupContext, groupId: string): Promise<GroupSession> {
    const row = new GroupStore(ctx.db).get(groupId);
    if (!row)
      throw new SessionError('NOT_FOUND', `you are not in group ${groupId.slice(0, 10)}…`, {
        hint: '`session group list` shows your groups',
      });
    return GroupSession.open(ctx, row);
  }

  get id(): string {
    return this.row.id;
  }

  get isAdmin(): boolean {
    return this.identity.edSk !== undefined;
  }

  requireAdmin(): void {
    if (!this.isAdmin) throw notAdmin();
  }

  private now(): number {
    return (this.ctx.now ?? Date.now)();
  }

  infoView(): InfoView {
    return new InfoView(this.info.data());
  }

  membersView(): MembersView {
    return new MembersView(this.members.data());
  }

  /** Group name as the Info config holds it (the invite's name until Info arrives). */
  get name(): string {
    return this.infoView().name || this.row.name;
  }

  editInfo(fn: (v: InfoView) => void): boolean {
    this.requireAdmin();
    return this.info.edit((d) => fn(new InfoView(d)));
  }

  editMembers(fn: (v: MembersView) => void): boolean {
    this.requireAdmin();
    return this.members.edit((d) => fn(new MembersView(d)));
  }

  /** Every Members entry (admins and pending removals included): who a rekey is for. */
  memberIds(): string[] {
    return this.membersView()
      .list()
      .map((m) => m.sessionId);
  }

  auth(): RequestAuth {
    return groupAuth(this.na, this.identity, this.row.authData ?? undefined, this.ctx.keys.ed25519Sk);
  }

  save(): void {
    const configs = new ConfigStore(this.ctx.db);
    const now = this.now();
    this.row.keysDump = this.keys.dump();
    const info = this.infoView();
    if (info.name) this.row.name = info.name;
    this.row.updatedAt = now;
    this.ctx.db.transaction(() => {
      new GroupStore(this.ctx.db).put(this.row);
      configs.saveDump(this.id, GROUP_INFO.namespace, this.info.dump(), now);
      configs.saveDump(this.id, GROUP_MEMBERS.namespace, this.members.dump(), now);
    })();
  }

  /**
   * Admin push (§4.9): a pending keys message first (so members can decrypt what follows), then
   * Info and Members when they need it, each confirmed with its storage hash.
   */
  async push(signal?: AbortSignal): Promise<GroupPushResult> {
    this.requireAdmin();
    const auth = this.auth();
    const out: GroupPushResult = { deleted: [], warnings: [] };
    const pending = this.keys.pendingMessage;
    if (pending) {
      const r = await storeMessage(
        this.ctx.net,
        { to: this.id, namespace: KEYS_NAMESPACE, data: pending, ttl: GROUP_CONFIG_TTL_MS, signer: auth },
        signal,
      );
      this.keys.load(r.hash, pending, this.ctx.net.now());
      out.keys = r.hash;
      this.reencrypt();
      this.save();
    }
    for (const [st, key] of [
      [this.info, 'info'],
      [this.members, 'members'],
    ] as const) {
      if (!st.needsPush) continue;
      const p = st.push();
      // What this push supersedes stays listed (and saved) until its deletion is confirmed.
      st.addObsolete(p.obsolete);
      this.save();
      const hashes: string[] = [];
      for (const data of p.payloads) {
        const r = await storeMessage(
          this.ctx.net,
          { to: this.id, namespace: st.namespace, data, ttl: GROUP_CONFIG_TTL_MS, signer: auth },
          signal,
        );
        hashes.push(r.hash);
      }
      st.confirmPushed(p.seqno, hashes);
      // a copy of this very push (a run that died before confirming) is current, never obsolete
      st.dropObsolete(hashes);
      new ConfigStore(this.ctx.db).saveMerged(this.id, st.namespace, st.dump(), hashes, this.now());
      out[key] = hashes;
      const gone = await deleteObsoleteConfigs(this, st, signal);
      out.deleted.push(...gone.deleted);
      if (gone.warning) out.warnings.push(gone.warning);
    }
    this.save();
    return out;
  }

  /**
   * A new generation re-encrypts Info and Members (§6 pitfall 11). The config engine has no
   * "mark dirty": an edit and its undo make a new seqno with the same data.
   */
  private reencrypt(): void {
    this.info.edit((d) => d.set('~k', 1n));
    this.info.edit((d) => d.delete('~k'));
    this.members.edit((d) => d.set('~k', 1n));
    this.members.edit((d) => d.delete('~k'));
  }

  /** Retrieves what is new in one namespace of the group swarm (two members per round). */
  async retrieve(
    namespace: number,
    isSeen: (hash: string) => boolean,
    signal?: AbortSignal,
    auth: RequestAuth = this.auth(),
  ): Promise<{ items: RetrievedMessage[]; cursors: { node: string; lastHash: string }[] }> {
    const items = new Map<string, RetrievedMessage>();
    const cursors: { node: string; lastHash: string }[] = [];
    const asked: string[] = [];
    let round = 0;
    for (let i = 0; i < 100 && round < MEMBERS_PER_ROUND; i++) {
      const batch = await retrieveMessages(
        this.ctx.net,
        {
          signer: auth,
          namespace,
          lastHash: (node) => this.ctx.store.cursor(this.id, namespace, node),
          maxSize: -1,
          ...(round > 0 ? { preferNot: asked } : {}),
        },
        signal,
      );
      if (!asked.includes(batch.nodeEd25519)) asked.push(batch.nodeEd25519);
      for (const m of batch.messages) if (!isSeen(m.hash)) items.set(m.hash, m);
      const last = batch.messages[batch.messages.length - 1];
      if (last) cursors.push({ node: batch.nodeEd25519, lastHash: last.hash });
      if (!batch.more || batch.messages.length === 0) round++;
    }
    return { items: [...items.values()].sort((a, b) => a.timestamp - b.timestamp), cursors };
  }

  saveCursors(namespace: number, cursors: { node: string; lastHash: string }[]): void {
    for (const c of cursors)
      this.ctx.store.saveBatch(
        { seen: [], messages: [], cursor: { swarm: this.id, namespace, ...c } },
        this.now(),
      );
  }

  /**
   * Keys → Info → Members (§6 pitfall 11). A keys message or config that is malformed, not
   * signed by the group key, or not decryptable is dropped and counted; local state is kept.
   */
  async pollConfigs(signal?: AbortSignal): Promise<PollStats> {
    const configs = new ConfigStore(this.ctx.db);
    const stats: PollStats = { keysLoaded: 0, dropped: [] };
    const keysPolled = await this.retrieve(
      KEYS_NAMESPACE,
      (h) => configs.isSeen(this.id, KEYS_NAMESPACE, h),
      signal,
    );
    const loaded: string[] = [];
    for (const m of keysPolled.items) {
      try {
        stats.keysLoaded += this.keys.load(m.hash, m.data, m.timestamp).length;
        loaded.push(m.hash);
      } catch (e) {
        if (!isSessionError(e)) throw e;
        stats.dropped.push({ namespace: KEYS_NAMESPACE, hash: m.hash, code: e.code });
        this.ctx.log?.(
          `group ${this.id.slice(0, 10)}…: dropped keys message ${m.hash.slice(0, 10)}…: ${e.code}`,
        );
      }
    }
    this.save();
    // config_seen holds every handled keys message too (Keys has no config dump of its own)
    const seen = this.ctx.db.prepare(
      'INSERT OR IGNORE INTO config_seen (account, namespace, hash, seen_at) VALUES (?, ?, ?, ?)',
    );
    for (const m of keysPolled.items) seen.run(this.id, KEYS_NAMESPACE, m.hash, this.now());
    this.saveCursors(KEYS_NAMESPACE, keysPolled.cursors);
    for (const st of [this.info, this.members]) {
      const polled = await this.retrieve(
        st.namespace,
        (h) => configs.isSeen(this.id, st.namespace, h),
        signal,
      );
      const outcome: MergeOutcome = st.merge(polled.items.map((i) => ({ hash: i.hash, data: i.data })));
      for (const s of outcome.skipped) {
        stats.dropped.push({ namespace: st.namespace, hash: s.hash, code: s.code });
        this.ctx.log?.(`group ${this.id.slice(0, 10)}…: dropped config ${s.hash.slice(0, 10)}…: ${s.code}`);
      }
      // undecryptable payloads are not marked seen: a key that arrives later may open them
      const undecryptable = new Set(
        outcome.skipped.filter((s) => s.code === 'DECRYPT_FAILED').map((s) => s.hash),
      );
      configs.saveMerged(
        this.id,
        st.namespace,
        st.dump(),
        polled.items.map((i) => i.hash).filter((h) => !undecryptable.has(h)),
        this.now(),
      );
      if (undecryptable.size === 0) this.saveCursors(st.namespace, polled.cursors);
    }
    // §4.4.3 needs_rekey: two admins rekeyed one generation at once (concurrent invites or
    // removals), each for its own membership: a member invited by one of them holds only that
    // one's key, while configs and messages go out under the newest of the two. A rekey over the
    // merged Members gives everyone the next generation; admins that merged the same Members
    // derive the same keys message (§4.4.1), so two of them doing it at once agree. It is
    // pending until the next push (Keys first, then the configs, dirtied here so that an
    // admin's receive pushes them).
    if (this.isAdmin && this.keys.needsRekey() && !this.keys.pendingMessage) {
      this.keys.rekey(this.memberIds());
      this.reencrypt();
    }
    this.save();
    return stats;
  }

  /**
   * Encrypts a Content for the group (§4.6: Envelope type 7 inside the inner layer) and stores it.
   * `ttl`: a delete-after-send message lives only as long as its timer (messages.md §3.7).
   */
  async storeContent(
    content: Uint8Array,
    timestamp: number,
    signal?: AbortSignal,
    ttl: number = GROUP_MESSAGE_TTL_MS,
  ): Promise<{ hash: string; confirmations: number }> {
    const encKey = this.keys.encryptionKey();
    if (!encKey)
      throw new SessionError('NOT_FOUND', 'no key for this group yet', {
        hint: 'run `session message receive` first',
      });
    const throwaway = this.na.crypto_sign_keypair();
    const E = SessionProtos.Envelope;
    const envelope = E.encode(
      E.create({
        type: SessionProtos.Envelope.Type.CLOSED_GROUP_MESSAGE,
        sourceDevice: 1,
        timestamp,
        content,
        proSig: this.na.crypto_sign_detached(content, throwaway.privateKey),
      }),
    ).finish();
    const data = encryptGroupMessage(this.na, {
      plaintext: envelope,
      senderEdSk: this.ctx.keys.ed25519Sk,
      groupEdPk: this.identity.edPk,
      encKey,
    });
    return storeMessage(
      this.ctx.net,
      {
        to: this.id,
        namespace: GROUP_MESSAGES_NAMESPACE,
        data,
        ttl,
        signer: this.auth(),
      },
      signal,
    );
  }
}
