import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Command } from '@oclif/core';
import type * as UndiciModule from 'undici';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fastVersion, main } from '../../src/cli/main.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { repoRoot } from '../helpers/spec.js';

/** Issue 9 "Fast cold start": the --version fast path, bundled commands, and bin's choice of build. */
const bin = join(repoRoot, 'bin', 'run.js');
const binUrl = pathToFileURL(bin).href;
const pkg = {
  name: 'session-cli',
  version: (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version,
};
const noFile = { config: {} };

describe('fastVersion: which argv is answered without oclif', () => {
  const env = {};
  it.each([[['--version']], [['version']], [['version', '--json']], [['--version', '--json']]])(
    '%j is',
    (argv) => {
      const r = fastVersion(argv, bin, env, noFile);
      expect(r?.result).toEqual({
        ...pkg,
        node: process.versions.node,
        platform: process.platform,
        arch: process.arch,
      });
      expect(r?.json).toBe(argv.includes('--json'));
    },
  );

  it.each([
    [['version', '--verbose']],
    [['version', '--quiet']],
    [['version', 'extra']],
    [['--json', 'version']],
    [['version', '--json', '--json']],
    [['message', 'send']],
    [[]],
  ])('%j is not (the command handles it)', (argv) => {
    expect(fastVersion(argv, bin, env, noFile)).toBeUndefined();
  });

  it('SESSION_JSON and the config file choose JSON; a bad setting or config error goes the normal way', () => {
    expect(fastVersion(['version'], bin, { SESSION_JSON: '1' }, noFile)?.json).toBe(true);
    expect(fastVersion(['version'], bin, {}, { config: { json: true } })?.json).toBe(true);
    expect(fastVersion(['version'], bin, { SESSION_VERBOSE: 'true' }, noFile)).toBeUndefined();
    expect(fastVersion(['version'], bin, { SESSION_VERBOSE: 'maybe' }, noFile)).toBeUndefined();
    expect(fastVersion(['version'], bin, { SESSION_COLOR: 'purple' }, noFile)).toBeUndefined();
    expect(fastVersion(['version'], bin, {}, { config: { verbose: true } })).toBeUndefined();
    const error = { config: {}, error: new Error('bad config') as never };
    expect(fastVersion(['version'], bin, {}, error)).toBeUndefined();
    // no package.json above the entry: oclif's own lookup decides
    expect(fastVersion(['version'], join(tmpdir(), 'x', 'run.js'), {}, noFile)).toBeUndefined();
  });
});

describe('main()', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    process.exitCode = undefined;
  });

  function capture(): { out: () => string; err: () => string } {
    let out = '';
    let err = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
    return { out: () => out, err: () => err };
  }

  function isolate(): void {
    vi.stubEnv('XDG_CONFIG_HOME', tempDir());
    for (const k of ['SESSION_JSON', 'SESSION_VERBOSE', 'SESSION_QUIET', 'SESSION_COLOR']) vi.stubEnv(k, '');
  }

  it('--version never loads oclif', async () => {
    isolate();
    const loadOclif = vi.fn(() => Promise.reject(new Error('oclif must not load')));
    const io = capture();
    await main(['--version'], binUrl, { loadOclif });
    await main(['version', '--json'], binUrl, { loadOclif });
    vi.restoreAllMocks();
    expect(loadOclif).not.toHaveBeenCalled();
    expect(process.exitCode ?? 0).toBe(0);
    const [line, ...json] = io.out().split('\n');
    expect(line).toBe(
      `session-cli ${pkg.version} (node ${process.versions.node}, ${process.platform}-${process.arch})`,
    );
    expect(JSON.parse(json.join('\n'))).toEqual({
      ok: true,
      result: { ...pkg, node: process.versions.node, platform: process.platform, arch: process.arch },
      warnings: [],
    });
  });

  it('anything else loads oclif (a failure to load it is rendered like any error)', async () => {
    isolate();
    const loadOclif = vi.fn(() => Promise.reject(new Error('no oclif here')));
    const io = capture();
    await main(['version', '--verbose', '--json'], binUrl, { loadOclif });
    vi.restoreAllMocks();
    expect(loadOclif).toHaveBeenCalledOnce();
    expect(process.exitCode).toBe(1);
    expect(JSON.parse(io.out()).error.code).toBe('INTERNAL');
  });

  it('runs a command from the bundle table, named by its id like oclif names a loaded command', async () => {
    isolate();
    const ran: { id: string | undefined; argv: string[] }[] = [];
    class Bundled extends Command {
      static override strict = false;
      async run(): Promise<void> {
        ran.push({ id: this.id, argv: this.argv });
      }
    }
    capture();
    await main(['identity', 'show', 'extra'], binUrl, {
      commands: { 'identity:show': () => Promise.resolve({ default: Bundled }) },
    });
    vi.restoreAllMocks();
    expect(process.exitCode ?? 0).toBe(0);
    expect(ran).toEqual([{ id: 'identity:show', argv: ['extra'] }]);
  });
});

