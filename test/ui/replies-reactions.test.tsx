import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReactionEvent } from '../../src/messages/message-object.js';
import { App } from '../../src/ui/App.js';
import type { ChatMessage } from '../../src/ui/backend.js';
import { BOB, FakeBackend, OWN, conv, msg, type, until } from './fake-backend.js';

// as in app.test.tsx: Ink must think it draws on a terminal, and colour is the theme's doing
vi.hoisted(() => {
  for (const k of ['CI', 'CONTINUOUS_INTEGRATION']) if (k in process.env) process.env[k] = 'false';
  process.env.FORCE_COLOR = '1';
});

/** Issue 15 in the TUI: replies and reactions go through the backend and received ones show. */
const ENTER = '\r';

const unmounts: (() => void)[] = [];
afterEach(() => {
  for (const u of unmounts.splice(0)) u();
});

/** The fake backend with a react that answers as the real ones do: the reaction event. */
class ReactingBackend extends FakeBackend {
  override capabilities = { quote: true, react: true, mute: false, leave: false };
  react(conversation: string, message: ChatMessage, emoji: string): Promise<ReactionEvent> {
    this.calls.push({ method: 'react', args: [conversation, message, emoji] });
    const mine = message.reactions?.[emoji]?.you === true;
    return Promise.resolve({
      type: 'reaction',
      id: `${OWN}:${message.timestamp + 1}`,
      cursor: message.cursor,
      target: message.id,
      from: OWN,
      conversation,
      emoji,
      action: mine ? 'remove' : 'react',
      timestamp: message.timestamp + 1,
      reactions: mine ? {} : { [emoji]: { count: 1, you: true, from: [OWN] } },
    });
  }
}

function open(b: FakeBackend) {
  const r = render(
    <App backend={b} color={false} size={{ columns: 80, rows: 24 }} settleMs={5} onQuit={() => undefined} />,
  );
  unmounts.push(r.unmount);
  return { ...r, frame: () => r.lastFrame() ?? '' };
}

describe('chat: replies and reactions', () => {
  it('/react sends through the backend and the reaction shows below the message; again takes it back', async () => {
    const target = msg(BOB, BOB, 'ship it?');
    const b = new ReactingBackend([conv(BOB, { name: 'Bob' })], { [BOB]: [target] });
    const { stdin, frame } = open(b);
    await until(() => frame().includes('Bob'), 'the list');
    await type(stdin, ENTER);
    await until(() => frame().includes('ship it?'), 'history');
    await type(stdin, ...'/react 👍', ENTER);
    await until(() => frame().includes('👍 1*'), 'the reaction');
    const call = b.calls.find((c) => c.method === 'react')!;
    expect(call.args[0]).toBe(BOB);
    expect((call.args[1] as ChatMessage).id).toBe(target.id);
    const lines = frame().split('\n');
    const text = lines.findIndex((l) => l.includes('ship it?'));
    expect(lines.findIndex((l) => l.includes('👍 1*'))).toBeGreaterThan(text);
    // the view now holds our reaction: the same emoji again is a removal, and it goes away
    await type(stdin, ...'/react 👍', ENTER);
    await until(() => !frame().includes('👍 1'), 'the reaction taken back');
    expect(b.calls.filter((c) => c.method === 'react')).toHaveLength(2);
  });

  it("a received reaction event updates the target's reactions; an empty one clears them", async () => {
    const target = msg(BOB, OWN, 'deploy finished');
    const b = new ReactingBackend([conv(BOB, { name: 'Bob' })], { [BOB]: [target] });
    const { stdin, frame } = open(b);
    await until(() => frame().includes('Bob'), 'the list');
    await type(stdin, ENTER);
    await until(() => frame().includes('deploy finished'), 'history');
    const event = (reactions: ReactionEvent['reactions'], action: 'react' | 'remove'): ReactionEvent => ({
      type: 'reaction',
      id: `${BOB}:${target.timestamp + 5}`,
      cursor: 1,
      target: target.id,
      from: BOB,
      conversation: BOB,
      emoji: '🎉',
      action,
      timestamp: target.timestamp + 5,
      reactions,
    });
    b.push(event({ '🎉': { count: 1, from: [BOB] } }, 'react'));
    await until(() => frame().includes('🎉 1'), 'the received reaction');
    expect(frame()).not.toContain('🎉 1*');
    b.push(event({}, 'remove'));
    await until(() => !frame().includes('🎉'), 'the reaction removed');
  });

  it('a received reply shows the quoted line above its text', async () => {
    const quoted = msg(BOB, OWN, 'deploy finished');
    const b = new ReactingBackend([conv(BOB, { name: 'Bob' })], { [BOB]: [quoted] });
    const { stdin, frame } = open(b);
    await until(() => frame().includes('Bob'), 'the list');
    await type(stdin, ENTER);
    await until(() => frame().includes('deploy finished'), 'history');
    b.push(msg(BOB, BOB, 'great, thanks', { quote: { id: quoted.id, author: OWN, text: quoted.text } }));
    await until(() => frame().includes('great, thanks'), 'the reply');
    const lines = frame().split('\n');
    const quoteLine = lines.findIndex((l) => /│ me: deploy finished/.test(l));
    expect(quoteLine).toBeGreaterThan(-1);
    expect(lines.findIndex((l) => l.includes('great, thanks'))).toBe(quoteLine + 1);
    // a quote of a message we do not have says so
    b.push(msg(BOB, BOB, 'and this?', { quote: { id: `${OWN}:1`, author: OWN, text: null } }));
    await until(() => frame().includes('│ me: (message not available)'), 'the unknown quote');
  });

  it('/reply then a message: the send carries the quoted message (the backend makes the Quote)', async () => {
    const quoted = msg(BOB, BOB, 'can you look?');
    const b = new ReactingBackend([conv(BOB, { name: 'Bob' })], { [BOB]: [quoted] });
    const { stdin, frame } = open(b);
    await until(() => frame().includes('Bob'), 'the list');
    await type(stdin, ENTER);
    await until(() => frame().includes('can you look?'), 'history');
    await type(stdin, ...'/reply', ENTER, ...'on it', ENTER);
    await until(() => b.calls.some((c) => c.method === 'send'), 'the send');
    const send = b.calls.find((c) => c.method === 'send')!;
    expect(send.args[1]).toBe('on it');
    expect((send.args[2] as { quote?: ChatMessage }).quote?.id).toBe(quoted.id);
  });
});
