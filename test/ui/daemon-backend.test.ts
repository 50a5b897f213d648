import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiveMessages } from '../../src/actions/receive.js';
import { readUserConfig } from '../../src/actions/sync.js';
import { CONVO_INFO_VOLATILE, ConvoInfoVolatileView } from '../../src/config/convo-info-volatile.js';
import { openDatabase } from '../../src/store/database.js';
import { MessageStore } from '../../src/store/messages.js';
import { ProfileDirectory } from '../../src/store/profiles.js';
import { sendMessage } from '../../src/actions/send-message.js';
import { openClient, type SessionClient } from '../../src/client.js';
import type { ChatBackend } from '../../src/ui/backend.js';
import { findDaemon, openDaemonBackend } from '../../src/ui/daemon-backend.js';
import { tempDir } from '../helpers/cli.js';
import { startLocalNetwork, type LocalNetwork } from '../helpers/local-network.js';
import { startDaemonProcess, type DaemonProcess } from '../daemon/helpers.js';
import { collect } from './feed.js';

/** The chat's daemon backend against a real daemon process and a devnet. */
let net: LocalNetwork;
let daemon: DaemonProcess | undefined;
let runtime: string;
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
  net = await startLocalNetwork('chat-daemon', ['alice', 'bob']);
  runtime = tempDir('chat-daemon-run-');
}, 120_000);

afterAll(async () => {
  if (daemon?.child.exitCode === null) {
    daemon.child.kill('SIGTERM');
    await daemon.exited;
  }
  await net?.dn.stop();
});

describe('chat through the daemon', () => {
  it('no daemon: findDaemon says so (the chat embeds its own backend)', async () => {
    expect(
      await findDaemon({
        dataDir: net.dataDir,
        profile: 'alice',
        network: net.network,
        env: { XDG_RUNTIME_DIR: runtime },
      }),
    ).toBeUndefined();
  });

  describe('with a daemon serving alice', () => {
    let backend: ChatBackend;
    let bob: SessionClient;

    beforeAll(async () => {
      daemon = startDaemonProcess(
        ['--profile', 'alice', '--data-dir', net.dataDir, '--network', net.network, '--interval', '1'],
        { XDG_RUNTIME_DIR: runtime },
      );
      await daemon.ready;
      bob = await openClient({
        dataDir: net.dataDir,
        profile: 'bob',
        network: net.network,
        passphrase: noPass,
      });
    }, 120_000);
    afterAll(async () => {
      await backend?.close();
      await bob?.close();
    });

    it('is found for alice on her network, not for bob or another network', async () => {
      const env = { XDG_RUNTIME_DIR: runtime };
      const t = await findDaemon({ dataDir: net.dataDir, profile: 'alice', network: net.network, env });
      expect(t).toMatchObject({ profile: 'alice', accountId: net.ids.alice });
      expect(
        await findDaemon({ dataDir: net.dataDir, profile: 'bob', network: net.network, env }),
      ).toBeUndefined();
      expect(
        await findDaemon({
          dataDir: net.dataDir,
          profile: 'alice',
          network: join(runtime, 'other.json'),
          env,
        }),
      ).toBeUndefined();
      backend = await openDaemonBackend({ target: t!, dataDir: net.dataDir });
    });

    it('live events are the daemon journal: a request arrives; accept and send run in the daemon', async () => {
      const feed = collect(backend);
      const events = feed.events;
      try {
        await new Promise((r) => setTimeout(r, 300)); // subscribed
        await sendMessage(bob, { to: net.ids.alice!, text: 'hello via daemon' });
        await until('the message event', () =>
          events.find((e) => e.type === 'message' && e.text === 'hello via daemon'),
        );
        await until('the request event', () => events.find((e) => e.type === 'request'));
        expect((await backend.conversations()).find((c) => c.id === net.ids.bob)).toMatchObject({
          state: 'request',
          unread: 1,
        });
        await backend.markRead(net.ids.bob!);
        expect((await backend.conversations()).find((c) => c.id === net.ids.bob)!.unread).toBe(0);
        // the daemon moved the read position in alice's ConvoInfoVolatile (its next poll pushes it)
        const db = await openDatabase(new ProfileDirectory(net.dataDir).databasePath('alice'));
        try {
          const civ = new ConvoInfoVolatileView(
            await readUserConfig(net.ids.alice!, db, CONVO_INFO_VOLATILE.namespace),
          );
          expect(civ.get('one-to-one', net.ids.bob!)?.lastReadMs).toBe(
            new MessageStore(db).lastMessageTimestamp(net.ids.bob!),
          );
        } finally {
          db.close();
        }
        await backend.accept(net.ids.bob!);
        expect((await backend.conversations()).find((c) => c.id === net.ids.bob)!.state).toBe('accepted');
        const sent = await backend.send(net.ids.bob!, 'answer via daemon');
        expect(sent).toMatchObject({ type: 'message', direction: 'out', text: 'answer via daemon' });
        expect(sent).not.toHaveProperty('messageHash');
        const got = await receiveMessages(bob);
        expect(got.messages.map((m) => m.text)).toContain('answer via daemon');
        // our own sent message comes back through the journal too (the UI keeps one copy)
        await until('the sent message event', () =>
          events.find((e) => e.type === 'message' && e.text === 'answer via daemon'),
        );
        expect(events.filter((e) => e.type === 'error')).toEqual([]);
      } finally {
        await feed.stop();
      }
    }, 180_000);

    it('chat --read-receipts: what is shown is told to the sender, through the daemon', async () => {
      const env = { XDG_RUNTIME_DIR: runtime };
      const t = await findDaemon({ dataDir: net.dataDir, profile: 'alice', network: net.network, env });
      const withReceipts = await openDaemonBackend({ target: t!, dataDir: net.dataDir, readReceipts: true });
      const feed = collect(withReceipts);
      const events = feed.events;
      try {
        await new Promise((r) => setTimeout(r, 300)); // subscribed
        const sent = await sendMessage(bob, { to: net.ids.alice!, text: 'tell me you read it' });
        await until('the message event', () =>
          events.find((e) => e.type === 'message' && e.text === 'tell me you read it'),
        );
        await withReceipts.markRead(net.ids.bob!);
        // bob's copy is marked read by alice's receipt
        const deadline = Date.now() + 60_000;
        let readAt: number | null | undefined;
        while (Date.now() < deadline) {
          await receiveMessages(bob);
          readAt = bob.store.find(sent.id)?.readAt;
          if (readAt) break;
          await new Promise((r) => setTimeout(r, 200));
        }
        expect(readAt).toEqual(expect.any(Number));
      } finally {
        await feed.stop();
        await withReceipts.close();
      }
    }, 120_000);

    it('when the daemon stops, the feed says so and ends', async () => {
      const feed = collect(backend);
      const events = feed.events;
      await new Promise((r) => setTimeout(r, 300));
      daemon!.child.kill('SIGTERM');
      await daemon!.exited;
      await feed.ended;
      expect(events.at(-1)).toMatchObject({ type: 'error', message: expect.stringContaining('daemon') });
    }, 60_000);
  });
});
