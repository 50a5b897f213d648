#!/usr/bin/env node
// Production entry: oclif reads oclif.manifest.json, so only the command that runs is imported.
// src/cli/main.ts (not oclif's `execute`) owns the command lookup and the failure rendering, so
// an unknown command or a bad flag gets the same JSON envelope and exit codes as any other error.
//
// CommonJS (bin/package.json), unlike the rest of the package: an ES module entry starts Node's
// ES module loader first, ~5 ms of every process, which the commands that run from the CommonJS
// bundle (almost all) and the daemon forwarder never need. The ES module bundle is still loaded
// with import() where it is used (`--version`, `chat`).
'use strict';
const { statSync } = require('node:fs');
const { join } = require('node:path');

// Node 22.1+ keeps compiled code on disk between runs. Node 20 has no such cache, and there
// node:module is not even loaded (it brings the ES module loader: ~1 ms of a forwarded command).
if (Number(process.versions.node.split('.')[0]) >= 22) require('node:module').enableCompileCache?.();

// WebAssembly (libsodium, undici's HTTP parser) starts in V8's baseline tier and recompiles hot
// functions in the background; a process that is done must wait for those jobs before it can
// exit, which made a cold `message send` ~100 ms slower. A larger budget delays recompilation
// until code is really hot (Argon2 still gets it); commands that keep running (the daemon, a
// devnet, --follow: bin/entry-choice.js isLongRunning) do not set it. The flag
// exists in the V8 of Node 20 (11.3) through 24 (13.6); an unknown flag would print an error,
// hence the version check. Set before the CLI loads (no WebAssembly runs before it), not at the
// start: the daemon forwarder runs none, and node:v8 costs it ~1 ms.
function tuneWebAssembly() {
  if (Number(process.versions.v8.split('.')[0]) <= 13)
    require('node:v8').setFlagsFromString('--wasm-tiering-budget=100000000');
}

// The bundled build (scripts/bundle.mjs: a few files instead of hundreds) when it is at least as
// new as tsc's output; a bundle older than dist/src would run stale code after a plain `tsc`, so
// then (or with SESSION_NO_BUNDLE=1) the unbundled modules run instead. Which bundle:
// bin/entry-choice.js.
const dist = join(__dirname, '..', 'dist');
const bundle = join(dist, 'bundle', 'cli.js');
const cjsBundle = join(dist, 'bundle', 'cli.cjs');
const forwardBundle = join(dist, 'bundle', 'forward.cjs');
const unbundled = join(dist, 'src', 'cli', 'main.js');
// URLs for import() and for main() to find package.json from (as an ES module entry's
// import.meta.url); node:url is loaded only then: a command the daemon runs needs none.
const fileUrl = (path) => require('node:url').pathToFileURL(path).href;

let unbundledMtime;
function isFresh(path) {
  if (process.env.SESSION_NO_BUNDLE === '1') return false;
  try {
    unbundledMtime ??= statSync(unbundled).mtimeMs;
    return statSync(path).mtimeMs >= unbundledMtime;
  } catch {
    return false;
  }
}

async function run() {
  const argv = process.argv.slice(2);
  const { chooseEntry, isLongRunning } = require('./entry-choice.js');
  // asked only as chooseEntry needs them: a stat each (a forwarded command never asks for esm)
  const entry = chooseEntry(argv, process.env, {
    get esm() {
      return isFresh(bundle);
    },
    get cjs() {
      return isFresh(cjsBundle);
    },
    get forward() {
      return isFresh(forwardBundle);
    },
  });
  // The exit code of the daemon's run, when a daemon took the command.
  let forwarded;
  if (entry === 'forward') {
    // A plain require(): forward.cjs is 15 kB, which compiles faster than node:vm and a code
    // cache file load (~1 ms). Node 22.1+ caches its compiled code anyway (above).
    forwarded = await require(forwardBundle).forwardIfServed(argv);
  }
  if (forwarded !== undefined) {
    process.exitCode = forwarded;
    return;
  }
  // (`--version` runs no WebAssembly; a long-running command wants it optimised)
  if (argv[0] !== '--version' && argv[0] !== 'version' && !isLongRunning(argv)) tuneWebAssembly();
  if (entry === 'cjs' || entry === 'forward') {
    const { loadWithCodeCache } = require('./code-cache.js');
    const cli = loadWithCodeCache(cjsBundle, argv);
    const { main, commands } = cli.exports;
    // `chat` itself is routed to the ES module build; `help chat` and the daemon still load its
    // class, which only an ES module import (here, not inside the CommonJS bundle) can do.
    const chatModule = isFresh(bundle)
      ? async () => (await import(fileUrl(bundle))).commands.chat()
      : () => import(fileUrl(join(dist, 'commands', 'chat.js')));
    await main(argv, fileUrl(__filename), {
      commands: { ...commands, chat: chatModule },
      daemonAsked: entry === 'forward',
      onCommand: cli.ranAs,
    });
  } else {
    const { main, commands } = await import(fileUrl(entry === 'esm' ? bundle : unbundled));
    await main(argv, fileUrl(__filename), { commands });
  }
}

// What main() does not handle is a bug: reported as an ES module entry's top-level await would
// (the stack on stderr, exit 1).
run().catch((e) => {
  process.exitCode = 1;
  throw e;
});
