import { isIP, connect as netConnect, type Socket } from 'node:net';
import type * as Socks from 'socks';
import type { buildConnector } from 'undici';
import { SessionError } from '../errors.js';

/**
 * A proxy every client connection goes through (seeds, guards, file server, community servers):
 * `socks5://` (names resolved here, the proxy gets an address), `socks5h://` (names go to the
 * proxy, so no DNS query leaves this machine) or `http://` (an HTTP CONNECT tunnel). The proxy
 * only carries bytes: TLS, certificate pins and onion encryption still happen end to end.
 */
export interface ProxyConfig {
  protocol: 'socks5' | 'socks5h' | 'http';
  host: string;
  port: number;
  username?: string;
  password?: string;
}

const DEFAULT_PORT = { socks5: 1080, socks5h: 1080, http: 8080 } as const;

/** Parses `socks5://HOST:PORT`, `socks5h://…` or `http://HOST:PORT` (optional user:password@). */
export function parseProxyUrl(text: string, where = '--proxy'): ProxyConfig {
  const bad = (why: string) =>
    new SessionError('INVALID_INPUT', `${where}: ${why}`, {
      hint: 'use socks5://HOST:PORT, socks5h://HOST:PORT (DNS through the proxy) or http://HOST:PORT',
      details: { reason: 'proxy' },
    });
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw bad('not a proxy URL');
  }
  const protocol = url.protocol.slice(0, -1);
  if (protocol !== 'socks5' && protocol !== 'socks5h' && protocol !== 'http') {
    throw bad(`unsupported proxy scheme "${protocol.slice(0, 16)}"`);
  }
  if (url.hostname === '') throw bad('the proxy URL has no host');
  if ((url.pathname !== '' && url.pathname !== '/') || url.search !== '' || url.hash !== '') {
    throw bad('a proxy URL is only scheme://HOST:PORT');
  }
  // URL keeps IPv6 literals in brackets; sockets want them bare
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port === '' ? DEFAULT_PORT[protocol] : Number(url.port);
  return {
    protocol,
    host,
    port,
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
  };
}

/** The proxy as shown to a person (doctor, --verbose): never its password. */
export function describeProxy(p: ProxyConfig): string {
  const host = isIP(p.host) === 6 ? `[${p.host}]` : p.host;
  return `${p.protocol}://${p.username ? `${encodeURIComponent(p.username)}:***@` : ''}${host}:${p.port}`;
}

/** The proxy named by SESSION_PROXY, if any (the CLI puts --proxy and the config file's there). */
export function proxyFromEnv(env: NodeJS.ProcessEnv = process.env): ProxyConfig | undefined {
  const v = env.SESSION_PROXY;
  return v === undefined || v === '' ? undefined : parseProxyUrl(v, 'SESSION_PROXY');
}

/**
 * An error shaped like the one a direct connection would give (`code` as Node sets it), so that
 * transport.ts classifies a tunnelled failure exactly as a direct one: the destination refusing
 * through the proxy is still the destination refusing.
 */
/**
 * The code of a failure to reach or use the proxy itself (not the destination): the transport
 * reports it as stage `proxy`, which blames no node or path (a proxy that is down would otherwise
 * strike every guard and empty the pool).
 */
export const PROXY_FAILED = 'ESESSIONPROXY';

function connectError(message: string, code: string, cause?: unknown): Error {
  return Object.assign(new Error(message, cause === undefined ? {} : { cause }), { code });
}

const SOCKS_REPLY_CODE: Record<string, string> = {
  ConnectionRefused: 'ECONNREFUSED',
  HostUnreachable: 'EHOSTUNREACH',
  NetworkUnreachable: 'ENETUNREACH',
  TTLExpired: 'UND_ERR_CONNECT_TIMEOUT',
};

