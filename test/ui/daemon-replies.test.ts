import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reactToMessage } from '../../src/actions/react-message.js';
import { receiveMessages } from '../../src/actions/receive.js';
import { sendMessage } from '../../src/actions/send-message.js';
import { openClient, type SessionClient } from '../../src/client.js';
import type { ChatBackend } from '../../src/ui/backend.js';
import { findDaemon, openDaemonBackend } from '../../src/ui/daemon-backend.js';
import { tempDir } from '../helpers/cli.js';
import { startLocalNetwork, type LocalNetwork } from '../helpers/local-network.js';
import { startDaemonProcess, type DaemonProcess } from '../daemon/helpers.js';
import { collect } from './feed.js';

/**
 * Issue 15 through the chat's daemon backend: a reply and a reaction run as the daemon's
 * `message.send` (reply-to) and `message.react` methods, and a reaction received by the daemon
 * reaches the chat as a journaled `reaction` event.
 */
let net: LocalNetwork;
let daemon: DaemonProcess | undefined;
let backend: ChatBackend | undefined;
let bob: SessionClient | undefined;
const noPass = () => Promise.resolve(undefined);

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 60_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  net = await startLocalNetwork('chat-daemon-replies', ['alice', 'bob']);
  const runtime = tempDir('chat-daemon-replies-run-');
  daemon = startDaemonProcess(
    ['--profile', 'alice', '--data-dir', net.dataDir, '--network', net.network, '--interval', '1'],
    { XDG_RUNTIME_DIR: runtime },
  );
  await daemon.ready;
  bob = await openClient({ dataDir: net.dataDir, profile: 'bob', network: net.network, passphrase: noPass });
  const target = await findDaemon({
    dataDir: net.dataDir,
    profile: 'alice',
    network: net.network,
    env: { XDG_RUNTIME_DIR: runtime },
  });
  backend = await openDaemonBackend({ target: target!, dataDir: net.dataDir });
}, 180_000);

afterAll(async () => {
  await backend?.close();
  await bob?.close();
  if (daemon?.child.exitCode === null) {
    daemon.child.kill('SIGTERM');
    await daemon.exited;
  }
  await net?.dn.stop();
});

describe('chat through the daemon: replies and reactions', () => {
  it('reply and reaction run in the daemon; a received reaction arrives as a journaled event', async () => {
    const b = backend!;
    expect(b.capabilities).toMatchObject({ quote: true, react: true });
    const feed = collect(b);
    const events = feed.events;
    try {
      await new Promise((r) => setTimeout(r, 300)); // subscribed
      const first = await sendMessage(bob!, { to: net.ids.alice!, text: 'question for alice' });
      const got = await until('the message event', () =>
        events.find((e) => e.type === 'message' && e.text === 'question for alice'),
      );
      if (got.type !== 'message') throw new Error('not a message');

      const reply = await b.send(net.ids.bob!, 'answer', { quote: got });
      expect(reply.quote).toEqual({ id: first.id, author: net.ids.bob, text: 'question for alice' });
      const event = await b.react!(net.ids.bob!, got, '👍');
      expect(event).toMatchObject({ type: 'reaction', target: first.id, emoji: '👍', action: 'react' });
      expect(event).not.toHaveProperty('messageHash');

      const atBob = await receiveMessages(bob!);
      expect(atBob.messages.find((m) => m.text === 'answer')?.quote).toMatchObject({ id: first.id });
      expect(atBob.events).toContainEqual(
        expect.objectContaining({ type: 'reaction', target: first.id, from: net.ids.alice }),
      );

      // bob reacts to alice's reply: the daemon receives it and the chat gets the event
      await reactToMessage(bob!, { id: reply.id, emoji: '🎉' });
      const r = await until('the reaction event', () =>
        events.find((e) => e.type === 'reaction' && e.target === reply.id),
      );
      expect(r).toMatchObject({ from: net.ids.bob, emoji: '🎉', reactions: { '🎉': { count: 1 } } });
      expect(
        (await b.messages(net.ids.bob!, { limit: 10 })).find((m) => m.id === reply.id)?.reactions,
      ).toEqual({
        '🎉': { count: 1, from: [net.ids.bob] },
      });
    } finally {
      await feed.stop();
    }
  }, 180_000);
});
