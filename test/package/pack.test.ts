import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/spec.js';

const run = promisify(execFile);

/**
 * What a user gets: `npm pack` of the built tree, installed with `npm i -g` into a temporary
 * prefix, then `session demo` from an unrelated directory, and a TypeScript program that imports
 * the two entry points (`session-cli`, `session-cli/devnet`) from the installed package, is
 * type-checked against its .d.ts files and messages itself on a devnet. Slow (the install
 * compiles better-sqlite3), hence one test with a generous timeout.
 */
describe('the npm package', () => {
  const root = mkdtempSync(join(tmpdir(), 'session-pack-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('installs globally; `session demo` works anywhere; both entry points import, typed', async () => {
    const env = { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' };
    // --ignore-scripts: `npm test` has built the tree already, and prepack (build, manifest, README)
    // would rewrite dist/ under the other test files that run bin/run.js at the same time
    await run('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', root], {
      cwd: repoRoot,
      env,
    });
    const tgz = readdirSync(root).find((f) => /^session-cli-.*\.tgz$/.test(f));
    expect(tgz).toBeDefined();

    const prefix = join(root, 'prefix');
    await run(
      'npm',
      [
        'install',
        '--global',
        '--prefix',
        prefix,
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        join(root, tgz!),
      ],
      { cwd: root, env, timeout: 840_000, maxBuffer: 64 << 20 },
    );

    // `session demo` from a directory that has nothing to do with the package
    const elsewhere = join(root, 'elsewhere');
    mkdirSync(elsewhere);
    const demo = await run(join(prefix, 'bin', 'session'), ['demo', '--json'], {
      cwd: elsewhere,
      env,
      timeout: 180_000,
    });
    const doc = JSON.parse(demo.stdout) as { ok: boolean; result: { delivered: unknown[] } };
    expect(doc.ok).toBe(true);
    expect(doc.result.delivered).toHaveLength(2);

    // a program using the library: its own directory, the installed package as its dependency
    const app = join(root, 'app');
    mkdirSync(join(app, 'node_modules'), { recursive: true });
    symlinkSync(join(prefix, 'lib', 'node_modules', 'session-cli'), join(app, 'node_modules', 'session-cli'));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          outDir: 'out',
          skipLibCheck: true,
          types: ['node'],
          typeRoots: [join(repoRoot, 'node_modules', '@types')],
        },
        files: ['bot.ts'],
      }),
    );
    writeFileSync(join(app, 'bot.ts'), BOT);
    // type errors (a missing export, a wrong type) fail here, before anything runs
    await run(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], {
      cwd: app,
      env,
      timeout: 180_000,
    });
    const bot = await run(process.execPath, [join(app, 'out', 'bot.js'), join(root, 'bot-run')], {
      cwd: app,
      env,
      timeout: 180_000,
    });
    expect(JSON.parse(bot.stdout)).toEqual({
      received: ['hello from the package'],
      errorCode: 'INVALID_ACCOUNT_ID',
    });
  }, 1_200_000);
});

const BOT = `
import { join } from 'node:path';
import { createIdentity, openClient, receive, send, SessionError, type MessageObject } from 'session-cli';
import { startDevnet, type Devnet } from 'session-cli/devnet';

const dir = process.argv[2]!;
const dn: Devnet = await startDevnet({ dir: join(dir, 'devnet'), nodes: 6, swarmSize: 3 });
const network = join(dir, 'devnet', 'devnet.json');
const dataDir = join(dir, 'data');
const passphrase = () => Promise.resolve(undefined);
try {
  await createIdentity({ dataDir, name: 'alice', backend: 'plaintext', passphrase });
  const b = await createIdentity({ dataDir, name: 'bob', backend: 'plaintext', passphrase });
  const alice = await openClient({ dataDir, profile: 'alice', network, passphrase });
  const bob = await openClient({ dataDir, profile: 'bob', network, passphrase });
  try {
    await send(alice, b.keys.accountId, 'hello from the package');
    const got: MessageObject[] = await receive(bob);
    let errorCode = '';
    try {
      await send(alice, 'not an account id', 'x');
    } catch (e) {
      if (e instanceof SessionError) errorCode = e.code;
    }
    console.log(JSON.stringify({ received: got.map((m) => m.text), errorCode }));
  } finally {
    await alice.close();
    await bob.close();
  }
} finally {
  await dn.stop();
}
`;
