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
  const { isatty } = await import('node:tty');
  return forwardToDaemon(argv, {
    env: process.env,
    dataDir: stringSetting('data-dir', argv, process.env, file.config).value ?? defaultDataDir(),
    cwd: process.cwd(),
    // process.stdin is made only when it is read: creating it loads stream modules ~1 ms
    stdin: () => process.stdin,
    stdinIsTTY: isatty(0),
    stdout: process.stdout,
    stderr: process.stderr,
  });
}
