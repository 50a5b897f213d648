/**
 * The one error class of the library. `code` is part of the public contract (scripts match on it);
 * the CLI maps each code to an exit code in exactly one place (`exitCodeFor`).
 */
export const ERROR_CODES = {
  // 2: usage or invalid input
  INVALID_INPUT: 2,
  INVALID_ACCOUNT_ID: 2,
  INVALID_MNEMONIC: 2,
  INVALID_NAME: 2,
  PROFILE_EXISTS: 2,
  CONFIRMATION_REQUIRED: 2,
  TOO_LARGE: 2,
  /** The first words of argv name no command (the words are never echoed: they may be secrets). */
  UNKNOWN_COMMAND: 2,
  /** `devnet start` on a directory whose network is alive (use --reuse to attach to it). */
  DEVNET_RUNNING: 2,
  /** `session daemon` on a socket where a daemon already answers (one daemon per data directory). */
  DAEMON_RUNNING: 2,
  /** A moderation bot rules file is malformed (details: reason, rule, field). */
  INVALID_RULES: 2,
  // 3: network unreachable, no path, timeout
  NETWORK_UNREACHABLE: 3,
  PATH_FAILED: 3,
  TIMEOUT: 3,
  // 4: the remote rejected the request
  REMOTE_REJECTED: 4,
  /** A community server refused for lack of permission (403: banned, no write, not a moderator). */
  PERMISSION_DENIED: 4,
  WRONG_SWARM: 4,
  /** A node or server answered something that is not a valid reply (it is struck, not trusted). */
  BAD_REPLY: 4,
  /** No ONS/SNS record for this name (the network answered; the name is not registered). */
  NAME_NOT_FOUND: 4,
  /** The nodes asked about a name did not give the same Account ID: nothing is trusted. */
  NAME_DISAGREEMENT: 4,
  /** A config message (bt-encoded, §2 of groups-and-config.md) is malformed: it is skipped. */
  BAD_CONFIG: 4,
  // 5: cryptographic failure
  DECRYPT_FAILED: 5,
  BAD_SIGNATURE: 5,
  // 6: missing local state
  NO_IDENTITY: 6,
  NOT_FOUND: 6,
  SECRET_STORE_LOCKED: 6,
  NO_NETWORK: 6,
  /** The profile's database is not a readable SQLite database (corrupt, truncated, no access). */
  STORE_CORRUPT: 6,
  /** The database was written by a newer session-cli (schema version above this build's). */
  STORE_TOO_NEW: 6,
  /** The disk (or the file system's quota) is full: SQLITE_FULL or ENOSPC. */
  DISK_FULL: 6,
  /** `daemon status` (or another daemon command) found no daemon listening on the socket. */
  DAEMON_NOT_RUNNING: 6,
  /** A native addon (better-sqlite3, zstd-napi, the keychain binding) cannot be loaded: rebuild it. */
  NATIVE_ADDON: 6,
  // 7: retry later
  RATE_LIMITED: 7,
  CLOCK_SKEW: 7,
  // 8: a store may have reached the swarm, but no member confirmed it: resend the same bytes
  // (same hash, never a second copy) or check with `message list`
  DELIVERY_UNKNOWN: 8,
  // 130: interrupted
  INTERRUPTED: 130,
  // 1: a bug
  INTERNAL: 1,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface SessionErrorOptions {
  cause?: unknown;
  /** The next step for a person, e.g. "run `session identity create`". */
  hint?: string;
  /** Machine-readable context. Never put secrets here. */
  details?: Record<string, unknown>;
}

export class SessionError extends Error {
  override readonly name = 'SessionError';
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: SessionErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
  }

  get exitCode(): number {
    return exitCodeFor(this.code);
  }
}

export function exitCodeFor(code: ErrorCode): number {
  return ERROR_CODES[code];
}

/** The first non-empty line of a message: what a one-line report of someone else's error shows. */
export function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim() ?? text
  );
}

export function isSessionError(e: unknown, code?: ErrorCode): e is SessionError {
  return e instanceof SessionError && (code === undefined || e.code === code);
}
