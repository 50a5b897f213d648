import type { SessionClient } from '../client.js';
import { decryptBlindedDm, encryptBlindedDm } from '../communities/dm.js';
import type { SogsClient } from '../communities/sogs-client.js';
import { parseBaseUrl } from '../communities/url.js';
import { blind15Id, blind15IdsFromSessionId } from '../crypto/blinding.js';
import { fromBase64, toBase64 } from '../encoding/bytes.js';
import { SessionError, isSessionError } from '../errors.js';
import {
  messageId,
  toMessageObject,
  type MessageObject,
  type QuoteInfo,
  type ReactionEvent,
  type RequestEvent,
} from '../messages/message-object.js';
import { buildContent, parseContent, type WireQuote, type WireReaction } from '../messages/one-to-one.js';
import { padMessage, unpadMessage } from '../messages/padding.js';
import { SessionProtos, toNumber } from '../messages/proto.js';
import type { MessageStore, NewMessage, StoredMessageRow } from '../store/messages.js';
import type { JoinedRoom } from '../store/communities.js';
import { applyReceivedReactions, type ReceivedReaction } from './apply-reactions.js';
import { communityStore, sogsForRoom, type CommunityOptions } from './community-client.js';
import { checkUserId, knownBlindedId } from './community-mod.js';
import { quoteInfo } from './quote-info.js';
import { communityRequestsOn } from './own-profile.js';
import { isBlinded15 } from '../identity/ids.js';

/**
 * Blinded DMs (communities.md §13): `community dm` sends one through a server's inbox; the
 * inbox and outbox are polled (by `community watch`, `pollCommunityDms`) into the normal
 * conversation list. A DM from someone is a message request in a conversation whose id is their
 * 15 id on that server (their Account ID, learnt from the message, is kept with each message as
 * `extras.sessionId`); what we sent goes to the conversation of the recipient's 15 id.
 * Inbox/outbox cursors are per server (§13.1: ids are server-wide).
 */

const MAX_TEXT_BYTES = 64 * 1024;
const metaKey = (box: 'inbox' | 'outbox', baseUrl: string) => `community-dm-${box}:${baseUrl}`;
/** Who a DM's quote may name: the other side by their 15 id, or one of us (05 or 15). */
const DM_QUOTE_AUTHOR = /^(?:05|15)[0-9a-f]{64}$/;

/** `community dm`'s result: the one message object of our copy, and where it went. */
export type CommunityDmResult = MessageObject & {
  to: string;
  server: string;
  /** The server's id of the message in the recipient's inbox. */
  inboxId: number;
};

/**
 * The message a DM reply quotes: a live message of a DM conversation with one of `candidates`
 * (the recipient's possible 15 ids), by its id (AUTHOR:TIMESTAMP) or local cursor. On the wire
 * our own messages are named by our 15 id on that server: that is how the other side stored them.
 */
function dmQuote(
  client: SessionClient,
  id: string,
  candidates: readonly string[],
  own15: string,
): { conversation: string; wire: WireQuote; info: QuoteInfo } {
  if (!/^(?:05|15)[0-9a-f]{64}:\d{1,16}$/.test(id) && !/^\d{1,16}$/.test(id))
    throw new SessionError(
      'INVALID_INPUT',
      '--reply-to takes a message id (AUTHOR:TIMESTAMP) or a local cursor',
      {
        hint: 'message ids are printed by `session message list CONVERSATION --json`',
      },
    );
  const m = client.store.find(id);
  if (!m || m.deleted)
    throw new SessionError('NOT_FOUND', `no message ${id} to reply to`, {
      hint: 'see `session message list CONVERSATION`',
      details: { id },
    });
  if (!candidates.includes(m.conversation))
    throw new SessionError(
      'INVALID_INPUT',
      `message ${id} is not in the DM conversation with ${candidates[0]}`,
    );
  const author = m.author === client.info.accountId ? own15 : m.author;
  return {
    conversation: m.conversation,
    wire: { timestamp: m.timestamp, author, ...(m.text ? { text: m.text } : {}) },
    info: { id: messageId(m.author, m.timestamp), author: m.author, text: m.text },
  };
}

