import { AsyncLocalStorage } from 'node:async_hooks';
import { format } from 'node:util';
import type { SessionClient } from '../client.js';

/**
 * What a command run inside the daemon sees instead of the daemon's own process: the caller's
 * stdout/stderr/stdin, environment, and the daemon's already-open clients. The daemon runs many
 * commands at once in one process, so these are per async context (AsyncLocalStorage), never
 * swapped globally.
 */
export interface RequestContext {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  env: NodeJS.ProcessEnv;
  /** The daemon's open client for these flags, or undefined to open one the usual way. */
  clientFor?: (flags: ClientKey) => Promise<SessionClient | undefined>;
  /** Aborted when the caller pressed Ctrl-C (cli.interrupt): the command's own interrupt. */
  interrupt?: AbortSignal;
}

/** What identifies a profile's client: the same global flags clientFromFlags reads. */
export interface ClientKey {
  dataDir: string;
  profile: string | undefined;
  network: string | undefined;
}

// One instance per process even when the bundled CLI and the unbundled modules are both loaded
// (scripts/bundle.mjs gives each chunk its own copy of a module): keyed on a global symbol.
const KEY = Symbol.for('session-cli.daemon.request-context');

export function requestStorage(): AsyncLocalStorage<RequestContext> {
  const g = globalThis as { [KEY]?: AsyncLocalStorage<RequestContext> };
  return (g[KEY] ??= new AsyncLocalStorage<RequestContext>());
}

/** The context of the daemon request running now, if any (undefined in a plain CLI process). */
export function currentRequest(): RequestContext | undefined {
  const g = globalThis as { [KEY]?: AsyncLocalStorage<RequestContext> };
  return g[KEY]?.getStore();
}

const INSTALLED = Symbol.for('session-cli.daemon.process-routed');

/**
 * Routes process.stdout/stderr/stdin/env to the current request's (daemon only; idempotent).
 * Outside a request they are the daemon's own. process.exitCode cannot be routed (it is not
 * configurable): the runner reads and restores it around each command.
 */
export function routeProcessStreams(): void {
  const g = globalThis as { [INSTALLED]?: boolean };
  if (g[INSTALLED]) return;
  g[INSTALLED] = true;
  const storage = requestStorage();
  for (const name of ['stdout', 'stderr', 'stdin'] as const) {
    const original = process[name];
    Object.defineProperty(process, name, {
      configurable: true,
      enumerable: true,
      get: () => storage.getStore()?.[name] ?? original,
    });
  }
  // console keeps the stream it first wrote to (oclif's this.log is console.log): the first
  // request's, for every later one. Inside a request it writes to that request's streams.
  for (const [method, stream] of [
    ['log', 'stdout'],
    ['info', 'stdout'],
    ['debug', 'stdout'],
    ['warn', 'stderr'],
    ['error', 'stderr'],
  ] as const) {
    const own = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      const ctx = storage.getStore();
      if (ctx === undefined) own(...args);
      else ctx[stream].write(`${format(...args)}\n`);
    };
  }
  const realEnv = process.env;
  process.env = new Proxy(realEnv, {
    get: (t, k): unknown => Reflect.get(storage.getStore()?.env ?? t, k),
    set: (t, k, v) => Reflect.set(storage.getStore()?.env ?? t, k, v),
    has: (t, k) => Reflect.has(storage.getStore()?.env ?? t, k),
    deleteProperty: (t, k) => Reflect.deleteProperty(storage.getStore()?.env ?? t, k),
    ownKeys: (t) => Reflect.ownKeys(storage.getStore()?.env ?? t),
    getOwnPropertyDescriptor: (t, k) => {
      const env = storage.getStore()?.env;
      if (env === undefined) return Reflect.getOwnPropertyDescriptor(t, k);
      const d = Reflect.getOwnPropertyDescriptor(env, k);
      // A proxy may only report a property as non-configurable if the target has it so.
      return d === undefined ? undefined : { ...d, configurable: true };
    },
  });
}
