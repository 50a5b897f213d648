import { Readable, Writable } from 'node:stream';
import type { Command, Config } from '@oclif/core';
import { requestStorage, routeProcessStreams, type RequestContext } from '../daemon/request-context.js';
import { methodName } from '../daemon/schema.js';
import { SessionError } from '../errors.js';
import { renderFailure, toSessionError } from './failure.js';
import { bundledCommand, commandTable, importOclif, showHelp, type BundledCommands } from './main.js';
import { resolveArgv, type CommandTable } from './resolve.js';
import type { FollowRequest } from '../daemon/follow.js';
import type { CommandHost, CommandIo } from '../daemon/host.js';
import type { ClientKey } from '../daemon/request-context.js';
import type { CommandInfo } from '../daemon/schema.js';
import { defaultDataDir } from '../store/profiles.js';
import { parseDurationFlag, parseIntegerFlag } from './message-input.js';
import { boolSetting, flagValue, hasFlag, jsonWanted, loadConfigSafely, stringSetting } from './settings.js';

function captureStream(
  write: (data: Buffer) => void,
  isTTY: boolean,
  columns: number | undefined,
): NodeJS.WriteStream {
  const w = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      write(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      cb();
    },
  });
  // What commands (and oclif, chalk) ask a terminal stream.
  return Object.assign(w, { isTTY, columns: columns ?? 80, fd: -1 }) as unknown as NodeJS.WriteStream;
}

/**
 * Runs CLI commands inside the daemon, exactly as the `session` process would (same lookup, same
 * oclif parse, same failure rendering), with the caller's streams and environment routed to them
 * and the daemon's open clients offered through the client provider seam (client-flags.ts).
 */
export class CommandRunner {
  private constructor(
    readonly config: Config,
    private readonly table: CommandTable,
    private readonly bundled: BundledCommands | undefined,
  ) {}

  /** `bundled`: the process's bundled command table (main.ts), so requests run the same classes. */
  static async load(root: string, bundled?: BundledCommands): Promise<CommandRunner> {
    routeProcessStreams();
    const oclif = await importOclif();
    const config = await oclif.Config.load(root);
    return new CommandRunner(config, commandTable(config), bundled);
  }

  /** The commands the CLI knows (hidden ones excluded), by colon id. */
  commands(): Command.Loadable[] {
    return this.config.commands.filter((c) => !c.hidden);
  }

  find(id: string): Command.Loadable | undefined {
    return this.config.findCommand(id) ?? undefined;
  }

  /** Runs argv; resolves with the exit code the `session` process would have had. */
  run(argv: readonly string[], io: CommandIo): Promise<number> {
    const ctx: RequestContext = {
      stdout: captureStream((d) => io.onOutput('stdout', d), io.tty?.stdout === true, io.columns),
      stderr: captureStream((d) => io.onOutput('stderr', d), io.tty?.stderr === true, io.columns),
      stdin: Object.assign(Readable.from(io.stdin === undefined ? [] : [io.stdin]), {
        isTTY: io.tty?.stdin === true,
        fd: -1,
      }) as unknown as NodeJS.ReadStream,
      env: io.env,
      ...(io.clientFor ? { clientFor: io.clientFor } : {}),
      ...(io.interrupt ? { interrupt: io.interrupt } : {}),
    };
    return requestStorage().run(ctx, async () => {
      const before = process.exitCode;
      process.exitCode = undefined;
      try {
        const r = resolveArgv(argv, this.table);
        if (r.kind === 'help') await showHelp(this.config, r.subject);
        else await this.config.runCommand(r.id, r.rest, bundledCommand(this.config, r.id, this.bundled));
        // Only `message receive --follow` sets it (130 after Ctrl-C); anything else succeeded.
        return Number(process.exitCode ?? 0);
      } catch (err) {
        const exit = (err as { code?: unknown; oclif?: { exit?: number } }).oclif?.exit;
        if ((err as { code?: unknown }).code === 'EEXIT' && typeof exit === 'number') return exit;
        const file = loadConfigSafely(io.env);
        let verbose = false;
        try {
          verbose = boolSetting('verbose', argv, io.env, file.config).value;
        } catch {
          // a bad SESSION_VERBOSE is not worth a second error
        }
        return renderFailure(toSessionError(err), {
          json: jsonWanted(argv, io.env, file.config),
          verbose,
          stack: (err as Error | undefined)?.stack,
        });
      } finally {
        process.exitCode = before;
      }
    });
  }
}

/**
 * argv for a command from named params: its arguments (by their declared names) after `--`, so a
 * value starting with "-" is never read as a flag, and flags as `--name value`, plus `--json`.
 */
