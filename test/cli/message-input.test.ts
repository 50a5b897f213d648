import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  decodeUtf8,
  parseDisappear,
  parseDurationFlag,
  parseIntegerFlag,
  readMessageText,
} from '../../src/cli/message-input.js';
import { isSessionError } from '../../src/errors.js';
import { tempDir } from '../helpers/cli.js';

const pipe = (bytes: Uint8Array) => Object.assign(Readable.from([Buffer.from(bytes)]), { isTTY: false });
const tty = Object.assign(Readable.from([]), { isTTY: true });

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'none';
  } catch (e) {
    return isSessionError(e) ? `${e.code}: ${e.message}` : `not a SessionError: ${String(e)}`;
  }
}

describe('message text input', () => {
  it('exactly one source: TEXT with --file, or "-" with --file, is INVALID_INPUT', async () => {
    const f = join(tempDir(), 't.txt');
    writeFileSync(f, 'from file');
    expect(await code(readMessageText({ arg: 'hi', file: f, stdin: tty }))).toMatch(
      /^INVALID_INPUT: .*TEXT and --file/,
    );
    expect(await code(readMessageText({ arg: '-', file: f, stdin: tty }))).toMatch(
      /^INVALID_INPUT: .*"-".*--file/,
    );
    expect(await readMessageText({ arg: undefined, file: f, stdin: tty })).toBe('from file');
  });

  it('stdin and files must be valid UTF-8: refused, never replaced', async () => {
    const bad = new Uint8Array([0x68, 0x69, 0xff, 0xfe]);
    expect(await code(readMessageText({ arg: '-', file: undefined, stdin: pipe(bad) }))).toMatch(
      /^INVALID_INPUT: the text from standard input is not valid UTF-8/,
    );
    const f = join(tempDir(), 'latin1.txt');
    writeFileSync(f, Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    expect(await code(readMessageText({ arg: undefined, file: f, stdin: tty }))).toMatch(
      /--file .*not valid UTF-8/,
    );
    expect(() => decodeUtf8(new Uint8Array([0xc3]), 'x')).toThrow(/UTF-8/);
  });

  it('valid text is kept byte for byte (BOM, CRLF inside), only one trailing newline is dropped', async () => {
    const text = '\uFEFFline 1\r\nline 2 ✓\n\n';
    const got = await readMessageText({ arg: undefined, file: undefined, stdin: pipe(Buffer.from(text)) });
    expect(got).toBe('\uFEFFline 1\r\nline 2 ✓\n');
  });

  it('no text at all on a terminal is INVALID_INPUT', async () => {
    expect(await code(readMessageText({ arg: undefined, file: undefined, stdin: tty }))).toMatch(
      /^INVALID_INPUT: no message text/,
    );
  });
});

describe('flag values name the flag and the reason', () => {
  it('--disappear MODE:DURATION, one value', () => {
    expect(parseDisappear('after-read:1h')).toEqual({ mode: 'after-read', seconds: 3600 });
    expect(parseDisappear('after-send:10m')).toEqual({ mode: 'after-send', seconds: 600 });
    expect(parseDisappear('after-send 30s')).toEqual({ mode: 'after-send', seconds: 30 });
    expect(() => parseDisappear('after-read')).toThrow(/--disappear "after-read" is not MODE:DURATION/);
    expect(() => parseDisappear('sometimes:1h')).toThrow(/--disappear/);
    expect(() => parseDisappear('after-read:15d')).toThrow(
      '--disappear "15d" is too long: the maximum is 2w',
    );
    expect(() => parseDisappear('after-read:0s')).toThrow('--disappear "0s" is too short: the minimum is 1s');
  });

  it('durations and integers out of range say which flag and the limit', () => {
    expect(() => parseDurationFlag('ttl', '20d', { min: 10, max: 14 * 86400 })).toThrow(
      '--ttl "20d" is too long: the maximum is 2w',
    );
    expect(() => parseDurationFlag('ttl', '5s', { min: 10, max: 100 })).toThrow(
      '--ttl "5s" is too short: the minimum is 10s',
    );
    expect(() => parseDurationFlag('ttl', 'soon', { min: 1, max: 2 })).toThrow(
      '--ttl "soon" is not a duration',
    );
    expect(() => parseIntegerFlag('limit', '0', { min: 1, max: 10 })).toThrow(
      '--limit 0 is out of range: it must be between 1 and 10',
    );
    expect(() => parseIntegerFlag('limit', '1.5', { min: 1, max: 10 })).toThrow(
      '--limit "1.5" is not a whole number',
    );
    expect(() =>
      parseIntegerFlag('since', '99999999999999999999', { min: 0, max: Number.MAX_SAFE_INTEGER }),
    ).toThrow(/--since .* out of range/);
    expect(parseIntegerFlag('limit', '10', { min: 1, max: 10 })).toBe(10);
  });
});
