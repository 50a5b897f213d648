import type sodiumType from 'libsodium-wrappers-sumo';

export type Sodium = typeof sodiumType;

/**
 * Loads libsodium (sumo build: Session needs the Ed25519 scalar operations) on first use.
 * Loading is lazy so that commands which never touch crypto (`--version`, `--help`) stay fast.
 * libsodium keeps its own single WebAssembly instance; we only await its readiness.
 */
export async function loadSodium(): Promise<Sodium> {
  const mod = await import('libsodium-wrappers-sumo');
  const sodium = mod.default;
  await sodium.ready;
  return sodium;
}