/** A TCP stream to `host:port` through the proxy (the tunnel only: TLS is the caller's). */
export async function openTunnel(
  proxy: ProxyConfig,
  dest: { host: string; port: number },
  timeoutMs: number,
): Promise<Socket> {
  if (proxy.protocol === 'http') return httpConnect(proxy, dest, timeoutMs);
  let host = dest.host.replace(/^\[(.*)\]$/, '$1');
  if (proxy.protocol === 'socks5' && isIP(host) === 0) {
    try {
      // loaded here: parsing --proxy (every command's flags) should not load node:dns
      const { lookup } = await import('node:dns/promises');
      host = (await lookup(host)).address;
    } catch (cause) {
      throw connectError(`${dest.host}: name not found`, 'ENOTFOUND', cause);
    }
  }
  // Loaded here, not at the top: config-file.ts imports this module for parseProxyUrl on every
  // CLI start, and socks (CommonJS, with ip-address) was a tenth of a forwarded command's time.
  // (CommonJS: bundled by esbuild, a dynamic import has it all under `default` only.)
  const socks = (await import('socks')) as typeof Socks & { default?: typeof Socks };
  const { SocksClient } = socks.default ?? socks;
  try {
    const { socket } = await SocksClient.createConnection({
      proxy: {
        host: proxy.host,
        port: proxy.port,
        type: 5,
        ...(proxy.username !== undefined ? { userId: proxy.username, password: proxy.password ?? '' } : {}),
      },
      command: 'connect',
      destination: { host, port: dest.port },
      timeout: timeoutMs,
    });
    return socket;
  } catch (cause) {
    const text = (cause as Error).message ?? String(cause);
    const reply = /rejected connection - (\w+)/.exec(text)?.[1];
    // a SOCKS reply is about the destination; anything else (refused, reset, closed before a
    // reply) is the proxy itself, which no node is to blame for
    const code =
      (reply && SOCKS_REPLY_CODE[reply]) ??
      (reply ? 'ECONNREFUSED' : /timed out/i.test(text) ? 'UND_ERR_CONNECT_TIMEOUT' : PROXY_FAILED);
    throw connectError(`via proxy ${describeProxy(proxy)}: ${text}`, code, cause);
  }
}

/** RFC 9110 §9.3.6: `CONNECT host:port`, a 2xx answer, then the socket is the tunnel. */
function httpConnect(proxy: ProxyConfig, dest: { host: string; port: number }, timeoutMs: number) {
  return new Promise<Socket>((resolve, reject) => {
    const authority = `${isIP(dest.host) === 6 ? `[${dest.host}]` : dest.host}:${dest.port}`;
    const socket = netConnect({ host: proxy.host, port: proxy.port });
    const fail = (err: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(err);
    };
    const timer = setTimeout(
      () =>
        fail(connectError(`via proxy ${describeProxy(proxy)}: connect timed out`, 'UND_ERR_CONNECT_TIMEOUT')),
      timeoutMs,
    );
    let answered = false;
    socket.once('error', (e) =>
      // before the CONNECT answer the failure is the proxy's own
      fail(
        connectError(
          `proxy ${describeProxy(proxy)}: ${e.message}`,
          answered ? 'ECONNRESET' : PROXY_FAILED,
          e,
        ),
      ),
    );
    socket.once('connect', () => {
      const auth =
        proxy.username !== undefined
          ? `Proxy-Authorization: Basic ${Buffer.from(`${proxy.username}:${proxy.password ?? ''}`).toString('base64')}\r\n`
          : '';
      socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${auth}\r\n`);
    });
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) {
        if (head.length > 16_384) fail(connectError(`proxy ${describeProxy(proxy)}: bad answer`, 'EPROTO'));
        return;
      }
      socket.off('data', onData);
      answered = true;
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head.subarray(0, end).toString('latin1'))?.[1]);
      if (status >= 200 && status < 300) {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        // bytes after the header already belong to the tunnelled stream
        if (head.length > end + 4) socket.unshift(head.subarray(end + 4));
        resolve(socket);
        return;
      }
      // 502/503: the proxy could not reach the destination; 504: it timed out doing so
      const code = status === 504 ? 'UND_ERR_CONNECT_TIMEOUT' : 'ECONNREFUSED';
      fail(
        connectError(
          `via proxy ${describeProxy(proxy)}: CONNECT ${authority} answered ${status || '?'}`,
          code,
        ),
      );
    };
    socket.on('data', onData);
  });
}

/**
 * Wraps an undici connector so that its socket is a tunnel through the proxy: for https the
 * wrapped connector runs its own TLS (same CA, pins and checks) over the tunnel, via undici's
 * `httpSocket`; for http the tunnel is the connection.
 */
export function proxiedConnector(
  proxy: ProxyConfig,
  base: buildConnector.connector,
  timeoutMs: number,
): buildConnector.connector {
  return (opts, cb) => {
    const https = opts.protocol === 'https:';
    const port = Number(opts.port) || (https ? 443 : 80);
    openTunnel(proxy, { host: opts.hostname, port }, timeoutMs).then(
      (socket) => {
        if (!https) {
          socket.setNoDelay(true);
          return cb(null, socket);
        }
        base({ ...opts, httpSocket: socket }, (err, tls) => {
          if (err || !tls) {
            socket.destroy();
            return cb(err ?? new Error('no socket'), null);
          }
          cb(null, tls);
        });
      },
      (err: Error) => cb(err, null),
    );
  };
}