/** Whether a conversation id is a community DM's (the other side's 15 blinded id). */
export function isDmConversation(conv: string): boolean {
  return isBlinded15(conv);
}

/**
 * The server a DM in conversation `conv` goes through, for the chat (which names only the
 * conversation): the one its messages came by. Files are not sent in DMs here.
 */
export function dmServerFor(store: MessageStore, conv: string, attachments?: readonly string[]): string {
  if (attachments?.length)
    throw new SessionError('INVALID_INPUT', 'files cannot be sent in a community DM', {
      hint: 'send the text alone, or share the file in a room',
    });
  const server = store.dmServer(conv);
  if (server === undefined)
    throw new SessionError(
      'NOT_FOUND',
      `no community server is known for the DM conversation ${conv.slice(0, 10)}…`,
      {
        hint: 'send the first DM with `session community dm SERVER ID TEXT`',
      },
    );
  return server;
}

/** A 15 blinded id given on the command line (lower-cased), or undefined for anything else. */
export function blindedArg(arg: string): string | undefined {
  const id = arg.trim().toLowerCase();
  return isBlinded15(id) ? id : undefined;
}

/**
 * The person behind a DM conversation's 15 id: their Account ID, which their DMs revealed. Blocking
 * a 15 id blocks that person (Contacts, on every device), whose DMs are then dropped here.
 */
export function accountBehindDm(store: MessageStore, conv: string): string {
  const id = store.dmSessionId(conv);
  if (id === undefined)
    throw new SessionError(
      'NOT_FOUND',
      `no DM from ${conv.slice(0, 10)}… has shown who is behind that id yet`,
      {
        hint: 'their Account ID is learnt from a DM they send you',
      },
    );
  return id;
}

/**
 * Accepts or declines a DM request (a 15 conversation), here only: no config keys a 15 id, and a
 * MessageRequestResponse through the swarm would tell them our Account ID.
 */
export function setDmRequestState(store: MessageStore, conv: string, state: 'accepted' | 'declined'): void {
  if (!store.conversation(conv)) throw new SessionError('NOT_FOUND', `no conversation with ${conv}`);
  store.setState(conv, state, Date.now());
}

/** A joined room of the server named by a room token/URL or by the server's base URL. */
function serverRoom(client: SessionClient, ref: string): JoinedRoom {
  const store = communityStore(client);
  let base: string | undefined;
  try {
    base = parseBaseUrl(ref).baseUrl;
  } catch {
    base = undefined;
  }
  const byServer = base === undefined ? undefined : store.rooms().find((r) => r.baseUrl === base);
  return byServer ?? store.resolve(ref);
}

