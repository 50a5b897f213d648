import { SessionError } from '../errors.js';
import { fromHex } from '../encoding/bytes.js';
import {
  decryptIncoming,
  encryptForRecipient,
  encryptForRecipientDeterministic,
  type SenderKeys,
} from './encrypt.js';
import { padMessage, unpadMessage } from './padding.js';
import { SessionProtos, toNumber } from './proto.js';

/**
 * A 1:1 message on the wire (messages.md §3.1): Content -> pad -> encrypt_for_recipient ->
 * Envelope{type 6, timestamp T} -> WebSocketMessage{REQUEST, body} -> bytes (base64 in `store`).
 */
export type ExpirationMode = 'after-send' | 'after-read';

/** An AttachmentPointer (messages.md §5.4): where a file is and how to decrypt it. */
export interface WireAttachment {
  /** Field 1: the numeric file id, or 0 for a non-numeric one. */
  id: bigint;
  url: string;
  key: Uint8Array;
  /** §5.1 (legacy) only. */
  digest?: Uint8Array;
  /** Plaintext size in bytes. */
  size: number;
  contentType?: string;
  fileName?: string;
  width?: number;
  height?: number;
}

function pointerOf(a: WireAttachment): SessionProtos.IAttachmentPointer {
  return {
    // numeric file ids are 53-bit (§5.5), so a Number carries them exactly
    id: Number(a.id),
    url: a.url,
    key: a.key,
    size: a.size,
    ...(a.digest ? { digest: a.digest } : {}),
    ...(a.contentType ? { contentType: a.contentType } : {}),
    ...(a.fileName ? { fileName: a.fileName } : {}),
    ...(a.width ? { width: a.width } : {}),
    ...(a.height ? { height: a.height } : {}),
  };
}

/** Pointers without a URL or key cannot be fetched: they are left out rather than shown broken. */
function parsedAttachments(list: SessionProtos.IAttachmentPointer[] | null | undefined): WireAttachment[] {
  const out: WireAttachment[] = [];
  for (const p of list ?? []) {
    if (!p.url || !p.key || p.key.length === 0) continue;
    out.push({
      id: BigInt(toNumber(p.id) ?? 0),
      url: p.url,
      // protobufjs gives Buffers on Node; bytes here are plain Uint8Arrays
      key: Uint8Array.from(p.key),
      size: p.size ?? 0,
      ...(p.digest && p.digest.length > 0 ? { digest: Uint8Array.from(p.digest) } : {}),
      ...(p.contentType ? { contentType: p.contentType } : {}),
      ...(p.fileName ? { fileName: p.fileName } : {}),
      ...(p.width ? { width: p.width } : {}),
      ...(p.height ? { height: p.height } : {}),
    });
  }
  return out;
}

/**
 * DataMessage.quote (messages.md §3.4, field 8): the replied-to message by its sent timestamp and
 * author; `text` is field 3, which desktop and iOS no longer send (we send it when known).
 */
export interface WireQuote {
  timestamp: number;
  author: string;
  text?: string;
}

/** DataMessage.reaction (field 11): an emoji added to or taken back from (author, timestamp). */
export interface WireReaction {
  timestamp: number;
  author: string;
  emoji: string;
  action: 'react' | 'remove';
}

export type ParsedContent =
  | {
      kind: 'visible';
      body: string;
      quote?: WireQuote;
      displayName?: string;
      /** LokiProfile.lastUpdateSeconds (desktop `lastProfileUpdateSeconds`), with displayName. */
      profileUpdatedSeconds?: number;
      avatar?: ProfileAvatar;
      syncTarget?: string;
      expiration?: { mode: ExpirationMode; seconds: number };
      attachments?: WireAttachment[];
      /** DataMessage field 106, on community posts: the author takes no DMs from strangers. */
      blocksCommunityMessageRequests?: true;
    }
  /** A reaction is not a text message: it changes the reactions of the message it names. */
  | { kind: 'reaction'; reaction: WireReaction; syncTarget?: string }
  | { kind: 'read-receipt'; timestamps: number[] }
  | { kind: 'typing'; action: 'started' | 'stopped' }
  | { kind: 'unsend'; timestamp: number; author: string }
  | {
      kind: 'request-response';
      approved: boolean;
      displayName?: string;
      profileUpdatedSeconds?: number;
      avatar?: ProfileAvatar;
    }
  /** A GroupUpdateMessage (groups-and-config.md §4.7): handled by src/groups, never shown as text. */
  | { kind: 'group-update'; update: SessionProtos.IGroupUpdateMessage; displayName?: string }
  | { kind: 'unknown' };

