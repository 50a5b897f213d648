import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/ui/App.js';
import { BOB, CAROL, DAVE, FakeBackend, OWN, conv, msg } from './fake-backend.js';

// Ink draws only a last frame when it thinks it runs in CI (read when it loads): these tests
// look at the frames, as `session chat` (which says the same to Ink) draws them on a terminal.
vi.hoisted(() => {
  for (const k of ['CI', 'CONTINUOUS_INTEGRATION']) if (k in process.env) process.env[k] = 'false';
});

// Ink's colour library decides at import whether it may colour: let it, so that "no colour" is
// the UI's own doing (the theme), not an accident of the test having no terminal.
vi.hoisted(() => {
  process.env.FORCE_COLOR = '1';
});

const KEY = {
  up: '\u001b[A',
  down: '\u001b[B',
  enter: '\r',
  esc: '\u001b',
  ctrlF: '\u0006',
  ctrlC: '\u0003',
  pageUp: '\u001b[5~',
  backspace: '\u007f',
  altEnter: '\u001b\r',
};

const unmounts: (() => void)[] = [];
afterEach(() => {
  for (const u of unmounts.splice(0)) u();
});

async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Ink reads input asynchronously: each key gets its own turn. */
async function press(stdin: { write(s: string): void }, ...keys: string[]) {
  for (const k of keys) {
    stdin.write(k);
    await new Promise((r) => setTimeout(r, 30));
  }
}

function setup(backend: FakeBackend, opts: { color?: boolean; columns?: number; rows?: number } = {}) {
  let quit = 0;
  const r = render(
    <App
      backend={backend}
      color={opts.color ?? false}
      size={{ columns: opts.columns ?? 80, rows: opts.rows ?? 24 }}
      settleMs={5}
      onQuit={() => quit++}
    />,
  );
  unmounts.push(r.unmount);
  const frame = () => r.lastFrame() ?? '';
  return { ...r, frame, quits: () => quit };
}

function twoConversations() {
  return new FakeBackend([conv(BOB, { name: 'Bob', unread: 2 }), conv(CAROL, { name: 'Carol' })], {
    [BOB]: [msg(BOB, BOB, 'hello from bob'), msg(BOB, OWN, 'hi bob')],
    [CAROL]: [msg(CAROL, CAROL, 'carol here')],
  });
}