describe('BaseCommand.run', () => {
  afterEach(() => vi.restoreAllMocks());

  it('uses the loaded Config it is handed (oclif would load a new one per command)', async () => {
    const { Config } = await import('@oclif/core');
    const config = await Config.load(repoRoot);
    const { default: Version } = await import('../../commands/version.js');
    const load = vi.spyOn(Config, 'load');
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const r = await Version.run(['--json'], config);
    expect(r).toMatchObject({ name: 'session-cli' });
    expect(load).not.toHaveBeenCalled();
    // a path (not a Config) still goes oclif's way
    await Version.run(['--json'], repoRoot);
    expect(load).toHaveBeenCalledTimes(1);
    write.mockRestore();
  });
});

describe('bin/run.js: the bundle only when it is not older than tsc output', () => {
  function fakeTree(): string {
    const root = mkdtempSync(join(tmpdir(), 'session-bin-'));
    mkdirSync(join(root, 'bin'));
    mkdirSync(join(root, 'dist', 'src', 'cli'), { recursive: true });
    mkdirSync(join(root, 'dist', 'bundle'), { recursive: true });
    copyFileSync(bin, join(root, 'bin', 'run.js'));
    copyFileSync(join(repoRoot, 'bin', 'code-cache.js'), join(root, 'bin', 'code-cache.js'));
    copyFileSync(join(repoRoot, 'bin', 'entry-choice.js'), join(root, 'bin', 'entry-choice.js'));
    copyFileSync(join(repoRoot, 'bin', 'package.json'), join(root, 'bin', 'package.json'));
    writeFileSync(join(root, 'package.json'), '{"type":"module"}');
    writeFileSync(
      join(root, 'dist', 'src', 'cli', 'main.js'),
      "export async function main(argv, root, opts) { process.stdout.write('unbundled ' + typeof opts.commands); }",
    );
    writeFileSync(
      join(root, 'dist', 'bundle', 'cli.js'),
      "export const commands = {}; export async function main() { process.stdout.write('bundled'); }",
    );
    writeFileSync(
      join(root, 'dist', 'bundle', 'cli.cjs'),
      "exports.commands = {}; exports.main = async (argv, root, opts) => { process.stdout.write('cjs ' + typeof opts.commands.chat + (opts.daemonAsked ? ' asked' : '')); };",
    );
    // a daemon that takes `message send` (exit 3) and declines anything else
    writeFileSync(
      join(root, 'dist', 'bundle', 'forward.cjs'),
      "exports.forwardIfServed = async (argv) => { if (argv[1] !== 'send') return undefined; process.stdout.write('forwarded'); return 3; };",
    );
    return root;
  }
  const which = (root: string, env: Record<string, string> = {}, argv: string[] = []) => {
    const r = spawnSync(process.execPath, [join(root, 'bin', 'run.js'), ...argv], {
      // (forwarded `message send` exits 3 by the fake daemon; everything else 0)
      env: {
        ...process.env,
        SESSION_NO_BUNDLE: '',
        SESSION_CODE_CACHE_DIR: join(root, 'cache'),
        XDG_RUNTIME_DIR: join(root, 'run'),
        ...env,
      },
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(r.stdout === 'forwarded' ? 3 : 0);
    return r.stdout;
  };
  const setAge = (path: string, secondsAgo: number) => {
    const t = Date.now() / 1000 - secondsAgo;
    utimesSync(path, t, t);
  };

  it('fresh bundles -> the CommonJS one (chat from the ES module one); stale -> older kinds', () => {
    const root = fakeTree();
    const bundle = join(root, 'dist', 'bundle', 'cli.js');
    const cjs = join(root, 'dist', 'bundle', 'cli.cjs');
    const forward = join(root, 'dist', 'bundle', 'forward.cjs');
    const unbundled = join(root, 'dist', 'src', 'cli', 'main.js');
    setAge(unbundled, 100);
    setAge(bundle, 50);
    setAge(cjs, 50);
    setAge(forward, 50);
    // `chat` is given to the CommonJS build as a loader of the ES module build's class
    expect(which(root)).toBe('cjs function');
    expect(which(root, {}, ['chat'])).toBe('bundled');
    expect(which(root, {}, ['--version'])).toBe('bundled');
    // a daemon socket: the small forward.cjs asks the daemon first; what it declines runs from
    // cli.cjs, which is told not to ask again
    mkdirSync(join(root, 'run', 'session-cli'), { recursive: true });
    writeFileSync(join(root, 'run', 'session-cli', 'daemon-0123456789abcdef.sock'), '');
    expect(which(root, {}, ['message', 'send'])).toBe('forwarded');
    expect(which(root, {}, ['message', 'list'])).toBe('cjs function asked');
    expect(which(root, {}, ['message', 'send', '--no-daemon'])).toBe('cjs function');
    expect(which(root, { SESSION_NO_DAEMON: '1' }, ['message', 'send'])).toBe('cjs function');
    setAge(forward, 200); // stale: cli.cjs asks the daemon itself
    expect(which(root, {}, ['message', 'send'])).toBe('cjs function');
    setAge(forward, 50);
    rmSync(join(root, 'run'), { recursive: true });
    expect(which(root, { SESSION_NO_BUNDLE: '1' })).toBe('unbundled undefined');
    setAge(cjs, 200);
    expect(which(root)).toBe('bundled');
    setAge(bundle, 200);
    expect(which(root)).toBe('unbundled undefined');
    // npm pack gives every file one mtime: equal counts as fresh (one instant for both, or the
    // milliseconds between two Date.now() calls make them differ)
    const same = Math.floor(Date.now() / 1000) - 100;
    utimesSync(bundle, same, same);
    utimesSync(unbundled, same, same);
    expect(which(root)).toBe('bundled');
    utimesSync(cjs, same, same);
    expect(which(root)).toBe('cjs function');
  });
});

describe('bin/entry-choice.js: daemonMayServe', () => {
  it('looks where src/daemon/paths.ts puts the socket', async () => {
    // bin/ is CommonJS (bin/package.json): loaded by Node's require, not through vitest's transform
    const { daemonMayServe } = createRequire(import.meta.url)(join(repoRoot, 'bin', 'entry-choice.js')) as {
      daemonMayServe: (argv: string[], env: NodeJS.ProcessEnv) => boolean;
    };
    const { defaultSocketPath } = await import('../../src/daemon/paths.js');
    const runtime = tempDir();
    const data = tempDir();
    for (const env of [{ XDG_RUNTIME_DIR: runtime, SESSION_DATA_DIR: data }, { SESSION_DATA_DIR: data }]) {
      expect(daemonMayServe([], env)).toBe(false);
      const sock = defaultSocketPath(data, env);
      mkdirSync(join(sock, '..'), { recursive: true });
      writeFileSync(sock, '');
      expect(daemonMayServe([], env)).toBe(true);
      expect(daemonMayServe(['--no-daemon'], env)).toBe(false);
      rmSync(sock);
    }
    // --data-dir wins over SESSION_DATA_DIR, as in main.ts
    const other = tempDir();
    writeFileSync(join(other, 'daemon.sock'), '');
    expect(daemonMayServe(['--data-dir', other], { SESSION_DATA_DIR: data })).toBe(true);
    expect(daemonMayServe([`--data-dir=${other}`], { SESSION_DATA_DIR: data })).toBe(true);
    expect(daemonMayServe([], { SESSION_DATA_DIR: data })).toBe(false);
  });
});

describe('bin/entry-choice.js: isLongRunning', () => {
  it('is true for the commands that keep running, which keep V8 tiering WebAssembly up', () => {
    const { isLongRunning } = createRequire(import.meta.url)(join(repoRoot, 'bin', 'entry-choice.js')) as {
      isLongRunning: (argv: string[]) => boolean;
    };
    for (const argv of [
      ['daemon'],
      ['daemon', '--all'],
      ['devnet', 'start'],
      ['message', 'receive', '--follow'],
      ['community', 'watch', 'r'],
      ['community', 'bot', '--rules', 'x'],
      ['chat'],
    ])
      expect(isLongRunning(argv), argv.join(' ')).toBe(true);
    for (const argv of [
      ['message', 'send', '05ab', 'hi'],
      ['message', 'receive'],
      ['daemon', 'status'],
      ['daemon', 'schema'],
      ['devnet', 'status'],
      ['community', 'read', 'r'],
      [],
    ])
      expect(isLongRunning(argv), argv.join(' ')).toBe(false);
  });
});

describe('bin/code-cache.js: the V8 code cache of the CommonJS bundle', () => {
  it('commandKey: the first plain words of argv', async () => {
    const { commandKey } = createRequire(import.meta.url)(join(repoRoot, 'bin', 'code-cache.js')) as {
      commandKey: (argv: string[]) => string;
    };
    expect(commandKey(['message', 'send', '05ab', 'hi'])).toBe('message-send');
    expect(commandKey(['receive', '--json'])).toBe('receive');
    expect(commandKey(['--version'])).toBe('help');
    expect(commandKey([])).toBe('help');
    expect(commandKey(['../../etc', 'x'])).toBe('help');
    expect(commandKey(['message', 'a/b'])).toBe('message');
  });

  const cacheFiles = (dir: string) =>
    existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.bin')) : [];

  it('a successful run leaves a cache that the next run takes as it is; junk is replaced', async () => {
    const dir = join(tempDir(), 'cc');
    const env = { SESSION_DATA_DIR: tempDir(), SESSION_CODE_CACHE_DIR: dir };
    const first = await runCli(['identity', 'list', '--json'], { env });
    expect(first.code).toBe(0);
    const files = cacheFiles(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^identity-list-/);
    const path = join(dir, files[0]!);
    const made = statSync(path).mtimeMs;
    const again = await runCli(['identity', 'list', '--json'], { env });
    expect(again.stdout).toBe(first.stdout);
    expect(statSync(path).mtimeMs).toBe(made); // accepted by V8: not written again
    writeFileSync(path, 'not a code cache');
    const junk = await runCli(['identity', 'list', '--json'], { env });
    expect(junk.code).toBe(0);
    expect(junk.stdout).toBe(first.stdout);
    expect(readFileSync(path).length).toBeGreaterThan(1000); // rejected by V8, so made anew
  });

  it('a failed run writes no cache; a cache directory that cannot be made costs nothing but speed', async () => {
    const dir = join(tempDir(), 'cc');
    const failed = await runCli(['message', 'send', '--no-such-flag'], {
      env: { SESSION_CODE_CACHE_DIR: dir },
    });
    expect(failed.code).toBe(2);
    expect(cacheFiles(dir)).toHaveLength(0);
    const blocker = join(tempDir(), 'a-file');
    writeFileSync(blocker, 'x');
    const r = await runCli(['identity', 'list', '--json'], {
      env: { SESSION_DATA_DIR: tempDir(), SESSION_CODE_CACHE_DIR: join(blocker, 'cc') },
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('the root help (`session --help`, `session`) and `session help` share one cache', async () => {
    const dir = join(tempDir(), 'cc');
    const env = { SESSION_CODE_CACHE_DIR: dir };
    const first = await runCli(['--help'], { env });
    expect(first.code).toBe(0);
    const files = cacheFiles(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^help-/);
    const made = statSync(join(dir, files[0]!)).mtimeMs;
    for (const argv of [['help'], ['-h']]) {
      const r = await runCli(argv, { env });
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(first.stdout);
    }
    expect(cacheFiles(dir)).toEqual(files);
    expect(statSync(join(dir, files[0]!)).mtimeMs).toBe(made); // taken, not written again
  });

  it('a cache file is named only after a command that ran, never after other words of argv', async () => {
    const dir = join(tempDir(), 'cc');
    // exit 0, but argv's words ("help identity") are not the command that ran ("help")
    const r = await runCli(['help', 'identity'], { env: { SESSION_CODE_CACHE_DIR: dir } });
    expect(r.code).toBe(0);
    expect(cacheFiles(dir)).toHaveLength(0);
  });

  it('SESSION_CODE_CACHE=0 neither reads nor writes one', async () => {
    const dir = join(tempDir(), 'cc');
    const r = await runCli(['identity', 'list', '--json'], {
      env: { SESSION_DATA_DIR: tempDir(), SESSION_CODE_CACHE_DIR: dir, SESSION_CODE_CACHE: '0' },
    });
    expect(r.code).toBe(0);
    expect(cacheFiles(dir)).toHaveLength(0);
  });
});

describe('the bundled CLI behaves like the unbundled one', () => {
  it('the CommonJS bundles are ASCII (bin/code-cache.js reads them as latin1)', () => {
    for (const name of ['cli.cjs', 'forward.cjs']) {
      const bytes = readFileSync(join(repoRoot, 'dist', 'bundle', name));
      expect(
        bytes.findIndex((b) => b > 0x7f),
        name,
      ).toBe(-1);
    }
  });

  it('npm run build left both bundles at least as new as dist/src', () => {
    for (const name of ['cli.js', 'cli.cjs', 'forward.cjs']) {
      const bundle = join(repoRoot, 'dist', 'bundle', name);
      expect(existsSync(bundle), 'run `npm run build`').toBe(true);
      expect(statSync(bundle).mtimeMs).toBeGreaterThanOrEqual(
        statSync(join(repoRoot, 'dist', 'src', 'cli', 'main.js')).mtimeMs,
      );
    }
  });

  it.each([
    [['version', '--json']],
    [['--help']],
    [['help', 'message', 'send']],
    [['identity', 'show', '--verbose', '--json']],
    [['message', 'send', 'not-an-id', 'hi', '--json']],
    [['mesage', 'send', '--json']],
    [['message', 'send', '--no-such-flag', '--json']],
  ])('%j: same exit code, stdout and stderr', async (args) => {
    const env = { SESSION_DATA_DIR: tempDir(), XDG_CONFIG_HOME: tempDir() };
    const bundled = await runCli(args, { env });
    const unbundled = await runCli(args, { env: { ...env, SESSION_NO_BUNDLE: '1' } });
    expect(bundled.code).toBe(unbundled.code);
    expect(bundled.stdout).toBe(unbundled.stdout);
    expect(bundled.stderr.replace(/pid \d+/g, 'pid N')).toBe(unbundled.stderr.replace(/pid \d+/g, 'pid N'));
  });
});

type Undici = typeof UndiciModule;

describe('scripts/undici-slim.cjs (what the bundle uses for `undici`)', () => {
  const require = createRequire(import.meta.url);
  const slim = require('../../scripts/undici-slim.cjs') as Pick<
    Undici,
    'Agent' | 'buildConnector' | 'request'
  >;
  const undici = require('undici') as Undici;

  it("hands out undici's own Agent and buildConnector", () => {
    expect(slim.Agent).toBe(undici.Agent);
    expect(slim.buildConnector).toBe(undici.buildConnector);
  });

  it("request checks its arguments like undici's and posts through the global or a given dispatcher", async () => {
    expect(() => slim.request(undefined as never)).toThrow(undici.errors.InvalidArgumentError);
    expect(() => slim.request('http://127.0.0.1/', 'x' as never)).toThrow(undici.errors.InvalidArgumentError);
    expect(() => slim.request('http://127.0.0.1/', { agent: {} } as never)).toThrow(/opts.agent/);
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => res.end(`${req.method} ${req.url} ${body}`));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const agent = new slim.Agent();
    try {
      const viaGlobal = await slim.request(`http://127.0.0.1:${port}/a?b=1`, { method: 'POST', body: 'hi' });
      expect(viaGlobal.statusCode).toBe(200);
      expect(await viaGlobal.body.text()).toBe('POST /a?b=1 hi');
      // `path` (undici accepts it at runtime; its types do not list it) is joined to the origin
      const viaAgent = await slim.request(`http://127.0.0.1:${port}`, {
        path: 'p',
        body: 'x',
        dispatcher: agent,
      } as never);
      expect(await viaAgent.body.text()).toBe('PUT /p x');
    } finally {
      await agent.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
