#!/usr/bin/env node
// Production entry: oclif reads oclif.manifest.json, so only the command that runs is imported.
// src/cli/main.ts (not oclif's `execute`) owns the command lookup and the failure rendering, so
// an unknown command or a bad flag gets the same JSON envelope and exit codes as any other error.
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import module from 'node:module';
import v8 from 'node:v8';

// Node 22.1+ keeps compiled code on disk between runs; Node 20 has no such cache (skipped).
module.enableCompileCache?.();

// WebAssembly (libsodium, undici's HTTP parser) starts in V8's baseline tier and recompiles hot
// functions in the background; a process that is done must wait for those jobs before it can
// exit, which made a cold `message send` ~100 ms slower. A larger budget delays recompilation
// until code is really hot (Argon2, a long-running devnet or --follow still get it). The flag
// exists in the V8 of Node 20 (11.3) through 24 (13.6); an unknown flag would print an error,
// hence the version check.
if (Number(process.versions.v8.split('.')[0]) <= 13) v8.setFlagsFromString('--wasm-tiering-budget=100000000');

// The bundled build (scripts/bundle.mjs: a few files instead of hundreds) when it is at least as
// new as tsc's output; a bundle older than dist/src would run stale code after a plain `tsc`, so
// then (or with SESSION_NO_BUNDLE=1) the unbundled modules run instead. Which bundle:
// bin/entry-choice.js.
const bundle = new URL('../dist/bundle/cli.js', import.meta.url);
const cjsBundle = new URL('../dist/bundle/cli.cjs', import.meta.url);
const forwardBundle = new URL('../dist/bundle/forward.cjs', import.meta.url);
const unbundled = new URL('../dist/src/cli/main.js', import.meta.url);

function isFresh(url) {
  if (process.env.SESSION_NO_BUNDLE === '1') return false;
  try {
    return statSync(url).mtimeMs >= statSync(unbundled).mtimeMs;
  } catch {
    return false;
  }
}

const argv = process.argv.slice(2);
const { chooseEntry } = await import('./entry-choice.js');
const entry = chooseEntry(argv, process.env, {
  esm: isFresh(bundle),
  cjs: isFresh(cjsBundle),
  forward: isFresh(forwardBundle),
});
// The exit code of the daemon's run, when a daemon took the command.
let forwarded;
if (entry === 'forward') {
  const { loadWithCodeCache } = await import('./code-cache.js');
  const fwd = loadWithCodeCache(fileURLToPath(forwardBundle), ['forward']);
  fwd.ranAs('forward');
  forwarded = await fwd.exports.forwardIfServed(argv);
}
if (forwarded !== undefined) {
  process.exitCode = forwarded;
} else if (entry === 'cjs' || entry === 'forward') {
  const { loadWithCodeCache } = await import('./code-cache.js');
  const cli = loadWithCodeCache(fileURLToPath(cjsBundle), argv);
  const { main, commands } = cli.exports;
  // `chat` itself is routed to the ES module build; `help chat` and the daemon still load its
  // class, which only an ES module import (here, not inside the CommonJS bundle) can do.
  const chatModule = isFresh(bundle)
    ? async () => (await import(bundle.href)).commands.chat()
    : () => import(new URL('../dist/commands/chat.js', import.meta.url).href);
  await main(argv, import.meta.url, {
    commands: { ...commands, chat: chatModule },
    daemonAsked: entry === 'forward',
    onCommand: cli.ranAs,
  });
} else {
  const { main, commands } = await import(entry === 'esm' ? bundle.href : unbundled.href);
  await main(argv, import.meta.url, { commands });
}
