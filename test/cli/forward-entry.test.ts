import { openSync, closeSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isTerminal, type TerminalProbe } from '../../src/cli/forward-entry.js';

/** A probe answering from a fake fstat; records whether the terminal driver was asked. */
function probe(st: { char: boolean; rdev: number } | 'closed', devNullRdev: number | 'missing' = 259) {
  const asked: number[] = [];
  const p: TerminalProbe = {
    fstat: () => {
      if (st === 'closed') throw Object.assign(new Error('EBADF'), { code: 'EBADF' });
      return { isCharacterDevice: () => st.char, rdev: st.rdev };
    },
    devNull: () => {
      if (devNullRdev === 'missing') throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return { rdev: devNullRdev };
    },
    isatty: (fd) => {
      asked.push(fd);
      return Promise.resolve(true);
    },
  };
  return { p, asked };
}

describe('isTerminal (the forwarder asks it instead of making process.stdin/stdout/stderr)', () => {
  it('a pipe, file or socket is no terminal, without asking the terminal driver', async () => {
    const { p, asked } = probe({ char: false, rdev: 0 });
    expect(await isTerminal(0, p)).toBe(false);
    expect(asked).toEqual([]);
  });

  it('a closed descriptor is no terminal', async () => {
    const { p, asked } = probe('closed');
    expect(await isTerminal(2, p)).toBe(false);
    expect(asked).toEqual([]);
  });

  it('/dev/null (cron, CI, systemd) is no terminal, without asking the driver', async () => {
    const { p, asked } = probe({ char: true, rdev: 259 }, 259);
    expect(await isTerminal(0, p)).toBe(false);
    expect(asked).toEqual([]);
  });

  it('any other character device is asked about (a terminal says yes)', async () => {
    const { p, asked } = probe({ char: true, rdev: 34816 }, 259);
    expect(await isTerminal(1, p)).toBe(true);
    expect(asked).toEqual([1]);
    // no /dev/null to compare with (a chroot): the driver decides
    const missing = probe({ char: true, rdev: 259 }, 'missing');
    expect(await isTerminal(0, missing.p)).toBe(true);
    expect(missing.asked).toEqual([0]);
  });

  it('with the real probe: /dev/null and a regular file are no terminal', async () => {
    const fd = openSync('/dev/null', 'r');
    const file = openSync(new URL(import.meta.url), 'r');
    try {
      expect(await isTerminal(fd)).toBe(false);
      expect(await isTerminal(file)).toBe(false);
    } finally {
      closeSync(fd);
      closeSync(file);
    }
  });
});
