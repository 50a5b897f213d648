import { chmodSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server as HttpServer,
  type ServerResponse,
} from 'node:http';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { dirname, isAbsolute, resolve } from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import { openClient, type SessionClient } from '../client.js';
import { SessionError, isSessionError, exitCodeFor } from '../errors.js';
import { ProfileDirectory } from '../store/profiles.js';
import { Consumer, execSink, webhookSink, type BackoffPolicy, type Sink } from './delivery.js';
import { serveFollow } from './follow.js';
import { FORWARDED_COMMANDS, forwardedCommand } from './forward.js';
import type { CommandHost } from './host.js';
import { Journal, type DamagedRow, type JournalEvent } from './journal.js';
import { daemonDatabasePath, daemonStatePath, defaultSocketPath } from './paths.js';
import { lineWriter } from './line-writer.js';
import { ProfilePoller } from './poller.js';
import { OutboxRunner, SEND_SETTLE_MS } from './outbox-runner.js';
import type { ClientKey } from './request-context.js';
import { methodName, openRpcDocument } from './schema.js';

export interface DaemonOptions {
  dataDir: string;
  /** Profiles to serve; empty: the current one. */
  profiles: string[];
  /** Serve every profile of the data directory (re-read on SIGHUP / reload()). */
  all?: boolean;
  network?: string | undefined;
  passphrase: () => Promise<string | undefined>;
  host: CommandHost;
  /** UNIX socket path (default: $XDG_RUNTIME_DIR/session-cli/daemon-<dir hash>.sock). null: none. */
  socketPath?: string | null;
  /** HTTP listener, e.g. { host: '127.0.0.1', port: 0 }. */
  http?: { host: string; port: number } | undefined;
  /** The bearer token HTTP requests must carry; required to listen beyond loopback. Re-read on reload. */
  httpToken?: () => string | undefined;
  webhooks?: { url: string; secret: () => string | undefined }[];
  execs?: string[];
  pollIntervalMs?: number;
  backoff?: BackoffPolicy;
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
  /** How long stop() waits for in-flight requests. */
  drainMs?: number;
  /** How long stop() gives each profile's outbox to store what is queued (sync copies). */
  outboxDrainMs?: number;
  log?: (line: string) => void;
  /** What an operator must see without --verbose (a damaged journal row); default: `log`. */
  warn?: (line: string) => void;
  /** Called by reload() (SIGHUP) so the caller can re-read its files (secrets, tokens). */
  onReload?: () => void;
}

interface Served {
  name: string;
  client: SessionClient;
  network: string | undefined;
  poller: ProfilePoller;
  /** Delivers what `message send --wait queued` left in the outbox. */
  outbox: OutboxRunner;
}

/** What one connection (socket, stdio or HTTP request) can be sent back. */
interface Peer {
  send(msg: unknown): void;
  /** Writes what send() queued now (a response goes out with the output before it). */
  flush?(): void;
  /** Aborted when the connection closes. */
  closed: AbortSignal;
  /** Whether notifications can be sent before the response (not over HTTP: one response). */
  streaming: boolean;
}

interface RpcRequest {
  jsonrpc?: unknown;
  id?: unknown;
  method?: unknown;
  params?: unknown;
}

class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

function sameNetwork(a: string | undefined, b: string | undefined): boolean {
  const norm = (n: string | undefined) =>
    n === undefined || n === 'mainnet' ? 'mainnet' : isAbsolute(n) ? n : resolve(n);
  return norm(a) === norm(b);
}

/**
 * The daemon: one open client per served profile (warm pool, paths and store), a poller per
 * profile that journals events, consumers (webhooks, --exec) that deliver the journal, and
 * JSON-RPC over a UNIX socket, stdio and HTTP. Commands run in-process through the CommandHost.
 */
