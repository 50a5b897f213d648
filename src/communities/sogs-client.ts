import { fromUtf8, utf8 } from '../encoding/bytes.js';
import type { V4Request, V4Response } from '../encoding/v4.js';
import { SessionError, isSessionError } from '../errors.js';
import type { V4Sender } from '../files/file-server.js';
import type { ServerDestination } from '../network/onion-request.js';
import { describeProxy, proxiedConnector, proxyFromEnv, type ProxyConfig } from '../network/proxy.js';
import { Agent, buildConnector, request } from 'undici';
import { sogsAuthHeaders, type AuthMode } from './auth.js';
import { checkRoomToken, type CommunityUrl } from './url.js';

/**
 * The community server (SOGS v3) client, communities.md §3–§9. One request builder per route
 * (`routes`), one way to send (`SogsClient.call`): signed with 15-blinded X-SOGS headers, by onion
 * request v4 by default or directly over HTTP, statuses mapped to SessionError codes in one place.
 * A 425 (clock refused) resyncs the network clock once and signs the request again.
 */

/** How a request reaches the server. */
export interface SogsTransport {
  send(req: V4Request, signal?: AbortSignal): Promise<V4Response>;
}

/** Through three service nodes (what Session apps do): the server's key is the URL's. */
export function onionTransport(
  net: V4Sender,
  url: Pick<CommunityUrl, 'host' | 'port' | 'protocol' | 'pubkeyHex'>,
): SogsTransport {
  if (!url.pubkeyHex) throw new SessionError('INVALID_INPUT', 'the community URL has no server key');
  const dest: ServerDestination = {
    host: url.host,
    port: url.port,
    protocol: url.protocol,
    x25519Hex: url.pubkeyHex,
  };
  return {
    send: (req, signal) => net.v4ToServer(req, { ...(signal ? { signal } : {}), kind: 'server' }, dest),
  };
}

/**
 * Plain HTTP(S) to the base URL, same headers and body (§3.2): no privacy, for local servers.
 * Through the proxy when one is set (SESSION_PROXY, where the CLI puts --proxy): a direct
 * connection must not bypass it.
 */
export function directTransport(
  baseUrl: string,
  opts: { timeoutMs?: number; proxy?: ProxyConfig | null } = {},
): SogsTransport {
  const proxy = opts.proxy === null ? undefined : (opts.proxy ?? proxyFromEnv());
  const timeoutMs = opts.timeoutMs ?? 30_000;
  let dispatcher: Agent | undefined;
  return {
    async send(req, signal) {
      const timeout = AbortSignal.timeout(timeoutMs);
      const both = signal ? AbortSignal.any([signal, timeout]) : timeout;
      if (proxy)
        dispatcher ??= new Agent({ connect: proxiedConnector(proxy, buildConnector({}), timeoutMs) });
      try {
        const res = await request(baseUrl + req.endpoint, {
          method: req.method,
          headers: req.headers,
          ...(req.body ? { body: req.body } : {}),
          ...(dispatcher ? { dispatcher } : {}),
          signal: both,
        });
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers))
          if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
        return { code: res.statusCode, headers, body: new Uint8Array(await res.body.arrayBuffer()) };
      } catch (cause) {
        if (signal?.aborted) throw new SessionError('INTERRUPTED', 'interrupted', { cause });
        if (timeout.aborted) throw new SessionError('TIMEOUT', `no answer from ${baseUrl}`, { cause });
        const via = proxy ? ` (via proxy ${describeProxy(proxy)})` : '';
        throw new SessionError('NETWORK_UNREACHABLE', `cannot reach ${baseUrl}${via}`, { cause });
      }
    },
  };
}

export interface RouteRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Wire path with query (percent-encoded). */
  path: string;
  json?: unknown;
  /** A raw body instead of `json` (file uploads, §10.1), with the headers that describe it. */
  body?: Uint8Array;
  headers?: Record<string, string>;
  /** Whether the request is signed; capabilities and room reads work anonymously too. */
  auth?: boolean;
}

const room = (token: string) => `/room/${encodeURIComponent(checkRoomToken(token))}`;
const msgId = (id: number) => {
  if (!Number.isSafeInteger(id) || id < 0) throw new SessionError('INVALID_INPUT', `not a message id: ${id}`);
  return id;
};

