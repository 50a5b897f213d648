import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { specDir, vectorsDir } from '../helpers/spec.js';

const copies = readdirSync(vectorsDir).filter((f) => f.endsWith('.vectors.json'));

describe('test/vectors', () => {
  it('holds the known answers the tests read', () => {
    expect(copies).toContain('network.vectors.json');
  });

  // A fresh clone has no ../shared: the copies alone must do. When the spec is there, they must
  // not have drifted from it.
  it.skipIf(!existsSync(specDir))('is identical to ../shared/spec', () => {
    for (const f of readdirSync(specDir).filter((x) => x.endsWith('.vectors.json'))) {
      expect(copies, `test/vectors lacks ${f}`).toContain(f);
      expect(readFileSync(resolve(vectorsDir, f), 'utf8'), f).toBe(readFileSync(resolve(specDir, f), 'utf8'));
    }
  });
});
