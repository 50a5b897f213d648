import { isSessionError } from '../errors.js';
import type { IdentityKeys } from '../identity/keys.js';
import {
  messageId,
  type GroupEvent,
  type ReactionEvent,
  type ReadEvent,
  type RequestEvent,
  type TypingEvent,
  type UnsendEvent,
} from '../messages/message-object.js';
import { decodeIncoming } from '../messages/one-to-one.js';
import type { SessionNetwork } from '../network/session-network.js';
import { deleteMessages } from '../rpc/storage.js';
import type { MessageStore, NewMessage, StoredMessageRow } from '../store/messages.js';
import { storedAttachment } from './attachments.js';
import { applyReceivedReactions, type ReceivedReaction } from './apply-reactions.js';
import { quoteInfo } from './quote-info.js';
import { handleGroupDm, receiveGroups } from './group-messages.js';
import { configPoller, readUserConfig, type SyncResult } from './sync.js';
import { CONVO_INFO_VOLATILE, ConvoInfoVolatileView, convoKindOfId } from '../config/convo-info-volatile.js';
import type { SessionProtos } from '../messages/proto.js';

/**
 * Poll our swarm (namespace 0) for new messages: per-node last-hash cursors, de-duplication by
 * hash, decrypt + verify, and one SQLite transaction per retrieved batch. Messages that cannot be
 * decrypted or verified are counted and skipped, never fatal.
 */
export interface ReceiveResult {
  messages: StoredMessageRow[];
  skipped: { hash: string; code: string }[];
  batches: number;
  /** Everything else that happened, in order: unsends, read receipts, typing, new requests, reactions. */
  events: (UnsendEvent | ReadEvent | TypingEvent | RequestEvent | ReactionEvent)[];
  /** Group invites, promotions and control events (groups-and-config.md §4.7–4.8). */
  groupEvents: GroupEvent[];
  /**
   * Messages that decrypted but were dropped as junk (a reaction to a message we do not have, or
   * with an empty or overlong emoji), with why: counted, never fatal.
   */
  ignored: { hash: string; reason: string }[];
  /** Things a person should know (e.g. two different messages with one author and time). */
  warnings: string[];
  /** The config sync that rode along (namespaces 2–5), when there was a poll. */
  config?: SyncResult;
}

const MEMBERS_PER_ROUND = 2;

