import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { repoRoot } from '../helpers/spec.js';

const cli = (args: string[], env: Record<string, string | undefined> = {}) =>
  runCli(args, { env: { XDG_CONFIG_HOME: tempDir(), ...env }, timeoutMs: 90_000 });

/** Spawns the CLI with stdin left open, so a command can be caught waiting. */
function spawnCli(args: string[]): {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  done: Promise<number | null>;
} {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'run.js'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, SESSION_SECRET_BACKEND: 'file', NO_COLOR: '1', XDG_CONFIG_HOME: tempDir() },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, out: () => stdout, err: () => stderr, done };
}

async function waitFor(cond: () => boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Ctrl-C exits 130 (INTERRUPTED) in any command', () => {
  for (const json of [true, false]) {
    it(`a command waiting on stdin, SIGINT -> 130${json ? ' with the JSON envelope' : ''}`, async () => {
      const p = spawnCli([
        'identity',
        'restore',
        '--no-passphrase',
        '--verbose',
        '--data-dir',
        tempDir(),
        ...(json ? ['--json'] : []),
      ]);
      // --verbose announces the start once the handler is installed (node starts slowly when loaded).
      await waitFor(() => p.err().includes('[session] identity:restore started'), 30_000);
      await new Promise((r) => setTimeout(r, 300));
      p.child.kill('SIGINT');
      const code = await p.done;
      expect(code).toBe(130);
      if (json) {
        expect(JSON.parse(p.out())).toMatchObject({
          ok: false,
          error: { code: 'INTERRUPTED', exitCode: 130 },
        });
      } else {
        expect(p.err()).toMatch(/Error \[INTERRUPTED\]/);
      }
    }, 60_000);
  }
});

describe('devnet start/status through the CLI', () => {
  it('status exits 6 (NO_NETWORK) when nothing runs, also with a stale descriptor', async () => {
    const empty = await cli(['devnet', 'status', '--dir', tempDir(), '--json']);
    expect(empty.code).toBe(6);
    expect(empty.json.error.code).toBe('NO_NETWORK');
    const stale = tempDir();
    // pid 2^22-1 is above Linux's default pid_max: no such process.
    writeFileSync(
      join(stale, 'devnet.json'),
      JSON.stringify({ pid: 4_194_303, control: { url: 'http://127.0.0.1:9', token: 'x' } }),
    );
    const s = await cli(['devnet', 'status', '--dir', stale, '--json']);
    expect(s.code).toBe(6);
    expect(s.json.error).toMatchObject({ code: 'NO_NETWORK', details: { running: false } });
    const human = await cli(['devnet', 'status', '--dir', stale]);
    expect(human.code).toBe(6);
  });

  it('start over a stale descriptor starts; a second start refuses (DEVNET_RUNNING, 2) unless --reuse', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'devnet.json'),
      JSON.stringify({ pid: 4_194_303, control: { url: 'http://127.0.0.1:9', token: 'x' } }),
    );
    const args = ['devnet', 'start', '--dir', dir, '--nodes', '3', '--swarm-size', '3', '--detach', '--json'];
    const first = await cli(args);
    expect(first.code).toBe(0);
    const pid = first.json.result.pid as number;
    expect(pid).not.toBe(4_194_303);
    try {
      const again = await cli(args);
      expect(again.code).toBe(2);
      expect(again.json.error).toMatchObject({ code: 'DEVNET_RUNNING', exitCode: 2, details: { pid } });
      const reuse = await cli([...args, '--reuse']);
      expect(reuse.code).toBe(0);
      expect(reuse.json.result.pid).toBe(pid);
      const st = await cli(['devnet', 'status', '--dir', dir, '--json']);
      expect(st.code).toBe(0);
      expect(st.json.result.running).toBe(true);
    } finally {
      expect((await cli(['devnet', 'stop', '--dir', dir, '--json'])).json.result.stopped).toBe(true);
    }
    expect((await cli(['devnet', 'status', '--dir', dir, '--json'])).code).toBe(6);
  }, 120_000);

  it('a foreground devnet stops on Ctrl-C and exits 130', async () => {
    const dir = tempDir();
    const p = spawnCli(['devnet', 'start', '--dir', dir, '--nodes', '2', '--swarm-size', '2', '--json']);
    try {
      await waitFor(() => p.out().includes('"ok":true'), 60_000);
    } catch (e) {
      p.child.kill('SIGKILL');
      throw e;
    }
    p.child.kill('SIGINT');
    expect(await p.done).toBe(130);
    expect(p.err()).toMatch(/Devnet stopped/);
  }, 120_000);
});
