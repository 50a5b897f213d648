import { connect } from 'node:net';
import { ERROR_CODES, SessionError, type ErrorCode } from '../errors.js';

/** The JSON-RPC error the daemon answered (its `data` is the command's error JSON when it has one). */
export interface RpcErrorBody {
  code: number;
  message: string;
  data?: unknown;
}

/**
 * One JSON-RPC call over the daemon's UNIX socket (newline-delimited JSON). DAEMON_NOT_RUNNING when
 * nothing listens there.
 */
export function callDaemon(
  socketPath: string,
  method: string,
  params: unknown = {},
  timeoutMs = 30_000,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const s = connect(socketPath);
    let buffered = '';
    const timer = setTimeout(() => {
      s.destroy();
      reject(new SessionError('TIMEOUT', `the daemon at ${socketPath} did not answer ${method}`));
    }, timeoutMs);
    s.setEncoding('utf8');
    s.once('error', (cause) => {
      clearTimeout(timer);
      reject(
        new SessionError('DAEMON_NOT_RUNNING', `no daemon is listening on ${socketPath}`, {
          cause,
          hint: 'start one with `session daemon`',
        }),
      );
    });
    s.on('data', (d: string) => {
      buffered += d;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) !== -1) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        const msg = JSON.parse(line) as { id?: unknown; result?: unknown; error?: RpcErrorBody };
        if (msg.id !== 1) continue;
        clearTimeout(timer);
        s.destroy();
        if (msg.error) {
          // The command's own code when the daemon ran a command; usage errors of the call itself
          // are INVALID_INPUT; anything else is the daemon's bug.
          const data = msg.error.data as { code?: string; hint?: string } | undefined;
          const code: ErrorCode =
            data?.code !== undefined && data.code in ERROR_CODES
              ? (data.code as ErrorCode)
              : msg.error.code === -32601 || msg.error.code === -32602
                ? 'INVALID_INPUT'
                : 'INTERNAL';
          reject(
            new SessionError(code, msg.error.message, {
              ...(data?.hint === undefined ? {} : { hint: data.hint }),
              details: { rpc: msg.error },
            }),
          );
        } else resolve(msg.result);
      }
    });
    s.write(`${JSON.stringify({ jsonrpc: '2.0', id: 1, method, params })}\n`);
  });
}
