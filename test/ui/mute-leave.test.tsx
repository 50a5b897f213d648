import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/ui/App.js';
import { BOB, CAROL, FakeBackend, conv, msg, type, until } from './fake-backend.js';

// as in app.test.tsx: Ink must think it draws on a terminal, and colour is the theme's doing
vi.hoisted(() => {
  for (const k of ['CI', 'CONTINUOUS_INTEGRATION']) if (k in process.env) process.env[k] = 'false';
  process.env.FORCE_COLOR = '1';
});

/** /mute, /unmute and /leave in the TUI go through the backend; the list marks muted ones. */
const ENTER = '\r';
const GROUP = '03' + 'e'.repeat(64);
const NOW = 1_800_000_000_000;

const unmounts: (() => void)[] = [];
afterEach(() => {
  for (const u of unmounts.splice(0)) u();
});

/** The fake backend with mute and leave, changing its list as a real backend's store would. */
class MutingBackend extends FakeBackend {
  override capabilities = { quote: true, react: false, mute: true, leave: true };
  mute(conversation: string, untilMs: number | null): Promise<void> {
    this.calls.push({ method: 'mute', args: [conversation, untilMs] });
    this.convs = this.convs.map((c) => (c.id === conversation ? { ...c, mutedUntil: untilMs } : c));
    return Promise.resolve();
  }
  leave(conversation: string): Promise<void> {
    this.calls.push({ method: 'leave', args: [conversation] });
    this.convs = this.convs.filter((c) => c.id !== conversation);
    return Promise.resolve();
  }
}

function open(b: FakeBackend) {
  const r = render(
    <App
      backend={b}
      color={false}
      size={{ columns: 80, rows: 24 }}
      settleMs={5}
      clock={() => NOW}
      onQuit={() => undefined}
    />,
  );
  unmounts.push(r.unmount);
  return { ...r, frame: () => r.lastFrame() ?? '' };
}

/** The list's row of `name` (the left column; the header line above it names the open one). */
const rowOf = (frame: string, name: string) =>
  frame
    .split('\n')
    .map((l) => l.split('│')[0]!)
    .find((l) => /^[ >*] /.test(l) && l.includes(name)) ?? '';

describe('chat: mute and leave', () => {
  it('/mute 1h asks the backend to mute until now + 1 h, and the list marks it; /unmute clears it', async () => {
    const b = new MutingBackend([conv(BOB, { name: 'Bob' })], { [BOB]: [msg(BOB, BOB, 'hi')] });
    const { stdin, frame } = open(b);
    await until(() => frame().includes('Bob'), 'the list');
    expect(rowOf(frame(), 'Bob')).not.toContain('mut');
    await type(stdin, ENTER);
    await until(() => frame().includes('hi'), 'history');
    await type(stdin, ...'/mute 1h', ENTER);
    await until(() => b.called('mute').length === 1, 'the mute');
    expect(b.called('mute')[0]!.args).toEqual([BOB, NOW + 3_600_000]);
    await until(() => rowOf(frame(), 'Bob').includes('[mut]'), 'the muted mark');
    await type(stdin, ...'/unmute', ENTER);
    await until(() => b.called('mute').length === 2, 'the unmute');
    expect(b.called('mute')[1]!.args).toEqual([BOB, null]);
    await until(() => !rowOf(frame(), 'Bob').includes('mut'), 'the mark gone');
  });

  it('/mute (forever) asks for Infinity', async () => {
    const b = new MutingBackend([conv(BOB, { name: 'Bob' })]);
    const { stdin, frame } = open(b);
    await until(() => frame().includes('Bob'), 'the list');
    await type(stdin, ENTER, ...'/mute forever', ENTER);
    await until(() => b.called('mute').length === 1, 'the mute');
    expect(b.called('mute')[0]!.args).toEqual([BOB, Infinity]);
    await until(() => rowOf(frame(), 'Bob').includes('[mut]'), 'the muted mark');
  });

  it('a mute that has run out is not marked', async () => {
    const b = new MutingBackend([
      conv(BOB, { name: 'Bob', mutedUntil: NOW - 1000 }),
      conv(CAROL, { name: 'Carol', mutedUntil: NOW + 1000 }),
    ]);
    const { frame } = open(b);
    await until(() => frame().includes('Carol'), 'the list');
    expect(rowOf(frame(), 'Bob')).not.toContain('mut');
    expect(rowOf(frame(), 'Carol')).toContain('[mut]');
  });

  it('/leave in a group asks the backend to leave it; the group goes from the list', async () => {
    const b = new MutingBackend([conv(GROUP, { kind: 'group', name: 'Team' }), conv(BOB, { name: 'Bob' })]);
    const { stdin, frame } = open(b);
    await until(() => frame().includes('Team'), 'the list');
    await type(stdin, ENTER, ...'/leave', ENTER);
    await until(() => b.called('leave').length === 1, 'the leave');
    expect(b.called('leave')[0]!.args).toEqual([GROUP]);
    await until(() => !frame().includes('Team'), 'the group gone');
  });

  it('/leave in a 1:1 conversation is answered with a notice; the backend is not asked', async () => {
    const b = new MutingBackend([conv(BOB, { name: 'Bob' })]);
    const { stdin, frame } = open(b);
    await until(() => frame().includes('Bob'), 'the list');
    await type(stdin, ENTER, ...'/leave', ENTER);
    await until(() => frame().includes('cannot be left'), 'the notice');
    expect(b.called('leave')).toEqual([]);
  });
});