export type OutgoingContent =
  | {
      kind: 'visible';
      body: string;
      displayName?: string;
      /** LokiProfile.lastUpdateSeconds (desktop `lastProfileUpdateSeconds`), with displayName. */
      profileUpdatedSeconds?: number;
      avatar?: ProfileAvatar;
      syncTarget?: string;
      expiration?: { mode: ExpirationMode; seconds: number };
      attachments?: WireAttachment[];
      quote?: WireQuote;
      /** DataMessage field 106, on community posts: the author takes no DMs from strangers. */
      blocksCommunityMessageRequests?: true;
    }
  | { kind: 'reaction'; reaction: WireReaction; syncTarget?: string }
  | { kind: 'read-receipt'; timestamps: readonly number[] }
  | { kind: 'typing'; action: 'started' | 'stopped' }
  | { kind: 'unsend'; timestamp: number; author: string }
  | {
      kind: 'request-response';
      displayName?: string;
      profileUpdatedSeconds?: number;
      avatar?: ProfileAvatar;
    };

/**
 * A profile picture as it travels (messages.md §5.7): the file URL in `LokiProfile.profilePicture`
 * and its 32-byte key in the message's `profileKey` (DataMessage 6 / MessageRequestResponse 2).
 */
export interface ProfileAvatar {
  url: string;
  key: Uint8Array;
}

const DAY_MS = 24 * 3600 * 1000;

function profileOf(c: {
  displayName?: string;
  profileUpdatedSeconds?: number;
  avatar?: ProfileAvatar;
}): SessionProtos.ILokiProfile {
  return {
    displayName: c.displayName!,
    ...(c.avatar ? { profilePicture: c.avatar.url } : {}),
    ...(c.profileUpdatedSeconds === undefined ? {} : { lastUpdateSeconds: c.profileUpdatedSeconds }),
  };
}

