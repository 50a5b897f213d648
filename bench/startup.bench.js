// Startup cost of the CLI next to a bare `node -e 0` (issue: --version within 3x of node).
import { spawnSync } from 'node:child_process';

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(args, env, runs) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { env: { ...process.env, ...env }, stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(samples);
}

export default async function startup({ binPath, tmpDir, runs }) {
  const env = { SESSION_DATA_DIR: tmpDir, SESSION_SECRET_BACKEND: 'file' };
  const create = spawnSync(process.execPath, [binPath, 'identity', 'create', '--no-passphrase'], {
    env: { ...process.env, ...env },
    stdio: 'ignore',
  });
  if (create.status !== 0) throw new Error('could not create a bench identity');
  const base = time(['-e', '0'], env, runs);
  const rows = [{ group: 'startup', name: 'node -e 0', value: base, unit: 'ms' }];
  for (const [name, args, target] of [
    ['session --version', ['--version'], 3],
    ['session --help', ['--help']],
    ['session identity show', ['identity', 'show']],
  ]) {
    const ms = time([binPath, ...args], env, runs);
    rows.push({ group: 'startup', name, value: ms, unit: 'ms' });
    rows.push({
      group: 'startup',
      name: `${name} / node -e 0`,
      value: ms / base,
      unit: 'x',
      ...(target ? { target: `≤ ${target}x` } : {}),
    });
  }
  return rows;
}