export class Daemon {
  private readonly served = new Map<string, Served>();
  private readonly consumers: Consumer[] = [];
  private readonly listeners = new Set<(e: JournalEvent) => void>();
  /** Damaged journal rows already logged (once each: streams meet them on every push). */
  private readonly damagedLogged = new Set<number>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private journal!: Journal;
  private socketServer: Server | undefined;
  private httpServer: HttpServer | undefined;
  private readonly sockets = new Set<Socket>();
  private stopping = false;
  private readonly startedAt: number;
  readonly socketPath: string | null;
  httpAddress: string | undefined;
  /** Commands run for the CLI (cli.run) and command methods answered, since start. */
  private readonly counts = { forwarded: 0, methods: 0 };

  constructor(private readonly o: DaemonOptions) {
    this.startedAt = this.now();
    this.socketPath = o.socketPath === null ? null : (o.socketPath ?? defaultSocketPath(o.dataDir));
  }

  private now(): number {
    return (this.o.now ?? Date.now)();
  }

  private log(line: string): void {
    this.o.log?.(line);
  }

  private warn(line: string): void {
    (this.o.warn ?? this.o.log)?.(line);
  }

  async start(): Promise<void> {
    const http = this.o.http;
    if (http && !isLoopback(http.host) && this.o.httpToken?.() === undefined)
      throw new SessionError(
        'INVALID_INPUT',
        `--http ${http.host} is not a loopback address: it needs --http-token-file`,
        {
          hint: 'listen on 127.0.0.1, or give a bearer token file',
        },
      );
    mkdirSync(this.o.dataDir, { recursive: true, mode: 0o700 });
    this.journal = await Journal.open(daemonDatabasePath(this.o.dataDir));
    try {
      await this.openProfiles();
      for (const w of this.o.webhooks ?? [])
        this.addConsumer(webhookSink({ url: w.url, secret: w.secret, now: () => this.now() }));
      for (const cmd of this.o.execs ?? []) this.addConsumer(execSink(cmd));
      if (this.socketPath !== null) await this.listenSocket(this.socketPath);
      if (http) await this.listenHttp(http.host, http.port);
      this.writeState();
    } catch (e) {
      await this.stop();
      throw e;
    }
  }

  private addConsumer(sink: Sink): void {
    const c = new Consumer({
      journal: this.journal,
      sink,
      ...(this.o.backoff ? { backoff: this.o.backoff } : {}),
      ...(this.o.now ? { now: this.o.now } : {}),
      ...(this.o.sleep ? { sleep: this.o.sleep } : {}),
      ...(this.o.random ? { random: this.o.random } : {}),
      log: (l) => this.log(l),
      warn: (l) => this.warn(l),
    });
    this.consumers.push(c);
    c.start();
  }

  private async profileNames(): Promise<string[]> {
    const dir = new ProfileDirectory(this.o.dataDir);
    if (this.o.all) return (await dir.list()).map((p) => p.name);
    if (this.o.profiles.length > 0) return this.o.profiles;
    return [(await dir.resolve(undefined)).name];
  }

  private async openProfiles(): Promise<void> {
    for (const name of await this.profileNames()) {
      if (this.served.has(name)) continue;
      const client = await openClient({
        dataDir: this.o.dataDir,
        profile: name,
        network: this.o.network,
        passphrase: this.o.passphrase,
        // it sends again and again over the same paths: their layer keys are made while idle
        prepareHopKeys: true,
        // a send answers once the recipient's swarm has it; this daemon's outbox runner (below)
        // stores the sync copy right after (kicked by the send)
        deferSyncCopies: true,
        ...(this.o.log ? { logger: (l: string) => this.log(`${name}: ${l}`) } : {}),
      });
      // What `message receive` hands out through the daemon starts where the store is now.
      if (this.journal.mark(`receive:${name}`) === undefined)
        this.journal.setMark(`receive:${name}`, client.store.maxCursor());
      const poller = new ProfilePoller({
        profile: name,
        client,
        journal: this.journal,
        intervalMs: this.o.pollIntervalMs ?? 5000,
        ...(this.o.now ? { now: this.o.now } : {}),
        onEvents: (events) => this.published(events),
        log: (l) => this.log(l),
      });
      const outbox = new OutboxRunner({
        profile: name,
        client,
        intervalMs: this.o.pollIntervalMs ?? 5000,
        // A delivered message is an event now, not at the next poll.
        onDelivered: () => poller.journalNew(),
        log: (l) => this.log(l),
      });
      this.served.set(name, { name, client, network: this.o.network, poller, outbox });
      poller.start();
      outbox.start();
    }
  }