/** The avatar named by a received profile, when both its URL and a 32-byte key are there. */
function parsedAvatar(
  p: SessionProtos.ILokiProfile | null | undefined,
  key: Uint8Array | null | undefined,
): { avatar?: ProfileAvatar } {
  const url = p?.profilePicture;
  if (!url || url.length > 2048 || !/^https?:\/\//.test(url) || key?.length !== 32) return {};
  return { avatar: { url, key: Uint8Array.from(key) } };
}

function parsedProfile(p: SessionProtos.ILokiProfile | null | undefined): {
  displayName?: string;
  profileUpdatedSeconds?: number;
} {
  if (!p?.displayName) return {};
  const s = toNumber(p.lastUpdateSeconds);
  return { displayName: p.displayName, ...(s ? { profileUpdatedSeconds: s } : {}) };
}

function quoteOf(q: WireQuote): SessionProtos.DataMessage.IQuote {
  return { id: q.timestamp, author: q.author, ...(q.text ? { text: q.text } : {}) };
}

const ACCOUNT_ID = /^05[0-9a-f]{64}$/;
/** What a received quote may show of the quoted text (the sender's copy of it, not ours). */
export const MAX_QUOTE_TEXT_CHARS = 2000;

/**
 * A received quote, or nothing when it names no message (no author Account ID or no usable
 * timestamp): the reply is still a message, only without its quote. A community post's quote
 * names a room author instead (`author`: 15/25-blinded or 05 ids, src/communities/verify.ts).
 */
export function parsedQuote(
  q: SessionProtos.DataMessage.IQuote | null | undefined,
  author: RegExp = ACCOUNT_ID,
): { quote?: WireQuote } {
  if (!q) return {};
  const timestamp = toNumber(q.id);
  if (timestamp === undefined || !Number.isSafeInteger(timestamp) || timestamp <= 0) return {};
  if (typeof q.author !== 'string' || !author.test(q.author)) return {};
  const text =
    typeof q.text === 'string' && q.text !== ''
      ? [...q.text].slice(0, MAX_QUOTE_TEXT_CHARS).join('')
      : undefined;
  return { quote: { timestamp, author: q.author, ...(text === undefined ? {} : { text }) } };
}

/**
 * A received reaction as sent: whether it names a message we know, with a usable emoji, is the
 * receiver's question (src/messages/reactions.ts), so that junk is counted, not lost silently.
 */
function parsedReaction(r: SessionProtos.DataMessage.IReaction): WireReaction {
  return {
    timestamp: toNumber(r.id) ?? 0,
    author: typeof r.author === 'string' ? r.author : '',
    emoji: r.emoji ?? '',
    action: r.action === SessionProtos.DataMessage.Reaction.Action.REMOVE ? 'remove' : 'react',
  };
}

export function buildContent(c: OutgoingContent, timestamp: number): Uint8Array {
  const C = SessionProtos.Content;
  const base: SessionProtos.IContent = { sigTimestamp: timestamp };
  switch (c.kind) {
    case 'visible':
      base.dataMessage = {
        body: c.body,
        ...(c.displayName === undefined ? {} : { profile: profileOf(c) }),
        ...(c.displayName !== undefined && c.avatar ? { profileKey: c.avatar.key } : {}),
        ...(c.syncTarget === undefined ? {} : { syncTarget: c.syncTarget }),
        ...(c.attachments?.length ? { attachments: c.attachments.map(pointerOf) } : {}),
        ...(c.quote ? { quote: quoteOf(c.quote) } : {}),
        ...(c.blocksCommunityMessageRequests ? { blocksCommunityMessageRequests: true } : {}),
      };
      if (c.expiration) {
        base.expirationType =
          c.expiration.mode === 'after-send'
            ? SessionProtos.Content.ExpirationType.DELETE_AFTER_SEND
            : SessionProtos.Content.ExpirationType.DELETE_AFTER_READ;
        base.expirationTimer = c.expiration.seconds;
      }
      break;
    case 'reaction':
      // no body: receivers treat a DataMessage with a reaction as the reaction alone
      base.dataMessage = {
        reaction: {
          id: c.reaction.timestamp,
          author: c.reaction.author,
          emoji: c.reaction.emoji,
          action:
            c.reaction.action === 'remove'
              ? SessionProtos.DataMessage.Reaction.Action.REMOVE
              : SessionProtos.DataMessage.Reaction.Action.REACT,
        },
        ...(c.syncTarget === undefined ? {} : { syncTarget: c.syncTarget }),
      };
      break;
    case 'read-receipt':
      base.receiptMessage = { type: SessionProtos.ReceiptMessage.Type.READ, timestamp: [...c.timestamps] };
      break;
    case 'typing':
      base.typingMessage = {
        timestamp,
        action:
          c.action === 'started'
            ? SessionProtos.TypingMessage.Action.STARTED
            : SessionProtos.TypingMessage.Action.STOPPED,
      };
      break;
    case 'unsend':
      base.unsendRequest = { timestamp: c.timestamp, author: c.author };
      break;
    case 'request-response':
      base.messageRequestResponse = {
        isApproved: true,
        ...(c.displayName === undefined ? {} : { profile: profileOf(c) }),
        ...(c.displayName !== undefined && c.avatar ? { profileKey: c.avatar.key } : {}),
      };
      break;
  }
  return C.encode(C.create(base)).finish();
}

/**
 * `quoteAuthor`: the ids a quote may name as its author (default: Account IDs). A blinded DM's
 * quote names a 15 id (src/actions/community-dm.ts).
 */
export function parseContent(
  bytes: Uint8Array,
  envelopeTimestamp: number,
  quoteAuthor: RegExp = ACCOUNT_ID,
): ParsedContent {
  let c: SessionProtos.Content;
  try {
    c = SessionProtos.Content.decode(bytes);
  } catch (cause) {
    throw new SessionError('DECRYPT_FAILED', 'Content is not valid protobuf', { cause });
  }
  const sigTs = toNumber(c.sigTimestamp);
  // §3.6: the signed Content timestamp authenticates the (unsigned) envelope timestamp.
  if (sigTs !== undefined && sigTs !== 0 && sigTs !== envelopeTimestamp) {
    throw new SessionError('BAD_SIGNATURE', 'sigTimestamp does not match the envelope timestamp');
  }
  if (c.dataMessage) {
    const d = c.dataMessage;
    if (d.groupUpdateMessage)
      return { kind: 'group-update', update: d.groupUpdateMessage, ...parsedProfile(d.profile) };
    if (d.reaction) {
      const reaction = parsedReaction(d.reaction);
      return { kind: 'reaction', reaction, ...(d.syncTarget ? { syncTarget: d.syncTarget } : {}) };
    }
    const body = d.body ?? '';
    const out: ParsedContent = {
      kind: 'visible',
      body,
      ...parsedProfile(d.profile),
      ...parsedAvatar(d.profile, d.profileKey),
    };
    if (d.syncTarget) out.syncTarget = d.syncTarget;
    const attachments = parsedAttachments(d.attachments);
    if (attachments.length > 0) out.attachments = attachments;
    const { quote } = parsedQuote(d.quote, quoteAuthor);
    if (quote) out.quote = quote;
    if (d.blocksCommunityMessageRequests === true) out.blocksCommunityMessageRequests = true;
    const t = c.expirationTimer ?? 0;
    if (t > 0 && c.expirationType) {
      out.expiration = {
        mode:
          c.expirationType === SessionProtos.Content.ExpirationType.DELETE_AFTER_SEND
            ? 'after-send'
            : 'after-read',
        seconds: t,
      };
    }
    return out;
  }
  if (c.receiptMessage) {
    return {
      kind: 'read-receipt',
      timestamps: (c.receiptMessage.timestamp ?? []).map((x) => toNumber(x as number)!),
    };
  }
  if (c.typingMessage) {
    if (toNumber(c.typingMessage.timestamp) !== envelopeTimestamp) {
      throw new SessionError('BAD_SIGNATURE', 'typing timestamp does not match the envelope timestamp');
    }
    return {
      kind: 'typing',
      action: c.typingMessage.action === SessionProtos.TypingMessage.Action.STOPPED ? 'stopped' : 'started',
    };
  }
  if (c.unsendRequest) {
    return {
      kind: 'unsend',
      timestamp: toNumber(c.unsendRequest.timestamp)!,
      author: c.unsendRequest.author,
    };
  }
  if (c.messageRequestResponse) {
    const r = c.messageRequestResponse;
    return {
      kind: 'request-response',
      approved: r.isApproved,
      ...parsedProfile(r.profile),
      ...parsedAvatar(r.profile, r.profileKey),
    };
  }
  return { kind: 'unknown' };
}

/** TTL of the `store` request (§3.7). */
export function ttlFor(c: OutgoingContent): number {
  if (c.kind === 'typing') return 20_000;
  if (c.kind === 'visible' && c.expiration?.mode === 'after-send') return c.expiration.seconds * 1000;
  return 14 * DAY_MS;
}

export function wrapEnvelope(ciphertext: Uint8Array, timestamp: number): Uint8Array {
  const env = SessionProtos.Envelope.encode(
    SessionProtos.Envelope.create({
      type: SessionProtos.Envelope.Type.SESSION_MESSAGE,
      timestamp,
      content: ciphertext,
    }),
  ).finish();
  return SessionProtos.WebSocketMessage.encode(
    SessionProtos.WebSocketMessage.create({
      type: SessionProtos.WebSocketMessage.Type.REQUEST,
      request: { verb: '', path: '', body: env, requestId: 0 },
    }),
  ).finish();
}

export function unwrapEnvelope(ws: Uint8Array): { ciphertext: Uint8Array; timestamp: number } {
  let env: SessionProtos.Envelope;
  try {
    const msg = SessionProtos.WebSocketMessage.decode(ws);
    if (!msg.request?.body) throw new Error('no request body');
    env = SessionProtos.Envelope.decode(msg.request.body);
  } catch (cause) {
    throw new SessionError('DECRYPT_FAILED', 'not a Session envelope', { cause });
  }
  if (!env.content || env.content.length === 0)
    throw new SessionError('DECRYPT_FAILED', 'envelope without content');
  if (env.proSig && env.proSig.length !== 64 && env.proSig.length !== 0) {
    throw new SessionError('DECRYPT_FAILED', 'envelope proSig must be 64 bytes');
  }
  return { ciphertext: env.content, timestamp: toNumber(env.timestamp)! };
}

export interface EncodeParams {
  content: OutgoingContent;
  timestamp: number;
  sender: SenderKeys;
  /** "05…" Account ID of the recipient (our own for sync copies). */
  recipient: string;
  deterministic?: boolean;
}

export async function encodeOutgoing(p: EncodeParams): Promise<Uint8Array> {
  const padded = padMessage(buildContent(p.content, p.timestamp));
  const y = fromHex(p.recipient).subarray(1);
  const ct =
    p.deterministic && p.sender.seed32
      ? await encryptForRecipientDeterministic({ ...p.sender, seed32: p.sender.seed32 }, y, padded)
      : await encryptForRecipient(p.sender, y, padded);
  return wrapEnvelope(ct, p.timestamp);
}

export interface DecodedIncoming {
  sender: string;
  senderEd25519Pk: Uint8Array;
  timestamp: number;
  content: ParsedContent;
}

export async function decodeIncoming(
  ws: Uint8Array,
  own: { x25519Pk: Uint8Array; x25519Sk: Uint8Array },
): Promise<DecodedIncoming> {
  const { ciphertext, timestamp } = unwrapEnvelope(ws);
  const d = await decryptIncoming(own, ciphertext);
  return {
    sender: d.sender,
    senderEd25519Pk: d.senderEd25519Pk,
    timestamp,
    content: parseContent(unpadMessage(d.plaintext), timestamp),
  };
}
