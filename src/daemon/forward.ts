import { readFileSync, statSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import { daemonStatePath, defaultSocketPath } from './paths.js';

/**
 * The CLI side of the daemon: a command for a profile the data directory's daemon serves is sent
 * there (`cli.run`) and its output printed unchanged, so it uses the daemon's warm network paths
 * instead of building its own. Kept free of oclif and of everything heavy: this runs before the
 * CLI decides whether to load it.
 */

/**
 * Commands that may run in the daemon: they act on one profile and their positional arguments are
 * never file paths (those would be read relative to the daemon's working directory). Everything
 * else (identity, devnet, daemon, config, file, completion, help, version, …) runs locally.
 */
export const FORWARDED_COMMANDS: ReadonlySet<string> = new Set([
  'message:send',
  'message:receive',
  'message:list',
  'message:delete',
  'message:resend',
  'conversation:list',
  'contact:block',
  'contact:unblock',
  'request:list',
  'request:accept',
  'request:decline',
  'name:resolve',
  'profile:set',
  'attachment:download',
]);

/** Flags whose values are paths: made absolute against the caller's working directory. */
const PATH_FLAGS = ['file', 'attach', 'download-dir', 'out', 'passphrase-file', 'network', 'data-dir'];
/** Environment variables holding paths, likewise. */
const PATH_ENV = ['SESSION_NETWORK', 'SESSION_DATA_DIR'];

export interface ForwardOptions {
  env: NodeJS.ProcessEnv;
  /** The data directory the command would use (flag > env > config file > default). */
  dataDir: string;
  cwd: string;
  /** Standard input, asked for only when the command reads it. */
  stdin: () => NodeJS.ReadStream;
  stdinIsTTY: boolean;
  /**
   * Standard output and error: made only when used (a stream costs ~0.5 ms to make). Standard
   * output is asked for once the request is on its way, so it is made while the daemon works;
   * standard error only when something is written there.
   */
  stdout: () => NodeJS.WriteStream;
  stderr: () => NodeJS.WriteStream;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** The terminal's width, when standard output is one. */
  columns: number | undefined;
  /** Test seam: the socket to try instead of the data directory's default. */
  socketPath?: string;
}

/** The command id (colon form) of argv when it is one of FORWARDED_COMMANDS. */
export function forwardedCommand(argv: readonly string[]): string | undefined {
  const id = argv.slice(0, 2).join(':');
  return FORWARDED_COMMANDS.has(id) ? id : undefined;
}

function absolute(value: string, cwd: string): string {
  if (value === 'mainnet' || value === '-' || value === '' || isAbsolute(value)) return value;
  return resolve(cwd, value);
}

/** argv with the values of path flags made absolute (before `--`; everything after is data). */
export function absolutePaths(argv: readonly string[], cwd: string): string[] {
  const out: string[] = [];
  let data = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (data || a === '--') {
      data = true;
      out.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.startsWith('--') ? a.slice(2, eq === -1 ? undefined : eq) : undefined;
    if (name !== undefined && PATH_FLAGS.includes(name)) {
      if (eq !== -1) out.push(`--${name}=${absolute(a.slice(eq + 1), cwd)}`);
      else {
        out.push(a);
        if (i + 1 < argv.length) out.push(absolute(argv[++i]!, cwd));
      }
    } else out.push(a);
  }
  return out;
}

/** Whether `message send` will read its text from standard input (no TEXT, or TEXT "-"). */
function readsStdin(id: string, argv: readonly string[]): boolean {
  if (id !== 'message:send') return false;
  if (argv.some((a) => a === '--file' || a.startsWith('--file='))) return false;
  const positional: string[] = [];
  const flagsWithValue = new Set([
    '--ttl',
    '--disappear',
    '--attach',
    '--profile',
    '--data-dir',
    '--network',
    '--color',
    '--passphrase-file',
    '--wait',
    '--dedupe-key',
    '--dedupe-window',
    '--throttle',
  ]);
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (flagsWithValue.has(a)) i++;
    else if (!a.startsWith('-') || a === '-') positional.push(a);
  }
  return positional.length < 2 || positional[1] === '-';
}

async function readAll(stream: NodeJS.ReadStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}

function isSocket(path: string): boolean {
  try {
    return statSync(path).isSocket();
  } catch {
    return false;
  }
}

