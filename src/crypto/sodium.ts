import type sodiumType from 'libsodium-wrappers-sumo';

export type Sodium = typeof sodiumType;

/** libsodium's Emscripten module: its WebAssembly asks `getRandomValue()` for every random byte. */
interface EmscriptenRandom {
  getRandomValue?: () => number;
  sessionPooledRandom?: true;
}

/** Random 32-bit words fetched from the OS at a time. */
const POOL_WORDS = 256;

/**
 * libsodium's JavaScript glue answers each random byte its WebAssembly needs with its own
 * `crypto.getRandomValues` call (32 calls for one key: ~125 µs, a third of building an onion
 * request). This gives it the same OS randomness a pool at a time; each word is zeroed once
 * handed out, so the pool never holds a value that was used.
 */
export function poolRandomSource(
  mod: EmscriptenRandom,
  fill: (words: Uint32Array) => void = (w) => crypto.getRandomValues(w),
): void {
  if (mod.sessionPooledRandom === true || typeof mod.getRandomValue !== 'function') return;
  const pool = new Uint32Array(POOL_WORDS);
  let next = POOL_WORDS;
  mod.getRandomValue = () => {
    if (next === POOL_WORDS) {
      fill(pool);
      next = 0;
    }
    const v = pool[next]!;
    pool[next++] = 0;
    return v >>> 0;
  };
  mod.sessionPooledRandom = true;
}

/**
 * The library once asked for. Every crypto call asks, and an `import()` of a module that is
 * already loaded still goes through the ES module loader's resolution each time (a tenth of a
 * millisecond or more, several times per onion hop). This holds nothing of ours: it is the same
 * single instance libsodium keeps for the process.
 */
let ready: Promise<Sodium> | undefined;

/**
 * Loads libsodium (sumo build: Session needs the Ed25519 scalar operations) on first use.
 * Loading is lazy so that commands which never touch crypto (`--version`, `--help`) stay fast.
 * libsodium keeps its own single WebAssembly instance; we only await its readiness.
 */
export function loadSodium(): Promise<Sodium> {
  ready ??= (async () => {
    const mod = await import('libsodium-wrappers-sumo');
    const sodium = mod.default;
    await sodium.ready;
    const raw = (sodium as unknown as { libsodium?: EmscriptenRandom }).libsodium;
    if (raw !== undefined) poolRandomSource(raw);
    return sodium;
  })();
  return ready;
}
