import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../helpers/spec.js';
import type { CliResult } from '../helpers/cli.js';

/** Runs a `daemon …` command (`id` as in the manifest, e.g. `daemon:status`) of the built CLI. */
export function spawnDaemonCommand(
  id: string,
  args: string[],
  env: Record<string, string | undefined> = {},
): ChildProcess {
  return spawn(process.execPath, [join(repoRoot, 'bin', 'run.js'), ...id.split(':'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, SESSION_SECRET_BACKEND: 'file', NO_COLOR: '1', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

export function runDaemonCommand(
  id: string,
  args: string[],
  env: Record<string, string | undefined> = {},
  timeoutMs = 60_000,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnDaemonCommand(id, args, env);
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      let json: unknown;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = undefined;
      }
      resolve({ code: code ?? -1, stdout, stderr, json });
    });
    child.stdin!.end('');
  });
}

/** A running `session daemon`: its stderr so far, and how to wait for it and stop it. */
export interface DaemonProcess {
  child: ChildProcess;
  stderr(): string;
  stdout(): string;
  /** Resolves once it printed "listening" (rejects if it exits first). */
  ready: Promise<void>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

export function startDaemonProcess(
  args: string[],
  env: Record<string, string | undefined> = {},
): DaemonProcess {
  const child = spawnDaemonCommand('daemon', args, env);
  let err = '';
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes('listening on')) resolve();
    });
    void exited.then((code) => reject(new Error(`daemon exited ${code}: ${err}`)));
  });
  // A daemon that is meant to fail never gets ready: not an unhandled rejection.
  ready.catch(() => undefined);
  return { child, stderr: () => err, stdout: () => out, ready, exited };
}

export function socketIn(dir: string): string {
  return join(dir, 'd.sock');
}
