import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ENGLISH_WORDS } from '../../src/identity/wordlist-english.js';
import { repoRoot } from '../helpers/spec.js';

/**
 * README.md's command reference is generated from oclif.manifest.json by
 * scripts/readme-commands.mjs; these tests keep it fresh and complete (the manifest's own
 * freshness is test/cli/manifest.test.ts).
 */
const exec = promisify(execFile);
const SCRIPT = join(repoRoot, 'scripts', 'readme-commands.mjs');
const README = join(repoRoot, 'README.md');
const START = '<!-- commands -->';
const STOP = '<!-- commandsstop -->';

interface Manifest {
  commands: Record<string, { id: string; hidden?: boolean; summary?: string; examples?: string[] }>;
}
const manifest = (): Manifest =>
  JSON.parse(readFileSync(join(repoRoot, 'oclif.manifest.json'), 'utf8')) as Manifest;

async function script(args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const r = await exec(process.execPath, [SCRIPT, ...args], { cwd: repoRoot, timeout: 60_000 });
    return { code: 0, stderr: r.stderr };
  } catch (e) {
    const err = e as { code?: number; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stderr: err.stderr ?? String(e) };
  }
}

function block(readme: string): string {
  const start = readme.indexOf(START);
  const stop = readme.indexOf(STOP);
  expect(start, 'README.md has a <!-- commands --> block').toBeGreaterThanOrEqual(0);
  expect(stop).toBeGreaterThan(start);
  return readme.slice(start, stop);
}

const tmp = mkdtempSync(join(tmpdir(), 'session-readme-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("README.md's command reference", () => {
  it('is what scripts/readme-commands.mjs writes (if not: run `npm run readme`)', async () => {
    const r = await script(['--check']);
    expect(r.code, `the command reference in README.md is stale: run \`npm run readme\`\n${r.stderr}`).toBe(
      0,
    );
  });

  it('--check fails, naming `npm run readme`, when the block was edited by hand or the manifest changed', async () => {
    const readme = readFileSync(README, 'utf8');
    const edited = join(tmp, 'edited.md');
    writeFileSync(edited, readme.replace('### session message send\n', '### session message sent\n'));
    const r = await script(['--check', '--readme', edited]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('npm run readme');

    const m = manifest();
    m.commands['message:send']!.summary = 'A summary that changed.';
    const changed = join(tmp, 'manifest.json');
    writeFileSync(changed, JSON.stringify(m));
    const r2 = await script(['--check', '--manifest', changed]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain('npm run readme');

    const noMarkers = join(tmp, 'no-markers.md');
    writeFileSync(noMarkers, readme.replace(START, ''));
    expect((await script(['--check', '--readme', noMarkers])).code).toBe(1);
  });

  it('is rewritten in place from a stale copy, leaving the rest of the README alone', async () => {
    const readme = readFileSync(README, 'utf8');
    const stale = join(tmp, 'stale.md');
    const start = readme.indexOf(START) + START.length;
    const stop = readme.indexOf(STOP);
    writeFileSync(stale, `${readme.slice(0, start)}\nold hand-written list\n${readme.slice(stop)}`);
    expect((await script(['--readme', stale])).code).toBe(0);
    expect(readFileSync(stale, 'utf8')).toBe(readme);
  });

  it('has a section for every command in the manifest, and the table of contents links to each', () => {
    const text = block(readFileSync(README, 'utf8'));
    const headings = [...text.matchAll(/^### session (.+)$/gm)].map((m) => m[1]!.split(' ').join(':')).sort();
    const ids = Object.values(manifest().commands)
      .filter((c) => !c.hidden)
      .map((c) => c.id)
      .sort();
    expect(ids.length).toBeGreaterThan(50);
    expect(headings).toEqual(ids);
    const links = new Set([...text.matchAll(/\]\(#(session-[a-z0-9-]+)\)/g)].map((m) => m[1]));
    for (const id of ids) expect(links.has(`session-${id.split(':').join('-')}`), id).toBe(true);
    // the manifest's summary of each command is there (a section of the right command)
    const send = text.slice(text.indexOf('### session message send\n'));
    expect(send).toContain(manifest().commands['message:send']!.summary);
  });

  it('shows no secrets: no example carries Recovery Password words', () => {
    const words = new Set(ENGLISH_WORDS);
    for (const cmd of Object.values(manifest().commands)) {
      for (const ex of cmd.examples ?? []) {
        // a Recovery Password is 13 list words; four in a row is already no accident
        let run = 0;
        for (const w of ex.toLowerCase().split(/[^a-z]+/)) {
          run = words.has(w) ? run + 1 : 0;
          expect(run, `${cmd.id}: ${ex}`).toBeLessThan(4);
        }
      }
    }
  });
});