export async function receiveMessages(
  ctx: { keys: IdentityKeys; net: SessionNetwork; store: MessageStore; log?: (line: string) => void },
  opts: { signal?: AbortSignal; maxBatches?: number } = {},
): Promise<ReceiveResult> {
  const own = ctx.keys.accountId;
  const signer = { accountId: own, ed25519Pk: ctx.keys.ed25519Pk, ed25519Sk: ctx.keys.ed25519Sk };
  const result: ReceiveResult = {
    messages: [],
    skipped: [],
    batches: 0,
    events: [],
    groupEvents: [],
    ignored: [],
    warnings: [],
  };
  const maxBatches = opts.maxBatches ?? 1000;
  // Two members per round (network.md §6.10, as Session Desktop does), merged by hash: a member
  // that missed a store (it was down or slow while its swarm stored) cannot hide a message.
  const asked: string[] = [];
  let round = 0;
  // Our config namespaces (2–5) ride in the same batch requests; merged after the loop.
  const configs = configPoller({ ...ctx, db: ctx.store.db });
  for (let i = 0; i < maxBatches; i++) {
    const batch = await configs.retrieve(
      {
        signer,
        lastHash: (node) => ctx.store.cursor(own, 0, node),
        maxSize: -1,
        ...(round > 0 ? { preferNot: asked } : {}),
      },
      opts.signal,
    );
    if (!asked.includes(batch.nodeEd25519)) asked.push(batch.nodeEd25519);
    result.batches++;
    const seen: string[] = [];
    const fresh: NewMessage[] = [];
    const unsends: { author: string; timestamp: number }[] = [];
    const receipts: { reader: string; timestamps: number[] }[] = [];
    const typing: { from: string; action: 'started' | 'stopped'; timestamp: number }[] = [];
    const approvals: {
      from: string;
      displayName?: string;
      profileUpdatedSeconds?: number;
      avatar?: { url: string; key: Uint8Array };
    }[] = [];
    const reactions: ReceivedReaction[] = [];
    const newRequests = new Set<string>();
    const groupDms: {
      sender: string;
      timestamp: number;
      update: SessionProtos.IGroupUpdateMessage;
      hash: string;
    }[] = [];
    for (const m of batch.messages) {
      if (ctx.store.isSeen(m.hash)) continue;
      seen.push(m.hash);
      try {
        const d = await decodeIncoming(m.data, ctx.keys);
        const c = d.content;
        const fromUs = d.sender === own;
        if (!fromUs && ctx.store.isBlocked(d.sender)) continue; // hashes still count as seen (§3.10)
        if (c.kind === 'unsend') {
          // §7: only the author may unsend; applied after this batch's inserts.
          if (c.author === d.sender) unsends.push({ author: c.author, timestamp: c.timestamp });
          continue;
        }
        if (c.kind === 'read-receipt') {
          receipts.push({ reader: d.sender, timestamps: c.timestamps });
          continue;
        }
        if (c.kind === 'typing') {
          typing.push({ from: d.sender, action: c.action, timestamp: d.timestamp });
          continue;
        }
        if (c.kind === 'request-response') {
          // §4: only isApproved == true is acted on: they accepted us.
          if (c.approved && !fromUs)
            approvals.push({
              from: d.sender,
              ...(c.displayName === undefined ? {} : { displayName: c.displayName }),
              ...(c.profileUpdatedSeconds === undefined
                ? {}
                : { profileUpdatedSeconds: c.profileUpdatedSeconds }),
              ...(c.avatar ? { avatar: c.avatar } : {}),
            });
          continue;
        }
        if (c.kind === 'group-update') {
          // group invites and promotions (groups-and-config.md §4.7): handled after this batch
          if (!fromUs)
            groupDms.push({ sender: d.sender, timestamp: d.timestamp, update: c.update, hash: m.hash });
          continue;
        }
        if (c.kind === 'reaction') {
          // applied after this batch's inserts: the message it names may be in the same batch
          reactions.push({
            from: d.sender,
            conversation: fromUs ? (c.syncTarget ?? own) : d.sender,
            reaction: c.reaction,
            timestamp: d.timestamp,
            hash: m.hash,
          });
          continue;
        }
        if (c.kind !== 'visible') continue;
        const conversation = fromUs ? (c.syncTarget ?? own) : d.sender;
        const known = ctx.store.hasConversation(conversation);
        // First contact from someone else lands as a message request (messages.md §4).
        const state = fromUs || known ? 'accepted' : 'request';
        if (state === 'request') newRequests.add(conversation);
        // Only disappearing messages disappear: after-send when the network drops it; after-read
        // once read (markRead), except our own (sync) copy, whose timer started when sent (§6).
        let expiresAt: number | null = null;
        if (c.expiration?.mode === 'after-send')
          expiresAt = m.expiration ?? d.timestamp + c.expiration.seconds * 1000;
        if (fromUs && c.expiration?.mode === 'after-read')
          expiresAt = Math.min(m.expiration ?? Infinity, d.timestamp + c.expiration.seconds * 1000);
        fresh.push({
          conversation,
          hash: m.hash,
          author: d.sender,
          timestamp: d.timestamp,
          direction: fromUs ? 'out' : 'in',
          text: c.body,
          expiresAt,
          ...(c.displayName === undefined ? {} : { displayName: c.displayName }),
          ...(c.profileUpdatedSeconds === undefined
            ? {}
            : { profileUpdatedSeconds: c.profileUpdatedSeconds }),
          ...(c.avatar ? { avatar: c.avatar } : {}),
          state,
          ...(c.expiration || c.attachments || c.quote
            ? {
                extras: {
                  ...(c.expiration ? { expiration: c.expiration } : {}),
                  ...(c.attachments ? { attachments: c.attachments.map(storedAttachment) } : {}),
                  ...(c.quote ? { quote: quoteInfo(ctx.store, c.quote) } : {}),
                },
              }
            : {}),
        });
      } catch (e) {
        const code = isSessionError(e) ? e.code : 'INTERNAL';
        result.skipped.push({ hash: m.hash, code });
        ctx.log?.(`skipped message ${m.hash.slice(0, 10)}…: ${code}`);
      }
    }
    const last = batch.messages[batch.messages.length - 1];
    const now = Date.now();
    const inserted = ctx.store.saveBatch(
      {
        seen,
        messages: fresh,
        ...(last
          ? { cursor: { swarm: own, namespace: 0, node: batch.nodeEd25519, lastHash: last.hash } }
          : {}),
      },
      now,
      (m) =>
        result.warnings.push(
          `two different messages share the id ${messageId(m.author, m.timestamp)}; both were kept`,
        ),
    );
    result.messages.push(...inserted);
    // Any message from someone counts as their approval of us (§4).
    for (const m of inserted) if (m.author !== own) ctx.store.setApprovedMe(m.author);
    const position = ctx.store.maxCursor();
    for (const a of approvals) {
      ctx.store.setApprovedMe(a.from);
      if (a.displayName !== undefined)
        ctx.store.setDisplayName(a.from, a.displayName, a.profileUpdatedSeconds, a.avatar);
    }
    for (const m of inserted) {
      if (!newRequests.delete(m.conversation)) continue;
      result.events.push({
        type: 'request',
        id: messageId(m.author, m.timestamp),
        cursor: position,
        from: m.author,
        conversation: m.conversation,
        displayName: ctx.store.conversation(m.conversation)?.displayName ?? null,
        timestamp: m.timestamp,
      });
    }
    for (const u of unsends) {
      const targets = ctx.store.findAll(u.author, u.timestamp);
      if (targets.length === 0 || ctx.store.markDeleted(u.author, u.timestamp) === 0) continue;
      result.events.push({
        type: 'unsend',
        id: messageId(u.author, u.timestamp),
        cursor: position,
        from: u.author,
        conversation: targets[0]!.conversation,
        timestamp: u.timestamp,
      });
      // §7 (recommended): also delete our own swarm's copy, so no device of ours fetches it again.
      const hashes = targets.flatMap((t) => (t.hash ? [t.hash] : []));
      if (hashes.length > 0) {
        try {
          await deleteMessages(ctx.net, signer, hashes, opts.signal);
        } catch (e) {
          if (opts.signal?.aborted) throw e;
          result.warnings.push(
            `deleted ${messageId(u.author, u.timestamp)} here, but not from your swarm: ${(e as Error).message}`,
          );
        }
      }
    }
    for (const r of receipts) {
      for (const m of ctx.store.markRead(r.reader, own, r.timestamps, now)) {
        result.events.push({
          type: 'read',
          id: messageId(m.author, m.timestamp),
          cursor: position,
          by: r.reader,
          conversation: m.conversation,
          readAt: now,
        });
      }
    }
    const applied = applyReceivedReactions(ctx.store, own, reactions, position, ctx.log);
    result.events.push(...applied.events);
    result.ignored.push(...applied.ignored);
    for (const dm of groupDms) {
      const r = await handleGroupDm({ ...ctx, db: ctx.store.db }, dm);
      if (r && 'dropped' in r) result.skipped.push({ hash: dm.hash, code: 'BAD_SIGNATURE' });
      else if (r) result.groupEvents.push(r);
    }
    for (const t of typing) {
      result.events.push({
        type: 'typing',
        id: messageId(t.from, t.timestamp),
        cursor: position,
        from: t.from,
        conversation: t.from,
        action: t.action,
        timestamp: t.timestamp,
      });
    }
    if (!batch.more || batch.messages.length === 0) {
      if (++round >= MEMBERS_PER_ROUND) break;
    }
  }
  // what our other devices changed (and a push of what changed here, until confirmed)
  const sync = await configs.finish(opts.signal);
  if (sync) {
    result.config = sync;
    result.warnings.push(...sync.warnings);
  }
  // new closed groups this profile is in (groups-and-config.md §4): their swarms, not ours
  const groups = await receiveGroups({ ...ctx, db: ctx.store.db }, opts.signal);
  result.messages.push(...groups.messages);
  result.groupEvents.push(...groups.events);
  // reactions in groups are the same events as 1:1 ones
  result.events.push(...groups.reactions);
  result.ignored.push(...groups.ignored);
  result.skipped.push(...groups.skipped);
  result.warnings.push(...groups.warnings);
  result.messages.sort((a, b) => a.timestamp - b.timestamp || a.id - b.id);
  result.messages = await applySyncedReadPositions(ctx.store, own, result.messages, Date.now());
  return result;
}