/**
 * The data directory's daemon socket: the default path, else the one a daemon started with
 * --socket published in daemon.json. Undefined when neither exists.
 */
export function daemonSocket(dataDir: string, env: NodeJS.ProcessEnv): string | undefined {
  const path = defaultSocketPath(dataDir, env);
  if (isSocket(path)) return path;
  try {
    const state = JSON.parse(readFileSync(daemonStatePath(dataDir), 'utf8')) as { socket?: unknown };
    if (typeof state.socket === 'string' && isSocket(state.socket)) return state.socket;
  } catch {
    // no daemon.json: no daemon
  }
  return undefined;
}

function connectTo(path: string): Promise<Socket | undefined> {
  return new Promise((resolveSocket) => {
    const s = connect(path);
    s.once('connect', () => resolveSocket(s));
    // Refused (a stale socket file: the daemon died) or gone: run locally; the file is left alone
    // (the next daemon replaces it).
    s.once('error', () => resolveSocket(undefined));
  });
}

/**
 * Runs argv through the daemon. Undefined when there is none or it does not serve this command's
 * profile (the caller then runs the command itself); else the command's exit code, its output
 * already written.
 */
export async function forwardToDaemon(
  argv: readonly string[],
  o: ForwardOptions,
): Promise<number | undefined> {
  const id = forwardedCommand(argv);
  if (id === undefined) return undefined;
  const path = o.socketPath ?? daemonSocket(o.dataDir, o.env);
  if (path === undefined) return undefined;
  const socket = await connectTo(path);
  if (!socket) return undefined;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(o.env))
    if (v !== undefined) env[k] = PATH_ENV.includes(k) ? absolute(v, o.cwd) : v;
  const stdin =
    !o.stdinIsTTY && readsStdin(id, argv) ? (await readAll(o.stdin())).toString('base64') : undefined;
  const request = {
    jsonrpc: '2.0',
    id: 1,
    method: 'cli.run',
    params: {
      argv: absolutePaths(argv, o.cwd),
      cwd: o.cwd,
      env,
      ...(stdin === undefined ? {} : { stdin }),
      tty: {
        stdin: o.stdinIsTTY,
        stdout: o.stdoutIsTTY,
        stderr: o.stderrIsTTY,
      },
      columns: o.columns,
    },
  };
  return new Promise((resolveRun) => {
    let buffered = '';
    let started = false;
    let settled = false;
    const finish = (code: number | undefined) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolveRun(code);
    };
    // Ctrl-C: the daemon ends a --follow it serves (exit 130); a second Ctrl-C leaves at once.
    let interrupts = 0;
    const onSigint = () => {
      if (++interrupts > 1) process.exit(130);
      socket.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'cli.interrupt', params: { id: 1 } })}\n`);
    };
    process.on('SIGINT', onSigint);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) !== -1) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        let msg: {
          method?: string;
          params?: { stream?: string; data?: string };
          result?: { exitCode?: number; declined?: string };
          error?: unknown;
        };
        try {
          msg = JSON.parse(line) as typeof msg;
        } catch {
          continue;
        }
        if (msg.method === 'cli.output' && msg.params) {
          started = true;
          const out = msg.params.stream === 'stderr' ? o.stderr() : o.stdout();
          out.write(Buffer.from(msg.params.data ?? '', 'base64'));
        } else if (msg.result !== undefined || msg.error !== undefined) {
          process.off('SIGINT', onSigint);
          // Declined (a profile it does not serve): nothing ran there, so run locally.
          if (msg.result?.declined !== undefined || (msg.error !== undefined && !started)) finish(undefined);
          else finish(msg.result?.exitCode ?? 1);
        }
      }
    });
    socket.on('close', () => {
      process.off('SIGINT', onSigint);
      // The daemon went away mid-command: what it did is unknown, so this is not silently rerun.
      // (A daemon that is shutting down declines new requests instead of closing on them.)
      if (!settled) {
        o.stderr().write('Error: the daemon closed the connection before the command finished\n');
        finish(1);
      }
    });
    socket.write(`${JSON.stringify(request)}\n`);
    // Standard output is where almost every command writes: made now, while the daemon works
    // (~0.3–0.5 ms that would otherwise follow its answer).
    setImmediate(() => {
      if (!settled) o.stdout();
    });
  });
}
