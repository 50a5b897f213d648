import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/spec.js';

/**
 * zstd-napi (a native addon, 2-5 ms to load) is loaded when something is first compressed, not
 * when config or group code is imported: a message send imports both and compresses nothing.
 */
describe('src/encoding/zstd.ts: the addon loads on first use', () => {
  it('importing the config and group code does not load it; compressing does', () => {
    const dist = (p: string) => JSON.stringify(pathToFileURL(join(repoRoot, 'dist', 'src', p)).href);
    const script = `
      import { createRequire } from 'node:module';
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('zstd-napi'));
      const t = await import(${dist('config/transport.js')});
      await import(${dist('groups/crypto.js')});
      const before = loaded();
      const z = t.maybeCompress(new TextEncoder().encode('d' + 'x'.repeat(500) + 'e'));
      console.log(JSON.stringify({ before, after: loaded(), compressed: z[0] === 0x7a }));
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ before: false, after: true, compressed: true });
  });
});
