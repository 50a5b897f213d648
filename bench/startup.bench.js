// Start-up cost of the CLI as new processes, next to a bare `node -e 0` (issue 9, "Speed"):
// `session --version`, `--help`, a cold `message send` and a cold `message receive` with nothing
// waiting, both against a local network started here. Medians of at least 11 runs, taken in
// turns (one run of each in a round) so that load from elsewhere on the machine hits all alike.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDevnet } from '../dist/src/devnet/index.js';

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// CPU time of the measured process, printed by itself as it exits (bench/cpu-probe.cjs).
const CPU_MARK = 'session-bench-cpu-us:';
const cpuProbe = fileURLToPath(new URL('./cpu-probe.cjs', import.meta.url));

/**
 * One process to its exit: { ms, cpuMs }. Asynchronous: the devnet in this process must keep
 * serving while the child runs.
 */
function timeOnce(args, env) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, ['-r', cpuProbe, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${args.slice(1).join(' ')} exited ${code}: ${stderr.slice(0, 300)}`));
      else {
        const cpu = stderr.split('\n').find((l) => l.startsWith(CPU_MARK));
        resolve({
          ms: Number(process.hrtime.bigint() - t0) / 1e6,
          cpuMs: cpu === undefined ? NaN : Number(cpu.slice(CPU_MARK.length)) / 1000,
        });
      }
    });
  });
}

async function run(binPath, args, env) {
  return timeOnce([binPath, ...args], env);
}

export default async function startup({ binPath, tmpDir, runs }) {
  const rounds = Math.max(runs, 11);
  const dn = await startDevnet({ dir: join(tmpDir, 'devnet'), nodes: 9, swarmSize: 3, rateLimit: false });
  try {
    const env = {
      SESSION_DATA_DIR: join(tmpDir, 'data'),
      SESSION_SECRET_BACKEND: 'file',
      SESSION_NETWORK: join(tmpDir, 'devnet', 'devnet.json'),
    };
    const ids = {};
    for (const name of ['ann', 'ben', 'cat']) {
      const out = await new Promise((resolve, reject) => {
        const child = spawn(
          process.execPath,
          [binPath, 'identity', 'create', '--name', name, '--no-passphrase', '--json'],
          { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'ignore'] },
        );
        let stdout = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.on('error', reject);
        child.on('close', (code) =>
          code === 0 ? resolve(stdout) : reject(new Error('identity create failed')),
        );
      });
      ids[name] = JSON.parse(out).result.accountId;
    }
    // ann sends to cat (ben's swarm stays empty); ben receives: "nothing waiting".
    const cases = [
      ['node -e 0', ['-e', '0']],
      ['session --version', [binPath, '--version'], 2],
      ['session --help', [binPath, '--help']],
      ['session message send (cold)', [binPath, 'message', 'send', ids.cat, 'bench', '--profile', 'ann'], 3],
      [
        'session message receive (cold, nothing waiting)',
        [binPath, 'message', 'receive', '--profile', 'ben'],
      ],
    ];
    // A first send and receive fill each profile's node-pool cache, as any earlier use would.
    await run(binPath, ['message', 'send', ids.cat, 'warm-up', '--profile', 'ann'], env);
    await run(binPath, ['message', 'receive', '--profile', 'ben'], env);
    const samples = cases.map(() => []);
    for (let i = 0; i < rounds; i++) {
      for (const [k, [, args]] of cases.entries()) samples[k].push(await timeOnce(args, env));
    }
    const wall = (k) => median(samples[k].map((x) => x.ms));
    const cpu = (k) => `cpu ${median(samples[k].map((x) => x.cpuMs)).toFixed(0)} ms`;
    const base = wall(0);
    const rows = [
      {
        group: 'startup',
        name: 'node -e 0',
        value: base,
        unit: 'ms',
        note: `${cpu(0)}; medians of ${rounds}`,
      },
    ];
    for (const [k, [name, , target]] of cases.entries()) {
      if (k === 0) continue;
      const ms = wall(k);
      rows.push({ group: 'startup', name, value: ms, unit: 'ms', note: cpu(k) });
      rows.push({
        group: 'startup',
        name: `${name} / node -e 0`,
        value: ms / base,
        unit: 'x',
        ...(target ? { target: `≤ ${target}x` } : {}),
      });
    }
    return rows;
  } finally {
    await dn.stop();
  }
}