export async function sendCommunityDm(
  client: SessionClient,
  ref: string,
  to: string,
  text: string,
  opts: CommunityOptions & {
    replyTo?: string | undefined;
    /** Told when the DM is likely to be dropped (the recipient takes none from strangers). */
    onWarning?: (warning: string) => void;
  } = {},
): Promise<CommunityDmResult> {
  const sid = checkUserId(to);
  if (text.length === 0) throw new SessionError('INVALID_INPUT', 'nothing to send (empty text)');
  if (Buffer.byteLength(text, 'utf8') > MAX_TEXT_BYTES)
    throw new SessionError('TOO_LARGE', `a message is at most ${MAX_TEXT_BYTES} bytes of text`);
  const room = serverRoom(client, ref);
  const store = communityStore(client);
  const sogs = sogsForRoom(client, store, room, opts);
  // A 05 id: the 15 id seen on this server, else both candidates in turn (the wrong one is not a
  // user of the server: 404), since the key we encrypt to must carry their real sign bit.
  let candidates = sid.startsWith('15')
    ? [sid]
    : await knownBlindedId(client, room.baseUrl, room.pubkey, sid).then(async (k) =>
        k ? [k] : [...(await blind15IdsFromSessionId(sid, room.pubkey))],
      );
  const quote =
    opts.replyTo === undefined
      ? undefined
      : dmQuote(client, opts.replyTo, candidates, await blind15Id(client.keys.ed25519Sk, room.pubkey));
  // (a reply goes to the conversation it answers in: that is the recipient's real 15 id)
  if (quote) candidates = [quote.conversation];
  // Their newest post says they take no DMs from strangers: unless they wrote to us first, this
  // one is likely dropped on their side (it is still sent: we may be their contact).
  const refuses = candidates.find((c) => store.blocksRequests(room.baseUrl, c) === true);
  if (refuses && !client.store.messages(refuses, 1000).some((m) => m.direction === 'in'))
    opts.onWarning?.(
      `${refuses.slice(0, 10)}… takes no community DMs from people who are not their contacts: this one may not reach them`,
    );
  const timestamp = client.store.allocateTimestamp(client.net.now());
  const padded = padMessage(
    buildContent(
      {
        kind: 'visible',
        body: text,
        ...(client.info.displayName ? { displayName: client.info.displayName } : {}),
        ...(quote ? { quote: quote.wire } : {}),
      },
      timestamp,
    ),
  );
  let last: unknown;
  for (const recipient of candidates) {
    const wire = await encryptBlindedDm({
      padded,
      senderSk64: client.keys.ed25519Sk,
      recipientBlindedId: recipient,
      serverPkHex: room.pubkey,
    });
    let r: { id?: unknown };
    try {
      r = await sogs.call<{ id?: unknown }>(
        { method: 'POST', path: `/inbox/${recipient}`, json: { message: toBase64(wire) } },
        opts.signal,
        'the message',
      );
    } catch (e) {
      last = e;
      if (isSessionError(e, 'REMOTE_REJECTED') && e.details?.status === 404) continue;
      throw e;
    }
    const row = client.store.insert(
      {
        conversation: recipient,
        hash: null,
        author: client.info.accountId,
        timestamp,
        direction: 'out',
        text,
        extras: {
          community: room.baseUrl,
          ...(sid.startsWith('05') ? { sessionId: sid } : {}),
          ...(quote ? { quote: quote.info } : {}),
        },
        state: 'accepted',
      },
      Date.now(),
    );
    // (insert gives no row only for a copy stored already: the outbox poll can be quicker)
    const stored = row ?? client.store.find(messageId(client.info.accountId, timestamp));
    if (!stored) throw new SessionError('INTERNAL', 'the sent DM is not in the store');
    return {
      ...toMessageObject(stored),
      to: recipient,
      server: room.baseUrl,
      inboxId: typeof r?.id === 'number' ? r.id : 0,
    };
  }
  if (isSessionError(last))
    throw new SessionError('REMOTE_REJECTED', `${room.baseUrl} knows no user ${sid.slice(0, 10)}…`, {
      details: last.details ?? {},
      hint: 'they must have used this community server (posted or read) before they can get a DM',
    });
  throw last;
}

/**
 * A reaction (or its removal) to a message of a community DM, through the inbox of the server the
 * DM went by: the Content of a 1:1 reaction (messages.md §3.4), padded and encrypted as a DM
 * (communities.md §13.2). The message's author is named as the other side knows them: our own
 * messages by our 15 id on that server. Returns the reaction's timestamp (its id's T).
 */
export async function sendDmReaction(
  client: SessionClient,
  dm: string,
  reaction: WireReaction,
  signal?: AbortSignal,
): Promise<{ timestamp: number; server: string; inboxId: number }> {
  const server = client.store.dmServer(dm);
  if (server === undefined)
    throw new SessionError('NOT_FOUND', `no community DM with ${dm.slice(0, 10)}… here`);
  const room = serverRoom(client, server);
  const sogs = sogsForRoom(client, communityStore(client), room, {});
  const own15 = await blind15Id(client.keys.ed25519Sk, room.pubkey);
  const named = reaction.author === client.info.accountId ? { ...reaction, author: own15 } : reaction;
  const timestamp = client.store.allocateTimestamp(client.net.now());
  const wire = await encryptBlindedDm({
    padded: padMessage(buildContent({ kind: 'reaction', reaction: named }, timestamp)),
    senderSk64: client.keys.ed25519Sk,
    recipientBlindedId: dm,
    serverPkHex: room.pubkey,
  });
  const r = await sogs.call<{ id?: unknown }>(
    { method: 'POST', path: `/inbox/${dm}`, json: { message: toBase64(wire) } },
    signal,
    'the reaction',
  );
  return { timestamp, server: room.baseUrl, inboxId: typeof r?.id === 'number' ? r.id : 0 };
}

