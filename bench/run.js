#!/usr/bin/env node
// Runs every bench/*.bench.js (in name order) and prints one table. Each file's default export is
// `async (ctx) => rows`, a row being { group, name, value, unit, target?, note? }.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Table from 'cli-table3';

// Process start-up is measured against `node -e 0`; variables that make every Node process do
// more at start (NODE_EXTRA_CA_CERTS parses a whole CA bundle: +40 ms here) would add the same
// time to both sides and flatter every ratio. The benchmarks run without them.
for (const v of ['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS']) {
  if (process.env[v] === undefined) continue;
  process.stderr.write(`bench: running without ${v}\n`);
  delete process.env[v];
}

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..');
const only = process.argv[2];
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.js') && (!only || f.includes(only)))
  .sort();

const rows = [];
for (const file of files) {
  const tmpDir = mkdtempSync(join(tmpdir(), 'session-bench-'));
  try {
    const mod = await import(pathToFileURL(join(here, file)).href);
    process.stderr.write(`bench: ${file}…\n`);
    rows.push(
      ...(await mod.default({ repoRoot, binPath: join(repoRoot, 'bin', 'run.js'), tmpDir, runs: 7 })),
    );
  } catch (e) {
    rows.push({ group: file, name: 'FAILED', value: NaN, unit: '', note: String(e?.message ?? e) });
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
}

const table = new Table({
  head: ['group', 'measure', 'value', 'unit', 'target', 'note'],
  style: { head: [], border: [] },
});
for (const r of rows) {
  const v = Number.isFinite(r.value)
    ? Math.abs(r.value) >= 100
      ? r.value.toFixed(0)
      : r.value.toFixed(2)
    : 'n/a';
  table.push([r.group, r.name, v, r.unit, r.target ?? '', r.note ?? '']);
}
console.log(table.toString());
