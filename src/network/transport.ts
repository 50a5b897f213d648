import type { TLSSocket } from 'node:tls';
import { Agent, buildConnector, request } from 'undici';
import { SessionError } from '../errors.js';
import { describeProxy, PROXY_FAILED, proxiedConnector, proxyFromEnv, type ProxyConfig } from './proxy.js';

/**
 * The seam between the library and the outside world: one HTTP(S) POST. Production uses undici
 * with per-destination agents; tests can wrap or replace it (count, drop, delay requests).
 *
 * Failures are SessionErrors whose `details.stage` says how far the exchange got, because blame
 * depends on it (network.md §4.9): `connect` — no connection to the host (refused, reset, TLS
 * failure, wrong certificate, connect timeout): the host's fault; `response` — connected and
 * sent, but no (complete) answer: for an onion request, somewhere beyond the guard.
 */
export interface TlsPolicy {
  /** Trust only this certificate (self-signed seeds). */
  pinnedCertPem?: string;
  /** Colon-separated SHA-256 fingerprint the peer certificate must have. */
  fingerprint256?: string;
  /** Storage nodes: self-signed certs that are not verified; onion encryption authenticates. */
  insecure?: boolean;
}

export interface TransportTarget {
  url: string;
  tls?: TlsPolicy;
}

export interface TransportResponse {
  status: number;
  body: Uint8Array;
}

export interface TransportRequestOptions {
  timeoutMs: number;
  /** TCP + TLS; defaults to `timeoutMs`. */
  connectTimeoutMs?: number;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

/** `proxy`: the configured proxy itself failed (nothing was learnt about the destination). */
export type FailureStage = 'connect' | 'response' | 'proxy';
export type FailureReason = 'refused' | 'timeout' | 'tls' | 'wrong-certificate' | 'reset' | 'other';

export interface Transport {
  request(
    target: TransportTarget,
    body: Uint8Array | string,
    opts: TransportRequestOptions,
  ): Promise<TransportResponse>;
  close?(): Promise<void>;
}

export function failureStage(e: unknown): FailureStage | undefined {
  const d = (e as SessionError | undefined)?.details as { stage?: FailureStage } | undefined;
  return d?.stage;
}

const PIN_MISMATCH = 'certificate pin mismatch';

/** Classifies an undici/Node error by how far the exchange got. */
export function classifyFailure(cause: unknown): { stage: FailureStage; reason: FailureReason } {
  const chain: { code?: string; message?: string; name?: string }[] = [];
  for (let c = cause as { cause?: unknown } | undefined, i = 0; c && i < 5; c = c.cause as typeof c, i++)
    chain.push(c as (typeof chain)[number]);
  const codes = chain.map((c) => c.code ?? '');
  const text = chain.map((c) => `${c.name ?? ''} ${c.message ?? ''}`).join(' ');
  if (codes.includes(PROXY_FAILED)) return { stage: 'proxy', reason: 'refused' };
  if (text.includes(PIN_MISMATCH)) return { stage: 'connect', reason: 'wrong-certificate' };
  if (codes.includes('UND_ERR_CONNECT_TIMEOUT')) return { stage: 'connect', reason: 'timeout' };
  if (
    codes.some(
      (c) =>
        c === 'ECONNREFUSED' ||
        c === 'EHOSTUNREACH' ||
        c === 'ENETUNREACH' ||
        c === 'ENOTFOUND' ||
        c === 'EADDRNOTAVAIL',
    )
  )
    return { stage: 'connect', reason: 'refused' };
  if (
    codes.some((c) => /^(ERR_TLS|ERR_SSL|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO|ERR_OSSL)/.test(c)) ||
    /certificate|TLS|SSL/i.test(text)
  )
    return { stage: 'connect', reason: 'tls' };
  if (
    codes.some((c) => c === 'UND_ERR_HEADERS_TIMEOUT' || c === 'UND_ERR_BODY_TIMEOUT') ||
    /TimeoutError|timed? ?out/i.test(text)
  )
    return { stage: 'response', reason: 'timeout' };
  // The connection to the host itself broke: the host's fault (a failure beyond it would have
  // come back as an HTTP answer), although the request may have gone out.
  if (codes.some((c) => c === 'ECONNRESET' || c === 'UND_ERR_SOCKET' || c === 'EPIPE'))
    return { stage: 'connect', reason: 'reset' };
  return { stage: 'response', reason: 'other' };
}

export interface UndiciTransportOptions {
  /**
   * Every connection through this proxy (TLS and pins unchanged, end to end). Default: the one
   * SESSION_PROXY names (where the CLI puts --proxy and the config file's), else none; `null`: none.
   */
  proxy?: ProxyConfig | null;
}

export class UndiciTransport implements Transport {
  private readonly agents = new Map<string, Agent>();
  readonly proxy: ProxyConfig | undefined;

