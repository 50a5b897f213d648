import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (test/helpers/ is two levels down). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The repository's copies of the spec's known answers (see test/vectors/README.md). */
export const vectorsDir = resolve(repoRoot, 'test', 'vectors');

/** The shared spec beside the repository, when there is one (CI has it; a fresh clone may not). */
export const specDir = process.env.SESSION_SPEC_DIR ?? resolve(repoRoot, '..', 'shared', 'spec');

/** Loads one of the `*.vectors.json` files (known answers; every vector belongs in a test). */
export function loadSpecVectors<T = any>(file: string): T {
  return JSON.parse(readFileSync(resolve(vectorsDir, file), 'utf8')) as T;
}
