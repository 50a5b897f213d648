import { describe, expect, it } from 'vitest';
import { resolveArgv, suggestCommand } from '../../src/cli/resolve.js';
import { toSessionError } from '../../src/cli/failure.js';
import { runCli, tempDir } from '../helpers/cli.js';

// A Recovery Password (13 wordlist words) a user might type as arguments by mistake.
const PHRASE = 'amaze buffet cake entrance symptoms tiger lamb maze nestle python dusted faxed faxed';
const WORDS = [...new Set(PHRASE.split(' '))];

const cli = (args: string[], env: Record<string, string | undefined> = {}) =>
  runCli(args, { env: { XDG_CONFIG_HOME: tempDir(), ...env } });

function expectNoWordEchoed(text: string): void {
  for (const w of WORDS) expect(text, `"${w}" was echoed`).not.toMatch(new RegExp(`\\b${w}\\b`));
}

describe('usage errors through the CLI', () => {
  it('an unknown command exits 2 with UNKNOWN_COMMAND and suggests the closest command', async () => {
    const r = await cli(['mesage', 'send', 'hello', '--json']);
    expect(r.code).toBe(2);
    expect(r.json).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_COMMAND', exitCode: 2, details: { suggestion: 'message send' } },
    });
    expect(r.json.error.hint).toMatch(/did you mean `session message send`/);
    expect(r.json.error.message).toBeTypeOf('string');

    const human = await cli(['mesage', 'send', 'hello']);
    expect(human.code).toBe(2);
    expect(human.stdout).toBe('');
    expect(human.stderr).toMatch(/Error \[UNKNOWN_COMMAND\]/);
    expect(human.stderr).toMatch(/did you mean `session message send`/);
    expect(human.stdout + human.stderr).not.toMatch(/hello|mesage/);
  });

  it('a typo in the verb of a topic is an unknown command (exit 2), not topic help', async () => {
    const r = await cli(['message', 'sned', '--json']);
    expect(r.code).toBe(2);
    expect(r.json.error.code).toBe('UNKNOWN_COMMAND');
    expect(r.json.error.details.suggestion).toBe('message send');
  });

  it('--json anywhere in argv gives the envelope, also before the words', async () => {
    const r = await cli(['identity', 'nope', '--json']);
    expect(r.code).toBe(2);
    expect(r.json.error.code).toBe('UNKNOWN_COMMAND');
    const first = await cli(['--json', 'mesage']);
    expect(first.code).toBe(2);
    expect(first.json.error.code).toBe('INVALID_INPUT');
  });

  it('an unknown flag suggests the closest flag (`--jsn` -> `--json`)', async () => {
    const r = await cli(['identity', 'show', '--jsn']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Error \[INVALID_INPUT\]: unknown flag: --jsn/);
    expect(r.stderr).toMatch(/did you mean --json\?/);
    const j = await cli(['identity', 'list', '--data-dri', '/tmp', '--json']);
    expect(j.code).toBe(2);
    expect(j.json.error).toMatchObject({ code: 'INVALID_INPUT', details: { suggestion: '--data-dir' } });
  });

  it('a missing argument or required flag is INVALID_INPUT, exit 2, naming it', async () => {
    const a = await cli(['identity', 'use', '--json']);
    expect(a.code).toBe(2);
    expect(a.json.error).toMatchObject({ code: 'INVALID_INPUT', exitCode: 2 });
    expect(a.json.error.message).toMatch(/missing required argument: name/);
    const f = await cli(['devnet', 'status', '--json']);
    expect(f.code).toBe(2);
    expect(f.json.error.message).toMatch(/--dir/);
  });

  it('a bad flag value names the flag but not the value', async () => {
    const r = await cli(['devnet', 'start', '--dir', tempDir(), '--nodes', 'tiger', '--json']);
    expect(r.code).toBe(2);
    expect(r.json.error.code).toBe('INVALID_INPUT');
    expect(r.json.error.message).toMatch(/--nodes/);
    expect(r.stdout).not.toMatch(/tiger/);
  });

  const leaks: [string, string[]][] = [
    ['as arguments of identity restore', ['identity', 'restore', ...PHRASE.split(' ')]],
    ['as arguments of a misspelt command', ['identity', 'resotre', ...PHRASE.split(' ')]],
    ['as the command itself', PHRASE.split(' ')],
    ['after a topic', ['identity', ...PHRASE.split(' ')]],
    ['with --help', [...PHRASE.split(' '), '--help']],
    ['as help subject', ['help', ...PHRASE.split(' ')]],
    ['after a flag value', ['identity', 'restore', '--name', 'x', ...PHRASE.split(' ')]],
    ['as a flag value option', ['completion', 'amaze']],
  ];
  for (const [what, args] of leaks) {
    it(`a Recovery Password typed ${what} is never echoed (exit 2)`, async () => {
      for (const json of [false, true]) {
        const r = await cli([...args, ...(json ? ['--json'] : [])], { SESSION_VERBOSE: '1' });
        expect(r.code).toBe(2);
        expectNoWordEchoed(r.stdout + r.stderr);
        if (json) expect(r.json.ok).toBe(false);
      }
    });
  }

  it('no leftover oclif wording that repeats argv ("command … not found", "Unexpected argument")', async () => {
    const r = await cli(['identity', 'restore', 'amaze', 'buffet']);
    expect(r.stderr).not.toMatch(/not found|Unexpected argument/);
    expect(r.stderr).toMatch(/unexpected arguments \(2 given/);
  });
});

describe('command resolution (unit)', () => {
  const table = {
    ids: ['message:send', 'message:list', 'identity:restore', 'identity:show', 'help', 'version'],
    topics: ['message', 'identity'],
  };
  it('takes the longest command prefix and leaves the rest as arguments', () => {
    expect(resolveArgv(['identity', 'restore', 'a', 'b'], table)).toEqual({
      kind: 'command',
      id: 'identity:restore',
      rest: ['a', 'b'],
    });
  });
  it('help flags and topics', () => {
    expect(resolveArgv([], table)).toEqual({ kind: 'help' });
    expect(resolveArgv(['-h'], table)).toEqual({ kind: 'help' });
    expect(resolveArgv(['message'], table)).toEqual({ kind: 'help', subject: 'message' });
    expect(resolveArgv(['message', 'send', '-h'], table)).toEqual({ kind: 'help', subject: 'message:send' });
    expect(resolveArgv(['--version'], table)).toEqual({ kind: 'command', id: 'version', rest: [] });
    // after `--` a `-h` is data
    expect(resolveArgv(['message', 'send', '--', '-h'], table)).toMatchObject({ kind: 'command' });
  });
  it('suggests by edit distance, or nothing when nothing is close', () => {
    expect(suggestCommand(['mesage', 'send'], table.ids)).toBe('message send');
    expect(suggestCommand(['identity', 'shwo'], table.ids)).toBe('identity show');
    expect(suggestCommand(['amaze', 'buffet', 'cake'], table.ids)).toBeUndefined();
    expect(() => resolveArgv(['amaze'], table)).toThrow(/unknown command/);
  });
  it('maps oclif parse errors without their text', () => {
    class UnexpectedArgsError extends Error {
      oclif = { exit: 2 };
      args = ['hunter1', 'hunter2'];
    }
    const e = toSessionError(new UnexpectedArgsError('Unexpected arguments: hunter1, hunter2'));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).not.toMatch(/hunter/);
  });
});