/** One builder per route (§6–§9); moderation, DMs and files fit in here the same way. */
export const routes = {
  capabilities: (): RouteRequest => ({ method: 'GET', path: '/capabilities' }),
  rooms: (): RouteRequest => ({ method: 'GET', path: '/rooms' }),
  room: (token: string): RouteRequest => ({ method: 'GET', path: room(token) }),
  messagesSince: (token: string, seqno: number, limit = 256): RouteRequest => ({
    method: 'GET',
    path: `${room(token)}/messages/since/${Math.max(0, Math.floor(seqno))}?t=r&reactors=5&limit=${limit}`,
  }),
  messagesRecent: (token: string, limit = 100): RouteRequest => ({
    method: 'GET',
    path: `${room(token)}/messages/recent?reactors=5&limit=${limit}`,
  }),
  post: (token: string, body: { data: string; signature: string; files?: number[] }): RouteRequest => ({
    method: 'POST',
    path: `${room(token)}/message`,
    json: body,
  }),
  edit: (token: string, id: number, body: { data: string; signature: string }): RouteRequest => ({
    method: 'PUT',
    path: `${room(token)}/message/${msgId(id)}`,
    json: body,
  }),
  deleteMessage: (token: string, id: number): RouteRequest => ({
    method: 'DELETE',
    path: `${room(token)}/message/${msgId(id)}`,
  }),
  react: (token: string, id: number, emoji: string): RouteRequest => ({
    method: 'PUT',
    path: `${room(token)}/reaction/${msgId(id)}/${encodeURIComponent(checkEmoji(emoji))}`,
    json: {},
  }),
  unreact: (token: string, id: number, emoji: string): RouteRequest => ({
    method: 'DELETE',
    path: `${room(token)}/reaction/${msgId(id)}/${encodeURIComponent(checkEmoji(emoji))}`,
  }),
};

/** A reaction is 1–12 code points (§9). */
export function checkEmoji(emoji: string): string {
  const n = [...emoji].length;
  if (n < 1 || n > 12)
    throw new SessionError('INVALID_INPUT', 'a reaction is 1 to 12 characters (code points)');
  return emoji;
}

export interface SogsClientOptions {
  transport: SogsTransport;
  serverPkHex: string;
  edSecretKey64: Uint8Array;
  /** Network time in ms (SessionNetwork.now): every X-SOGS-Timestamp is taken from it. */
  now: () => number;
  /** Re-learns the network clock (SessionNetwork.resyncClock) after a 425. */
  resyncClock?: () => Promise<void>;
  authMode?: AuthMode;
  /** Where capabilities are kept per server (the store); fetched once when absent. */
  capabilities?: { get(): string[] | undefined; set(caps: string[]): void };
  nonce?: () => Promise<Uint8Array>;
}

/** What a server's refusal says, short and without markup (error bodies are text or HTML). */
function reasonOf(r: V4Response): string {
  const text = fromUtf8(r.body.subarray(0, 2000));
  const p = /<p>([\s\S]*?)<\/p>/i.exec(text);
  return (p ? p[1]! : text)
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}

export function refusalFor(r: V4Response, what: string): SessionError {
  const reason = reasonOf(r);
  const details = { status: r.code, ...(reason ? { reason } : {}) };
  const say = `${what}: ${r.code}${reason ? ` ${reason}` : ''}`;
  if (r.code === 403)
    return new SessionError('PERMISSION_DENIED', `the community server refused ${say}`, { details });
  if (r.code === 429)
    return new SessionError('RATE_LIMITED', `the community server asks to slow down (${say})`, {
      details,
      hint: 'posting is limited to 5 posts per 16 seconds per room; wait and try again',
    });
  if (r.code === 425)
    return new SessionError('CLOCK_SKEW', `the community server rejected our clock (${say})`, {
      details,
      hint: 'check the system clock',
    });
  if (r.code === 404)
    return new SessionError('REMOTE_REJECTED', `the community server has no such room or message (${say})`, {
      details,
    });
  return new SessionError('REMOTE_REJECTED', `the community server refused ${say}`, { details });
}

export class SogsClient {
  private caps: string[] | undefined;

  constructor(private readonly o: SogsClientOptions) {}

  private async build(r: RouteRequest): Promise<V4Request> {
    const body = r.body ?? (r.json === undefined ? undefined : utf8(JSON.stringify(r.json)));
    const headers: Record<string, string> = { ...r.headers };
    if (r.json !== undefined && r.body === undefined) headers['Content-Type'] = 'application/json';
    if (r.auth !== false) {
      Object.assign(
        headers,
        await sogsAuthHeaders({
          method: r.method,
          path: r.path,
          body,
          serverPkHex: this.o.serverPkHex,
          edSecretKey64: this.o.edSecretKey64,
          timestampS: Math.floor(this.o.now() / 1000),
          mode: this.o.authMode ?? 'blind15',
          ...(this.o.nonce ? { nonce: await this.o.nonce() } : {}),
        }),
      );
    }
    return { method: r.method, endpoint: r.path, headers, ...(body ? { body } : {}) };
  }

