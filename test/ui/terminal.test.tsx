import { EventEmitter } from 'node:events';
import { render } from 'ink';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/ui/App.js';
import { BOB, CAROL, FakeBackend, OWN, conv, msg } from './fake-backend.js';

// Ink draws only a last frame when it thinks it runs in CI (read when it loads): these tests
// look at the frames, as `session chat` (which says the same to Ink) draws them on a terminal.
vi.hoisted(() => {
  for (const k of ['CI', 'CONTINUOUS_INTEGRATION']) if (k in process.env) process.env[k] = 'false';
});

/**
 * The App on a terminal-like stdout (size that changes, frames as written), rendered by Ink the
 * way `session chat` renders it: throttled, not in ink-testing-library's debug mode.
 */
class FakeTerminal extends EventEmitter {
  columns = 80;
  rows = 24;
  writes: string[] = [];
  write = (s: string) => {
    this.writes.push(s);
    return true;
  };
  /** The screen as the last full frame drew it (ANSI stripped). */
  lastFrame(): string {
    const plain = (this.writes.at(-1) ?? '').replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
    return plain.replace(/\n$/, '');
  }
}

class FakeInput extends EventEmitter {
  isTTY = true;
  setRawMode() {}
  setEncoding() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read() {
    return null;
  }
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function until(check: () => boolean, what: string, timeoutMs = 5000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function start(backend: FakeBackend) {
  const term = new FakeTerminal();
  const ink = render(<App backend={backend} color={false} settleMs={5} />, {
    stdout: term as unknown as NodeJS.WriteStream,
    stdin: new FakeInput() as unknown as NodeJS.ReadStream,
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 30,
  });
  cleanups.push(() => ink.unmount());
  return term;
}

describe('chat App on a terminal', () => {
  it('follows a resize: 80x24, then 50x16 (one pane), every line within the new width', async () => {
    const term = start(new FakeBackend([conv(BOB, { name: 'Bob' }), conv(CAROL, { name: 'Carol' })]));
    await until(() => term.lastFrame().includes('Carol'), 'first frame');
    expect(term.lastFrame()).toContain('│');
    term.columns = 50;
    term.rows = 16;
    term.emit('resize');
    await until(() => !term.lastFrame().includes('│'), 'the narrow layout');
    const lines = term.lastFrame().split('\n');
    expect(lines.length).toBeLessThanOrEqual(15);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(50);
  });

  it('a burst of 300 messages is drawn in a bounded number of frames (no repaint per message)', async () => {
    const b = new FakeBackend([conv(BOB, { name: 'Bob' }), conv(CAROL, { name: 'Carol' })], {
      [BOB]: [msg(BOB, OWN, 'start')],
    });
    const term = start(b);
    await until(() => term.lastFrame().includes('Bob'), 'first frame');
    const before = term.writes.length;
    for (let i = 0; i < 300; i++) b.push(msg(CAROL, CAROL, `burst ${i}`));
    await until(() => term.lastFrame().includes('Carol (300)'), 'the burst counted');
    await new Promise((r) => setTimeout(r, 200));
    // 30 frames a second at most, and list refreshes settle once per burst
    expect(term.writes.length - before).toBeLessThan(60);
  });
});
