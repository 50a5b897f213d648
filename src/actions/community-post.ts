import type { SessionClient } from '../client.js';
import { communityMessageObject } from '../communities/events.js';
import { roomFileUrl, uploadRoomFile, type RoomFileInput } from '../communities/files.js';
import { buildPostData, type RoomFilePointer } from '../communities/post-data.js';
import { verifyRows } from '../communities/verify.js';
import { SessionError } from '../errors.js';
import type { MessageObject } from '../messages/message-object.js';
import type { WireQuote } from '../messages/one-to-one.js';
import type { CommunityMessageRow, JoinedRoom } from '../store/communities.js';
import { contentTypeFor, imageSize } from './attachments.js';
import { communityRequestsOn } from './own-profile.js';
import { communityStore, ownIdsFor, sogsForRoom, type CommunityOptions } from './community-client.js';

/** Text posts are limited like 1:1 messages; the server pads them to 160-byte blocks. */
const MAX_TEXT_BYTES = 64 * 1024;

function checkText(text: string, files = 0): void {
  if (text.length === 0 && files === 0)
    throw new SessionError('INVALID_INPUT', 'nothing to post (empty text)');
  if (Buffer.byteLength(text, 'utf8') > MAX_TEXT_BYTES)
    throw new SessionError('TOO_LARGE', `a community post is at most ${MAX_TEXT_BYTES} bytes of text`);
}

export function parseMessageId(text: string): number {
  if (!/^\d{1,15}$/.test(text))
    throw new SessionError('INVALID_INPUT', `not a community message id: ${text}`);
  return Number(text);
}

/**
 * What a reply quotes (communities.md §8.5, DataMessage.quote): the post by its author and posted
 * time, which is what desktop takes as a community message's sent time, and its text. Only a
 * post this device has read can be quoted: its author and time come from there.
 */
function quoteOfPost(store: ReturnType<typeof communityStore>, room: JoinedRoom, idText: string): WireQuote {
  const id = parseMessageId(idText);
  const m = store.message(room.id, id);
  if (!m || m.deleted)
    throw new SessionError(
      'NOT_FOUND',
      `message ${id} of ${room.baseUrl}/${room.token} is not known here: read the room first (community read)`,
    );
  return { author: m.author, timestamp: m.postedMs, ...(m.body ? { text: m.body } : {}) };
}

/** The quote a stored reply carries, as the wire names it again (an edit keeps it). */
function wireQuoteOf(q: NonNullable<CommunityMessageRow['quote']>): WireQuote {
  return { author: q.author, timestamp: q.timestamp, ...(q.text ? { text: q.text } : {}) };
}

/**
 * `community post ROOM TEXT` (§8.5, §15.4): signed padded Content; the reply is our message.
 * `files` (read by the caller before any traffic) are uploaded to the room first (§15.4), then
 * named twice in the post: ids in `files`, unencrypted pointers in the Content.
 */
export async function postToRoom(
  client: SessionClient,
  ref: string,
  text: string,
  opts: CommunityOptions & { files?: RoomFileInput[]; replyTo?: string | undefined } = {},
): Promise<MessageObject> {
  const files = opts.files ?? [];
  checkText(text, files.length);
  const store = communityStore(client);
  const room = store.resolve(ref);
  const quote = opts.replyTo === undefined ? undefined : quoteOfPost(store, room, opts.replyTo);
  const sogs = sogsForRoom(client, store, room, opts);
  const attachments: RoomFilePointer[] = [];
  for (const f of files) {
    const id = await uploadRoomFile(sogs, room.token, f.data, f.fileName, opts.signal);
    const contentType = contentTypeFor(f.fileName);
    attachments.push({
      id,
      url: roomFileUrl(room.baseUrl, room.token, id),
      size: f.data.length,
      contentType,
      fileName: f.fileName,
      ...imageSize(f.data, contentType),
    });
  }
  const body = await buildPostData({
    text,
    attachments,
    quote,
    displayName: client.info.displayName,
    timestampMs: client.net.now(),
    edSecretKey64: client.keys.ed25519Sk,
    serverPkHex: room.pubkey,
    blocksCommunityMessageRequests: !(await communityRequestsOn(client.store, client.info.accountId)),
  });
  const reply = await sogs.post(
    room.token,
    attachments.length ? { ...body, files: attachments.map((a) => a.id) } : body,
    opts.signal,
  );
  // The server echoes what it stored; it is verified like any row (our own key signed it).
  const v = await verifyRows([
    { ...reply, data: reply.data ?? body.data, signature: reply.signature ?? body.signature },
  ]);
  store.apply(room.id, v.rows, 0, { poll: false });
  const own = await ownIdsFor(client, room.pubkey);
  const m = store.message(room.id, reply.id);
  if (!m)
    throw new SessionError(
      'BAD_REPLY',
      'the community server answered the post with a message we cannot read',
    );
  return communityMessageObject(room, m, own);
}

export async function editInRoom(
  client: SessionClient,
  ref: string,
  idText: string,
  text: string,
  opts: CommunityOptions = {},
): Promise<{ room: string; id: string }> {
  checkText(text);
  const id = parseMessageId(idText);
  const store = communityStore(client);
  const room = store.resolve(ref);
  // an edited reply is still a reply: the new data quotes what the stored version quoted
  const q = store.message(room.id, id)?.quote;
  const body = await buildPostData({
    text,
    ...(q ? { quote: wireQuoteOf(q) } : {}),
    displayName: client.info.displayName,
    timestampMs: client.net.now(),
    edSecretKey64: client.keys.ed25519Sk,
    serverPkHex: room.pubkey,
  });
  await sogsForRoom(client, store, room, opts).edit(room.token, id, body, opts.signal);
  return { room: `${room.baseUrl}/${room.token}`, id: String(id) };
}

export async function deleteInRoom(
  client: SessionClient,
  ref: string,
  idText: string,
  opts: CommunityOptions = {},
): Promise<{ room: string; id: string }> {
  const id = parseMessageId(idText);
  const store = communityStore(client);
  const room = store.resolve(ref);
  await sogsForRoom(client, store, room, opts).deleteMessage(room.token, id, opts.signal);
  return { room: `${room.baseUrl}/${room.token}`, id: String(id) };
}

export async function reactInRoom(
  client: SessionClient,
  ref: string,
  idText: string,
  emoji: string,
  opts: CommunityOptions & { remove?: boolean } = {},
): Promise<{ room: string; id: string; emoji: string; changed: boolean; seqno: number; removed: boolean }> {
  const id = parseMessageId(idText);
  const store = communityStore(client);
  const room = store.resolve(ref);
  const sogs = sogsForRoom(client, store, room, opts);
  const r = await sogs.react(room.token, id, emoji, opts.remove === true, opts.signal);
  return {
    room: `${room.baseUrl}/${room.token}`,
    id: String(id),
    emoji,
    ...r,
    removed: opts.remove === true,
  };
}