  /** New journal events: wake the consumers and the subscribers. */
  private published(events: JournalEvent[]): void {
    for (const c of this.consumers) c.notify();
    for (const e of events) for (const l of this.listeners) l(e);
  }

  /**
   * A stream (events.subscribe, SSE) goes past a journal row that cannot be read: there is nothing
   * to send, and throwing here would end the daemon. Said once per row in the daemon's log; the
   * row stays in daemon.db, and `events.list` shows it. Returns the cursor past it.
   */
  private skipDamaged(d: DamagedRow, cursor: number): number {
    if (!this.damagedLogged.has(d.seq)) {
      this.damagedLogged.add(d.seq);
      this.warn(`event ${d.seq} (${d.profile}, ${d.type}) cannot be read; streams skip it: ${d.error}`);
    }
    return Math.max(cursor, d.seq);
  }

  private subscribe(listener: (e: JournalEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** SIGHUP: profiles (with --all), secrets and tokens are read again. */
  async reload(): Promise<void> {
    this.o.onReload?.();
    await this.openProfiles();
    this.log('configuration reloaded');
  }

  /** The served client for a command's flags, or undefined (the command opens its own). */
  private async clientFor(key: ClientKey): Promise<SessionClient | undefined> {
    const s = await this.servedFor(key);
    if (!s) return undefined;
    // The daemon keeps it open: a command's close() must not close it.
    return { ...s.client, close: async () => {} };
  }

  private async servedFor(key: ClientKey): Promise<Served | undefined> {
    if (resolve(key.dataDir) !== resolve(this.o.dataDir)) return undefined;
    const name = key.profile ?? (await new ProfileDirectory(this.o.dataDir).currentName());
    const s = name === undefined ? undefined : this.served.get(name);
    return s && sameNetwork(s.network, key.network) ? s : undefined;
  }

  // ---- listeners ----

  private async listenSocket(path: string): Promise<void> {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    if (await socketAnswers(path))
      throw new SessionError('DAEMON_RUNNING', `a daemon is already listening on ${path}`, {
        hint: 'see `session daemon status`; stop it first (SIGTERM)',
      });
    rmSync(path, { force: true }); // a stale socket of a daemon that died
    const server = createServer((s) => this.serveStream(s, s));
    // The socket is created with the umask's mode: make it 0600 before anyone can connect.
    const umask = process.umask(0o177);
    try {
      await new Promise<void>((ok, fail) => {
        server.once('error', fail);
        server.listen(path, () => {
          server.off('error', fail);
          ok();
        });
      });
    } finally {
      process.umask(umask);
    }
    chmodSync(path, 0o600);
    this.socketServer = server;
  }

  /** Newline-delimited JSON-RPC on a stream pair (a socket, or stdin/stdout with --stdio). */
  serveStream(input: NodeJS.ReadableStream, output: NodeJS.WritableStream & { destroyed?: boolean }): void {
    const closed = new AbortController();
    if ('remoteAddress' in input) this.sockets.add(input as Socket);
    const writer = lineWriter(output, () => !closed.signal.aborted);
    const peer: Peer = {
      send: writer.send,
      flush: writer.flush,
      closed: closed.signal,
      streaming: true,
    };
    let buffered = '';
    input.setEncoding('utf8');
    input.on('data', (chunk: string) => {
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) !== -1) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        if (line !== '') this.track(this.handleLine(line, peer));
      }
    });
    const end = () => {
      closed.abort();
      this.sockets.delete(input as Socket);
    };
    input.on('close', end);
    input.on('end', end);
    input.on('error', end);
    output.on?.('error', end);
  }

  private track<T>(p: Promise<T>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async handleLine(line: string, peer: Peer): Promise<void> {
    let msg: unknown;
    try {
      msg = JSON.parse(line);
    } catch {
      peer.send({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } });
      peer.flush?.();
      return;
    }
    // Work a method leaves for after its response (cli.run's journaling): run in the same tick as
    // the write, so the caller is answered first and no other request is served in between.
    const later: (() => void)[] = [];
    if (Array.isArray(msg)) {
      const out = (await Promise.all(msg.map((m) => this.answer(m as RpcRequest, peer, later)))).filter(
        (r) => r !== undefined,
      );
      if (out.length > 0) peer.send(out);
    } else {
      const r = await this.answer(msg as RpcRequest, peer, later);
      if (r !== undefined) peer.send(r);
    }
    peer.flush?.();
    for (const fn of later) {
      try {
        fn();
      } catch (e) {
        this.o.log?.(`after a response: ${(e as Error).message}`);
      }
    }
  }

  /** One request's response object (undefined for a notification). */
  private async answer(req: RpcRequest, peer: Peer, later: (() => void)[]): Promise<unknown> {
    const id = req.id ?? null;
    const notification = req.id === undefined;
    if (typeof req !== 'object' || req === null || req.jsonrpc !== '2.0' || typeof req.method !== 'string')
      return { jsonrpc: '2.0', id, error: { code: -32600, message: 'invalid request' } };
    const params = req.params ?? {};
    if (typeof params !== 'object' || params === null || Array.isArray(params))
      return { jsonrpc: '2.0', id, error: { code: -32602, message: 'params must be an object (by name)' } };
    try {
      const result = await this.dispatch(req.method, params as Record<string, unknown>, peer, later);
      return notification ? undefined : { jsonrpc: '2.0', id, result: result ?? null };
    } catch (e) {
      if (notification) return undefined;
      const err =
        e instanceof RpcError
          ? { code: e.code, message: e.message, ...(e.data === undefined ? {} : { data: e.data }) }
          : isSessionError(e)
            ? {
                code: e.code === 'INVALID_INPUT' ? -32602 : -32000,
                message: e.message,
                data: { code: e.code, exitCode: exitCodeFor(e.code), ...(e.hint ? { hint: e.hint } : {}) },
              }
            : { code: -32603, message: 'internal error' };
      return { jsonrpc: '2.0', id, error: err };
    }
  }

  private async dispatch(
    method: string,
    params: Record<string, unknown>,
    peer: Peer,
    later: (() => void)[],
  ): Promise<unknown> {
    switch (method) {
      case 'rpc.discover':
      case 'daemon.schema':
        return this.schema();
      case 'daemon.status':
        return this.status();
      case 'daemon.deadletters':
        return this.journal.deadLetters(optionalString(params, 'consumer'));
      case 'daemon.replay': {
        const ids = params.id;
        if (ids !== undefined && (!Array.isArray(ids) || !ids.every((x) => Number.isSafeInteger(x))))
          throw new SessionError('INVALID_INPUT', 'id must be an array of dead-letter ids');
        if ((ids === undefined) === (params.all !== true))
          throw new SessionError('INVALID_INPUT', 'give dead-letter ids or all: true');
        const n = this.journal.requestReplay(ids as number[] | undefined);
        for (const c of this.consumers) c.notify();
        return { replaying: n };
      }
      case 'events.list': {
        const after = optionalInt(params, 'after') ?? 0;
        const limit = Math.min(1000, optionalInt(params, 'limit') ?? 100);
        // A listing shows a damaged row where it is, with `unreadable` instead of a body, so a
        // client paging by seq neither stops at it nor skips it unknowingly.
        const out: (JournalEvent | (Omit<DamagedRow, 'error'> & { unreadable: string }))[] = [];
        const events = this.journal.after(after, limit, optionalString(params, 'profile'), (d) => {
          const { error, ...row } = d;
          out.push({ ...row, unreadable: error });
        });
        return [...out, ...events].sort((a, b) => a.seq - b.seq);
      }
      case 'events.ack':
        return {
          cursor: this.journal.ack(
            requiredString(params, 'consumer'),
            optionalInt(params, 'cursor') ?? 0,
            this.now(),
          ),
        };
      case 'events.cursor':
        return { cursor: this.journal.consumerCursor(requiredString(params, 'consumer'), this.now()) };
      case 'events.subscribe':
      case 'cli.run':
        if (!peer.streaming)
          throw new RpcError(
            -32601,
            `${method} needs a stream (the socket or --stdio); over HTTP use GET /events`,
          );
        return method === 'cli.run' ? this.cliRun(params, peer, later) : this.subscribePeer(params, peer);
      case 'cli.interrupt':
        this.interrupts.get(peer)?.abort();
        return null;
    }
    const commandId = method.split('.').join(':');
    if (commandId === 'daemon' || this.o.host.find(commandId) === undefined)
      throw new RpcError(-32601, `method not found: ${method}`);
    return this.runMethod(commandId, params);
  }

  private readonly interrupts = new WeakMap<Peer, AbortController>();

  schema(): Record<string, unknown> {
    return openRpcDocument(this.o.host.commands(), this.o.host.version);
  }

  private subscribePeer(params: Record<string, unknown>, peer: Peer): { after: number } {
    const profile = optionalString(params, 'profile');
    let cursor = optionalInt(params, 'after') ?? this.journal.maxSeq();
    const push = () => {
      for (const e of this.journal.after(
        cursor,
        1000,
        profile,
        (d) => (cursor = this.skipDamaged(d, cursor)),
      )) {
        peer.send({ jsonrpc: '2.0', method: 'event', params: e });
        cursor = Math.max(cursor, e.seq);
      }
    };
    const start = cursor;
    // After the response: the backlog, then live events, until the connection closes.
    setImmediate(push);
    const off = this.subscribe(() => push());
    peer.closed.addEventListener('abort', off, { once: true });
    return { after: start };
  }

  /** A command method: the command's --json result, or its error JSON as the RPC error. */
  private async runMethod(id: string, params: Record<string, unknown>): Promise<unknown> {
    if (id === 'message:receive' && params.follow === true)
      throw new SessionError(
        'INVALID_INPUT',
        'message.receive has no follow here: use events.subscribe (or GET /events)',
      );
    const argv = this.o.host.methodArgv(id, params);
    this.counts.methods++;
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const env = {
      ...process.env,
      SESSION_DATA_DIR: this.o.dataDir,
      ...(this.o.network ? { SESSION_NETWORK: this.o.network } : {}),
    };
    const run = (args: readonly string[]) =>
      this.o.host.run(args, {
        onOutput: (s, d) => (s === 'stdout' ? out : err).push(d),
        env,
        clientFor: (k) => this.clientFor(k),
      });
    const served = id === 'message:receive' ? await this.servedFor(this.o.host.target(argv, env)) : undefined;
    const exitCode = served ? await this.receiveHandingOut(served, argv, run) : await run(argv);
    if (id === 'message:send')
      (await this.servedFor(this.o.host.target(argv, env)))?.outbox.runSoon(SEND_SETTLE_MS);
    const text = Buffer.concat(out).toString('utf8');
    let doc: { ok?: boolean; result?: unknown; error?: { message?: string } } | undefined;
    try {
      doc = JSON.parse(text) as typeof doc;
    } catch {
      doc = undefined;
    }
    if (doc?.ok === true) return doc.result ?? null;
    if (doc?.ok === false) throw new RpcError(-32000, doc.error?.message ?? 'command failed', doc.error);
    if (exitCode === 0) return { stdout: text, stderr: Buffer.concat(err).toString('utf8') };
    throw new RpcError(-32000, 'command failed', { exitCode, stderr: Buffer.concat(err).toString('utf8') });
  }

  /** CLI forwarding: argv run here as `session` would, output streamed back unchanged. */
  private async cliRun(params: Record<string, unknown>, peer: Peer, later: (() => void)[]): Promise<unknown> {
    if (this.stopping) return { declined: 'the daemon is stopping' };
    const argv = params.argv;
    if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string'))
      throw new SessionError('INVALID_INPUT', 'argv must be an array of strings');
    const commandId = forwardedCommand(argv);
    if (commandId === undefined || !FORWARDED_COMMANDS.has(commandId)) return { declined: 'runs locally' };
    const rawEnv = params.env;
    const env: NodeJS.ProcessEnv =
      typeof rawEnv === 'object' && rawEnv !== null
        ? { ...(rawEnv as Record<string, string>) }
        : { ...process.env };
    const target = this.o.host.target(argv, env);
    const served = await this.servedFor(target);
    if (!served) return { declined: 'this daemon does not serve that profile' };
    const tty = (params.tty ?? {}) as { stdin?: boolean; stdout?: boolean; stderr?: boolean };
    const output = (stream: 'stdout' | 'stderr', data: Buffer) =>
      peer.send({ jsonrpc: '2.0', method: 'cli.output', params: { stream, data: data.toString('base64') } });
    const interrupt = new AbortController();
    this.interrupts.set(peer, interrupt);
    const follow = this.o.host.followRequest(argv, env);
    if (follow) {
      const exitCode = await serveFollow({
        request: follow,
        store: served.client.store,
        own: served.client.keys.accountId,
        profile: served.name,
        subscribe: (l) => this.subscribe(l),
        write: (line) => output('stdout', Buffer.from(line)),
        writeErr: (line) => output('stderr', Buffer.from(line)),
        signal: AbortSignal.any([peer.closed, interrupt.signal, this.stopSignal.signal]),
        interrupted: () => interrupt.signal.aborted,
      });
      this.counts.forwarded++;
      return { exitCode };
    }
    this.counts.forwarded++;
    const stdin = typeof params.stdin === 'string' ? Buffer.from(params.stdin, 'base64') : undefined;
    const run = (args: readonly string[]) =>
      this.o.host.run(args, {
        onOutput: output,
        env,
        stdin,
        tty,
        columns: typeof params.columns === 'number' ? params.columns : undefined,
        clientFor: (k) => this.clientFor(k),
        // the caller's Ctrl-C stops the command here, as it would in its own process
        interrupt: interrupt.signal,
      });
    let exitCode: number;
    if (commandId === 'message:receive') exitCode = await this.receiveHandingOut(served, argv, run);
    else exitCode = await run(argv);
    // What this command stored (a send) is journaled now, not at the next poll: right after the
    // caller has its exit code (its process can end while this runs), before any other request.
    later.push(() => {
      served.poller.journalNew();
      // what the send queued goes out once the caller is done (SEND_SETTLE_MS)
      if (commandId === 'message:send') served.outbox.runSoon(SEND_SETTLE_MS);
    });
    return { exitCode };
  }

  private readonly stopSignal = new AbortController();

  /**
   * `message receive` for a served profile: the daemon's poll already stored what arrived since
   * the last `message receive`, so that is handed out too (--since the last one's position, unless
   * the caller gave --since), while no poll runs, so nothing falls between two receives.
   */
  private receiveHandingOut(
    served: Served,
    argv: readonly string[],
    run: (argv: readonly string[]) => Promise<number>,
  ): Promise<number> {
    const key = `receive:${served.name}`;
    return served.poller.exclusive(async () => {
      const store = served.client.store;
      const since = this.journal.mark(key) ?? store.maxCursor();
      const own = argv.some((a) => a === '--since' || a.startsWith('--since='));
      const dashes = argv.indexOf('--');
      // --unseen-since: what the poll stored after the mark is handed out for the first time, so
      // the command marks it read too (after-read timers start, receipts go out).
      const args = own
        ? argv
        : dashes === -1
          ? [...argv, '--unseen-since', String(since)]
          : [...argv.slice(0, dashes), '--unseen-since', String(since), ...argv.slice(dashes)];
      const code = await run(args);
      if (code === 0) this.journal.setMark(key, store.maxCursor());
      return code;
    });
  }

  // ---- HTTP ----

  private async listenHttp(host: string, port: number): Promise<void> {
    const server = createHttpServer((req, res) => this.track(this.serveHttp(req, res)));
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(port, host, () => {
        server.off('error', fail);
        ok();
      });
    });
    const a = server.address();
    this.httpAddress =
      typeof a === 'object' && a
        ? `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`
        : undefined;
    this.httpServer = server;
  }

  private authorized(req: IncomingMessage): boolean {
    const token = this.o.httpToken?.();
    if (token === undefined) return true; // loopback only (checked at start)
    const got = Buffer.from(req.headers.authorization ?? '');
    const want = Buffer.from(`Bearer ${token}`);
    return got.length === want.length && timingSafeEqual(got, want);
  }

  private async serveHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.authorized(req)) {
      res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://daemon');
    if (req.method === 'GET' && url.pathname === '/events') return this.serveSse(req, res, url);
    if (req.method === 'GET' && url.pathname === '/schema') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.schema()));
      return;
    }
    if (req.method !== 'POST' || (url.pathname !== '/' && url.pathname !== '/rpc')) {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size > 16 * 1024 * 1024) {
        res.writeHead(413).end();
        return;
      }
      chunks.push(c as Buffer);
    }
    const closed = new AbortController();
    res.on('close', () => closed.abort());
    let response: unknown;
    // Over HTTP there is no stream back: notifications (cli.output, event) are not available.
    const peer: Peer = { send: (m) => (response = m), closed: closed.signal, streaming: false };
    await this.handleLine(Buffer.concat(chunks).toString('utf8'), peer);
    if (response === undefined) res.writeHead(204).end();
    else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(response));
  }

  /** Server-sent events: `id` is the journal seq, so Last-Event-ID resumes exactly. */
  private serveSse(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const profile = url.searchParams.get('profile') ?? undefined;
    const last = req.headers['last-event-id'] ?? url.searchParams.get('after') ?? undefined;
    let cursor =
      last === undefined || last === '' || !/^\d+$/.test(String(last)) ? this.journal.maxSeq() : Number(last);
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write(': session-cli daemon\n\n');
    const push = () => {
      for (const e of this.journal.after(
        cursor,
        1000,
        profile,
        (d) => (cursor = this.skipDamaged(d, cursor)),
      )) {
        res.write(
          `id: ${e.seq}\nevent: ${e.type}\ndata: ${JSON.stringify({ ...e.body, profile: e.profile })}\n\n`,
        );
        cursor = Math.max(cursor, e.seq);
      }
    };
    push();
    const off = this.subscribe(() => push());
    return new Promise((done) => {
      const end = () => {
        off();
        res.end();
        done();
      };
      res.on('close', end);
      this.stopSignal.signal.addEventListener('abort', end, { once: true });
    });
  }

  // ---- status, state, stop ----

  status(): Record<string, unknown> {
    const now = this.now();
    return {
      pid: process.pid,
      startedAt: this.startedAt,
      uptimeSeconds: Math.round((now - this.startedAt) / 1000),
      dataDir: this.o.dataDir,
      socket: this.socketPath,
      http: this.httpAddress ?? null,
      database: daemonDatabasePath(this.o.dataDir),
      journal: { lastSeq: this.journal.maxSeq() },
      inFlight: this.inFlight.size,
      requests: { ...this.counts },
      profiles: [...this.served.values()].map((s) => ({
        name: s.name,
        accountId: s.client.keys.accountId,
        network: s.network ?? 'mainnet',
        polls: s.poller.polls,
        lastPollAt: s.poller.lastPollAt ?? null,
        lastPollError: s.poller.lastError ?? null,
        // onion layer keys made while idle: hits are layers a request did not have to make
        hopKeys: s.client.hopKeys ? { ...s.client.hopKeys.stats } : null,
      })),
      queues: this.consumers.map((c) => ({
        consumer: c.name,
        depth: c.depth(),
        delivered: c.delivered,
        retrying: c.retrying ?? null,
        deadLetters: this.journal.deadLetters(c.name).length,
      })),
    };
  }

  private writeState(): void {
    const state = {
      pid: process.pid,
      socket: this.socketPath,
      http: this.httpAddress ?? null,
      startedAt: this.startedAt,
    };
    writeFileSync(daemonStatePath(this.o.dataDir), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  }

  /**
   * Graceful stop (SIGTERM): no new connections or forwarded commands, in-flight requests finish
   * (up to drainMs), then pollers, consumers and clients stop; the socket and state file go.
   */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const closing = [this.socketServer, this.httpServer].map(
      (s) => new Promise<void>((ok) => (s ? s.close(() => ok()) : ok())),
    );
    this.httpServer?.closeIdleConnections();
    // Follows and subscriptions end; commands already running are waited for.
    this.stopSignal.abort();
    const drain = Promise.allSettled([...this.inFlight]);
    const bound = new Promise<void>((ok) => setTimeout(ok, this.o.drainMs ?? 30_000).unref());
    await Promise.race([drain, bound]);
    for (const s of this.sockets) s.destroy();
    this.httpServer?.closeAllConnections();
    await Promise.all(closing);
    await Promise.all(this.consumers.map((c) => c.stop()));
    // The sync copies of the sends just answered are still to be stored (deferSyncCopies).
    await Promise.all(
      [...this.served.values()].flatMap((s) => [
        s.poller.stop(),
        s.outbox.stop({ drainMs: this.o.outboxDrainMs ?? 10_000 }),
      ]),
    );
    for (const s of this.served.values()) await s.client.close();
    this.served.clear();
    if (this.socketPath !== null && this.socketServer) rmSync(this.socketPath, { force: true });
    rmSync(daemonStatePath(this.o.dataDir), { force: true });
    this.journal?.close();
  }
}

/** Whether something answers on a UNIX socket (a live daemon) or not (stale file, none). */
export function socketAnswers(path: string): Promise<boolean> {
  try {
    if (!statSync(path).isSocket()) return Promise.resolve(false);
  } catch {
    return Promise.resolve(false);
  }
  return new Promise((ok) => {
    const s = connect(path);
    s.once('connect', () => {
      s.destroy();
      ok(true);
    });
    s.once('error', () => ok(false));
  });
}

function optionalString(p: Record<string, unknown>, name: string): string | undefined {
  const v = p[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new SessionError('INVALID_INPUT', `${name} must be a string`);
  return v;
}

function requiredString(p: Record<string, unknown>, name: string): string {
  const v = optionalString(p, name);
  if (v === undefined) throw new SessionError('INVALID_INPUT', `${name} is required`);
  return v;
}

function optionalInt(p: Record<string, unknown>, name: string): number | undefined {
  const v = p[name];
  if (v === undefined || v === null) return undefined;
  if (!Number.isSafeInteger(v) || (v as number) < 0)
    throw new SessionError('INVALID_INPUT', `${name} must be a non-negative integer`);
  return v as number;
}

export { methodName };
