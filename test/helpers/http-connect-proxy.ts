import { createServer, connect, type AddressInfo, type Socket } from 'node:net';

/** A tiny HTTP proxy for tests that only does CONNECT (RFC 9110 §9.3.6) and records each one. */
export interface HttpConnectProxy {
  url: string;
  connects: { authority: string; ok: boolean }[];
  close(): Promise<void>;
}

export async function startHttpConnectProxy(): Promise<HttpConnectProxy> {
  const sockets = new Set<Socket>();
  const track = (s: Socket) => (sockets.add(s), s.once('close', () => sockets.delete(s)));
  const connects: HttpConnectProxy['connects'] = [];
  const server = createServer((client) => {
    track(client);
    client.on('error', () => client.destroy());
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) return;
      client.off('data', onData);
      const m = /^CONNECT (\S+):(\d+) HTTP\/1\.1\r\n/.exec(head.toString('latin1'));
      if (!m) return void client.end('HTTP/1.1 405 Method Not Allowed\r\n\r\n');
      const record = { authority: `${m[1]}:${m[2]}`, ok: false };
      connects.push(record);
      const upstream = connect({ host: m[1]!.replace(/^\[(.*)\]$/, '$1'), port: Number(m[2]) });
      track(upstream);
      upstream.once('connect', () => {
        record.ok = true;
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        const rest = head.subarray(end + 4);
        if (rest.length > 0) upstream.write(rest);
        client.pipe(upstream);
        upstream.pipe(client);
      });
      upstream.on('error', () => {
        if (!record.ok) client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
        else client.destroy();
      });
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    };
    client.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connects,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
