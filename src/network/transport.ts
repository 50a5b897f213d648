import type { TLSSocket } from 'node:tls';
import { Agent, buildConnector, request } from 'undici';
import { SessionError } from '../errors.js';

/**
 * The seam between the library and the outside world: one HTTP(S) POST. Production uses undici
 * with per-destination agents; tests can wrap or replace it (count, drop, delay requests).
 */
export interface TlsPolicy {
  /** Trust only this certificate (self-signed seeds) and check its fingerprint. */
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

export interface Transport {
  request(
    target: TransportTarget,
    body: Uint8Array | string,
    opts: { timeoutMs: number; signal?: AbortSignal; headers?: Record<string, string> },
  ): Promise<TransportResponse>;
  close?(): Promise<void>;
}

export class UndiciTransport implements Transport {
  private readonly agents = new Map<string, Agent>();

  private agentFor(tls: TlsPolicy | undefined): Agent {
    const key = JSON.stringify(tls ?? {});
    let agent = this.agents.get(key);
    if (agent) return agent;
    const base = buildConnector(
      tls?.pinnedCertPem
        ? { ca: tls.pinnedCertPem, checkServerIdentity: () => undefined }
        : { rejectUnauthorized: !(tls?.insecure || tls?.fingerprint256) },
    );
    const fp = tls?.fingerprint256;
    const connect: buildConnector.connector = fp
      ? (opts, cb) =>
          base(opts, (err, socket) => {
            if (err || !socket) return cb(err ?? new Error('no socket'), null);
            const peer = (socket as TLSSocket).getPeerCertificate?.();
            if (!peer || peer.fingerprint256 !== fp) {
              socket.destroy();
              return cb(new Error('certificate pin mismatch'), null);
            }
            cb(null, socket);
          })
      : base;
    agent = new Agent({ connect, keepAliveTimeout: 10_000, connections: 8 });
    this.agents.set(key, agent);
    return agent;
  }

  async request(
    target: TransportTarget,
    body: Uint8Array | string,
    opts: { timeoutMs: number; signal?: AbortSignal; headers?: Record<string, string> },
  ): Promise<TransportResponse> {
    const signal = opts.signal
      ? AbortSignal.any([opts.signal, AbortSignal.timeout(opts.timeoutMs)])
      : AbortSignal.timeout(opts.timeoutMs);
    try {
      const res = await request(target.url, {
        method: 'POST',
        body,
        headers: opts.headers ?? {},
        ...(target.url.startsWith('https:') ? { dispatcher: this.agentFor(target.tls) } : {}),
        signal,
      });
      return { status: res.statusCode, body: new Uint8Array(await res.body.arrayBuffer()) };
    } catch (cause) {
      if (opts.signal?.aborted) throw new SessionError('INTERRUPTED', 'interrupted', { cause });
      const timeout = (cause as Error).name === 'TimeoutError' || (cause as Error).name === 'AbortError';
      throw new SessionError(
        timeout ? 'TIMEOUT' : 'NETWORK_UNREACHABLE',
        `${new URL(target.url).host}: ${(cause as Error).message}`,
        {
          cause,
        },
      );
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.agents.values()].map((a) => a.close()));
    this.agents.clear();
  }
}
