import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevnet, type Devnet } from '../../src/devnet/index.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { repoRoot } from '../helpers/spec.js';

/**
 * Shared by the community moderation, DM and bot e2e tests: a devnet with its community server,
 * profiles in one data directory, and the built CLI.
 */
export interface ModNet {
  dn: Devnet;
  root: string;
  ids: Record<string, string>;
  cli(args: string[], profile: string): Promise<CliResult>;
  /** A long-running command; its stdout NDJSON lines collected. */
  spawnCli(args: string[], profile: string): Running;
  joinUrl(token?: string): string;
  stop(): Promise<void>;
}

export interface Running {
  lines: Record<string, unknown>[];
  stdout(): string;
  stderr(): string;
  exited: Promise<number>;
  stop(signal?: NodeJS.Signals): void;
  until(pred: (lines: Record<string, unknown>[]) => boolean, ms?: number): Promise<void>;
}

export async function startModNet(prefix: string, profiles: string[]): Promise<ModNet> {
  const root = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const dn = await startDevnet({ dir: join(root, 'devnet'), nodes: 6, swarmSize: 3, rateLimit: false });
  const network = join(root, 'devnet', 'devnet.json');
  const dataDir = join(root, 'data');
  const env = { ...process.env, SESSION_SECRET_BACKEND: 'file', NO_COLOR: '1' };
  const common = (profile: string) => [
    '--profile',
    profile,
    '--data-dir',
    dataDir,
    '--network',
    network,
    '--json',
  ];
  const ids: Record<string, string> = {};
  for (const name of profiles) {
    const r = await runCli([
      'identity',
      'create',
      '--name',
      name,
      '--display-name',
      name,
      '--no-passphrase',
      '--json',
      '--data-dir',
      dataDir,
    ]);
    if (r.code !== 0) throw new Error(r.stderr);
    ids[name] = r.json.result.accountId as string;
  }
  const spawnCli = (args: string[], profile: string): Running => {
    const child: ChildProcessWithoutNullStreams = spawn(
      process.execPath,
      [join(repoRoot, 'bin', 'run.js'), ...args, ...common(profile)],
      { env },
    );
    child.stdin.end();
    const lines: Record<string, unknown>[] = [];
    let buf = '';
    let all = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      all += d.toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.trim()) {
          try {
            const v = JSON.parse(line) as unknown;
            if (v && typeof v === 'object') lines.push(v as Record<string, unknown>);
          } catch {
            // (a line of a multi-line JSON document: read whole by cli())
          }
        }
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 170_000);
    const exited = new Promise<number>((resolve) =>
      child.on('close', (code, sig) => {
        clearTimeout(timer);
        resolve(code ?? (sig ? 128 : -1));
      }),
    );
    return {
      lines,
      stdout: () => all,
      exited,
      stderr: () => stderr,
      stop: (signal: NodeJS.Signals = 'SIGINT') => child.kill(signal),
      async until(pred, ms = 60_000) {
        const start = Date.now();
        while (!pred(lines)) {
          if (Date.now() - start > ms)
            throw new Error(`timed out; lines ${JSON.stringify(lines)}; stderr ${stderr}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      },
    };
  };
  const cli = (args: string[], profile: string): Promise<CliResult> => {
    const r = spawnCli(args, profile);
    return new Promise((resolve) => {
      void r.exited.then((code) => {
        const stdout = r.stdout();
        let json: unknown;
        try {
          json = JSON.parse(stdout);
        } catch {
          json = undefined;
        }
        resolve({ code, stdout, stderr: r.stderr(), json });
      });
    });
  };
  return {
    dn,
    root,
    ids,
    cli,
    spawnCli,
    joinUrl: (token = 'lobby') => dn.descriptor.community.rooms.find((r) => r.token === token)!.joinUrl,
    async stop() {
      await dn.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