interface DmItem {
  id: number;
  posted_at?: number;
  sender: string;
  recipient: string;
  message: string;
}

function parseItems(x: unknown): DmItem[] {
  if (!Array.isArray(x)) return [];
  return x.filter(
    (i): i is DmItem =>
      i !== null &&
      typeof i === 'object' &&
      Number.isSafeInteger((i as DmItem).id) &&
      typeof (i as DmItem).sender === 'string' &&
      typeof (i as DmItem).recipient === 'string' &&
      typeof (i as DmItem).message === 'string',
  );
}

/** What one poll of a server's inbox and outbox stored. */
export interface DmPollResult {
  server: string;
  received: number;
  sent: number;
  /** Items that did not open or authenticate: skipped (and never retried). */
  dropped: number;
  /**
   * Dropped on purpose: DMs from someone we blocked (by their 15 id or the Account ID behind it),
   * and new requests while our community message requests are off (UserProfile `M`).
   */
  blocked: number;
  /** A `request` event for each conversation a stranger's DM opened (as the swarm's first contacts). */
  requests: RequestEvent[];
  /** A `reaction` event for each reaction (or its removal) applied to a message of a DM. */
  reactions: ReactionEvent[];
}

/**
 * `GET /inbox[/since/N]` and `/outbox[/since/N]` in one /batch (a 304 there is "nothing new",
 * §13.1), each item opened (§13.3), and what both held stored with both cursors moved past it in
 * one transaction.
 */
export async function pollServerDms(
  client: SessionClient,
  sogs: SogsClient,
  room: Pick<JoinedRoom, 'baseUrl' | 'pubkey'>,
  signal?: AbortSignal,
): Promise<DmPollResult> {
  const out: DmPollResult = {
    server: room.baseUrl,
    received: 0,
    sent: 0,
    dropped: 0,
    blocked: 0,
    requests: [],
    reactions: [],
  };
  const own15 = await blind15Id(client.keys.ed25519Sk, room.pubkey);
  // (off: only DMs in a conversation we accepted, or from a contact we accepted by their Account
  // ID, get through: the official clients' rule, a "contact recipient")
  const requestsOn = await communityRequestsOn(client.store, client.info.accountId);
  const boxes = ['inbox', 'outbox'] as const;
  const since = boxes.map((b) => Number(client.store.meta(metaKey(b, room.baseUrl)) ?? '0'));
  const reply = await sogs.call<unknown>(
    {
      method: 'POST',
      path: '/batch',
      json: boxes.map((b, k) => ({
        method: 'GET',
        path: since[k]! > 0 ? `/${b}/since/${since[k]}?limit=256` : `/${b}?limit=256`,
      })),
    },
    signal,
    'polling the inbox',
  );
  if (!Array.isArray(reply))
    throw new SessionError('BAD_REPLY', 'the community server answered /batch without a list');
  // Both boxes are opened first and stored in one transaction: a reaction in one may be to a
  // message in the other (theirs to our DM, on a device that has not seen our outbox yet).
  const opened: { box: (typeof boxes)[number]; maxId: number; messages: NewMessage[] }[] = [];
  const reactions: ReceivedReaction[] = [];
  for (const [k, box] of boxes.entries()) {
    const sub = reply[k] as { code?: unknown; body?: unknown } | undefined;
    if (!sub || sub.code === 304) continue;
    if (sub.code !== 200) continue;
    const items = parseItems(sub.body);
    if (items.length === 0) continue;
    const messages: NewMessage[] = [];
    let maxId = since[k]!;
    for (const item of items) {
      maxId = Math.max(maxId, item.id);
      const m = await openItem(client, room, own15, box, item, requestsOn);
      if (m === 'blocked') out.blocked++;
      else if (m === undefined) out.dropped++;
      else if ('reaction' in m) reactions.push(m);
      else messages.push(m);
    }
    opened.push({ box, maxId, messages });
  }
  if (opened.length === 0) return out;
  // what another device of ours read already (ConvoInfoVolatile `b`) arrives read
  const readUpTo = await syncedDmReadPositions(
    client,
    opened.flatMap((o) => o.messages),
  );
  client.db.transaction(() => {
    const now = Date.now();
    for (const { box, messages } of opened)
      for (const m of messages) {
        const opens = m.direction === 'in' && !client.store.hasConversation(m.conversation);
        const row = client.store.insert(m, now);
        if (!row) continue;
        if (box === 'inbox') out.received++;
        else out.sent++;
        if (opens && m.state === 'request')
          out.requests.push({
            type: 'request',
            id: messageId(row.author, row.timestamp),
            cursor: row.id,
            from: row.author,
            conversation: row.conversation,
            displayName: client.store.conversation(row.conversation)?.displayName ?? null,
            timestamp: row.timestamp,
          });
      }
    for (const [conversation, at] of readUpTo) client.store.markReadUpTo(conversation, at, now);
    // after the inserts: a reaction may be to a message of the same poll
    const applied = applyReceivedReactions(
      client.store,
      client.info.accountId,
      reactions,
      client.store.maxCursor(),
      undefined,
      DM_QUOTE_AUTHOR,
    );
    out.reactions.push(...applied.events);
    out.dropped += applied.ignored.length;
    for (const { box, maxId } of opened) client.store.setMeta(metaKey(box, room.baseUrl), String(maxId));
  })();
  return out;
}

