import { Command, Config, Flags, type Interfaces } from '@oclif/core';
import { SessionError, exitCodeFor } from '../errors.js';
import { currentRequest } from '../daemon/request-context.js';
import { parseProxyUrl } from '../network/proxy.js';
import type { CliConfig, ColorMode } from './config-file.js';
import { errorJson, renderFailure, toSessionError, type ErrorJson } from './failure.js';
import { boolSetting, colorFor, colorSetting, jsonWanted, loadConfigSafely } from './settings.js';

export { toSessionError, type ErrorJson } from './failure.js';

export type CommandFlags<T extends typeof Command> = Interfaces.InferredFlags<
  (typeof BaseCommand)['baseFlags'] & T['flags']
>;
export type CommandArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>;

/** The `--json` success document. */
export interface SuccessJson<R> {
  ok: true;
  result: R;
  warnings: string[];
}

/**
 * What every command shares: the global flags, the `--json` envelope, Ctrl-C, and the single
 * place where errors become exit codes. Commands stay thin: parse -> one library call -> render.
 */
export abstract class BaseCommand<T extends typeof Command> extends Command {
  static override enableJsonFlag = true;

  static override baseFlags = {
    profile: Flags.string({
      description: 'Identity (profile) to use; defaults to the one chosen with `identity use`.',
      env: 'SESSION_PROFILE',
      helpGroup: 'GLOBAL',
    }),
    'data-dir': Flags.string({
      description:
        'Directory for profiles, keystores and local databases (default: $XDG_DATA_HOME/session-cli).',
      env: 'SESSION_DATA_DIR',
      helpGroup: 'GLOBAL',
    }),
    network: Flags.string({
      description: '`mainnet` (default) or the path of a local network descriptor (devnet.json).',
      env: 'SESSION_NETWORK',
      helpGroup: 'GLOBAL',
    }),
    verbose: Flags.boolean({
      description: 'Log progress and diagnostics to stderr.',
      env: 'SESSION_VERBOSE',
      helpGroup: 'GLOBAL',
      default: false,
    }),
    quiet: Flags.boolean({
      char: 'q',
      description: 'Suppress non-essential stderr output (warnings, progress); errors are still shown.',
      env: 'SESSION_QUIET',
      helpGroup: 'GLOBAL',
      default: false,
    }),
    color: Flags.string({
      description: 'Colour on stdout/stderr: auto (only on a terminal; NO_COLOR disables), always, never.',
      options: ['auto', 'always', 'never'],
      helpGroup: 'GLOBAL',
    }),
    // Read by src/cli/main.ts before oclif loads (the command then runs here, not in the daemon).
    'no-daemon': Flags.boolean({
      description: "Run here even when the data directory's daemon serves this profile.",
      env: 'SESSION_NO_DAEMON',
      helpGroup: 'GLOBAL',
      default: false,
    }),
    proxy: Flags.string({
      description:
        'Every connection through a proxy: socks5://HOST:PORT, socks5h://HOST:PORT (DNS through the proxy) or http://HOST:PORT.',
      env: 'SESSION_PROXY',
      helpGroup: 'GLOBAL',
    }),
  };

  /**
   * oclif's Command.run turns the loaded Config it is handed into a new one (plugins and command
   * ids loaded again: ~1 ms for every command, the daemon's included). main.ts and the daemon
   * always hand it a loaded Config: that one is used as it is. Anything else goes oclif's way.
   */
  static override async run<T extends Command>(
    this: new (argv: string[], config: Config) => T,
    argv?: string[],
    opts?: Interfaces.LoadOptions,
  ): Promise<ReturnType<T['run']>> {
    if (!(opts instanceof Config)) return (Command.run as typeof Command.run<T>).call(this, argv, opts);
    const cmd = new this(argv ?? process.argv.slice(2), opts);
    return (cmd as unknown as { _run(): Promise<ReturnType<T['run']>> })._run();
  }

  /** How long a command that ignores `this.signal` gets after Ctrl-C before the process exits 130. */
  protected static interruptGraceMs = 300;

  protected flags!: CommandFlags<T>;
  protected args!: CommandArgs<T>;
  /** Non-fatal notes; printed to stderr, and returned under `warnings` with `--json`. */
  protected warnings: string[] = [];

  private readonly interrupt = new AbortController();
  private fileConfig: { config: CliConfig; error?: SessionError } | undefined;
  private failureShown = false;
  private graceTimer: NodeJS.Timeout | undefined;
  private readonly onSigint = (): void => this.interrupted();
  private detachInterrupt: (() => void) | undefined;

  /**
   * Aborted on Ctrl-C (SIGINT). Pass it to every network call and long wait; a command that does
   * not listen still exits 130 after a short grace period.
   */
  protected get signal(): AbortSignal {
    return this.interrupt.signal;
  }

  /** The config file (read once per process, on first use; errors reported by init()). */
  protected get cliConfig(): CliConfig {
    this.fileConfig ??= loadConfigSafely();
    return this.fileConfig.config;
  }

