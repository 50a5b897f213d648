import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toSessionError } from '../../src/cli/failure.js';
import { exitCodeFor } from '../../src/errors.js';
import { nativeAddonFailure } from '../../src/native-addon.js';
import { storeError } from '../../src/store/database.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { thrown } from '../helpers/thrown.js';

/**
 * A native addon that cannot be loaded (built for another Node.js, never built, damaged) is a
 * broken install: NATIVE_ADDON, exit 6, naming the module and `npm rebuild` — not INTERNAL.
 */
const requireHere = createRequire(import.meta.url);

describe('what the loaders really throw is recognised', () => {
  it("Node's dlopen of a file that is no shared object (ERR_DLOPEN_FAILED)", () => {
    const dir = join(tempDir(), 'node_modules', 'better-sqlite3', 'build', 'Release');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'better_sqlite3.node');
    writeFileSync(file, 'not an ELF file');
    const e = thrown(() => requireHere(file));
    expect((e as { code?: string }).code).toBe('ERR_DLOPEN_FAILED');
    const s = nativeAddonFailure(e);
    expect(s?.code).toBe('NATIVE_ADDON');
    expect(s?.details?.module).toBe('better-sqlite3');
    expect(s?.hint).toMatch(/npm rebuild better-sqlite3/);
    expect(exitCodeFor('NATIVE_ADDON')).toBe(6);
    // the CLI's last resort (zstd-napi loads inside decoders, the keychain binding in its store)
    expect(toSessionError(e).code).toBe('NATIVE_ADDON');
    // the store maps it where better-sqlite3 loads its binding (the Database constructor)
    expect((storeError(e, '/x/session.db') as { code?: string }).code).toBe('NATIVE_ADDON');
  });

  it('a missing binding: `bindings` (better-sqlite3) and a require() of a .node file (zstd-napi)', () => {
    const root = tempDir();
    writeFileSync(join(root, 'package.json'), '{}');
    const bindings = thrown(() =>
      (requireHere('bindings') as (o: object) => unknown)({
        bindings: 'better_sqlite3.node',
        module_root: root,
      }),
    );
    expect(String((bindings as Error).message)).toMatch(/Could not locate the bindings file/);
    expect(nativeAddonFailure(bindings)?.code).toBe('NATIVE_ADDON');

    const missing = thrown(() =>
      requireHere(join(root, 'node_modules', 'zstd-napi', 'build', 'Release', 'binding.node')),
    );
    expect((missing as { code?: string }).code).toBe('MODULE_NOT_FOUND');
    const s = nativeAddonFailure(missing);
    expect(s?.code).toBe('NATIVE_ADDON');
    expect(s?.details?.module).toBe('zstd-napi');
  });

  it('the napi-rs loader (@napi-rs/keyring), by its message', () => {
    const e = new Error(
      'Cannot find native binding. npm has a bug related to optional dependencies (https://github.com/npm/cli/issues/4828).',
    );
    expect(nativeAddonFailure(e)?.details?.module).toBe('@napi-rs/keyring');
    expect(nativeAddonFailure(new Error('Failed to load native binding'))?.code).toBe('NATIVE_ADDON');
  });

  it('anything else stays what it was (a missing JavaScript module is a bug)', () => {
    const js = thrown(() => requireHere('./no-such-module.js'));
    expect(nativeAddonFailure(js)).toBeUndefined();
    expect(toSessionError(js).code).toBe('INTERNAL');
    expect(nativeAddonFailure(new Error('boom'))).toBeUndefined();
    expect(nativeAddonFailure('a string')).toBeUndefined();
  });
});

describe('through the CLI', () => {
  it('a better-sqlite3 built for another Node.js: exit 6 NATIVE_ADDON, with the fix, not "a bug"', async () => {
    const dataDir = tempDir();
    const env = { XDG_CONFIG_HOME: tempDir(), SESSION_SECRET_BACKEND: 'file' };
    const made = await runCli(
      ['identity', 'create', '--name', 'alice', '--no-passphrase', '--json', '--data-dir', dataDir],
      { env },
    );
    expect(made.code, made.stderr).toBe(0);
    // What Node throws for an addon of another NODE_MODULE_VERSION, raised where it would be: in
    // process.dlopen, below better-sqlite3's own loader (`bindings`).
    const preload = join(tempDir(), 'abi-mismatch.cjs');
    writeFileSync(
      preload,
      `const dlopen = process.dlopen;
process.dlopen = function (module, filename, ...rest) {
  if (String(filename).includes('better_sqlite3')) {
    const e = new Error("The module '" + filename + "'\\nwas compiled against a different Node.js version using\\nNODE_MODULE_VERSION 115. This version of Node.js requires\\nNODE_MODULE_VERSION 127. Please try re-compiling or re-installing\\nthe module (for instance, using \`npm rebuild\` or \`npm install\`).");
    e.code = 'ERR_DLOPEN_FAILED';
    throw e;
  }
  return dlopen.call(this, module, filename, ...rest);
};
`,
    );
    const args = ['conversation', 'list', '--data-dir', dataDir, '--no-daemon'];
    const json = await runCli([...args, '--json'], { env, nodeArgs: ['--require', preload] });
    expect(json.code).toBe(6);
    expect(json.json.error).toMatchObject({
      code: 'NATIVE_ADDON',
      exitCode: 6,
      details: { module: 'better-sqlite3' },
    });
    expect(json.json.error.hint).toMatch(/npm rebuild better-sqlite3/);
    const human = await runCli(args, { env, nodeArgs: ['--require', preload] });
    expect(human.code).toBe(6);
    expect(human.stderr).toMatch(/Error \[NATIVE_ADDON\]: the native module better-sqlite3 cannot be loaded/);
    expect(human.stderr).not.toMatch(/This is a bug/);
  }, 60_000);
});