  /** Sends one request; a 2xx reply's body (parsed JSON, or null when empty) is the result. */
  async call<T = unknown>(
    r: RouteRequest,
    signal?: AbortSignal,
    what = `${r.method} ${r.path.split('?')[0]}`,
  ): Promise<T> {
    const res = await this.callRaw(r, signal, what);
    if (res.body.length === 0) return null as T;
    try {
      return JSON.parse(fromUtf8(res.body)) as T;
    } catch (cause) {
      throw new SessionError(
        'BAD_REPLY',
        `the community server answered ${what} with something that is not JSON`,
        {
          cause,
        },
      );
    }
  }

  /** Sends one request; the 2xx reply itself is the result (file downloads are raw bytes, §10.2). */
  async callRaw(
    r: RouteRequest,
    signal?: AbortSignal,
    what = `${r.method} ${r.path.split('?')[0]}`,
  ): Promise<V4Response> {
    let resynced = false;
    for (;;) {
      let res: V4Response;
      try {
        res = await this.o.transport.send(await this.build(r), signal);
      } catch (e) {
        // Through an onion path a 425 is the network layer's CLOCK_SKEW (it resynced already but
        // resent the same signed bytes): sign again with the new time and a fresh nonce, once.
        if (isSessionError(e, 'CLOCK_SKEW') && !resynced) {
          resynced = true;
          continue;
        }
        throw e;
      }
      if (res.code === 425 && !resynced) {
        resynced = true;
        await this.o.resyncClock?.();
        continue;
      }
      if (res.code < 200 || res.code >= 300) throw refusalFor(res, what);
      return res;
    }
  }

  /** `GET /capabilities`, once per server (§6): cached here and in the store. */
  async capabilities(signal?: AbortSignal): Promise<string[]> {
    this.caps ??= this.o.capabilities?.get();
    if (this.caps) return this.caps;
    const r = await this.call<{ capabilities?: unknown }>(routes.capabilities(), signal);
    const caps = r?.capabilities;
    if (!Array.isArray(caps) || !caps.every((c) => typeof c === 'string'))
      throw new SessionError('BAD_REPLY', 'the community server answered /capabilities without a list');
    this.caps = caps;
    this.o.capabilities?.set(this.caps);
    return this.caps;
  }

  async rooms(signal?: AbortSignal): Promise<RoomInfo[]> {
    const r = await this.call<unknown>(routes.rooms(), signal);
    if (!Array.isArray(r))
      throw new SessionError('BAD_REPLY', 'the community server answered /rooms without a list');
    return r.map(parseRoomInfo);
  }

  async room(token: string, signal?: AbortSignal): Promise<RoomInfo> {
    return parseRoomInfo(await this.call<unknown>(routes.room(token), signal));
  }

  /** Changes after `seqno`, every page (§8.3): a full page means there is more. */
  async messagesSince(token: string, seqno: number, signal?: AbortSignal): Promise<RawMessage[]> {
    const out: RawMessage[] = [];
    let since = seqno;
    for (let page = 0; page < 100; page++) {
      const rows = parseMessageList(
        await this.call<unknown>(routes.messagesSince(token, since, 256), signal),
      );
      out.push(...rows);
      if (rows.length < 256) break;
      since = Math.max(since, ...rows.map((m) => m.seqno));
    }
    return out;
  }

  async messagesRecent(token: string, limit: number, signal?: AbortSignal): Promise<RawMessage[]> {
    return parseMessageList(await this.call<unknown>(routes.messagesRecent(token, limit), signal));
  }

  async post(
    token: string,
    body: { data: string; signature: string; files?: number[] },
    signal?: AbortSignal,
  ): Promise<RawMessage> {
    const r = await this.call<unknown>(routes.post(token, body), signal);
    const [m] = parseMessageList([r]);
    return m!;
  }

  async edit(
    token: string,
    id: number,
    body: { data: string; signature: string },
    signal?: AbortSignal,
  ): Promise<void> {
    await this.call(routes.edit(token, id, body), signal);
  }

  async deleteMessage(token: string, id: number, signal?: AbortSignal): Promise<void> {
    await this.call(routes.deleteMessage(token, id), signal);
  }

