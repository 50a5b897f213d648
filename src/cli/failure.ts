import { SessionError, exitCodeFor, firstLine } from '../errors.js';
import { nativeAddonFailure } from '../native-addon.js';
import { closest } from './suggest.js';

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

/** What the caller knows about the command line, to name flags and suggest the right one. */
export interface FailureContext {
  /** Flag names (without dashes) the command accepts. */
  flagNames?: readonly string[];
}

const FLAG_RE = /^--?[A-Za-z][A-Za-z0-9-]{0,39}$/;

/** A typed flag name (the part before `=`), or undefined when it does not look like one. */
function flagName(token: string): string | undefined {
  const name = token.split('=')[0] ?? '';
  return FLAG_RE.test(name) ? name : undefined;
}

/** Known flag names mentioned in an oclif message (never its values, which may be secrets). */
function mentionedFlags(message: string, known: readonly string[] | undefined): string[] {
  const out = new Set<string>();
  for (const m of message.matchAll(/--([a-z][a-z0-9-]*)/g)) {
    if (known === undefined || known.includes(m[1]!)) out.add(`--${m[1]!}`);
  }
  return [...out];
}

const USAGE_HINT = 'see --help for usage';

/**
 * oclif's parser errors, rebuilt from their structured fields. oclif's own messages repeat argv
 * (unexpected arguments, option values), and a Recovery Password typed as arguments must never be
 * printed back, so none of their text is passed through.
 */
function parseError(err: Error & Record<string, unknown>, ctx: FailureContext): SessionError | undefined {
  const kind = err.constructor?.name;
  switch (kind) {
    case 'RequiredArgsError': {
      const names = ((err.args as { name?: string }[] | undefined) ?? []).map((a) => a.name ?? 'arg');
      return new SessionError(
        'INVALID_INPUT',
        `missing required argument${names.length === 1 ? '' : 's'}: ${names.join(', ')}`,
        { hint: USAGE_HINT },
      );
    }
    case 'UnexpectedArgsError': {
      const n = (err.args as unknown[] | undefined)?.length ?? 0;
      return new SessionError(
        'INVALID_INPUT',
        `unexpected argument${n === 1 ? '' : 's'} (${n} given; not shown, they may be secret)`,
        {
          hint: 'this command takes no such arguments; secrets like a Recovery Password are read from stdin, a file or a prompt. See --help',
        },
      );
    }
    case 'NonExistentFlagsError': {
      const typed = ((err.flags as string[] | undefined) ?? []).map((f) => flagName(f));
      const shown = typed.filter((f): f is string => f !== undefined);
      const first = shown[0];
      const suggestion =
        first === undefined || ctx.flagNames === undefined
          ? undefined
          : closest(
              first.replace(/^-+/, ''),
              ctx.flagNames.filter((f) => f.length > 1),
            );
      return new SessionError(
        'INVALID_INPUT',
        shown.length === typed.length && shown.length > 0
          ? `unknown flag${shown.length === 1 ? '' : 's'}: ${shown.join(', ')}`
          : 'unknown flag',
        {
          hint: suggestion === undefined ? USAGE_HINT : `did you mean --${suggestion}? (${USAGE_HINT})`,
          ...(suggestion === undefined ? {} : { details: { suggestion: `--${suggestion}` } }),
        },
      );
    }
    case 'FlagInvalidOptionError':
    case 'FailedFlagValidationError':
    case 'ViolatedFlagConstraintError': {
      const missing = [...err.message.matchAll(/Missing required flag ([a-z][a-z0-9-]*)/g)].map(
        (m) => `--${m[1]!}`,
      );
      if (missing.length > 0) {
        return new SessionError(
          'INVALID_INPUT',
          `missing required flag${missing.length === 1 ? '' : 's'}: ${missing.join(', ')}`,
          { hint: USAGE_HINT },
        );
      }
      const flags = mentionedFlags(err.message, ctx.flagNames);
      return new SessionError(
        'INVALID_INPUT',
        flags.length > 0 ? `invalid value for ${flags.join(', ')}` : 'invalid flag value',
        { hint: USAGE_HINT },
      );
    }
    case 'ArgInvalidOptionError':
      return new SessionError('INVALID_INPUT', 'invalid argument value', { hint: USAGE_HINT });
    default:
      return undefined;
  }
}

const SQLITE_CORRUPT = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB']);

/** Turns anything thrown into a SessionError with a stable code. */
export function toSessionError(err: unknown, ctx: FailureContext = {}): SessionError {
  if (err instanceof SessionError) return err;
  const e = err as (Error & { oclif?: { exit?: number }; code?: unknown }) | undefined;
  if (e && typeof e === 'object') {
    if (e.oclif) {
      const parsed = parseError(e as Error & Record<string, unknown>, ctx);
      if (parsed) return parsed;
      // Other oclif usage errors ("Flag --x expects a value"): keep only the flag names.
      if (e.oclif.exit === 2 || /flag|argument|Expected/i.test(e.message ?? '')) {
        const flags = mentionedFlags(e.message ?? '', ctx.flagNames);
        return new SessionError(
          'INVALID_INPUT',
          flags.length > 0 ? `invalid value or use of ${flags.join(', ')}` : 'invalid usage',
          { hint: USAGE_HINT },
        );
      }
    }
    if (e.name === 'AbortError') return new SessionError('INTERRUPTED', 'interrupted');
    const code = typeof e.code === 'string' ? e.code : '';
    if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') {
      return new SessionError('DISK_FULL', 'the disk is full', {
        cause: err,
        hint: 'free some space and retry; nothing was half-written (SQLite rolls the transaction back)',
      });
    }
    if (SQLITE_CORRUPT.has(code)) {
      return new SessionError('STORE_CORRUPT', 'the local database is corrupt', {
        cause: err,
        hint: 'restore the profile directory from a backup, or delete and restore the identity',
      });
    }
  }
  return (
    nativeAddonFailure(err) ??
    new SessionError('INTERNAL', firstLine(e?.message ?? String(err)), { cause: err })
  );
}

export function errorJson(e: SessionError): ErrorJson {
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

/** Prints a failure (envelope on stdout with JSON, two short lines on stderr otherwise). */
export function renderFailure(
  e: SessionError,
  opts: { json: boolean; verbose?: boolean | undefined; stack?: string | undefined },
): number {
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(errorJson(e), null, 2)}\n`);
  } else {
    process.stderr.write(`Error [${e.code}]: ${e.message}\n`);
    if (e.hint) process.stderr.write(`Hint: ${e.hint}\n`);
    if (e.code === 'INTERNAL') {
      if (opts.stack && opts.verbose) process.stderr.write(`${opts.stack}\n`);
      process.stderr.write(
        'This is a bug in session-cli; please report it with the command you ran (without secrets).\n',
      );
    }
  }
  return exitCodeFor(e.code);
}
