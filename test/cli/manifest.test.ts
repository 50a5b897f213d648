import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Plugin } from '@oclif/core';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/spec.js';

describe('oclif.manifest.json', () => {
  it('is fresh (regenerate with `npm run manifest`)', async () => {
    const committed = JSON.parse(readFileSync(join(repoRoot, 'oclif.manifest.json'), 'utf8'));
    const plugin = new Plugin({
      root: repoRoot,
      type: 'core',
      ignoreManifest: true,
      errorOnManifestCreate: true,
    });
    await plugin.load();
    const fresh = JSON.parse(JSON.stringify(plugin.manifest));
    expect(Object.keys(fresh.commands).sort()).toEqual(Object.keys(committed.commands).sort());
    // where oclif found the file (dist/commands/x.js or commands/x.ts, which differs between
    // Node versions) is not part of the CLI; everything else is
    const comparable = ({ relativePath: _, ...c }: Record<string, unknown>) => c;
    for (const id of Object.keys(fresh.commands)) {
      expect(comparable(committed.commands[id]), id).toEqual(comparable(fresh.commands[id]));
    }
  });
});
