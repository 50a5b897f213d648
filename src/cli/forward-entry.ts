import { fstatSync, statSync } from 'node:fs';
import { hasFlag, loadConfigSafely, stringSetting } from './settings.js';

/**
 * The daemon half of a `session` process: a command a running daemon serves runs there (its network
 * is warm) and this returns its exit code; undefined when it must run here (no daemon, declined,
 * --no-daemon / SESSION_NO_DAEMON, a config file in error, a command that never forwards). No oclif:
 * bin/run.js loads this alone (dist/bundle/forward.cjs) when a daemon socket is there, and main()
 * calls it otherwise.
 */
export async function forwardIfServed(
  argv: readonly string[],
  file: ReturnType<typeof loadConfigSafely> = loadConfigSafely(),
): Promise<number | undefined> {
  if (
    hasFlag(argv, 'no-daemon') ||
    /^(1|true|yes|on)$/i.test(process.env.SESSION_NO_DAEMON ?? '') ||
    file.error
  )
    return undefined;
  const { forwardToDaemon, forwardedCommand } = await import('../daemon/forward.js');
  if (forwardedCommand(argv) === undefined) return undefined;
  const { defaultDataDir } = await import('../store/data-dir.js');
  const stdoutIsTTY = await isTerminal(1);
  return forwardToDaemon(argv, {
    env: process.env,
    dataDir: stringSetting('data-dir', argv, process.env, file.config).value ?? defaultDataDir(),
    cwd: process.cwd(),
    // process.stdin, stdout and stderr are made only when used: each costs ~0.5 ms to create
    stdin: () => process.stdin,
    stdinIsTTY: await isTerminal(0),
    stdout: () => process.stdout,
    stderr: () => process.stderr,
    stdoutIsTTY,
    stderrIsTTY: await isTerminal(2),
    columns: stdoutIsTTY ? process.stdout.columns : undefined,
  });
}

/** What isTerminal asks; injectable for tests. */
export interface TerminalProbe {
  fstat(fd: number): { isCharacterDevice(): boolean; rdev: number };
  devNull(): { rdev: number };
  isatty(fd: number): Promise<boolean>;
}

const realProbe: TerminalProbe = {
  fstat: fstatSync,
  devNull: () => statSync('/dev/null'),
  isatty: async (fd) => (await import('node:tty')).isatty(fd),
};

/**
 * isatty(fd), without creating its stream or loading node:tty when the descriptor plainly is no
 * terminal: a pipe, a file or a socket (scripts), none at all, or /dev/null (cron, CI, systemd
 * services). Only another character device is asked about.
 */
export async function isTerminal(fd: number, probe: TerminalProbe = realProbe): Promise<boolean> {
  let st;
  try {
    st = probe.fstat(fd);
  } catch {
    return false; // closed: no terminal
  }
  if (!st.isCharacterDevice()) return false;
  try {
    if (st.rdev === probe.devNull().rdev) return false;
  } catch {
    // no /dev/null (a chroot): ask the terminal driver
  }
  return probe.isatty(fd);
}
