import { readAttachmentFiles, uploadAttachmentFiles } from '../actions/attachments.js';
import { communityStore, ownIdsFor, sogsForRoom } from '../actions/community-client.js';
import {
  dmServerFor,
  isDmConversation,
  pollCommunityDms,
  sendCommunityDm,
  setDmRequestState,
} from '../actions/community-dm.js';
import { leaveCommunity } from '../actions/community-join.js';
import { postToRoom, reactInRoom } from '../actions/community-post.js';
import { pollRoom } from '../actions/community-read.js';
import { advanceReadPosition, markConversationRead } from '../actions/conversation-settings.js';
import { conversationTargetOf } from '../actions/conversation-target.js';
import { eventsFor } from '../communities/events.js';
import { readRoomFile } from '../communities/files.js';
import { toHex } from '../encoding/bytes.js';
import type { JoinedRoom } from '../store/communities.js';
import { muteTargetOf, setConversationMute } from '../actions/conversation-mute.js';
import { leaveGroup } from '../actions/group-messages.js';
import { markRead } from '../actions/read.js';
import { receiveMessages } from '../actions/receive.js';
import { respondToRequest } from '../actions/requests.js';
import { reactToMessage } from '../actions/react-message.js';
import { checkMessageText, sendMessage } from '../actions/send-message.js';
import { pushSoon } from '../actions/sync-communities.js';
import { muteUntilFromMs } from '../config/mute.js';
import type { SessionClient } from '../client.js';
import { SessionError } from '../errors.js';
import { toMessageObject } from '../messages/message-object.js';
import {
  type ChatBackend,
  type ChatConversation,
  type ChatEvent,
  type ChatMessage,
  type SendOptions,
} from './backend.js';
import {
  conversationMessages,
  conversationsWithConfig,
  joinedRoomOf,
  kindOf,
  type OwnKeys,
} from './store-views.js';

export interface LocalBackendOptions {
  /** The profile's open client (the backend closes it). */
  client: SessionClient;
  /** "mainnet" or a devnet.json path: where attachments are uploaded. */
  network?: string | undefined;
  /** Time between polls of our swarm. */
  intervalMs?: number;
  /** Opt-in: read receipts for what the user has seen (accepted conversations only). */
  readReceipts?: boolean;
  log?: (line: string) => void;
}

/** Waits `ms` or until `signal` aborts, whichever is first (never leaves a listener behind). */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const wake = () => {
      clearTimeout(t);
      signal.removeEventListener('abort', wake);
      resolve();
    };
    const t = setTimeout(wake, ms);
    signal.addEventListener('abort', wake, { once: true });
  });
}

/**
 * The chat backend embedded in the `session chat` process: the library core on the profile's own
 * client. Live events are read back from the store after each poll (as `message receive --follow`
 * does), so whatever another process of this account (a bot, a `message receive`) stored in the
 * same profile database shows up here too, and nothing is received twice.
 */
