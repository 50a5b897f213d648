import { Command, Flags, type Interfaces } from '@oclif/core';
import { SessionError, exitCodeFor } from '../errors.js';

export type CommandFlags<T extends typeof Command> = Interfaces.InferredFlags<
  (typeof BaseCommand)['baseFlags'] & T['flags']
>;
export type CommandArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>;

/** The `--json` failure document (docs/architecture.md §4). */
export interface ErrorJson {
  ok: false;
  error: {
    code: string;
    message: string;
    hint?: string;
    exitCode: number;
    details?: Record<string, unknown>;
  };
}

/** The `--json` success document. */
export interface SuccessJson<R> {
  ok: true;
  result: R;
  warnings: string[];
}

/**
 * What every command shares: the global flags, the `--json` envelope and the single place where
 * errors become exit codes. Commands stay thin: parse -> one library call -> render.
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
  };

  protected flags!: CommandFlags<T>;
  protected args!: CommandArgs<T>;
  /** Non-fatal notes; printed to stderr, and returned under `warnings` with `--json`. */
  protected warnings: string[] = [];

  override async init(): Promise<void> {
    await super.init();
    const { args, flags } = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (super.ctor as typeof BaseCommand).baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      args: this.ctor.args,
      strict: this.ctor.strict,
    });
    this.flags = flags as CommandFlags<T>;
    this.args = args as CommandArgs<T>;
  }

  /** Adds a warning: shown on stderr now in human mode, collected into the JSON envelope otherwise. */
  protected note(message: string): void {
    this.warnings.push(message);
    if (!this.jsonEnabled()) process.stderr.write(`Warning: ${message}\n`);
  }

  /** Verbose diagnostics on stderr (never secrets). */
  protected debugLog(message: string): void {
    if (this.flags?.verbose) process.stderr.write(`[session] ${message}\n`);
  }

  protected override toSuccessJson(result: unknown): SuccessJson<unknown> {
    return { ok: true, result, warnings: this.warnings };
  }

  protected override toErrorJson(err: unknown): ErrorJson {
    const e = toSessionError(err);
    return {
      ok: false,
      error: {
        code: e.code,
        message: e.message,
        ...(e.hint === undefined ? {} : { hint: e.hint }),
        exitCode: exitCodeFor(e.code),
        ...(e.details === undefined ? {} : { details: e.details }),
      },
    };
  }

  protected override logJson(json: unknown): void {
    // One compact-or-pretty JSON document on stdout; never colourised (it is for programs).
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  }

  // eslint-disable-next-line @typescript-eslint/require-await -- oclif awaits catch(); nothing to await here
  override async catch(err: Error & { exitCode?: number }): Promise<never> {
    const e = toSessionError(err);
    const exitCode = exitCodeFor(e.code);
    if (this.jsonEnabled()) {
      this.logJson(this.toErrorJson(e));
    } else {
      process.stderr.write(`Error [${e.code}]: ${e.message}\n`);
      if (e.hint) process.stderr.write(`Hint: ${e.hint}\n`);
      if (e.code === 'INTERNAL') {
        if (err.stack && this.flags?.verbose) process.stderr.write(`${err.stack}\n`);
        process.stderr.write(
          'This is a bug in session-cli; please report it with the command you ran (without secrets).\n',
        );
      }
    }
    return this.exit(exitCode);
  }
}

/** Turns anything thrown into a SessionError with a stable code. */
export function toSessionError(err: unknown): SessionError {
  if (err instanceof SessionError) return err;
  const e = err as { oclif?: { exit?: number }; message?: string; code?: string } | undefined;
  // oclif's own parse errors (missing argument, unknown flag, bad option) are usage errors.
  if (
    e &&
    typeof e === 'object' &&
    e.oclif &&
    (e.oclif.exit === 2 || /flag|argument|Expected/i.test(e.message ?? ''))
  ) {
    return new SessionError('INVALID_INPUT', firstLine(e.message ?? 'invalid usage'), {
      hint: 'see --help for usage',
    });
  }
  if (e && typeof e === 'object' && (e as Error).name === 'AbortError') {
    return new SessionError('INTERRUPTED', 'interrupted');
  }
  return new SessionError('INTERNAL', firstLine(e?.message ?? String(err)), { cause: err });
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim() ?? text
  );
}
