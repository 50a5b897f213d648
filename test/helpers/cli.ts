import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './spec.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** The parsed `--json` document, when stdout is one. */
  json: any;
}

/** Runs the built CLI (`node bin/run.js`) like a user would: argv, stdin, environment. */
export function runCli(
  args: string[],
  opts: {
    stdin?: string;
    env?: Record<string, string | undefined>;
    timeoutMs?: number;
    /** Options for node itself, before the script (e.g. `-r preload.cjs`). */
    nodeArgs?: string[];
  } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...(opts.nodeArgs ?? []), join(repoRoot, 'bin', 'run.js'), ...args],
      {
        cwd: repoRoot,
        // a developer's own config file (~/.config/session-cli) must not change what tests see
        env: {
          ...process.env,
          SESSION_SECRET_BACKEND: 'file',
          NO_COLOR: '1',
          XDG_CONFIG_HOME: isolatedConfigHome(),
          ...opts.env,
        },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
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
    child.stdin.end(opts.stdin ?? '');
  });
}

let configHome: string | undefined;
/** One empty config home per test process (tests that test the config file pass their own). */
function isolatedConfigHome(): string {
  configHome ??= mkdtempSync(join(tmpdir(), 'session-cli-config-'));
  return configHome;
}

export function tempDir(prefix = 'session-cli-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
