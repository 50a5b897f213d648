import { isAbsolute, join, resolve } from 'node:path';

/**
 * Where a data directory's daemon listens: one daemon per data directory (it serves several of its
 * profiles), so the socket is named after the directory. In $XDG_RUNTIME_DIR (per-user, 0700, gone
 * at logout) when there is one, else inside the data directory itself.
 */
export function defaultSocketPath(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const runtime = env.XDG_RUNTIME_DIR;
  if (runtime !== undefined && isAbsolute(runtime)) {
    const tag = fnv1a64Hex(resolve(dataDir));
    return join(runtime, 'session-cli', `daemon-${tag}.sock`);
  }
  return join(dataDir, 'daemon.sock');
}

const FNV64_OFFSET = 0xcbf29ce484222325n;
const FNV64_PRIME = 0x100000001b3n;
const U64 = (1n << 64n) - 1n;

/**
 * FNV-1a, 64 bits, of a string's UTF-8 bytes, as 16 hex digits: a socket's name, not a security
 * boundary (the runtime directory is the user's own, mode 0700, and a daemon that finds its socket
 * taken says so). SHA-256 named it before, but node:crypto takes ~4 ms to load, and every command
 * a daemon serves computes this name before anything else (src/cli/forward-entry.ts); a daemon of
 * that time is still found through the socket it publishes in daemon.json.
 */
export function fnv1a64Hex(text: string): string {
  let h = FNV64_OFFSET;
  for (const byte of new TextEncoder().encode(text)) h = ((h ^ BigInt(byte)) * FNV64_PRIME) & U64;
  return h.toString(16).padStart(16, '0');
}

/**
 * The daemon's own database: the event journal, consumer cursors and dead letters of every profile
 * it serves. A separate file (not a migration in each profile's session.db) because the journal
 * belongs to the daemon, spans profiles, and must not lengthen the write transactions that CLI
 * processes take on a profile's store.
 */
export function daemonDatabasePath(dataDir: string): string {
  return join(dataDir, 'daemon.db');
}

/** What a running daemon publishes for `daemon status` and the CLI (pid, socket, start time). */
export function daemonStatePath(dataDir: string): string {
  return join(dataDir, 'daemon.json');
}
