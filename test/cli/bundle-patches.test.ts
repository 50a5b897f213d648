import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { compileFunction } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { startLocalNetwork, type LocalNetwork } from '../helpers/local-network.js';
import { repoRoot } from '../helpers/spec.js';

/** scripts/bundle-patches.mjs: the source patches of the bundled CLI (issue 9, "Fast cold start"). */
type Patch = {
  name: string;
  file: RegExp;
  edits: { find: string; replace: string }[];
  check: (source: string) => string | undefined;
};
const mod = (await import(join(repoRoot, 'scripts', 'bundle-patches.mjs'))) as {
  codePointOrder: (a: string, b: string) => number;
  sameOrder: (ids: string[]) => string | undefined;
  wellFormedBase64After: (source: string, marker: string) => string | undefined;
  onlyMembersUsed: (
    source: string,
    variable: string,
    names: string[],
    declaration: string,
  ) => string | undefined;
  reExports: (path: string, line: string) => string | undefined;
  lazyBuiltin: (o: {
    name: string;
    file: RegExp;
    variable: string;
    module: string;
    names: string[];
  }) => Patch;
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
  const patch: Patch = {
    name: 't',
    file: /x/,
    edits: [{ find: 'old()', replace: 'new()' }],
    check: () => undefined,
  };

  it('replaces the one occurrence', () => {
    expect(mod.applyPatch('a; old(); b', patch)).toEqual({ contents: 'a; new(); b' });
  });

  it.each([
    ['a; b', 'its text is not in the file'],
    ['old(); old()', 'its text is in the file more than once'],
  ])('%j is left alone: %s', (source, reason) => {
    expect(mod.applyPatch(source, patch)).toEqual({ skipped: reason });
  });

  it('edits are applied all or none', () => {
    const two = { ...patch, edits: [...patch.edits, { find: 'two()', replace: '2()' }] };
    expect(mod.applyPatch('old(); two()', two)).toEqual({ contents: 'new(); 2()' });
    expect(mod.applyPatch('old(); three()', two)).toEqual({ skipped: 'its text is not in the file' });
    // a replacement is text, not a pattern: `$&` stays `$&`
    expect(mod.applyPatch('old()', { ...patch, edits: [{ find: 'old()', replace: '$&$&' }] })).toEqual({
      contents: '$&$&',
    });
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
    expect(mod.applyPatch(`x${patch.edits[0]!.find}`, patch)).toHaveProperty('skipped');
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
    const start = source.indexOf('})("', source.indexOf(patch.edits[0]!.find)) + 4;
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

describe('built-ins loaded on first use', () => {
  const decl = 'const os_1 = require("node:os");';
  const lazy = mod.lazyBuiltin({
    name: 'os',
    file: /x/,
    variable: 'os_1',
    module: 'node:os',
    names: ['platform'],
  });

  it('the variable becomes getters: the built-in is required when a member is first read', () => {
    const r = mod.applyPatch(`${decl}\nmodule.exports = () => (0, os_1.platform)();`, lazy);
    const contents = (r as { contents: string }).contents;
    const asked: string[] = [];
    const fakeRequire = (id: string) => (asked.push(id), require(id) as unknown);
    const m = { exports: undefined as unknown };
    // (run as a CommonJS module would be: its own require and module)
    (compileFunction(contents, ['require', 'module']) as (r: unknown, m: unknown) => void)(fakeRequire, m);
    expect(asked).toEqual([]);
    expect((m.exports as () => string)()).toBe(process.platform);
    expect(asked).toEqual(['node:os']);
  });

  it.each([
    ['os_1.platform(); os_1.homedir()', 'os_1 is used as "os_1.homedir"'],
    ['const { platform } = os_1', 'os_1 is used as "os_1"'],
    ['f(os_1)', 'os_1 is used as "os_1"'],
  ])('not applied where the variable is used otherwise: %j', (use, reason) => {
    expect(mod.applyPatch(`${decl}\n${use}`, lazy)).toEqual({ skipped: reason });
  });

  it('other identifiers containing the name do not count', () => {
    expect(
      mod.onlyMembersUsed(`${decl} my_os_1.x; os_1.platform`, 'os_1', ['platform'], decl),
    ).toBeUndefined();
  });

  it('reExports: the file must be there and hold the line', () => {
    const pkg = join(repoRoot, 'package.json');
    expect(mod.reExports(join(repoRoot, 'nope.js'), 'x')).toMatch(/is not there/);
    expect(mod.reExports(pkg, '"name": "session-cli"')).toBeUndefined();
    expect(mod.reExports(pkg, 'export {nothing}')).toMatch(/no longer has/);
  });
});

describe('every patch applies to the installed dependencies', () => {
  const oclifLib = join(require.resolve('@oclif/core'), '..');
  const undiciLib = join(require.resolve('undici'), '..', 'lib');
  const files: Record<string, string> = {
    'oclif command order without ICU': join(oclifLib, 'config', 'plugin.js'),
    'libsodium WebAssembly decoded by Buffer': join(
      require.resolve('libsodium-sumo'),
      '..',
      '..',
      'modules-sumo-esm',
      'libsodium-sumo.mjs',
    ),
    'oclif node:child_process on first use': join(oclifLib, 'util', 'os.js'),
    'oclif WSL check without wsl-utils': join(oclifLib, 'util', 'os.js'),
    'oclif node:readline on first use': join(oclifLib, 'parser', 'parse.js'),
    'undici node:http on first use': join(undiciLib, 'core', 'util.js'),
    'undici Client without node:http': join(undiciLib, 'dispatcher', 'client.js'),
  };

  it('names a file for each patch', () => {
    expect(
      mod
        .patchesFor(manifest)
        .map((p) => p.name)
        .sort(),
    ).toEqual(Object.keys(files).sort());
  });

  it.each(Object.entries(files))('%s', (name, file) => {
    const patch = patchNamed(name);
    expect(patch.file.test(file)).toBe(true);
    expect(mod.applyPatch(readFileSync(file, 'utf8'), patch)).toHaveProperty('contents');
  });

  it('the undici Client patch is not applied where node:http has other uses', () => {
    const patch = patchNamed('undici Client');
    const source = readFileSync(files['undici Client without node:http']!, 'utf8');
    expect(patch.check(source)).toBeUndefined();
    expect(patch.check(`${source}\nhttp.request()`)).toMatch(/used elsewhere/);
  });
});

describe('a cold message send through the bundle', () => {
  let ln: LocalNetwork;
  beforeAll(async () => {
    ln = await startLocalNetwork('bundle-patches', ['alice', 'bob']);
  }, 120_000);
  afterAll(async () => {
    await ln?.dn.stop();
  });

  it('loads none of the modules the patches defer', async () => {
    const out = join(tempDir('loaded-'), 'loaded.json');
    const preload = join(tempDir('preload-'), 'record.cjs');
    writeFileSync(
      preload,
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify({
        builtins: process.moduleLoadList, required: Object.keys(require.cache) })));`,
    );
    const r = await ln.cli(['message', 'send', ln.ids.bob!, 'hi', '--no-daemon'], 'alice', 90_000, [
      '-r',
      preload,
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.json.ok).toBe(true);
    const loaded = JSON.parse(readFileSync(out, 'utf8')) as { builtins: string[]; required: string[] };
    for (const m of ['http', 'child_process', 'readline', 'dgram'])
      expect(loaded.builtins, m).not.toContain(`NativeModule ${m}`);
    expect(loaded.required.filter((f) => f.includes('zstd-napi'))).toEqual([]);
    // (it ran the CommonJS bundle, which the patches are in: bin/run.js loads it with the code cache)
    expect(loaded.required).toContain(join(repoRoot, 'bin', 'code-cache.js'));
  }, 120_000);
});

describe('npm run build applied the patches to dist/bundle/cli.cjs', () => {
  const bundle = readFileSync(join(repoRoot, 'dist', 'bundle', 'cli.cjs'), 'latin1');

  it('oclif sorts its commands without localeCompare', () => {
    expect(bundle).not.toMatch(/\.id\.localeCompare\(/);
  });

  it('libsodium decodes its WebAssembly with Buffer', () => {
    expect(bundle).toMatch(/typeof Buffer=="function"\)\{var \w+=Buffer\.from\(\w+,"base64"\)/);
  });
});
