import { createRequire } from 'node:module';
import type * as ZstdNapi from 'zstd-napi';
import type ZstdBindingModule from 'zstd-napi/binding.js';

/**
 * zstd-napi, loaded when something is first compressed or decompressed. It is a native addon:
 * loading it (resolution and dlopen) took 2-5 ms of every process that imports config or group
 * code, and most of them (a message send, a receive with no config change) never use it.
 * require() keeps the one loaded copy. A require() of our own (not the bundler's): the addon stays
 * in node_modules, resolved from this file, bundled or not.
 */
const requireHere = createRequire(import.meta.url);

export function zstd(): typeof ZstdNapi {
  return requireHere('zstd-napi') as typeof ZstdNapi;
}

/** The frame inspection functions (frame sizes), which the package exposes only from its binding. */
export function zstdBinding(): typeof ZstdBindingModule {
  return requireHere('zstd-napi/binding.js') as typeof ZstdBindingModule;
}