export function methodArgv(cmd: Command.Loadable, params: Record<string, unknown>): string[] {
  const argv = cmd.id.split(':');
  const positional: string[] = [];
  const argNames = Object.keys(cmd.args ?? {});
  let missing: string | undefined;
  for (const name of argNames) {
    const v = params[name];
    if (v === undefined || v === null) {
      missing ??= name;
      continue;
    }
    if (missing !== undefined)
      throw new SessionError('INVALID_INPUT', `argument "${name}" needs "${missing}" before it`);
    positional.push(scalar(name, v));
  }
  for (const [name, value] of Object.entries(params)) {
    if (argNames.includes(name) || value === undefined || value === null) continue;
    if (name === 'json') continue;
    const flag = cmd.flags[name];
    if (!flag)
      throw new SessionError('INVALID_INPUT', `unknown parameter "${name}" for ${methodName(cmd.id)}`);
    if (flag.type === 'boolean') {
      if (typeof value !== 'boolean')
        throw new SessionError('INVALID_INPUT', `parameter "${name}" must be true or false`);
      if (value) argv.push(`--${name}`);
      else if (flag.allowNo) argv.push(`--no-${name}`);
      continue;
    }
    const values = Array.isArray(value) ? (value as unknown[]) : [value];
    if (values.length > 1 && !flag.multiple)
      throw new SessionError('INVALID_INPUT', `parameter "${name}" takes one value`);
    for (const v of values) argv.push(`--${name}=${scalar(name, v)}`);
  }
  argv.push('--json');
  if (positional.length > 0) argv.push('--', ...positional);
  return argv;
}

function scalar(name: string, v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw new SessionError('INVALID_INPUT', `parameter "${name}" must be a string or a number`);
}

const FOLLOW_FLAGS = new Set([
  '--follow',
  '--json',
  '--since',
  '--timeout',
  '--max-messages',
  '--interval',
  '--profile',
  '--data-dir',
  '--network',
  '--quiet',
  '-q',
  '--color',
  '--no-daemon',
  '--passphrase-file',
  '--verbose',
]);

/**
 * `message receive --follow` from a forwarded argv, or undefined when the daemon should not serve
 * it itself (no --follow, flags it does not implement such as --download-dir or --read-receipts,
 * or a value that does not parse: the command then runs as usual and reports it).
 */
export function followRequest(argv: readonly string[], env: NodeJS.ProcessEnv): FollowRequest | undefined {
  if (argv[0] !== 'message' || argv[1] !== 'receive' || !hasFlag(argv, 'follow')) return undefined;
  for (const a of argv.slice(2)) {
    if (a === '--') return undefined;
    if (a.startsWith('-') && !FOLLOW_FLAGS.has(a.split('=')[0]!)) return undefined;
  }
  try {
    const since = flagValue(argv, 'since');
    const timeout = flagValue(argv, 'timeout');
    const max = flagValue(argv, 'max-messages');
    return {
      json: jsonWanted(argv, env, loadConfigSafely(env).config),
      since:
        since === undefined
          ? undefined
          : parseIntegerFlag('since', since, { min: 0, max: Number.MAX_SAFE_INTEGER }),
      timeoutMs:
        timeout === undefined
          ? undefined
          : parseDurationFlag('timeout', timeout, { min: 1, max: 30 * 86400 }) * 1000,
      maxMessages:
        max === undefined
          ? undefined
          : parseIntegerFlag('max-messages', max, { min: 1, max: Number.MAX_SAFE_INTEGER }),
    };
  } catch {
    return undefined;
  }
}

/** The data dir, profile and network a command line would use (flag > env > config file > default). */
export function forwardTarget(argv: readonly string[], env: NodeJS.ProcessEnv): ClientKey {
  const file = loadConfigSafely(env).config;
  return {
    dataDir: stringSetting('data-dir', argv, env, file).value ?? defaultDataDir(env),
    profile: stringSetting('profile', argv, env, file).value,
    network: stringSetting('network', argv, env, file).value,
  };
}

/** The CLI as the daemon's CommandHost. */
export async function loadCommandHost(root: string, bundled?: BundledCommands): Promise<CommandHost> {
  const runner = await CommandRunner.load(root, bundled);
  const info = (c: Command.Loadable): CommandInfo => c;
  return {
    version: runner.config.version,
    commands: () => runner.commands().map(info),
    find: (id) => {
      const c = runner.find(id);
      return c === undefined ? undefined : info(c);
    },
    run: (argv, io) => runner.run(argv, io),
    methodArgv: (id, params) => {
      const c = runner.find(id);
      if (c === undefined) throw new SessionError('UNKNOWN_COMMAND', 'unknown command');
      return methodArgv(c, params);
    },
    target: forwardTarget,
    followRequest,
  };
}