/** The synced read position (ConvoInfoVolatile `b`) of each DM these incoming messages are in. */
async function syncedDmReadPositions(
  client: SessionClient,
  messages: NewMessage[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const conversations = new Set(messages.filter((m) => m.direction === 'in').map((m) => m.conversation));
  if (conversations.size === 0) return out;
  const { readUserConfig } = await import('./sync.js');
  const { CONVO_INFO_VOLATILE, ConvoInfoVolatileView } = await import('../config/convo-info-volatile.js');
  const civ = new ConvoInfoVolatileView(
    await readUserConfig(client.info.accountId, client.store.db, CONVO_INFO_VOLATILE.namespace),
  );
  for (const id of conversations) {
    let at: number | undefined;
    try {
      at = civ.get('blinded', id)?.lastReadMs;
    } catch {
      at = undefined; // not a 15/25 id: no entry can hold it
    }
    if (at !== undefined && at > 0) out.set(id, at);
  }
  return out;
}

async function openItem(
  client: SessionClient,
  room: Pick<JoinedRoom, 'baseUrl' | 'pubkey'>,
  own15: string,
  box: 'inbox' | 'outbox',
  item: DmItem,
  requestsOn: boolean,
): Promise<NewMessage | ReceivedReaction | 'blocked' | undefined> {
  try {
    const opened = await decryptBlindedDm({
      wire: fromBase64(item.message),
      ourSk64: client.keys.ed25519Sk,
      serverPkHex: room.pubkey,
      senderBlindedId: item.sender.toLowerCase(),
      recipientBlindedId: item.recipient.toLowerCase(),
    });
    const bytes = unpadMessage(opened.padded);
    const sigTs = toNumber(SessionProtos.Content.decode(bytes).sigTimestamp) ?? 0;
    const postedMs = Math.floor((item.posted_at ?? 0) * 1000);
    const timestamp = sigTs > 0 ? sigTs : postedMs;
    // §13.3 step 7: the community 6 h rule between the signed time and the server's.
    if (postedMs > 0 && Math.abs(timestamp - postedMs) > 6 * 3600 * 1000) return undefined;
    const c = parseContent(bytes, timestamp, DM_QUOTE_AUTHOR);
    if (c.kind !== 'visible' && c.kind !== 'reaction') return undefined;
    const incoming = box === 'inbox' && item.sender.toLowerCase() !== own15;
    const other = (incoming ? item.sender : item.recipient).toLowerCase();
    if (incoming && (client.store.isBlocked(other) || client.store.isBlocked(opened.senderSessionId)))
      return 'blocked';
    if (c.kind === 'reaction') {
      // A reaction to one of our messages names our 15 id; our copy is stored under our Account
      // ID. (Applied only to a message of this conversation: applyReceivedReactions.)
      const r = c.reaction;
      return {
        from: incoming ? other : client.info.accountId,
        conversation: other,
        reaction: r.author === own15 ? { ...r, author: client.info.accountId } : r,
        timestamp,
        hash: `${room.baseUrl}/${box}/${item.id}`,
      };
    }
    if (
      incoming &&
      !requestsOn &&
      client.store.conversation(other)?.state !== 'accepted' &&
      client.store.conversation(opened.senderSessionId)?.state !== 'accepted'
    )
      return 'blocked';
    // A quote of one of our messages names our 15 id; our copy is stored under our Account ID.
    const quote =
      c.quote &&
      quoteInfo(
        client.store,
        c.quote.author === own15 ? { ...c.quote, author: client.info.accountId } : c.quote,
      );
    return {
      conversation: other,
      hash: null,
      author: incoming ? other : client.info.accountId,
      timestamp,
      direction: incoming ? 'in' : 'out',
      text: c.body,
      extras: {
        community: room.baseUrl,
        [box === 'inbox' ? 'inboxId' : 'outboxId']: item.id,
        ...(incoming ? { sessionId: opened.senderSessionId } : {}),
        ...(quote ? { quote } : {}),
      },
      state: incoming ? 'request' : 'accepted',
      ...(incoming && c.displayName ? { displayName: c.displayName } : {}),
    };
  } catch {
    return undefined;
  }
}

/**
 * Polls the DMs of every server of these rooms (once per server). A server that fails does not
 * stop the others: `onError` hears of it (its base URL and the error); without one, the first
 * failure is thrown once every server has been tried.
 */
export async function pollCommunityDms(
  client: SessionClient,
  rooms: JoinedRoom[],
  opts: CommunityOptions & { onError?: (server: string, e: unknown) => void } = {},
): Promise<DmPollResult[]> {
  const store = communityStore(client);
  const servers = [...new Map(rooms.map((r) => [r.baseUrl, r])).values()];
  const out: DmPollResult[] = [];
  let first: { e: unknown } | undefined;
  for (const r of servers) {
    if (opts.signal?.aborted) break;
    try {
      out.push(await pollServerDms(client, sogsForRoom(client, store, r, opts), r, opts.signal));
    } catch (e) {
      if (opts.signal?.aborted) throw e;
      if (opts.onError) opts.onError(r.baseUrl, e);
      else first ??= { e };
    }
  }
  if (first) throw first.e;
  return out;
}

export interface ReceivedDms {
  /** The DMs this poll stored (both directions: our other devices' sent ones too), in store order. */
  messages: StoredMessageRow[];
  /** A `request` event for each conversation a stranger's first DM opened. */
  requests: RequestEvent[];
  /** A `reaction` event for each reaction to a DM's message this poll applied. */
  reactions: ReactionEvent[];
  /** One line per server whose inbox could not be polled (the others still were). */
  warnings: string[];
}

/**
 * `message receive`'s share of the community DMs: the inboxes and outboxes of the servers of
 * every joined room, so a DM reaches a user who only runs `message receive`, as it reaches the
 * daemon's and the chat's. Nothing joined, nothing asked. A server that fails is a warning: the
 * swarm's messages were already received and stay so.
 */
export async function receiveCommunityDms(
  client: SessionClient,
  opts: { signal?: AbortSignal } = {},
): Promise<ReceivedDms> {
  const rooms = communityStore(client).rooms();
  const out: ReceivedDms = { messages: [], requests: [], reactions: [], warnings: [] };
  if (rooms.length === 0) return out;
  const before = client.store.maxCursor();
  const polled = await pollCommunityDms(client, rooms, {
    ...(opts.signal ? { signal: opts.signal } : {}),
    onError: (server, e) => {
      if (!opts.signal?.aborted) out.warnings.push(`${server}: DMs not polled: ${(e as Error).message}`);
    },
  });
  out.requests = polled.flatMap((r) => r.requests);
  out.reactions = polled.flatMap((r) => r.reactions);
  out.messages = client.store.since(before).filter((m) => isDmConversation(m.conversation));
  return out;
}