describe('chat App', () => {
  it('lists conversations with unread counts and moves the selection with arrows and j/k', async () => {
    const b = twoConversations();
    const { stdin, frame } = setup(b);
    await until(() => frame().includes('Carol'), 'the list');
    expect(frame()).toMatch(/> Bob \(2\)/);
    await press(stdin, KEY.down);
    await until(() => /> Carol/.test(frame()), 'Carol selected');
    await press(stdin, 'k');
    await until(() => /> Bob/.test(frame()), 'Bob selected again');
    await press(stdin, 'j');
    await until(() => /> Carol/.test(frame()), 'j moves down');
    await press(stdin, KEY.up);
    await until(() => /> Bob/.test(frame()), 'up moves up');
    // keys that arrive together each count
    await press(stdin, 'jjk');
    await until(() => /> Carol/.test(frame()), 'jjk moves one down');
  });

  it('Enter opens the selected conversation and marks it read; Esc goes back', async () => {
    const b = twoConversations();
    const { stdin, frame } = setup(b);
    await until(() => frame().includes('Carol'), 'the list');
    await press(stdin, KEY.down, KEY.enter);
    await until(() => frame().includes('carol here'), 'carol history');
    expect(b.called('messages')[0]!.args[0]).toBe(CAROL);
    await until(() => b.called('markRead').length === 1, 'markRead');
    expect(b.called('markRead')[0]!.args).toEqual([CAROL]);
    await press(stdin, KEY.esc);
    await until(() => !frame().includes('carol here') && frame().includes('Enter opens'), 'back to the list');
  });

  it('text typed in the composer is sent with Enter; Alt-Enter makes a second line', async () => {
    const b = twoConversations();
    const { stdin, frame } = setup(b);
    await until(() => frame().includes('Bob'), 'the list');
    await press(stdin, KEY.enter);
    await until(() => frame().includes('hello from bob'), 'bob history');
    await press(stdin, 'line one', KEY.altEnter, 'line two!', KEY.backspace, KEY.enter);
    await until(() => b.called('send').length === 1, 'send');
    expect(b.called('send')[0]!.args.slice(0, 2)).toEqual([BOB, 'line one\nline two']);
    await until(
      () => frame().includes('line two') && frame().includes('> █'),
      'sent message shown, draft cleared',
    );
  });

  it('keys that arrive in one chunk with Enter are handled in order ("j⏎", "hello⏎")', async () => {
    const b = twoConversations();
    const { stdin, frame } = setup(b);
    await until(() => frame().includes('Carol'), 'the list');
    await press(stdin, 'j\r');
    await until(() => frame().includes('carol here'), 'Carol opened');
    await press(stdin, 'hello\r');
    await until(() => b.called('send').length === 1, 'send');
    expect(b.called('send')[0]!.args.slice(0, 2)).toEqual([CAROL, 'hello']);
  });

  it('a failed send keeps the draft and shows the error', async () => {
    const b = twoConversations();
    b.failSend = new Error('the swarm did not answer');
    const { stdin, frame } = setup(b);
    await until(() => frame().includes('Bob'), 'the list');
    await press(stdin, KEY.enter, 'try again', KEY.enter);
    await until(() => frame().includes('error: the swarm did not answer'), 'the error');
    expect(frame()).toContain('> try again');
  });

  it('live messages appear in the open conversation and count as unread elsewhere', async () => {
    const b = twoConversations();
    const { stdin, frame } = setup(b);
    await until(() => frame().includes('Bob'), 'the list');
    await press(stdin, KEY.enter);
    await until(() => frame().includes('hello from bob'), 'bob history');
    b.push(msg(BOB, BOB, 'live one'));
    await until(() => frame().includes('live one'), 'the live message');
    // the open conversation is marked read again (the burst settles), and the list is refreshed
    await until(() => b.called('markRead').length >= 2, 'markRead after the live message');
    b.push(msg(CAROL, CAROL, 'elsewhere'));
    await until(() => /Carol \(1\)/.test(frame()), 'unread for Carol');
    expect(frame()).not.toContain('elsewhere');
  });

  it('a request is accepted with /accept', async () => {
    const b = new FakeBackend([conv(BOB, { name: 'Bob' }), conv(DAVE, { name: 'Dave', state: 'request' })], {
      [DAVE]: [msg(DAVE, DAVE, 'can we talk?')],
    });
    const { stdin, frame } = setup(b);
    await until(() => frame().includes('Dave [req]'), 'the request in the list');
    expect(frame()).toContain('1 request');
    await press(stdin, 'j', KEY.enter);
    await until(() => frame().includes('[request: /accept or /block]'), 'request header');
    await press(stdin, '/accept', KEY.enter);
    await until(() => frame().includes('Request accepted'), 'accepted');
    expect(b.called('accept')[0]!.args).toEqual([DAVE]);
    expect(frame()).not.toContain('[request');
  });

  it('/accept outside a request and unknown commands are refused without a backend call', async () => {
    const b = twoConversations();
    const { stdin, frame } = setup(b);
    await until(() => frame().includes('Bob'), 'the list');
    await press(stdin, KEY.enter, '/accept', KEY.enter);
    await until(() => frame().includes('not a message request'), 'refusal');
    // a refused line stays in the composer, to be corrected
    expect(frame()).toContain('> /accept█');
    await press(stdin, ...Array<string>(7).fill(KEY.backspace), '/frobnicate', KEY.enter);
    await until(() => frame().includes('unknown command /frobnicate'), 'unknown command');
    expect(b.called('accept')).toHaveLength(0);
    expect(b.called('send')).toHaveLength(0);
    // a doubled slash sends the text
    await press(stdin, ...Array<string>(11).fill(KEY.backspace), '//etc', KEY.enter);
    await until(() => b.called('send').length === 1, 'send');
    expect(b.called('send')[0]!.args[1]).toBe('/etc');
  });

  it('/block blocks the contact', async () => {
    const b = twoConversations();
    const { stdin, frame } = setup(b);
    await until(() => frame().includes('Bob'), 'the list');
    await press(stdin, KEY.enter, '/block', KEY.enter);
    await until(() => frame().includes('[blocked]'), 'blocked');
    expect(b.called('block')[0]!.args).toEqual([BOB]);
  });

  it('/reply quotes the newest message in the next send', async () => {
    const b = twoConversations();
    const { stdin, frame } = setup(b);
    await until(() => frame().includes('Bob'), 'the list');
    await press(stdin, KEY.enter, '/reply 2', KEY.enter);
    await until(() => frame().includes('replying to Bob: hello from bob'), 'reply banner');
    await press(stdin, 'agreed', KEY.enter);
    await until(() => b.called('send').length === 1, 'send');
    const opts = b.called('send')[0]!.args[2] as { quote?: { text: string } };
    expect(opts.quote?.text).toBe('hello from bob');
  });

  it('/attach PATH adds a file to the next message; a missing file is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chat-attach-'));
    const file = join(dir, 'photo.png');
    writeFileSync(file, 'png');
    const b = twoConversations();
    const { stdin, frame } = setup(b);
    await until(() => frame().includes('Bob'), 'the list');
    const missing = `/attach ${join(dir, 'nope.png')}`;
    await press(stdin, KEY.enter, missing, KEY.enter);
    await until(() => frame().includes('no such file'), 'refusal');
    await press(stdin, ...Array<string>(missing.length).fill(KEY.backspace));
    await press(stdin, `/attach ${file}`, KEY.enter);
    // the pending line is cut to the pane's width: its start names the file's directory
    const pending = () => frame().includes(`+ ${dir.slice(0, 20)}`);
    await until(pending, 'pending attachment');
    await press(stdin, 'look', KEY.enter);
    await until(() => b.called('send').length === 1, 'send');
    expect(b.called('send')[0]!.args[2]).toEqual({ attachments: [file] });
    await until(() => !pending(), 'attachments cleared after the send');
  });

  it('? shows the keyboard help and Esc closes it', async () => {
    const b = twoConversations();
    const { stdin, frame } = setup(b);
    await until(() => frame().includes('Bob'), 'the list');
    await press(stdin, '?');
    await until(() => frame().includes('Keyboard help'), 'help');
    expect(frame()).toContain('/accept');
    await press(stdin, KEY.esc);
    await until(() => !frame().includes('Keyboard help'), 'help closed');
  });

  it('Ctrl-F searches the conversation and highlights the match', async () => {
    const b = new FakeBackend([conv(BOB, { name: 'Bob' })], {
      [BOB]: [msg(BOB, BOB, 'apples'), msg(BOB, BOB, 'pears'), msg(BOB, OWN, 'more apples')],
    });
    const { stdin, frame } = setup(b);
    await until(() => frame().includes('Bob'), 'the list');
    await press(stdin, KEY.enter, KEY.ctrlF, 'apple');
    await until(() => frame().includes('search: apple█ (2/2)'), 'two matches');
    await press(stdin, KEY.up);
    await until(() => frame().includes('(1/2)'), 'previous match');
    await press(stdin, KEY.enter);
    await until(() => frame().includes('» Bob'), 'highlighted match');
    await press(stdin, KEY.esc);
    await until(() => !frame().includes('»'), 'search ended');
  });

  it('Ctrl-C quits', async () => {
    const b = twoConversations();
    const { stdin, frame, quits } = setup(b);
    await until(() => frame().includes('Bob'), 'the list');
    await press(stdin, KEY.ctrlC);
    await until(() => quits() === 1, 'quit');
  });

  it('shows attachments, reactions, quotes, names and disappearing timers', async () => {
    const now = Date.now();
    const b = new FakeBackend([conv(BOB, { name: 'Bob' })], {
      [BOB]: [
        msg(BOB, BOB, 'see file', {
          attachments: [{ id: '7', fileName: 'report.pdf', contentType: 'application/pdf', size: 2048 }],
          reactions: { '👍': { count: 2, you: true } },
          expiresAt: now + 5 * 60_000 + 500,
        }),
        msg(BOB, OWN, 'thanks', { quote: { id: 'x', author: BOB, text: 'see file' } }),
      ],
    });
    const { stdin, frame } = setup(b);
    await until(() => frame().includes('Bob'), 'the list');
    await press(stdin, KEY.enter);
    await until(() => frame().includes('report.pdf'), 'history');
    const f = frame();
    expect(f).toContain('[file] report.pdf (application/pdf, 2.0 KB)');
    expect(f).toContain('👍 2*');
    expect(f).toMatch(/│ Bob: see file/);
    expect(f).toMatch(/\[disappears in 5m\]/);
    expect(f).toMatch(/│ ?me (\d{4}-\d\d-\d\d )?\d\d:\d\d/);
  });

  it('an 80x24 frame fits: at most 23 rows, none wider than 80 columns', async () => {
    const convs = Array.from({ length: 100 }, (_, i) =>
      conv(`05${i.toString(16).padStart(64, '0')}`, {
        name: `Person number ${i} with a long name`,
        unread: i,
      }),
    );
    const first = convs[0]!.id;
    const b = new FakeBackend(convs, {
      [first]: Array.from({ length: 300 }, (_, i) =>
        msg(first, i % 2 ? OWN : first, `message ${i} `.repeat(12)),
      ),
    });
    const { stdin, frame } = setup(b);
    await until(() => frame().includes('Person number 1'), 'the list');
    await press(stdin, KEY.enter);
    await until(() => frame().includes('message 299'), 'history');
    for (const f of [frame()]) {
      const lines = f.split('\n');
      expect(lines.length).toBeLessThanOrEqual(23);
      for (const l of lines) expect([...l].length).toBeLessThanOrEqual(80);
    }
  });

  it('adapts to a narrow terminal: one pane at a time', async () => {
    const b = twoConversations();
    const { stdin, frame } = setup(b, { columns: 40, rows: 12 });
    await until(() => frame().includes('Bob'), 'the list');
    await press(stdin, KEY.enter);
    await until(() => frame().includes('hello from bob'), 'history');
    expect(frame()).not.toContain('Carol');
    for (const l of frame().split('\n')) expect([...l].length).toBeLessThanOrEqual(40);
  });

  it('NO_COLOR: no ANSI colour codes; with colour there are', async () => {
    const plain = setup(twoConversations(), { color: false });
    await until(() => plain.frame().includes('Carol'), 'plain list');
    expect(plain.frames.join('')).not.toMatch(/\u001b\[[0-9;]*m/);
    const colour = setup(twoConversations(), { color: true });
    await until(() => colour.frame().includes('Carol'), 'colour list');
    expect(colour.frames.join('')).toMatch(/\u001b\[[0-9;]*m/);
  });
});