/**
 * The read positions our ConvoInfoVolatile holds (`1`, `g`, `b`), applied to messages stored after it
 * was merged: a restored device gets a group's messages after its configs, and a late swarm
 * member's copy can come after the mark. What another device of ours read stays read here.
 * Returns `rows` as they are now stored: what this marked read shows its `readAt`.
 */
async function applySyncedReadPositions(
  store: MessageStore,
  own: string,
  rows: StoredMessageRow[],
  now: number,
): Promise<StoredMessageRow[]> {
  const conversations = new Set(rows.filter((r) => r.direction === 'in').map((r) => r.conversation));
  if (conversations.size === 0) return rows;
  const civ = new ConvoInfoVolatileView(await readUserConfig(own, store.db, CONVO_INFO_VOLATILE.namespace));
  const readUpTo = new Map<string, number>();
  for (const id of conversations) {
    const at = civ.get(convoKindOfId(id), id)?.lastReadMs;
    if (at !== undefined && at > 0 && store.markReadUpTo(id, at, now) > 0) readUpTo.set(id, at);
  }
  if (readUpTo.size === 0) return rows;
  // the same rule as markReadUpTo's UPDATE: incoming, unread, sent at or before the position
  return rows.map((r) => {
    const at = readUpTo.get(r.conversation);
    return at !== undefined && r.direction === 'in' && r.readAt === null && r.timestamp <= at
      ? { ...r, readAt: now }
      : r;
  });
}