  constructor(o: UndiciTransportOptions = {}) {
    this.proxy = o.proxy === null ? undefined : (o.proxy ?? proxyFromEnv());
  }

  private agentFor(tls: TlsPolicy | undefined, connectTimeoutMs: number): Agent {
    const key = `${connectTimeoutMs}|${JSON.stringify(tls ?? {})}`;
    let agent = this.agents.get(key);
    if (agent) return agent;
    const base = buildConnector({
      timeout: connectTimeoutMs,
      ...(tls?.pinnedCertPem
        ? // our own CA for a self-signed seed addressed by IP: the fingerprint below is the check
          { ca: tls.pinnedCertPem, checkServerIdentity: () => undefined }
        : tls?.insecure || tls?.fingerprint256
          ? // Nothing is checked against a CA here (a Session Node's certificate is self-signed;
            // a pin is compared below). An empty `ca` keeps Node from building its store of
            // ~140 root certificates for the first TLS connection: 21 ms of a cold command.
            { rejectUnauthorized: false, ca: [] }
          : { rejectUnauthorized: true }),
    });
    const fp = tls?.fingerprint256?.toUpperCase();
    // network.md §2.2: with a pin, compare the peer certificate before a byte of the request goes out.
    const connect: buildConnector.connector = fp
      ? (opts, cb) =>
          base(opts, (err, socket) => {
            if (err || !socket) return cb(err ?? new Error('no socket'), null);
            const peer = (socket as TLSSocket).getPeerCertificate?.();
            if (!peer || peer.fingerprint256?.toUpperCase() !== fp) {
              socket.destroy();
              return cb(new Error(PIN_MISMATCH), null);
            }
            cb(null, socket);
          })
      : base;
    // the pin check above wraps the TLS connector, so it runs on tunnelled connections too
    const connector = this.proxy ? proxiedConnector(this.proxy, connect, connectTimeoutMs) : connect;
    // maxHeaderSize: Node's default, given here so that undici need not load node:http to ask
    // for it (scripts/bundle-patches.mjs); a reply's headers are small
    agent = new Agent({
      connect: connector,
      keepAliveTimeout: 10_000,
      connections: 8,
      maxHeaderSize: 16 * 1024,
    });
    this.agents.set(key, agent);
    return agent;
  }

  async request(
    target: TransportTarget,
    body: Uint8Array | string,
    opts: TransportRequestOptions,
  ): Promise<TransportResponse> {
    // One controller per request, its listener removed afterwards: AbortSignal.any() on a
    // long-lived signal would keep a listener per request alive for the life of the process.
    const ac = new AbortController();
    const onAbort = () => ac.abort(opts.signal?.reason);
    if (opts.signal?.aborted) throw new SessionError('INTERRUPTED', 'interrupted');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ac.abort();
    }, opts.timeoutMs);
    const host = safeHost(target.url);
    try {
      const res = await request(target.url, {
        method: 'POST',
        body,
        headers: opts.headers ?? {},
        // plain http (file server, community servers by URL) needs an agent only to reach the proxy
        ...(target.url.startsWith('https:') || this.proxy
          ? { dispatcher: this.agentFor(target.tls, opts.connectTimeoutMs ?? opts.timeoutMs) }
          : {}),
        signal: ac.signal,
      });
      return { status: res.statusCode, body: new Uint8Array(await res.body.arrayBuffer()) };
    } catch (cause) {
      if (opts.signal?.aborted) throw new SessionError('INTERRUPTED', 'interrupted', { cause });
      const c = timedOut
        ? { stage: 'response' as const, reason: 'timeout' as const }
        : classifyFailure(cause);
      const what =
        c.stage === 'proxy'
          ? 'the proxy itself failed'
          : c.reason === 'wrong-certificate'
            ? 'wrong certificate (pin mismatch)'
            : c.reason === 'refused'
              ? 'connection refused'
              : c.reason === 'timeout'
                ? c.stage === 'connect'
                  ? 'connect timed out'
                  : `no answer within ${opts.timeoutMs} ms`
                : ((cause as Error).message ?? String(cause));
      // through a proxy, say so: a proxy that is down looks like every host refusing
      const via = this.proxy ? ` (via proxy ${describeProxy(this.proxy)})` : '';
      throw new SessionError(
        c.reason === 'timeout' ? 'TIMEOUT' : 'NETWORK_UNREACHABLE',
        `${host}: ${what}${via}`,
        {
          cause,
          details: { stage: c.stage, reason: c.reason, host },
        },
      );
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.agents.values()].map((a) => a.close()));
    this.agents.clear();
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
