import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { forwardToDaemon, type ForwardOptions } from '../../src/daemon/forward.js';

/**
 * The CLI half of forwarding against a fake daemon socket: what it sends, and when it makes its
 * output streams.
 */
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** A fake daemon: `reply(request, write)` writes its answer lines when it chooses to. */
async function fakeDaemon(
  reply: (request: { params: Record<string, unknown> }, write: (line: object) => void) => void,
): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'fwd-'));
  const path = join(dir, 'd.sock');
  const server: Server = createServer((c) => {
    let buf = '';
    c.setEncoding('utf8');
    c.on('error', () => undefined);
    c.on('data', (d: string) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl === -1) return;
      const request = JSON.parse(buf.slice(0, nl)) as { params: Record<string, unknown> };
      buf = buf.slice(nl + 1);
      reply(request, (line) => c.write(`${JSON.stringify(line)}\n`));
    });
  });
  await new Promise<void>((ok) => server.listen(path, ok));
  cleanups.push(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return path;
}

function options(socketPath: string, made: string[]): ForwardOptions & { out: PassThrough } {
  const out = new PassThrough();
  const err = new PassThrough();
  return {
    out,
    env: { SESSION_DATA_DIR: 'data' },
    dataDir: '/nowhere',
    cwd: '/work/dir',
    stdin: () => {
      throw new Error('stdin is not read for a send with TEXT');
    },
    stdinIsTTY: false,
    stdout: () => {
      made.push('stdout');
      return out as unknown as NodeJS.WriteStream;
    },
    stderr: () => {
      made.push('stderr');
      return err as unknown as NodeJS.WriteStream;
    },
    stdoutIsTTY: false,
    stderrIsTTY: false,
    columns: undefined,
    socketPath,
  };
}

describe('forwardToDaemon', () => {
  it('makes standard output while the daemon works, before its answer arrives', async () => {
    const made: string[] = [];
    let madeBeforeAnswer: string[] | undefined;
    const socket = await fakeDaemon((_req, write) => {
      // answer once the client has made stdout, or after 2 s without it
      const started = Date.now();
      const answer = () => {
        if (!made.includes('stdout') && Date.now() - started < 2000) return setTimeout(answer, 5);
        madeBeforeAnswer = [...made];
        const data = Buffer.from('{"ok":true}\n').toString('base64');
        write({ jsonrpc: '2.0', method: 'cli.output', params: { stream: 'stdout', data } });
        write({ jsonrpc: '2.0', id: 1, result: { exitCode: 0 } });
      };
      answer();
    });
    const o = options(socket, made);
    let printed = '';
    o.out.on('data', (d) => (printed += String(d)));
    const code = await forwardToDaemon(['message', 'send', '05ab', 'hi', '--file=x.txt'], o);
    expect(code).toBe(0);
    expect(madeBeforeAnswer).toEqual(['stdout']);
    expect(printed).toBe('{"ok":true}\n');
    expect(made).not.toContain('stderr'); // nothing was written there
  });

  it('sends argv with path flags made absolute, the environment and the terminal facts', async () => {
    let seen: Record<string, unknown> | undefined;
    const socket = await fakeDaemon((req, write) => {
      seen = req.params;
      write({ jsonrpc: '2.0', id: 1, result: { exitCode: 3 } });
    });
    const code = await forwardToDaemon(
      ['message', 'send', '05ab', '--file', 'notes.txt'],
      options(socket, []),
    );
    expect(code).toBe(3);
    expect(seen?.argv).toEqual(['message', 'send', '05ab', '--file', '/work/dir/notes.txt']);
    expect(seen?.cwd).toBe('/work/dir');
    expect(seen?.env).toEqual({ SESSION_DATA_DIR: '/work/dir/data' });
    expect(seen?.tty).toEqual({ stdin: false, stdout: false, stderr: false });
  });

  it('a declined request runs locally (undefined), whatever was made', async () => {
    const socket = await fakeDaemon((_req, write) =>
      write({ jsonrpc: '2.0', id: 1, result: { declined: 'this daemon does not serve that profile' } }),
    );
    expect(await forwardToDaemon(['message', 'list', '05ab'], options(socket, []))).toBeUndefined();
  });
});
