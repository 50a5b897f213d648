import { isSessionError } from '../errors.js';
import type { IdentityKeys } from '../identity/keys.js';
import { decodeIncoming } from '../messages/one-to-one.js';
import type { SessionNetwork } from '../network/session-network.js';
import { retrieveMessages } from '../rpc/storage.js';
import type { MessageStore, NewMessage, StoredMessageRow } from '../store/messages.js';

/**
 * Poll our swarm (namespace 0) for new messages: per-node last-hash cursors, de-duplication by
 * hash, decrypt + verify, and one SQLite transaction per retrieved batch. Messages that cannot be
 * decrypted or verified are counted and skipped, never fatal.
 */
export interface ReceiveResult {
  messages: StoredMessageRow[];
  skipped: { hash: string; code: string }[];
  batches: number;
  /** Messages deleted for everyone by their authors. */
  unsent: { author: string; timestamp: number }[];
  /** Our messages newly marked read by their recipients. */
  readReceipts: number;
  typing: { from: string; action: 'started' | 'stopped'; timestamp: number }[];
}

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
    unsent: [],
    readReceipts: 0,
    typing: [],
  };
  const maxBatches = opts.maxBatches ?? 1000;
  for (let i = 0; i < maxBatches; i++) {
    const batch = await retrieveMessages(
      ctx.net,
      { signer, namespace: 0, lastHash: (node) => ctx.store.cursor(own, 0, node), maxSize: -1 },
      opts.signal,
    );
    result.batches++;
    const seen: string[] = [];
    const fresh: NewMessage[] = [];
    const unsends: { author: string; timestamp: number }[] = [];
    const receipts: { reader: string; timestamps: number[] }[] = [];
    for (const m of batch.messages) {
      if (ctx.store.isSeen(m.hash)) continue;
      seen.push(m.hash);
      try {
        const d = await decodeIncoming(m.data, ctx.keys);
        const c = d.content;
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
          result.typing.push({ from: d.sender, action: c.action, timestamp: d.timestamp });
          continue;
        }
        if (c.kind !== 'visible') continue; // request responses: not stored yet
        const fromUs = d.sender === own;
        // Blocked senders are dropped (their hashes still count as seen, §3.10).
        if (!fromUs && ctx.store.isBlocked(d.sender)) continue;
        const conversation = fromUs ? (c.syncTarget ?? own) : d.sender;
        const known = ctx.store.hasConversation(conversation);
        fresh.push({
          conversation,
          hash: m.hash,
          author: d.sender,
          timestamp: d.timestamp,
          direction: fromUs && c.syncTarget && c.syncTarget !== own ? 'out' : 'in',
          text: c.body,
          expiresAt: m.expiration,
          ...(c.displayName === undefined ? {} : { displayName: c.displayName }),
          // First contact from someone else lands as a message request (messages.md §4).
          state: fromUs || known ? 'accepted' : 'request',
          ...(c.expiration ? { extras: { expiration: c.expiration } } : {}),
        });
      } catch (e) {
        const code = isSessionError(e) ? e.code : 'INTERNAL';
        result.skipped.push({ hash: m.hash, code });
        ctx.log?.(`skipped message ${m.hash.slice(0, 10)}…: ${code}`);
      }
    }
    const last = batch.messages[batch.messages.length - 1];
    result.messages.push(
      ...ctx.store.saveBatch(
        {
          seen,
          messages: fresh,
          ...(last
            ? { cursor: { swarm: own, namespace: 0, node: batch.nodeEd25519, lastHash: last.hash } }
            : {}),
        },
        Date.now(),
      ),
    );
    for (const u of unsends) if (ctx.store.markDeleted(u.author, u.timestamp) > 0) result.unsent.push(u);
    for (const r of receipts)
      result.readReceipts += ctx.store.markRead(r.reader, own, r.timestamps, Date.now());
    if (!batch.more || batch.messages.length === 0) break;
  }
  result.messages.sort((a, b) => a.timestamp - b.timestamp || a.id - b.id);
  return result;
}
