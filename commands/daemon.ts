import { readFileSync } from 'node:fs';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../src/cli/base-command.js';
import { dataDirFrom, passphraseSource, secretFlags } from '../src/cli/context.js';
import { parseIntegerFlag } from '../src/cli/message-input.js';
import { SessionError } from '../src/errors.js';

/** A secret or token file: its first line (re-read on SIGHUP). */
function firstLine(path: string, what: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new SessionError('INVALID_INPUT', `cannot read ${what} ${path}`, { cause });
  }
  const line = text.split(/\r?\n/)[0] ?? '';
  if (line === '') throw new SessionError('INVALID_INPUT', `${what} ${path} is empty`);
  return line;
}

function parseHttp(value: string): { host: string; port: number } {
  const m = /^(\[[0-9a-fA-F:]+\]|[^:]+):(\d{1,5})$/.exec(value);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535)
    throw new SessionError('INVALID_INPUT', '--http must be HOST:PORT (e.g. 127.0.0.1:8765)');
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

interface DaemonFlags {
  profile?: string[] | string | undefined;
  'data-dir'?: string | undefined;
  network?: string | undefined;
  verbose: boolean;
  all: boolean;
  socket?: string | undefined;
  stdio: boolean;
  http?: string | undefined;
  'http-token-file'?: string | undefined;
  webhook?: string[] | undefined;
  'webhook-secret-file'?: string | undefined;
  exec?: string[] | undefined;
  interval: string;
  'retry-policy'?: string | undefined;
  'passphrase-file'?: string | undefined;
}

export default class Daemon extends BaseCommand<typeof Daemon> {
  static override summary = 'Run the daemon: JSON-RPC for every command, an event journal, webhooks.';
  static override description = `One long-running process per data directory that keeps each served profile's client open
(network pool, paths, store), polls their swarms, and journals every event (message objects, and
unsend/read/typing/request events) in daemon.db.

JSON-RPC 2.0 on a UNIX socket (mode 0600; --socket PATH, default in $XDG_RUNTIME_DIR, else in the
data directory), on stdin/stdout with --stdio, and over HTTP with --http HOST:PORT (POST /rpc; GET
/events is a server-sent event stream; only on loopback unless --http-token-file sets a bearer
token). Methods are the command ids with dots (message.send) taking the arguments and flags by name
({"to": …, "text": …}) and answering the command's --json result; \`session daemon schema\` prints
them all (OpenRPC).

While it runs, CLI commands for a profile it serves run inside it (no flag needed; --no-daemon
runs locally); without it they work on their own.

--webhook URL posts each event (the one message object) with X-Session-Timestamp and, with
--webhook-secret-file, X-Session-Signature: sha256=HMAC-SHA256(secret, "TIMESTAMP.BODY"); --exec
CMD runs CMD per event with the event on stdin. Failures are retried with exponential back-off
and jitter (about 2 h), then parked (\`daemon deadletters\`, \`daemon replay\`). Each consumer's
cursor moves only after a 2xx / exit 0, so a consumer that was down misses nothing and gets nothing
twice.

SIGTERM (or Ctrl-C) finishes in-flight requests and exits 0; SIGHUP reloads (profiles with --all,
secret and token files).`;
  static override examples = [
    '<%= config.bin %> daemon --all',
    '<%= config.bin %> daemon --profile alice --webhook https://example.org/hook --webhook-secret-file ./hook.key',
    '<%= config.bin %> daemon --http 127.0.0.1:8765',
    'echo \'{"jsonrpc":"2.0","id":1,"method":"message.send","params":{"to":"05…","text":"hi"}}\' | <%= config.bin %> daemon --stdio',
  ];
  static override flags = {
    profile: Flags.string({
      description: 'Profile to serve (repeatable; default: the current one).',
      multiple: true,
      helpGroup: 'GLOBAL',
    }),
    all: Flags.boolean({ description: 'Serve every profile of the data directory.', default: false }),
    socket: Flags.string({ description: 'UNIX socket path for JSON-RPC.' }),
    stdio: Flags.boolean({
      description: 'Also serve JSON-RPC on stdin/stdout (exits when stdin ends).',
      default: false,
    }),
    http: Flags.string({ description: 'Serve JSON-RPC and SSE over HTTP on HOST:PORT.' }),
    'http-token-file': Flags.string({ description: 'Bearer token (first line) HTTP requests must carry.' }),
    webhook: Flags.string({ description: 'POST each event to this URL (repeatable).', multiple: true }),
    'webhook-secret-file': Flags.string({
      description: 'HMAC-SHA256 secret (first line) for --webhook signatures.',
    }),
    exec: Flags.string({
      description: 'Run this command per event, the event JSON on stdin (repeatable).',
      multiple: true,
    }),
    interval: Flags.string({ description: 'Seconds between polls of each profile (1-3600).', default: '5' }),
    // For tests and impatient operators: BASE_MS:MAX_MS:ATTEMPTS (default 1000:600000:30).
    'retry-policy': Flags.string({ hidden: true, description: 'Back-off of webhooks and --exec.' }),
    ...secretFlags,
  };

