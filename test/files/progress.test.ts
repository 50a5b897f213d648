import { describe, expect, it } from 'vitest';
import { formatBytes, progressDisplay, progressLine } from '../../src/files/progress.js';

function fakeStream(isTTY: boolean) {
  const out: string[] = [];
  return { out, stream: { isTTY, columns: 80, write: (s: string) => out.push(s) } };
}

function manualTimers() {
  let fn: (() => void) | undefined;
  let cleared = false;
  return {
    setInterval: (f: () => void) => ((fn = f), {}),
    clearInterval: () => (cleared = true),
    tick: () => fn?.(),
    get cleared() {
      return cleared;
    },
  };
}

describe('transfer progress on stderr', () => {
  it('lines: a bar with percent where bytes are known, elapsed time for the onion phases', () => {
    expect(progressLine({ phase: 'write', bytes: 5_000_000, total: 10_000_000 }, 1500)).toMatch(
      /^Writing \[#+-+\] 50% of 10\.0 MB {2}1\.5 s$/,
    );
    expect(progressLine({ phase: 'upload', bytes: 0, total: 9_828_144 }, 12_000)).toBe(
      'Uploading 9.8 MB …  12.0 s',
    );
    expect(progressLine({ phase: 'download' }, 0)).toBe('Downloading …  0.0 s');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1500)).toBe('1.5 kB');
  });

  it('nothing on a non-terminal or when disabled (--json, --quiet)', () => {
    for (const [tty, enabled] of [
      [false, true],
      [true, false],
    ] as const) {
      const { out, stream } = fakeStream(tty);
      const t = manualTimers();
      const p = progressDisplay(stream, { enabled, delayMs: 0, now: () => 10_000, ...t });
      p.onProgress({ phase: 'upload', total: 100 });
      t.tick();
      p.finish();
      expect(out).toEqual([]);
    }
  });

  it('nothing for a short transfer; a redrawn line after the delay, erased at the end', () => {
    let now = 0;
    const { out, stream } = fakeStream(true);
    const t = manualTimers();
    const p = progressDisplay(stream, { enabled: true, delayMs: 700, now: () => now, ...t });
    p.onProgress({ phase: 'upload', total: 5_000_000 });
    now = 300;
    t.tick();
    expect(out).toEqual([]);
    now = 2000;
    t.tick();
    expect(out).toEqual(['\rUploading 5.0 MB …  2.0 s\u001b[K']);
    p.finish();
    expect(out.at(-1)).toBe('\r\u001b[K');
    expect(t.cleared).toBe(true);
    // finish() twice (the command's explicit call, then its finally) erases once; a late tick draws nothing
    const n = out.length;
    p.finish();
    t.tick();
    expect(out.length).toBe(n);
  });
});
