// Which build of the CLI a new `session` process runs (bin/run.js). Kept apart so a test can ask it.
'use strict';
const { existsSync, readdirSync } = require('node:fs');
const { isAbsolute, join } = require('node:path');

/**
 * Could a daemon be serving this process? The same places src/daemon/paths.ts puts its socket;
 * cheap (a directory listing or a stat), and allowed to be wrong both ways: main.ts decides for
 * real. A "no" that is wrong (the data directory named only in the config file) still forwards,
 * from the CommonJS build, only slower.
 */
function daemonMayServe(argv, env) {
  if (argv.includes('--no-daemon') || /^(1|true|yes|on)$/i.test(env.SESSION_NO_DAEMON ?? '')) return false;
  const runtime = env.XDG_RUNTIME_DIR;
  try {
    if (runtime !== undefined && isAbsolute(runtime))
      return readdirSync(join(runtime, 'session-cli')).some(
        (n) => n.startsWith('daemon-') && n.endsWith('.sock'),
      );
    const i = argv.indexOf('--data-dir');
    const flag =
      i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--data-dir='))?.slice('--data-dir='.length);
    const xdg = env.XDG_DATA_HOME;
    const dataDir =
      flag ??
      env.SESSION_DATA_DIR ??
      // (node:os only then: ~0.2 ms of every command otherwise)
      join(
        xdg && xdg.startsWith('/') ? xdg : join(require('node:os').homedir(), '.local', 'share'),
        'session-cli',
      );
    return existsSync(join(dataDir, 'daemon.sock'));
  } catch {
    return false;
  }
}

/**
 * 'cjs': the CommonJS bundle with a V8 code cache (bin/code-cache.js), for a command that runs
 * here; 'forward': first dist/bundle/forward.cjs (src/cli/forward-entry.ts, no oclif), when a
 * daemon socket is there, then 'cjs' if the daemon does not take it; 'esm': the ES module bundle,
 * whose entry is small — for `--version` and for `chat` (Ink cannot be require()d); 'unbundled':
 * dist/src, when the bundles are older than it (a plain `tsc`).
 */
function chooseEntry(argv, env, fresh) {
  // (read only where needed: bin/run.js makes each a getter, one stat each)
  const esmOrNone = () => (fresh.esm ? 'esm' : 'unbundled');
  const first = argv[0];
  if (first === 'chat' || first === '--version' || first === 'version') return esmOrNone();
  if (!fresh.cjs) return esmOrNone();
  return fresh.forward && daemonMayServe(argv, env) ? 'forward' : 'cjs';
}

/**
 * Does this command keep running (a daemon, a network, a follow, a chat)? bin/run.js keeps
 * WebAssembly (libsodium's crypto) in V8's baseline tier for short commands, where waiting for
 * background recompilation at exit costs more than it saves; a process that lives for minutes
 * wants the optimised code instead: a daemon held at the baseline tier spent ~20 % more CPU per
 * send (measured: 11 ms against 9 ms).
 */
function isLongRunning(argv) {
  const [a, b] = argv;
  if (a === 'daemon') return b === undefined || b.startsWith('-');
  if (a === 'chat' || a === 'demo') return true;
  if (a === 'devnet') return b === 'start';
  if (a === 'community') return b === 'watch' || b === 'bot';
  // `message receive --follow`, `group … --follow`: the flag is the same word everywhere
  return argv.includes('--follow');
}

module.exports = { daemonMayServe, chooseEntry, isLongRunning };
