import { readFileSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { defaultSocketPath, daemonStatePath } from '../daemon/paths.js';
import { callDaemon } from '../daemon/rpc-client.js';
import type { MessageObject, ReactionEvent } from '../messages/message-object.js';
import { isSessionError, SessionError } from '../errors.js';
import { dmServerFor, isDmConversation } from '../actions/community-dm.js';
import { openDatabase } from '../store/database.js';
import { MessageStore } from '../store/messages.js';
import { ProfileDirectory } from '../store/profiles.js';
import { type ChatBackend, type ChatEvent, type ChatMessage, type SendOptions } from './backend.js';
import { conversationMessages, conversationsWithConfig, kindOf, type OwnKeys } from './store-views.js';

/** A running daemon that serves the profile: where it listens and whose account it is. */
export interface DaemonTarget {
  socketPath: string;
  profile: string;
  accountId: string;
}

type Call = (method: string, params: Record<string, unknown>, timeoutMs?: number) => Promise<unknown>;

/**
 * The data directory's daemon, if one runs and serves `profile` (on `network`, when given): its
 * socket from daemon.json (it may have been started with --socket), else the default path.
 * Anything else (no daemon, a stale socket, another profile or network) is undefined: the chat
 * then embeds its own backend.
 */
export async function findDaemon(o: {
  dataDir: string;
  profile: string | undefined;
  network: string | undefined;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}): Promise<DaemonTarget | undefined> {
  const candidates: string[] = [];
  try {
    const state = JSON.parse(readFileSync(daemonStatePath(o.dataDir), 'utf8')) as { socket?: unknown };
    if (typeof state.socket === 'string') candidates.push(state.socket);
  } catch {
    // no state file: try the default socket
  }
  candidates.push(defaultSocketPath(o.dataDir, o.env ?? process.env));
  const profile = o.profile ?? (await new ProfileDirectory(o.dataDir).currentName());
  if (profile === undefined) return undefined;
  for (const socketPath of new Set(candidates)) {
    try {
      if (!statSync(socketPath).isSocket()) continue;
      const status = (await callDaemon(socketPath, 'daemon.status', {}, o.timeoutMs ?? 3000)) as {
        profiles?: { name: string; accountId: string; network: string }[];
      };
      const served = status.profiles?.find((p) => p.name === profile);
      if (!served) continue;
      const network =
        o.network === undefined ? undefined : o.network === 'mainnet' ? 'mainnet' : resolve(o.network);
      if (network !== undefined && served.network !== network) continue;
      return { socketPath, profile, accountId: served.accountId };
    } catch {
      // not listening (a stale socket) or not answering: not ours to use
    }
  }
  return undefined;
}

/**
 * The chat backend when a daemon serves the profile: sends and accepts run in the daemon (its warm
 * network), live events are its journal's (events.subscribe), so the chat never polls the swarm
 * beside it and a bot on the daemon's webhooks sees exactly what the chat sees. The list and
 * history are read from the profile's store directly (no network; SQLite is safe to share).
 */
export async function openDaemonBackend(o: {
  target: DaemonTarget;
  dataDir: string;
  /** `chat --read-receipts`: what is shown in a person's conversation is told to its senders. */
  readReceipts?: boolean;
  /** Test seam: the JSON-RPC call (default: one connection per call to the socket). */
  call?: Call;
}): Promise<ChatBackend> {
  const { target } = o;
  const call: Call =
    o.call ?? ((method, params, timeoutMs) => callDaemon(target.socketPath, method, params, timeoutMs));
  const dirs = new ProfileDirectory(o.dataDir);
  const info = await dirs.resolve(target.profile);
  const db = await openDatabase(dirs.databasePath(target.profile));
  const store = new MessageStore(db);
  const stop = new AbortController();
  const own = target.accountId;
  const keys: OwnKeys = { accountId: own, ed25519PkHex: info.ed25519PkHex };
  // A send may take a full delivery budget (two request chains) inside the daemon.
  const SEND_TIMEOUT_MS = 120_000;

  return {
    own,
    capabilities: { quote: true, react: true, mute: true, leave: true },
    conversations: () => conversationsWithConfig(store, keys),
    messages: (conv, page) => conversationMessages(store, keys, conv, page),

    async send(conv: string, text: string, opts: SendOptions = {}): Promise<ChatMessage> {
      if (kindOf(conv) === 'community') {
        // the daemon's `community post`: its network, and its journal sees the post
        return (await call(
          'community.post',
          {
            profile: target.profile,
            room: conv,
            text,
            ...(opts.attachments?.length ? { attach: opts.attachments.map((p) => resolve(p)) } : {}),
            ...(opts.quote ? { 'reply-to': opts.quote.id } : {}),
          },
          SEND_TIMEOUT_MS,
        )) as ChatMessage;
      }
      if (isDmConversation(conv)) {
        // the daemon's `community dm` through the server the conversation's messages came by
        const server = dmServerFor(store, conv, opts.attachments);
        const dm = (await call(
          'community.dm',
          {
            profile: target.profile,
            server,
            id: conv,
            text,
            ...(opts.quote ? { 'reply-to': opts.quote.id } : {}),
          },
          SEND_TIMEOUT_MS,
        )) as MessageObject & { to?: string; server?: string; inboxId?: number };
        const { to: _to, server: _server, inboxId: _inboxId, ...message } = dm;
        return message;
      }
      const r = (await call(
        'message.send',
        {
          profile: target.profile,
          to: conv,
          text,
          ...(opts.attachments?.length ? { attach: opts.attachments.map((p) => resolve(p)) } : {}),
          ...(opts.quote ? { 'reply-to': opts.quote.id } : {}),
        },
        SEND_TIMEOUT_MS,
      )) as MessageObject & { to?: string; messageHash?: string; confirmations?: number; name?: string };
      const { to: _to, messageHash: _hash, confirmations: _confirmations, name: _name, ...message } = r;
      return message;
    },

    async react(conv, message, emoji): Promise<ReactionEvent | void> {
      // the same toggle as the local backend: our own emoji again takes it back
      const remove = message.reactions?.[emoji]?.you === true;
      if (kindOf(conv) === 'community') {
        // the daemon's `community react`; the room's next poll there brings the `reactions` event
        await call(
          'community.react',
          { profile: target.profile, room: conv, id: message.id, emoji, ...(remove ? { remove: true } : {}) },
          SEND_TIMEOUT_MS,
        );
        return;
      }
      const r = (await call(
        'message.react',
        { profile: target.profile, id: message.id, emoji, ...(remove ? { remove: true } : {}) },
        SEND_TIMEOUT_MS,
      )) as ReactionEvent & { messageHash?: string; confirmations?: number };
      const { messageHash: _hash, confirmations: _confirmations, ...event } = r;
      return event;
    },

    async mute(conv: string, untilMs: number | null): Promise<void> {
      // the daemon's `conversation mute|unmute`: the configs change and are pushed on its network
      const base = { profile: target.profile, conversation: conv };
      if (untilMs === null) await call('conversation.unmute', base, SEND_TIMEOUT_MS);
      else if (untilMs === Infinity)
        await call('conversation.mute', { ...base, forever: true }, SEND_TIMEOUT_MS);
      else {
        const seconds = Math.max(60, Math.ceil((untilMs - Date.now()) / 1000));
        await call('conversation.mute', { ...base, for: `${seconds}s` }, SEND_TIMEOUT_MS);
      }
    },

    async leave(conv: string): Promise<void> {
      const kind = kindOf(conv);
      if (kind === 'group')
        await call('group.leave', { profile: target.profile, group: conv }, SEND_TIMEOUT_MS);
      else if (kind === 'community')
        await call('community.leave', { profile: target.profile, room: conv }, SEND_TIMEOUT_MS);
      else
        throw new SessionError('INVALID_INPUT', 'a one-to-one conversation cannot be left (/block stops it)');
    },

    async accept(conv: string): Promise<void> {
      await call('request.accept', { profile: target.profile, accountId: conv }, SEND_TIMEOUT_MS);
    },

    block(conv: string): Promise<void> {
      store.setBlocked(conv, true, Date.now());
      return Promise.resolve();
    },

    async markRead(conv: string): Promise<void> {
      // The read position is in our configs (ConvoInfoVolatile): the daemon's `conversation
      // mark-read` sets it (and starts after-read timers; with --read-receipts, tells a person's
      // senders), its next poll pushes it; not one push per message shown.
      const room = kindOf(conv) === 'community';
      if (!room) store.clearUnread(conv);
      const receipts = o.readReceipts === true && /^05[0-9a-f]{64}$/.test(conv);
      try {
        await call(
          'conversation.mark-read',
          {
            profile: target.profile,
            conversation: conv,
            push: false,
            ...(receipts ? { 'read-receipts': true } : {}),
          },
          SEND_TIMEOUT_MS,
        );
      } catch (e) {
        // a group we have left (not in our configs) keeps no read position: nothing to move
        if (room || !isSessionError(e) || e.code !== 'NOT_FOUND') throw e;
      }
    },

    events(signal: AbortSignal): AsyncIterable<ChatEvent> {
      return subscribe(target, AbortSignal.any([signal, stop.signal]));
    },

    close(): Promise<void> {
      stop.abort();
      db.close();
      return Promise.resolve();
    },
  };
}

/** events.subscribe on one long-lived connection: each journaled event's body, as it comes. */
async function* subscribe(target: DaemonTarget, signal: AbortSignal): AsyncGenerator<ChatEvent> {
  const queue: ChatEvent[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  const push = (e: ChatEvent) => {
    queue.push(e);
    wake?.();
  };
  const s = connect(target.socketPath);
  const end = (message?: string) => {
    if (ended) return;
    ended = true;
    if (message !== undefined && !signal.aborted) push({ type: 'error', message });
    wake?.();
  };
  const onAbort = () => {
    s.destroy();
    end();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  let buffered = '';
  s.setEncoding('utf8');
  s.on('connect', () => {
    s.write(
      `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'events.subscribe', params: { profile: target.profile } })}\n`,
    );
  });
  s.on('data', (d: string) => {
    buffered += d;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) !== -1) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      let msg: { method?: string; params?: { body?: unknown }; error?: { message?: string } };
      try {
        msg = JSON.parse(line) as typeof msg;
      } catch {
        continue;
      }
      if (msg.error) end(`the daemon refused live events: ${msg.error.message ?? 'error'}`);
      else if (msg.method === 'event' && typeof msg.params?.body === 'object' && msg.params.body !== null)
        push(msg.params.body as ChatEvent);
    }
  });
  s.on('error', (e) => end(`the daemon connection failed: ${e.message}`));
  s.on('close', () => end('the daemon closed the connection: no more live updates'));
  try {
    for (;;) {
      const e = queue.shift();
      if (e) {
        yield e;
        continue;
      }
      if (ended || signal.aborted) return;
      await new Promise<void>((r) => (wake = r));
      wake = undefined;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    s.destroy();
  }
}
