import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/spec.js';

/** scripts/bundle-patches.mjs: the source patches of the bundled CLI (issue 9, "Fast cold start"). */
type Patch = {
  name: string;
  file: RegExp;
  find: string;
  replace: string;
  check: (source: string) => string | undefined;
};
const mod = (await import(join(repoRoot, 'scripts', 'bundle-patches.mjs'))) as {
  codePointOrder: (a: string, b: string) => number;
  sameOrder: (ids: string[]) => string | undefined;
  wellFormedBase64After: (source: string, marker: string) => string | undefined;
  patchesFor: (manifestPath: string) => Patch[];
  applyPatch: (source: string, patch: Patch) => { contents: string } | { skipped: string };
};
const manifest = join(repoRoot, 'oclif.manifest.json');
const require = createRequire(join(repoRoot, 'package.json'));

function patchNamed(prefix: string): Patch {
  const p = mod.patchesFor(manifest).find((x) => x.name.startsWith(prefix));
  if (p === undefined) throw new Error(`no patch ${prefix}`);
  return p;
}

describe('applyPatch: only where its text is found once and its check holds', () => {
  const patch: Patch = { name: 't', file: /x/, find: 'old()', replace: 'new()', check: () => undefined };

  it('replaces the one occurrence', () => {
    expect(mod.applyPatch('a; old(); b', patch)).toEqual({ contents: 'a; new(); b' });
  });

  it.each([
    ['a; b', 'its text is not in the file'],
    ['old(); old()', 'its text is in the file more than once'],
  ])('%j is left alone: %s', (source, reason) => {
    expect(mod.applyPatch(source, patch)).toEqual({ skipped: reason });
  });

  it('a failed check leaves the file alone, with the check’s reason', () => {
    const seen: string[] = [];
    const checked = { ...patch, check: (s: string) => (seen.push(s), 'not the same') };
    expect(mod.applyPatch('old()', checked)).toEqual({ skipped: 'not the same' });
    expect(seen).toEqual(['old()']);
  });
});

describe('the oclif command order patch', () => {
  it('code-point order and localeCompare agree on every command id of this CLI', () => {
    const ids = Object.keys((JSON.parse(readFileSync(manifest, 'utf8')) as { commands: object }).commands);
    expect(ids.length).toBeGreaterThan(50);
    expect(mod.sameOrder(ids)).toBeUndefined();
    expect([...ids].sort(mod.codePointOrder)).toEqual([...ids].sort((a, b) => a.localeCompare(b)));
  });

  it('ids that sort differently by locale fail the check (so the patch is not applied)', () => {
    expect(mod.sameOrder(['b', 'a', 'B'])).toMatch(/sort differently/);
    expect(mod.sameOrder(['ab', 'a-b', 'a:b'])).toBeUndefined();
    const patch = { ...patchNamed('oclif'), check: () => mod.sameOrder(['a', 'B']) };
    expect(mod.applyPatch(`x${patch.find}`, patch)).toHaveProperty('skipped');
  });

  it('applies to the installed @oclif/core', () => {
    const file = join(require.resolve('@oclif/core'), '..', 'config', 'plugin.js');
    const patch = patchNamed('oclif');
    expect(patch.file.test(file)).toBe(true);
    const r = mod.applyPatch(readFileSync(file, 'utf8'), patch);
    expect(r).toHaveProperty('contents');
    expect((r as { contents: string }).contents).not.toContain('localeCompare');
  });
});

describe('the libsodium WebAssembly decoding patch', () => {
  // (the package exports only its entry: dist/modules-sumo/libsodium-sumo.js)
  const file = join(require.resolve('libsodium-sumo'), '..', '..', 'modules-sumo-esm', 'libsodium-sumo.mjs');
  const source = readFileSync(file, 'utf8');

  it('applies to the installed libsodium, and Buffer decodes its WebAssembly to the same bytes', () => {
    const patch = patchNamed('libsodium');
    expect(patch.file.test(file)).toBe(true);
    expect(mod.applyPatch(source, patch)).toHaveProperty('contents');
    const start = source.indexOf('})("', source.indexOf(patch.find)) + 4;
    const literal = source.slice(start, source.indexOf('"', start));
    const strict = Uint8Array.from(atob(literal), (c) => c.charCodeAt(0));
    expect(new Uint8Array(Buffer.from(literal, 'base64'))).toEqual(strict);
    // WebAssembly's magic number: this is the module, not some other string
    expect([...strict.subarray(0, 4)]).toEqual([0, 0x61, 0x73, 0x6d]);
  });

  it.each([
    ['(o??=(A=>{return A})("AGFz")', undefined],
    ['(o??=(A=>{return A})("AGF")', 'the WebAssembly is not plain padded base64'],
    ['(o??=(A=>{return A})("AG-z")', 'the WebAssembly is not plain padded base64'],
    ['(o??=(A=>{return A})("")', 'the WebAssembly is not plain padded base64'],
    ['(o??=(A=>{return A})(x)', 'no string literal follows'],
    ['nothing here', 'no string literal follows'],
  ])('%j: %s', (text, reason) => {
    expect(mod.wellFormedBase64After(text, '(o??=(A=>{')).toBe(reason);
  });
});

describe('npm run build applied both patches to dist/bundle/cli.cjs', () => {
  const bundle = readFileSync(join(repoRoot, 'dist', 'bundle', 'cli.cjs'), 'latin1');

  it('oclif sorts its commands without localeCompare', () => {
    expect(bundle).not.toMatch(/\.id\.localeCompare\(/);
  });

  it('libsodium decodes its WebAssembly with Buffer', () => {
    expect(bundle).toMatch(/typeof Buffer=="function"\)\{var \w+=Buffer\.from\(\w+,"base64"\)/);
  });
});
