import { readFile } from 'node:fs/promises';
import { SessionError } from '../errors.js';

/**
 * Input of the messaging commands that must never be wrong silently: where the text comes from
 * (exactly one source), that it is UTF-8 (refused, never "repaired"), and numbers and durations
 * whose errors name the flag and the reason.
 */

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
const UNIT_NAMES = '30s, 10m, 1h, 7d, 2w';

/** "90", "30s", "10m", "1h", "7d", "2w" -> seconds, within [min, max] seconds. */
export function parseDurationFlag(flag: string, text: string, range: { min: number; max: number }): number {
  const m = /^(\d{1,12})(s|m|h|d|w)?$/.exec(text.trim());
  if (!m)
    throw new SessionError('INVALID_INPUT', `--${flag} "${text}" is not a duration (e.g. ${UNIT_NAMES})`);
  const seconds = Number(m[1]) * UNIT_SECONDS[m[2] ?? 's']!;
  if (seconds < range.min)
    throw new SessionError(
      'INVALID_INPUT',
      `--${flag} "${text}" is too short: the minimum is ${human(range.min)}`,
    );
  if (seconds > range.max)
    throw new SessionError(
      'INVALID_INPUT',
      `--${flag} "${text}" is too long: the maximum is ${human(range.max)}`,
    );
  return seconds;
}

/** A whole number within [min, max]; the error says which flag and why. */
export function parseIntegerFlag(flag: string, text: string, range: { min: number; max: number }): number {
  if (!/^-?\d+$/.test(text.trim()))
    throw new SessionError('INVALID_INPUT', `--${flag} "${text}" is not a whole number`);
  const n = Number(text.trim());
  if (!Number.isSafeInteger(n) || n < range.min || n > range.max)
    throw new SessionError(
      'INVALID_INPUT',
      `--${flag} ${text} is out of range: it must be between ${range.min} and ${range.max}`,
    );
  return n;
}

function human(seconds: number): string {
  for (const [u, s] of [
    ['w', 604800],
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
  ] as const)
    if (seconds >= s && seconds % s === 0) return `${seconds / s}${u}`;
  return `${seconds}s`;
}

export type DisappearSetting = { mode: 'after-send' | 'after-read'; seconds: number };

/** The network keeps a message at most 14 days, so no timer can be longer (messages.md §3.7). */
export const MAX_DISAPPEAR_SECONDS = 14 * 86400;

/** `--disappear MODE:DURATION` (one value; "after-read 1h" in one argument is accepted too). */
export function parseDisappear(text: string): DisappearSetting {
  const m = /^(after-send|after-read)[:= ](.+)$/.exec(text.trim());
  if (!m)
    throw new SessionError(
      'INVALID_INPUT',
      `--disappear "${text}" is not MODE:DURATION: MODE is after-send or after-read (e.g. after-read:1h, after-send:10m)`,
    );
  return {
    mode: m[1] as DisappearSetting['mode'],
    seconds: parseDurationFlag('disappear', m[2]!, { min: 1, max: MAX_DISAPPEAR_SECONDS }),
  };
}

/** Strict UTF-8: invalid bytes are refused, never replaced (U+FFFD) and never sent altered. */
export function decodeUtf8(bytes: Uint8Array, source: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (cause) {
    throw new SessionError('INVALID_INPUT', `the text from ${source} is not valid UTF-8; nothing was sent`, {
      cause,
      hint: 'convert it first, e.g. `iconv -f LATIN1 -t UTF-8`',
    });
  }
}

async function readAll(stream: AsyncIterable<unknown>): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/**
 * The message text from exactly one source: TEXT, `--file PATH`, or standard input (`-`, or a
 * pipe when TEXT is absent). Two sources at once is a usage error, not a guess. One trailing
 * newline from a file or pipe (what `echo` adds) is dropped; nothing else is changed.
 */
export async function readMessageText(o: {
  arg: string | undefined;
  file: string | undefined;
  stdin: AsyncIterable<unknown> & { isTTY?: boolean };
}): Promise<string> {
  if (o.file !== undefined && o.arg !== undefined) {
    throw new SessionError(
      'INVALID_INPUT',
      o.arg === '-'
        ? 'give the text once: "-" (standard input) and --file cannot be used together'
        : 'give the text once: TEXT and --file cannot be used together',
      { hint: 'use TEXT, --file PATH, or "-" with a pipe' },
    );
  }
  let text: string;
  if (o.file !== undefined) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(o.file);
    } catch (cause) {
      throw new SessionError('INVALID_INPUT', `cannot read --file ${o.file}`, { cause });
    }
    text = decodeUtf8(bytes, `--file ${o.file}`);
  } else if (o.arg !== undefined && o.arg !== '-') {
    return o.arg;
  } else if (o.arg === '-' || !o.stdin.isTTY) {
    text = decodeUtf8(await readAll(o.stdin), 'standard input');
  } else {
    throw new SessionError('INVALID_INPUT', 'no message text', {
      hint: 'give TEXT, --file PATH, or pipe it on stdin',
    });
  }
  return text.replace(/\r?\n$/, '');
}
