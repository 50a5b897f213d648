import type { SessionClient } from '../client.js';
import { decryptBlindedDm, encryptBlindedDm } from '../communities/dm.js';
import type { SogsClient } from '../communities/sogs-client.js';
import { parseBaseUrl } from '../communities/url.js';
import { blind15Id, blind15IdsFromSessionId } from '../crypto/blinding.js';
import { fromBase64, toBase64 } from '../encoding/bytes.js';
import { SessionError, isSessionError } from '../errors.js';
import { buildContent, parseContent } from '../messages/one-to-one.js';
import { padMessage, unpadMessage } from '../messages/padding.js';
import { SessionProtos, toNumber } from '../messages/proto.js';
import type { NewMessage } from '../store/messages.js';
import type { JoinedRoom } from '../store/communities.js';
import { communityStore, sogsForRoom, type CommunityOptions } from './community-client.js';
import { checkUserId, knownBlindedId } from './community-mod.js';

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
  opts: CommunityOptions = {},
): Promise<{ id: number; server: string; to: string; conversation: string; timestamp: number }> {
  const sid = checkUserId(to);
  if (text.length === 0) throw new SessionError('INVALID_INPUT', 'nothing to send (empty text)');
  if (Buffer.byteLength(text, 'utf8') > MAX_TEXT_BYTES)
    throw new SessionError('TOO_LARGE', `a message is at most ${MAX_TEXT_BYTES} bytes of text`);
  const room = serverRoom(client, ref);
  const store = communityStore(client);
  const sogs = sogsForRoom(client, store, room, opts);
  // A 05 id: the 15 id seen on this server, else both candidates in turn (the wrong one is not a
  // user of the server: 404), since the key we encrypt to must carry their real sign bit.
  const candidates = sid.startsWith('15')
    ? [sid]
    : await knownBlindedId(client, room.baseUrl, room.pubkey, sid).then(async (k) =>
        k ? [k] : [...(await blind15IdsFromSessionId(sid, room.pubkey))],
      );
  const timestamp = client.store.allocateTimestamp(client.net.now());
  const padded = padMessage(
    buildContent(
      {
        kind: 'visible',
        body: text,
        ...(client.info.displayName ? { displayName: client.info.displayName } : {}),
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
    client.store.insert(
      {
        conversation: recipient,
        hash: null,
        author: client.info.accountId,
        timestamp,
        direction: 'out',
        text,
        extras: { community: room.baseUrl, ...(sid.startsWith('05') ? { sessionId: sid } : {}) },
        state: 'accepted',
      },
      Date.now(),
    );
    return {
      id: typeof r?.id === 'number' ? r.id : 0,
      server: room.baseUrl,
      to: recipient,
      conversation: recipient,
      timestamp,
    };
  }
  if (isSessionError(last))
    throw new SessionError('REMOTE_REJECTED', `${room.baseUrl} knows no user ${sid.slice(0, 10)}…`, {
      details: last.details ?? {},
      hint: 'they must have used this community server (posted or read) before they can get a DM',
    });
  throw last;
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
}

/**
 * `GET /inbox[/since/N]` and `/outbox[/since/N]` in one /batch (a 304 there is "nothing new",
 * §13.1), each item opened (§13.3) and stored with the cursor moved past it in one transaction.
 */
export async function pollServerDms(
  client: SessionClient,
  sogs: SogsClient,
  room: Pick<JoinedRoom, 'baseUrl' | 'pubkey'>,
  signal?: AbortSignal,
): Promise<DmPollResult> {
  const out: DmPollResult = { server: room.baseUrl, received: 0, sent: 0, dropped: 0 };
  const own15 = await blind15Id(client.keys.ed25519Sk, room.pubkey);
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
  for (const [k, box] of boxes.entries()) {
    const sub = reply[k] as { code?: unknown; body?: unknown } | undefined;
    if (!sub || sub.code === 304) continue;
    if (sub.code !== 200) continue;
    const items = parseItems(sub.body);
    const messages: NewMessage[] = [];
    let maxId = since[k]!;
    for (const item of items) {
      maxId = Math.max(maxId, item.id);
      const m = await openItem(client, room, own15, box, item);
      if (m) messages.push(m);
      else out.dropped++;
    }
    client.db.transaction(() => {
      for (const m of messages) {
        if (!client.store.insert(m, Date.now())) continue;
        if (box === 'inbox') out.received++;
        else out.sent++;
      }
      client.store.setMeta(metaKey(box, room.baseUrl), String(maxId));
    })();
  }
  return out;
}

async function openItem(
  client: SessionClient,
  room: Pick<JoinedRoom, 'baseUrl' | 'pubkey'>,
  own15: string,
  box: 'inbox' | 'outbox',
  item: DmItem,
): Promise<NewMessage | undefined> {
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
    const c = parseContent(bytes, timestamp);
    if (c.kind !== 'visible') return undefined;
    const incoming = box === 'inbox' && item.sender.toLowerCase() !== own15;
    const other = (incoming ? item.sender : item.recipient).toLowerCase();
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
      },
      state: incoming ? 'request' : 'accepted',
      ...(incoming && c.displayName ? { displayName: c.displayName } : {}),
    };
  } catch {
    return undefined;
  }
}

/** Polls the DMs of every server of these rooms (once per server). */
export async function pollCommunityDms(
  client: SessionClient,
  rooms: JoinedRoom[],
  opts: CommunityOptions = {},
): Promise<DmPollResult[]> {
  const store = communityStore(client);
  const servers = [...new Map(rooms.map((r) => [r.baseUrl, r])).values()];
  const out: DmPollResult[] = [];
  for (const r of servers)
    out.push(await pollServerDms(client, sogsForRoom(client, store, r, opts), r, opts.signal));
  return out;
}
