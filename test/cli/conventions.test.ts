import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { repoRoot } from '../helpers/spec.js';

const cli = (args: string[], env: Record<string, string | undefined> = {}) =>
  runCli(args, { env: { XDG_CONFIG_HOME: tempDir(), ...env } });

interface ManifestCommand {
  id: string;
  hidden?: boolean;
  flags: Record<string, { name: string; hidden?: boolean }>;
}
const manifest = JSON.parse(readFileSync(join(repoRoot, 'oclif.manifest.json'), 'utf8')) as {
  commands: Record<string, ManifestCommand>;
};
const commands = Object.values(manifest.commands).filter((c) => !c.hidden);
const ESC = '\u001b[';

describe('CLI conventions', () => {
  it('`session help`, `session help COMMAND` and `-h` on every command exit 0 with usage', async () => {
    const root = await cli(['help']);
    expect(root.code).toBe(0);
    expect(root.stdout).toMatch(/TOPICS|COMMANDS/);
    const one = await cli(['help', 'identity', 'show']);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/\$ session identity show/);
    // Every command, in batches of a few processes at a time (two cores).
    for (let i = 0; i < commands.length; i += 4) {
      const batch = commands.slice(i, i + 4);
      const results = await Promise.all(batch.map((c) => cli([...c.id.split(':'), '-h'])));
      results.forEach((r, k) => {
        expect(r.code, batch[k]!.id).toBe(0);
        expect(r.stdout, batch[k]!.id).toMatch(
          new RegExp(`\\$ session ${batch[k]!.id.split(':').join(' ')}`),
        );
      });
    }
  }, 180_000);

  it('help output has no ANSI escapes when not a terminal or under NO_COLOR', async () => {
    for (const env of [{ NO_COLOR: undefined }, { NO_COLOR: '1' }]) {
      const r = await cli(['identity', 'show', '--help'], env);
      expect(r.stdout).not.toContain(ESC);
      expect(r.stderr).not.toContain(ESC);
    }
  });

  it('`session version --json` and `session --version`', async () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const r = await cli(['version', '--json']);
    expect(r.code).toBe(0);
    expect(r.json.result).toEqual({
      name: 'session-cli',
      version: pkg.version,
      node: process.versions.node,
      platform: process.platform,
      arch: process.arch,
    });
    const plain = await cli(['--version']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain(pkg.version);
  });

  it('completion scripts cover every command and flag', async () => {
    for (const shell of ['bash', 'zsh', 'fish']) {
      const r = await cli(['completion', shell]);
      expect(r.code, shell).toBe(0);
      for (const c of commands) {
        for (const w of c.id.split(':')) expect(r.stdout, `${shell} ${c.id}`).toContain(w);
        for (const f of Object.values(c.flags).filter((x) => !x.hidden)) {
          expect(r.stdout, `${shell} ${c.id} --${f.name}`).toContain(
            shell === 'fish' ? `-l ${f.name}` : `--${f.name}`,
          );
        }
      }
    }
    const bad = await cli(['completion', 'tcsh', '--json']);
    expect(bad.code).toBe(2);
  });

  it('the bash completion completes commands and flags in a real bash', async () => {
    const script = (await cli(['completion', 'bash'])).stdout;
    const file = join(tempDir(), 'completion.bash');
    writeFileSync(file, script);
    const complete = (words: string[]): string[] =>
      execFileSync(
        'bash',
        [
          '-c',
          `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _session_completion; printf '%s\\n' "\${COMPREPLY[@]}"`,
          'bash',
          file,
          ...words,
        ],
        { encoding: 'utf8' },
      )
        .split('\n')
        .filter(Boolean);
    expect(complete(['session', 'ide'])).toEqual(['identity']);
    expect(complete(['session', 'identity', 'sh'])).toEqual(['show']);
    expect(complete(['session', 'identity', 'show', '--q'])).toEqual(['--qr', '--quiet']);
    // arguments after the command do not break flag completion
    expect(complete(['session', 'identity', 'delete', 'alice', '--fo'])).toEqual(['--force']);
  });

  it('--quiet (and -q) suppresses warnings on stderr; they stay in the JSON envelope', async () => {
    const loud = await cli(['identity', 'create', '--no-passphrase', '--data-dir', tempDir()]);
    expect(loud.stderr).toMatch(/Warning: the seed is stored WITHOUT a passphrase/);
    for (const q of ['--quiet', '-q']) {
      const quiet = await cli(['identity', 'create', '--no-passphrase', q, '--data-dir', tempDir()]);
      expect(quiet.code).toBe(0);
      expect(quiet.stderr, q).not.toMatch(/Warning/);
    }
    const json = await cli([
      'identity',
      'create',
      '--no-passphrase',
      '--quiet',
      '--json',
      '--data-dir',
      tempDir(),
    ]);
    expect(json.json.warnings.join(' ')).toMatch(/WITHOUT a passphrase/);
  });

  it('identity show --qr: Unicode blocks without ANSI when not a terminal or NO_COLOR; ANSI with --color always', async () => {
    const dir = tempDir();
    await cli(['identity', 'create', '--no-passphrase', '--data-dir', dir]);
    const plain = await cli(['identity', 'show', '--qr', '--data-dir', dir], { NO_COLOR: undefined });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/[█▀▄]/);
    expect(plain.stdout).not.toContain(ESC);
    const noColor = await cli(['identity', 'show', '--qr', '--data-dir', dir], { NO_COLOR: '1' });
    expect(noColor.stdout).not.toContain(ESC);
    const forced = await cli(['identity', 'show', '--qr', '--color', 'always', '--data-dir', dir]);
    expect(forced.stdout).toContain(ESC);
    const json = await cli(['identity', 'show', '--qr', '--json', '--color', 'always', '--data-dir', dir]);
    expect(json.stdout).not.toContain(ESC);
    expect(json.json.ok).toBe(true);
  });
});