export function createLocalBackend(o: LocalBackendOptions): ChatBackend {
  const { client } = o;
  const own = client.keys.accountId;
  const store = client.store;
  const keys: OwnKeys = { accountId: own, ed25519PkHex: toHex(client.keys.ed25519Pk) };
  const rooms = communityStore(client);
  const stop = new AbortController();
  let polling: Promise<void> = Promise.resolve();

  const conversation = (id: string) => {
    const c = store.conversation(id);
    if (!c) throw new SessionError('NOT_FOUND', `no conversation with ${id}`);
    return c;
  };

  // Where each room's events stand in this chat (a room's seqno): its history when the chat
  // opened, or when the room was first fetched, is shown as history, not as news.
  const roomCursors = new Map<string, number>(
    rooms
      .rooms()
      .filter((r) => r.fetched)
      .map((r) => [r.id, r.seqno]),
  );
  async function* roomEvents(room: JoinedRoom): AsyncGenerator<ChatEvent> {
    const fresh = rooms.room(room.id);
    if (!fresh?.fetched) return;
    const since = roomCursors.get(room.id);
    roomCursors.set(room.id, fresh.seqno);
    if (since === undefined) {
      yield { type: 'conversations-changed' };
      return;
    }
    const mine = await ownIdsFor(client, room.pubkey);
    const events = rooms
      .changedSince(room.id, since)
      .flatMap((m) => eventsFor(fresh, m, since, mine))
      .sort((a, b) => a.cursor - b.cursor);
    for (const e of events) yield e;
  }

  return {
    own,
    capabilities: { quote: true, react: true, mute: true, leave: true },

    conversations(): Promise<ChatConversation[]> {
      return conversationsWithConfig(store, keys);
    },

    messages(conv, page): Promise<ChatMessage[]> {
      return conversationMessages(store, keys, conv, page);
    },

    async send(conv: string, text: string, opts: SendOptions = {}): Promise<ChatMessage> {
      if (kindOf(conv) === 'community') {
        // files go to the room as `community post --attach` sends them: read first, then uploaded
        // to the room (public to its members, as room files are)
        const files = [];
        for (const path of opts.attachments ?? []) files.push(await readRoomFile(path));
        return postToRoom(client, conv, text, {
          files,
          ...(opts.quote ? { replyTo: opts.quote.id } : {}),
          signal: stop.signal,
        });
      }
      if (isDmConversation(conv)) {
        // a community DM: through the inbox of the server its messages came by
        const server = dmServerFor(store, conv, opts.attachments);
        const {
          to: _to,
          server: _server,
          inboxId: _inboxId,
          ...message
        } = await sendCommunityDm(client, server, conv, text, {
          ...(opts.quote ? { replyTo: opts.quote.id } : {}),
          signal: stop.signal,
        });
        return message;
      }
      const paths = opts.attachments ?? [];
      // Files are read and the text checked before anything is uploaded (as `message send` does).
      const files = await readAttachmentFiles(paths);
      checkMessageText(text, files.length);
      const attachments = await uploadAttachmentFiles(files, { network: o.network, signal: stop.signal });
      const r = await sendMessage(client, {
        to: conv,
        text,
        ...(attachments.length > 0 ? { attachments } : {}),
        ...(client.info.displayName ? { displayName: client.info.displayName } : {}),
        ...(opts.quote ? { replyTo: opts.quote.id } : {}),
        signal: stop.signal,
      });
      const { to: _to, messageHash: _hash, confirmations: _confirmations, ...message } = r;
      return message;
    },

    async react(conv, message, emoji) {
      const remove = message.reactions?.[emoji]?.you === true;
      if (kindOf(conv) === 'community') {
        // the room's server keeps the reactions: its next poll brings the `reactions` event
        await reactInRoom(client, conv, message.id, emoji, { remove, signal: stop.signal });
        return;
      }
      const {
        messageHash: _hash,
        confirmations: _confirmations,
        server: _server,
        inboxId: _inboxId,
        ...event
      } = await reactToMessage(client, {
        id: message.id,
        emoji,
        remove,
        signal: stop.signal,
      });
      return event;
    },

    async mute(conv: string, untilMs: number | null): Promise<void> {
      // through our configs, as `conversation mute` does: our other devices mute it too
      await setConversationMute(store, own, muteTargetOf(conv), muteUntilFromMs(untilMs), Date.now());
      const warning = await pushSoon(client, stop.signal);
      if (warning) o.log?.(warning);
    },

    async leave(conv: string): Promise<void> {
      const kind = kindOf(conv);
      if (kind === 'group') {
        const r = await leaveGroup(client, { group: conv, signal: stop.signal });
        for (const w of r.warnings) o.log?.(w);
      } else if (kind === 'community') {
        await leaveCommunity(client, conv);
      } else {
        throw new SessionError('INVALID_INPUT', 'a one-to-one conversation cannot be left (/block stops it)');
      }
    },

    async accept(conv: string): Promise<void> {
      conversation(conv);
      // a community DM's request is accepted here only, as `request accept 15…` does: a response
      // through the swarm would tell them our Account ID
      if (isDmConversation(conv)) setDmRequestState(store, conv, 'accepted');
      else await respondToRequest(client, conv, stop.signal);
    },

    block(conv: string): Promise<void> {
      store.setBlocked(conv, true, Date.now());
      return Promise.resolve();
    },

    async markRead(conv: string): Promise<void> {
      if (kindOf(conv) === 'community') {
        // the read position in our ConvoInfoVolatile (`o`), as `conversation mark-read` sets it;
        // pushed by the next poll (its receive pushes what changed), not once per message shown
        if (!joinedRoomOf(store, conv)) return;
        await markConversationRead(store, own, conversationTargetOf(conv), Date.now(), {
          ed25519PkHex: keys.ed25519PkHex,
        });
        return;
      }
      const c = store.conversation(conv);
      if (!c) return;
      const recent = store.messages(conv, Math.max(c.unread, 200));
      const incoming = recent.filter((m) => m.direction === 'in');
      const unread = new Set(c.unread > 0 ? incoming.slice(-c.unread).map((m) => m.id) : []);
      // Shown is read: after-read timers start now (only those not started yet).
      const shown = incoming.filter(
        (m) => unread.has(m.id) || (m.afterReadSeconds !== undefined && m.expiresAt === null),
      );
      store.clearUnread(conv);
      if (shown.length > 0)
        await markRead(client, shown, { sendReceipts: o.readReceipts ?? false, signal: stop.signal });
      // read here as `conversation mark-read` (the daemon's chat) reads it, and on our other
      // devices too (ConvoInfoVolatile, pushed by the next poll)
      await advanceReadPosition(store, own, conv, Date.now());
    },

    async *events(signal: AbortSignal): AsyncIterable<ChatEvent> {
      const both = AbortSignal.any([signal, stop.signal]);
      let cursor = store.maxCursor();
      while (!both.aborted) {
        const others: ChatEvent[] = [];
        let done!: () => void;
        polling = new Promise((r) => (done = r));
        try {
          const r = await receiveMessages({ ...client, ...(o.log ? { log: o.log } : {}) }, { signal: both });
          others.push(...r.events);
          for (const w of r.warnings) others.push({ type: 'error', message: w });
        } catch (e) {
          if (both.aborted) {
            done();
            break;
          }
          others.push({ type: 'error', message: `receiving failed: ${(e as Error).message}` });
        }
        // Blinded DMs (§13) on the joined rooms' servers: into the store, shown from there below.
        // (inside `polling` too: close() waits for the transaction that stores them)
        try {
          const joined = rooms.rooms();
          if (joined.length > 0 && !both.aborted)
            for (const r of await pollCommunityDms(client, joined, {
              signal: both,
              onError: (server, e) => {
                if (!both.aborted)
                  others.push({ type: 'error', message: `${server} DMs: ${(e as Error).message}` });
              },
            }))
              others.push(...r.requests, ...r.reactions);
        } catch (e) {
          if (!both.aborted)
            others.push({ type: 'error', message: `community DMs: ${(e as Error).message}` });
        } finally {
          done();
        }
        // From the store, in insertion order: what any process of this account stored.
        for (const m of store.since(cursor)) {
          cursor = m.id;
          if (!m.deleted) yield toMessageObject(m);
        }
        yield* others;
        // The joined rooms, on their own servers: what changed since this chat opened.
        for (const room of rooms.rooms()) {
          if (both.aborted) break;
          try {
            await pollRoom(rooms, sogsForRoom(client, rooms, room), room, both);
          } catch (e) {
            if (both.aborted) break;
            yield { type: 'error', message: `${room.baseUrl}/${room.token}: ${(e as Error).message}` };
          }
          try {
            yield* roomEvents(room);
          } catch (e) {
            // a room whose stored rows cannot be read (a damaged database) is reported; the feed
            // and the rooms after it go on
            yield { type: 'error', message: `${room.baseUrl}/${room.token}: ${(e as Error).message}` };
          }
        }
        await pause(o.intervalMs ?? 2000, both);
      }
    },

    async close(): Promise<void> {
      stop.abort();
      // A poll being saved finishes its transaction before the database closes.
      await polling.catch(() => undefined);
      await client.close();
    },
  };
}
