import { isAbsolute, join, resolve } from 'node:path';
import { sha256Hex } from '../crypto/digest.js';

/**
 * Where a data directory's daemon listens: one daemon per data directory (it serves several of its
 * profiles), so the socket is named after the directory. In $XDG_RUNTIME_DIR (per-user, 0700, gone
 * at logout) when there is one, else inside the data directory itself.
 */
export function defaultSocketPath(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const runtime = env.XDG_RUNTIME_DIR;
  if (runtime !== undefined && isAbsolute(runtime)) {
    const tag = sha256Hex(resolve(dataDir)).slice(0, 16);
    return join(runtime, 'session-cli', `daemon-${tag}.sock`);
  }
  return join(dataDir, 'daemon.sock');
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
