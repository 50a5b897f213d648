import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (test/helpers/ is two levels down). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The shared spec directory: `../shared/spec` beside the repository (as in CI), or SESSION_SPEC_DIR. */
export const specDir = process.env.SESSION_SPEC_DIR ?? resolve(repoRoot, '..', 'shared', 'spec');

/** Loads one of the spec's `*.vectors.json` files (known answers; every vector belongs in a test). */
export function loadSpecVectors<T = any>(file: string): T {
  return JSON.parse(readFileSync(resolve(specDir, file), 'utf8')) as T;
}
