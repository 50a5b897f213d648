import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
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

describe('bin/run.js: the bundle only when it is not older than tsc output', () => {
  function fakeTree(): string {
    const root = mkdtempSync(join(tmpdir(), 'session-bin-'));
    mkdirSync(join(root, 'bin'));
    mkdirSync(join(root, 'dist', 'src', 'cli'), { recursive: true });
    mkdirSync(join(root, 'dist', 'bundle'), { recursive: true });
    copyFileSync(bin, join(root, 'bin', 'run.js'));
    writeFileSync(join(root, 'package.json'), '{"type":"module"}');
    writeFileSync(
      join(root, 'dist', 'src', 'cli', 'main.js'),
      "export async function main(argv, root, opts) { process.stdout.write('unbundled ' + typeof opts.commands); }",
    );
    writeFileSync(
      join(root, 'dist', 'bundle', 'cli.js'),
      "export const commands = {}; export async function main() { process.stdout.write('bundled'); }",
    );
    return root;
  }
  const which = (root: string, env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [join(root, 'bin', 'run.js')], {
      env: { ...process.env, SESSION_NO_BUNDLE: '', ...env },
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    return r.stdout;
  };
  const setAge = (path: string, secondsAgo: number) => {
    const t = Date.now() / 1000 - secondsAgo;
    utimesSync(path, t, t);
  };

  it('fresh bundle -> bundle; older bundle, SESSION_NO_BUNDLE=1 or no bundle -> dist/src', () => {
    const root = fakeTree();
    const bundle = join(root, 'dist', 'bundle', 'cli.js');
    const unbundled = join(root, 'dist', 'src', 'cli', 'main.js');
    setAge(unbundled, 100);
    setAge(bundle, 50);
    expect(which(root)).toBe('bundled');
    expect(which(root, { SESSION_NO_BUNDLE: '1' })).toBe('unbundled undefined');
    setAge(bundle, 200);
    expect(which(root)).toBe('unbundled undefined');
    // npm pack gives every file one mtime: equal counts as fresh (one instant for both, or the
    // milliseconds between two Date.now() calls make them differ)
    const same = Math.floor(Date.now() / 1000) - 100;
    utimesSync(bundle, same, same);
    utimesSync(unbundled, same, same);
    expect(which(root)).toBe('bundled');
  });
});

describe('the bundled CLI behaves like the unbundled one', () => {
  it('npm run build left a bundle at least as new as dist/src', () => {
    const bundle = join(repoRoot, 'dist', 'bundle', 'cli.js');
    expect(existsSync(bundle), 'run `npm run build`').toBe(true);
    expect(statSync(bundle).mtimeMs).toBeGreaterThanOrEqual(
      statSync(join(repoRoot, 'dist', 'src', 'cli', 'main.js')).mtimeMs,
    );
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
