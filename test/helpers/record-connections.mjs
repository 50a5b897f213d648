// Preloaded into a CLI process under test (`node --import`): appends the destination of every TCP
// connection the process opens to $RECORD_CONNECTIONS_FILE, one "host:port" a line, so a test can
// prove that nothing went around a proxy. net.Socket#connect is where every TCP client starts
// (net.connect, tls.connect without a socket, undici); tls over an existing socket opens none.
/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/unbound-method -- plain JS that wraps a Node method and reads its untyped arguments */
import { appendFileSync } from 'node:fs';
import net from 'node:net';

const file = process.env.RECORD_CONNECTIONS_FILE;
if (file) {
  const original = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (...args) {
    const first = Array.isArray(args[0]) ? args[0][0] : args[0];
    const line =
      typeof first === 'object' && first !== null
        ? first.path !== undefined
          ? `unix:${first.path}`
          : `${first.host ?? 'localhost'}:${first.port}`
        : typeof first === 'string' && Number.isNaN(Number(first))
          ? `unix:${first}`
          : `${typeof args[1] === 'string' ? args[1] : 'localhost'}:${first}`;
    appendFileSync(file, `${line}\n`);
    return original.apply(this, args);
  };
}