  async run(): Promise<void> {
    // `profile` is the global flag made repeatable here, so the inferred type would be string & string[].
    const f = this.flags as DaemonFlags;
    const profiles = f.profile === undefined ? [] : Array.isArray(f.profile) ? f.profile : [f.profile];
    if (f.all && profiles.length > 0)
      throw new SessionError('INVALID_INPUT', '--all and --profile exclude each other');
    const intervalS = parseIntegerFlag('interval', f.interval, { min: 1, max: 3600 });
    const http = f.http === undefined ? undefined : parseHttp(f.http);
    const retry = f['retry-policy']
      ?.split(':')
      .map((x) => parseIntegerFlag('retry-policy', x, { min: 1, max: 86_400_000 }));
    if (retry !== undefined && retry.length !== 3)
      throw new SessionError('INVALID_INPUT', '--retry-policy is BASE_MS:MAX_MS:ATTEMPTS');
    if (f['webhook-secret-file'] !== undefined && (f.webhook ?? []).length === 0)
      throw new SessionError('INVALID_INPUT', '--webhook-secret-file needs --webhook');
    // Read now (a missing file is a usage error at start), again on every SIGHUP.
    const readFiles = () => ({
      secret:
        f['webhook-secret-file'] === undefined
          ? undefined
          : firstLine(f['webhook-secret-file'], '--webhook-secret-file'),
      token:
        f['http-token-file'] === undefined ? undefined : firstLine(f['http-token-file'], '--http-token-file'),
    });
    let files = readFiles();
    const { Daemon: DaemonServer } = await import('../src/daemon/server.js');
    const { loadCommandHost } = await import('../src/cli/daemon-runner.js');
    const { bundledCommandsOf } = await import('../src/cli/main.js');
    // Outside any request these are the daemon's own streams (commands get the caller's).
    const stdout = process.stdout;
    const stderr = process.stderr;
    const log = (line: string) => {
      if (f.verbose) stderr.write(`[session daemon] ${line}\n`);
    };
    const daemon = new DaemonServer({
      dataDir: dataDirFrom(f['data-dir']),
      profiles,
      all: f.all,
      network: f.network,
      passphrase: passphraseSource({ file: f['passphrase-file'] }),
      host: await loadCommandHost(this.config.root, bundledCommandsOf(this.config)),
      ...(f.socket === undefined ? {} : { socketPath: f.socket }),
      ...(http ? { http } : {}),
      httpToken: () => files.token,
      webhooks: (f.webhook ?? []).map((url) => ({ url, secret: () => files.secret })),
      execs: f.exec ?? [],
      pollIntervalMs: intervalS * 1000,
      ...(retry ? { backoff: { baseMs: retry[0]!, maxMs: retry[1]!, maxAttempts: retry[2]! } } : {}),
      log,
      warn: (line) => stderr.write(`Warning: ${line}\n`),
      onReload: () => {
        try {
          files = readFiles();
        } catch (e) {
          stderr.write(`Warning: reload: ${(e as Error).message} (kept the previous values)\n`);
        }
      },
    });
    process.setMaxListeners(0);
    await daemon.start();
    const done = new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGTERM', stop);
        process.off('SIGINT', stop);
        void daemon.stop().then(resolve);
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
      process.on(
        'SIGHUP',
        () =>
          void daemon.reload().catch((e: Error) => stderr.write(`Warning: reload failed: ${e.message}\n`)),
      );
      if (f.stdio) {
        daemon.serveStream(process.stdin, stdout);
        process.stdin.once('end', stop);
      }
    });
    const where = [daemon.socketPath, daemon.httpAddress, f.stdio ? 'stdio' : undefined]
      .filter(Boolean)
      .join(', ');
    if (!this.quiet) stderr.write(`session daemon ${process.pid} listening on ${where}\n`);
    await done;
    if (!this.quiet) stderr.write('session daemon stopped\n');
  }
}