  override async init(): Promise<void> {
    const request = currentRequest();
    if (request?.interrupt !== undefined) {
      // Run by the daemon for a CLI: the caller's Ctrl-C (cli.interrupt) is this command's, not
      // the daemon's own SIGINT; the command unwinds through this.signal, the daemon never exits.
      const from = request.interrupt;
      const onAbort = (): void => this.interrupt.abort(new SessionError('INTERRUPTED', 'interrupted'));
      if (from.aborted) onAbort();
      else from.addEventListener('abort', onAbort, { once: true });
      this.detachInterrupt = () => from.removeEventListener('abort', onAbort);
    } else process.on('SIGINT', this.onSigint);
    await super.init();
    const cfgError = (this.fileConfig ??= loadConfigSafely()).error;
    if (cfgError) throw cfgError;
    const { args, flags } = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (super.ctor as typeof BaseCommand).baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      args: this.ctor.args,
      strict: this.ctor.strict,
    });
    // Precedence: flag > environment (both resolved by oclif) > config file > default.
    const f = flags as Record<string, unknown>;
    const file = this.cliConfig;
    f.profile ??= file.profile;
    f['data-dir'] ??= file['data-dir'];
    f.network ??= file.network;
    f.verbose = boolSetting('verbose', this.argv, process.env, file).value;
    f.quiet = boolSetting('quiet', this.argv, process.env, file).value;
    f.color = colorSetting(this.argv, process.env, file).value;
    f.proxy ??= file.proxy;
    if (typeof f.proxy === 'string' && f.proxy !== '') {
      parseProxyUrl(f.proxy); // a bad proxy is a usage error now, not a network failure later
      // Every transport this command builds (client, file traffic, doctor) and every process it
      // starts reads SESSION_PROXY, so the effective setting goes there: nothing connects directly.
      // Not inside the daemon: it runs many commands in one process (its own proxy applies there).
      if (!currentRequest()) process.env.SESSION_PROXY = f.proxy;
    }
    this.flags = flags as CommandFlags<T>;
    this.args = args as CommandArgs<T>;
    this.debugLog(`${this.id ?? 'command'} started (pid ${process.pid}; Ctrl-C exits 130)`);
  }

  /** `--json` anywhere before `--`, else SESSION_JSON, else `json` in the config file. */
  override jsonEnabled(): boolean {
    if (!this.ctor?.enableJsonFlag) return false;
    return super.jsonEnabled() || jsonWanted(this.argv ?? [], process.env, this.cliConfig);
  }

  /** Whether output to `stream` may carry ANSI colour (--color, NO_COLOR, config, terminal). */
  protected colorEnabled(stream: { isTTY?: boolean } = process.stdout): boolean {
    let mode: ColorMode = 'auto';
    try {
      mode = colorSetting(this.argv ?? [], process.env, this.cliConfig).value;
    } catch {
      // an invalid colour setting was reported by init(); render plainly meanwhile
    }
    return colorFor(mode, stream);
  }

  protected get quiet(): boolean {
    return (this.flags as { quiet?: boolean } | undefined)?.quiet === true;
  }

  /** Adds a warning: shown on stderr now in human mode (unless --quiet), collected into the JSON envelope. */
  protected note(message: string): void {
    this.warnings.push(message);
    if (!this.jsonEnabled() && !this.quiet) process.stderr.write(`Warning: ${message}\n`);
  }

  /**
   * A non-essential stderr line of a streaming command (a warning while following, "Saved …",
   * "Interrupted."): not shown with --quiet. Errors go through the failure renderer instead.
   */
  protected say(line: string): void {
    if (!this.quiet) process.stderr.write(`${line}\n`);
  }

  /** Verbose diagnostics on stderr (never secrets). */
  protected debugLog(message: string): void {
    if (this.flags?.verbose) process.stderr.write(`[session] ${message}\n`);
  }

  protected override toSuccessJson(result: unknown): SuccessJson<unknown> {
    return { ok: true, result, warnings: this.warnings };
  }

  protected override toErrorJson(err: unknown): ErrorJson {
    return errorJson(this.sessionError(err));
  }

  protected override logJson(json: unknown): void {
    // One compact-or-pretty JSON document on stdout; never colourised (it is for programs).
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  }

  private sessionError(err: unknown): SessionError {
    if (this.interrupt.signal.aborted) return new SessionError('INTERRUPTED', 'interrupted');
    const ctor = this.ctor as typeof BaseCommand | undefined;
    const flagNames = Object.keys({ ...ctor?.baseFlags, ...ctor?.flags, json: true });
    return toSessionError(err, { flagNames });
  }

  /**
   * Ctrl-C: abort `this.signal`; a command that installed its own SIGINT handler (`message receive
   * --follow` stops cleanly) is left to finish; any other gets a grace period, then exits 130.
   */
  private interrupted(): void {
    const first = !this.interrupt.signal.aborted;
    this.interrupt.abort(new SessionError('INTERRUPTED', 'interrupted'));
    if (first && process.listenerCount('SIGINT') > 1) return;
    const finish = (): void => {
      if (!this.failureShown) {
        this.failureShown = true;
        renderFailure(new SessionError('INTERRUPTED', 'interrupted'), { json: this.jsonEnabled() });
      }
      process.exit(exitCodeFor('INTERRUPTED'));
    };
    if (!first) finish();
    else this.graceTimer = setTimeout(finish, (this.ctor as typeof BaseCommand).interruptGraceMs);
  }

  override async finally(err: Error | undefined): Promise<unknown> {
    process.off('SIGINT', this.onSigint);
    this.detachInterrupt?.();
    // The command ended (after Ctrl-C, through its own abort handling): no forced exit needed.
    clearTimeout(this.graceTimer);
    return super.finally(err);
  }

  // eslint-disable-next-line @typescript-eslint/require-await -- oclif awaits catch(); nothing to await here
  override async catch(err: Error & { exitCode?: number }): Promise<never> {
    const e = this.sessionError(err);
    if (!this.failureShown) {
      this.failureShown = true;
      renderFailure(e, { json: this.jsonEnabled(), verbose: this.flags?.verbose, stack: err.stack });
    }
    return this.exit(exitCodeFor(e.code));
  }
}
