import { createServer, connect, isIP, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A tiny SOCKS5 proxy for tests (RFC 1928: no authentication, CONNECT to an IPv4 address or a
 * domain name) that records every CONNECT it is asked for. `resolve` maps domain names the way a
 * remote proxy's own DNS would (names the test machine cannot resolve), so a test can prove that
 * socks5h sends names, not addresses.
 */
export interface SocksConnectRecord {
  /** The destination as the client sent it: an IPv4 address or a domain name. */
  host: string;
  port: number;
  addressType: 'ipv4' | 'domain';
  /** Whether the proxy reached the destination. */
  ok: boolean;
  /** The local port of the proxy's own connection to the destination (what the destination sees). */
  outboundPort?: number;
}

export interface Socks5Server {
  host: string;
  port: number;
  url(scheme?: 'socks5' | 'socks5h'): string;
  connects: SocksConnectRecord[];
  /** Client connections the proxy accepted. */
  accepted: number;
  close(): Promise<void>;
}

export async function startSocks5Server(
  o: { resolve?: (name: string) => string | undefined } = {},
): Promise<Socks5Server> {
  const sockets = new Set<Socket>();
  const state: Socks5Server = {
    host: '127.0.0.1',
    port: 0,
    url: (scheme = 'socks5h') => `${scheme}://127.0.0.1:${state.port}`,
    connects: [],
    accepted: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const track = (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  };
  const server: Server = createServer((client) => {
    state.accepted++;
    track(client);
    client.on('error', () => client.destroy());
    let buf = Buffer.alloc(0);
    let stage: 'greeting' | 'request' | 'done' = 'greeting';
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (stage === 'greeting') {
        if (buf.length < 2 || buf.length < 2 + buf[1]!) return;
        if (buf[0] !== 5) return client.destroy();
        const methods = buf.subarray(2, 2 + buf[1]!);
        buf = buf.subarray(2 + buf[1]!);
        if (!methods.includes(0)) return void client.end(Buffer.from([5, 0xff]));
        client.write(Buffer.from([5, 0]));
        stage = 'request';
      }
      if (stage === 'request') {
        if (buf.length < 5) return;
        const [ver, cmd, , atyp] = buf;
        let host: string;
        let end: number;
        if (atyp === 1) {
          end = 4 + 4;
          if (buf.length < end + 2) return;
          host = [...buf.subarray(4, 8)].join('.');
        } else if (atyp === 3) {
          end = 5 + buf[4]!;
          if (buf.length < end + 2) return;
          host = buf.subarray(5, end).toString('latin1');
        } else {
          return void client.end(reply(8));
        }
        const port = buf.readUInt16BE(end);
        const rest = buf.subarray(end + 2);
        stage = 'done';
        client.off('data', onData);
        if (ver !== 5 || cmd !== 1) return void client.end(reply(7));
        const record: SocksConnectRecord = {
          host,
          port,
          addressType: atyp === 1 ? 'ipv4' : 'domain',
          ok: false,
        };
        state.connects.push(record);
        const target = atyp === 3 && isIP(host) === 0 ? (o.resolve?.(host) ?? host) : host;
        const upstream = connect({ host: target, port });
        track(upstream);
        upstream.once('connect', () => {
          record.ok = true;
          if (upstream.localPort !== undefined) record.outboundPort = upstream.localPort;
          client.write(reply(0));
          if (rest.length > 0) upstream.write(rest);
          client.pipe(upstream);
          upstream.pipe(client);
        });
        upstream.on('error', (e: NodeJS.ErrnoException) => {
          if (!record.ok) client.end(reply(e.code === 'ECONNREFUSED' ? 5 : e.code === 'ENOTFOUND' ? 4 : 1));
          else client.destroy();
        });
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      }
    };
    client.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  return state;
}

/** A reply with the bound address left as 0.0.0.0:0 (clients do not use it for CONNECT). */
function reply(code: number): Buffer {
  return Buffer.from([5, code, 0, 1, 0, 0, 0, 0, 0, 0]);
}
