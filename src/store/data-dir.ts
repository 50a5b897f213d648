import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * `$XDG_DATA_HOME/session-cli`, else `~/.local/share/session-cli` (XDG base directory spec).
 * A module of its own: the daemon forwarder (src/cli/forward-entry.ts) needs it at the start of
 * every process, and profiles.ts would bring node:fs/promises (and with it node:readline).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_DATA_HOME;
  return join(xdg && xdg.startsWith('/') ? xdg : join(homedir(), '.local', 'share'), 'session-cli');
}