  async react(
    token: string,
    id: number,
    emoji: string,
    remove: boolean,
    signal?: AbortSignal,
  ): Promise<{ changed: boolean; seqno: number }> {
    // A server without the capability has no reaction routes (§6, §9): say so, not "404".
    if (!(await this.capabilities(signal)).includes('reactions'))
      throw new SessionError('REMOTE_REJECTED', 'this community server does not support reactions', {
        details: { reason: 'no-reactions-capability' },
      });
    const r = await this.call<{ added?: unknown; removed?: unknown; seqno?: unknown }>(
      remove ? routes.unreact(token, id, emoji) : routes.react(token, id, emoji),
      signal,
    );
    const changed = remove ? r?.removed : r?.added;
    if (typeof changed !== 'boolean' || typeof r?.seqno !== 'number')
      throw new SessionError(
        'BAD_REPLY',
        'the community server answered a reaction without added/removed and seqno',
      );
    return { changed, seqno: r.seqno };
  }
}

export interface RoomInfo {
  token: string;
  name: string;
  description?: string;
  messageSequence: number;
  infoUpdates: number;
  activeUsers?: number;
  read?: boolean;
  write?: boolean;
  upload?: boolean;
  moderator?: boolean;
  admin?: boolean;
}

export function parseRoomInfo(x: unknown): RoomInfo {
  const r = x as Record<string, unknown> | null;
  if (!r || typeof r !== 'object' || typeof r.token !== 'string' || typeof r.name !== 'string')
    throw new SessionError('BAD_REPLY', 'the community server sent a room without token and name');
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  const out: RoomInfo = {
    token: r.token,
    name: r.name,
    messageSequence: num(r.message_sequence),
    infoUpdates: num(r.info_updates),
  };
  if (typeof r.description === 'string') out.description = r.description;
  if (typeof r.active_users === 'number') out.activeUsers = r.active_users;
  for (const k of ['read', 'write', 'upload', 'moderator', 'admin'] as const)
    if (typeof r[k] === 'boolean') out[k] = r[k];
  return out;
}

export interface Reaction {
  index: number;
  count: number;
  reactors?: string[];
  you?: boolean;
}

/** A message row as the server sends it (§8.1), shape-checked; signatures are checked later. */
export interface RawMessage {
  id: number;
  seqno: number;
  /** Absent for a reaction-only row. */
  sessionId?: string;
  postedMs?: number;
  editedMs?: number;
  /** `undefined`: a reaction-only row (no `data` key); `null`: a tombstone. */
  data?: string | null;
  signature?: string;
  deleted?: boolean;
  reactions?: Record<string, Reaction>;
}

function parseReactions(x: unknown): Record<string, Reaction> | undefined {
  if (x === undefined || x === null || typeof x !== 'object' || Array.isArray(x)) return undefined;
  const out: Record<string, Reaction> = {};
  for (const [emoji, v] of Object.entries(x as Record<string, unknown>)) {
    const r = v as Record<string, unknown> | null;
    if (!r || typeof r !== 'object' || typeof r.count !== 'number') continue;
    out[emoji] = {
      index: typeof r.index === 'number' ? r.index : 0,
      count: r.count,
      ...(Array.isArray(r.reactors)
        ? { reactors: r.reactors.filter((s): s is string => typeof s === 'string') }
        : {}),
      ...(r.you === true ? { you: true } : {}),
    };
  }
  return out;
}

export function parseMessageList(x: unknown): RawMessage[] {
  if (!Array.isArray(x))
    throw new SessionError('BAD_REPLY', 'the community server sent messages that are not a list');
  return x.map((v) => {
    const m = v as Record<string, unknown> | null;
    if (!m || typeof m !== 'object' || !Number.isSafeInteger(m.id) || !Number.isSafeInteger(m.seqno))
      throw new SessionError('BAD_REPLY', 'the community server sent a message without id and seqno');
    const out: RawMessage = { id: m.id as number, seqno: m.seqno as number };
    if (typeof m.session_id === 'string') out.sessionId = m.session_id;
    if (typeof m.posted === 'number') out.postedMs = Math.floor(m.posted * 1000);
    if (typeof m.edited === 'number') out.editedMs = Math.floor(m.edited * 1000);
    if ('data' in m) {
      if (m.data !== null && typeof m.data !== 'string')
        throw new SessionError('BAD_REPLY', 'the community server sent message data that is not base64');
      out.data = m.data;
    }
    if (typeof m.signature === 'string') out.signature = m.signature;
    if (m.deleted === true) out.deleted = true;
    const reactions = parseReactions(m.reactions);
    if (reactions) out.reactions = reactions;
    return out;
  });
}
