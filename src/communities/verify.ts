import { xed25519Verify } from '../crypto/blinding.js';
import { verify } from '../crypto/keys.js';
import { fromBase64, fromHex } from '../encoding/bytes.js';
import { parseContent, parsedQuote, type WireAttachment, type WireQuote } from '../messages/one-to-one.js';
import { unpadMessage } from '../messages/padding.js';
import { SessionProtos, toNumber } from '../messages/proto.js';
import type { RawMessage, Reaction } from './sogs-client.js';

/**
 * Received community messages (communities.md §8.9). The server never checks what it stores, so
 * every message is verified here against its author's key before anything of it is used: a
 * forged one is dropped and counted, never shown.
 */

/** What a verified row becomes. `kind` says which of the three row shapes of §8.1 it was. */
export type VerifiedRow =
  | {
      kind: 'message';
      id: number;
      seqno: number;
      author: string;
      postedMs: number;
      editedMs?: number;
      text: string;
      displayName?: string;
      attachments: CommunityAttachment[];
      /** The post it replies to: its author and posted time (desktop's sent_at of a post). */
      quote?: WireQuote;
      /** DataMessage.blocksCommunityMessageRequests: the author takes no DMs from strangers. */
      blocksRequests?: true;
      reactions: Record<string, Reaction>;
    }
  | { kind: 'deleted'; id: number; seqno: number }
  | { kind: 'reactions'; id: number; seqno: number; reactions: Record<string, Reaction> };

export interface VerifyResult {
  rows: VerifiedRow[];
  /** Rows whose signature did not verify (or that carried none): dropped. */
  forged: number;
  /** Rows that verified but are not a readable Content, or break the 6 h rule: dropped. */
  unreadable: number;
  /** The highest seqno of every row received, kept or not: the poll cursor moves past all. */
  maxSeqno: number;
}

/** A file a community post points at (unencrypted, on the community server: §8.5). */
export interface CommunityAttachment {
  id: string;
  url: string;
  fileName: string | null;
  contentType: string | null;
  size: number;
  width?: number;
  height?: number;
}

function attachmentOf(a: WireAttachment): CommunityAttachment {
  return {
    id: a.id > 0n ? a.id.toString() : (a.url.split('/').pop() ?? ''),
    url: a.url,
    fileName: a.fileName ?? null,
    contentType: a.contentType ?? null,
    size: a.size,
    ...(a.width ? { width: a.width } : {}),
    ...(a.height ? { height: a.height } : {}),
  };
}

/** Receivers drop a message whose sigTimestamp is more than 6 h from the server's time (§8.5). */
export const MAX_SIG_SKEW_MS = 6 * 3600 * 1000;

export async function verifySignature(
  authorId: string,
  signature: Uint8Array,
  data: Uint8Array,
): Promise<boolean> {
  if (!/^(05|15|25)[0-9a-f]{64}$/.test(authorId)) return false;
  const key = fromHex(authorId.slice(2));
  if (authorId.startsWith('05')) return xed25519Verify(signature, data, key);
  return verify(signature, data, key);
}

function decodeB64(text: string | undefined): Uint8Array | undefined {
  if (text === undefined) return undefined;
  try {
    return fromBase64(text);
  } catch {
    return undefined;
  }
}

function decodeContent(bytes: Uint8Array): SessionProtos.Content | undefined {
  try {
    return SessionProtos.Content.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Text, profile name and files of a padded Content. Throws when it is not one. */
export function readCommunityContent(
  data: Uint8Array,
  postedMs: number,
): {
  text: string;
  displayName?: string;
  attachments: CommunityAttachment[];
  quote?: WireQuote;
  blocksRequests?: true;
} {
  let bytes = unpadMessage(data);
  let c = decodeContent(bytes);
  // LSNEW also accepts an Envelope wrapping the Content (a planned migration, §8.9, §17.2).
  if (!c?.dataMessage) {
    let inner: Uint8Array | undefined;
    try {
      inner = SessionProtos.Envelope.decode(bytes).content ?? undefined;
    } catch {
      inner = undefined;
    }
    if (inner && inner.length > 0) {
      bytes = unpadMessage(inner);
      c = decodeContent(bytes);
    }
  }
  if (!c) throw new Error('not a Content');
  const sigTs = toNumber(c.sigTimestamp);
  if (sigTs !== undefined && sigTs !== 0 && Math.abs(sigTs - postedMs) > MAX_SIG_SKEW_MS)
    throw new Error('sigTimestamp is more than 6 h from the posting time');
  // parseContent checks sigTimestamp against an envelope's time; a community post has none, so it
  // is checked against itself (the 6 h rule above is the community check).
  const p = parseContent(bytes, sigTs ?? 0);
  if (p.kind !== 'visible') throw new Error('not a visible message');
  return {
    text: p.body,
    ...(p.displayName ? { displayName: p.displayName } : {}),
    // Room files have no key (§8.5), which parseContent (1:1 pointers) leaves out: read them here.
    attachments: roomPointers(c.dataMessage?.attachments).map(attachmentOf),
    ...parsedQuote(c.dataMessage?.quote, ROOM_AUTHOR),
    ...(p.blocksCommunityMessageRequests ? { blocksRequests: true as const } : {}),
  };
}

/** Who can be quoted in a room: blinded (15, 25) authors, or 05 ones on a server that does not blind. */
const ROOM_AUTHOR = /^(?:05|15|25)[0-9a-f]{64}$/;

/** Every pointer with a URL, keyed or not: a room file is fetched by its URL and never decrypted. */
function roomPointers(list: SessionProtos.IAttachmentPointer[] | null | undefined): WireAttachment[] {
  return (list ?? [])
    .filter((a) => !!a.url)
    .map((a) => ({
      id: BigInt(toNumber(a.id) ?? 0),
      url: a.url!,
      key: new Uint8Array(0),
      size: a.size ?? 0,
      ...(a.contentType ? { contentType: a.contentType } : {}),
      ...(a.fileName ? { fileName: a.fileName } : {}),
      ...(a.width ? { width: a.width } : {}),
      ...(a.height ? { height: a.height } : {}),
    }));
}

export async function verifyRows(raw: RawMessage[]): Promise<VerifyResult> {
  const out: VerifyResult = { rows: [], forged: 0, unreadable: 0, maxSeqno: 0 };
  for (const m of raw) {
    out.maxSeqno = Math.max(out.maxSeqno, m.seqno);
    if (m.data === undefined) {
      out.rows.push({ kind: 'reactions', id: m.id, seqno: m.seqno, reactions: m.reactions ?? {} });
      continue;
    }
    if (m.data === null || m.deleted) {
      out.rows.push({ kind: 'deleted', id: m.id, seqno: m.seqno });
      continue;
    }
    const data = decodeB64(m.data);
    const sig = decodeB64(m.signature);
    const author = m.sessionId?.toLowerCase();
    if (!data || !sig || sig.length !== 64 || !author || !(await verifySignature(author, sig, data))) {
      out.forged++;
      continue;
    }
    const postedMs = m.postedMs ?? 0;
    let content: ReturnType<typeof readCommunityContent>;
    try {
      content = readCommunityContent(data, postedMs);
    } catch {
      out.unreadable++;
      continue;
    }
    out.rows.push({
      kind: 'message',
      id: m.id,
      seqno: m.seqno,
      author,
      postedMs,
      ...(m.editedMs === undefined ? {} : { editedMs: m.editedMs }),
      ...content,
      reactions: m.reactions ?? {},
    });
  }
  return out;
}
