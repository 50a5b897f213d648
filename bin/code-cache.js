// Loads dist/bundle/cli.cjs with a V8 code cache, so a new process deserialises compiled code
// instead of parsing and compiling ~3 MB of JavaScript again (half the CPU of a cold `message
// send` on Node 20, which has no compile cache for ES modules).
//
// - One cache file per command (named by its id): the cache is taken when a successful run ends
//   and holds the functions that run compiled, so `message send` and `devnet start` differ.
// - The key holds the bundle's size and mtime and Node's version and architecture; V8 also
//   rejects a cache made by another V8 or with other flags (then it is written anew).
// - Every failure (no cache directory, a read-only home, a rejected cache) only means a slower
//   start: the bundle runs without a cache.
// - SESSION_CODE_CACHE=0 turns it off; SESSION_CODE_CACHE_DIR moves it (default
//   $XDG_CACHE_HOME/session-cli/code-cache, else ~/.cache/session-cli/code-cache).
'use strict';
const {
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} = require('node:fs');
const Module = require('node:module');
const { homedir } = require('node:os');
const { dirname, isAbsolute, join } = require('node:path');
const vm = require('node:vm');

/** At most this many cache files are kept (the least recently written go first). */
const MAX_FILES = 24;

function cacheDir(env) {
  if (env.SESSION_CODE_CACHE_DIR) return env.SESSION_CODE_CACHE_DIR;
  // (a relative XDG_CACHE_HOME is ignored, as the XDG spec says)
  const base =
    env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(base, 'session-cli', 'code-cache');
}

/**
 * `message send --to x` -> `message-send`; anything that is not a plain word ends the key. No
 * word at all (`session`, `session --help`, `-h`) is the root help, which `session help` runs
 * too: one cache for the three (the help's own run reports `help`).
 */
function commandKey(argv) {
  const words = [];
  for (const a of argv.slice(0, 2)) {
    if (!/^[a-z][a-z0-9-]{0,30}$/.test(a)) break;
    words.push(a);
  }
  return words.length === 0 ? 'help' : words.join('-');
}

/**
 * Runs the CommonJS bundle at `file`: `{ exports, ranAs }`. `argv` picks the cache file to read;
 * a new one is written only when the caller reports (`ranAs(id)`) that argv ran the command of
 * that very name, so a file name is always a command id, never words a user typed (a Recovery
 * Password typed as a command must not become a file name).
 */
function loadWithCodeCache(file, argv, env = process.env) {
  // ASCII by construction (scripts/bundle.mjs): latin1 skips decoding UTF-8
  const source = readFileSync(file, 'latin1');
  const wrapped = Module.wrap(source);
  let cachePath;
  let cachedData;
  let ran;
  if (env.SESSION_CODE_CACHE !== '0') {
    try {
      const st = statSync(file);
      const stamp = `${st.size}-${Math.floor(st.mtimeMs)}-${process.version}-${process.arch}`;
      cachePath = join(cacheDir(env), `${commandKey(argv)}-${stamp}.bin`);
      cachedData = readFileSync(cachePath);
    } catch {
      cachedData = undefined;
    }
  }
  const script = new vm.Script(wrapped, { filename: file, cachedData });
  const exports = {};
  const mod = { exports, filename: file, id: file };
  script.runInThisContext()(exports, Module.createRequire(file), mod, file, dirname(file));
  if (cachePath !== undefined && (cachedData === undefined || script.cachedDataRejected)) {
    // At exit the cache holds every function this run compiled, not only the top level; a run
    // that failed (a usage error, say) compiled too little of the command to be worth keeping.
    const key = commandKey(argv);
    process.once('exit', (code) => {
      if (code === 0 && ran !== undefined && ran.replaceAll(':', '-') === key) writeCache(script, cachePath);
    });
  }
  return {
    exports: mod.exports,
    /** The command (colon id) this process ran. */
    ranAs: (id) => {
      ran = id;
    },
  };
}

function writeCache(script, cachePath) {
  try {
    const dir = dirname(cachePath);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = `${cachePath}.${process.pid}.tmp`;
    writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
    renameSync(tmp, cachePath);
    const files = readdirSync(dir)
      .filter((n) => n.endsWith('.bin'))
      .map((n) => ({ path: join(dir, n), t: statSync(join(dir, n)).mtimeMs }))
      .sort((a, b) => b.t - a.t);
    for (const f of files.slice(MAX_FILES)) rmSync(f.path, { force: true });
  } catch {
    // A cache that cannot be written only costs the next start its speed.
  }
}

module.exports = { commandKey, loadWithCodeCache };
