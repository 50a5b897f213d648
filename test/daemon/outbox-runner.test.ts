import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiveMessages } from '../../src/actions/receive.js';
import { sendMessage } from '../../src/actions/send-message.js';
import { openClient, type SessionClient } from '../../src/client.js';
import { OutboxRunner } from '../../src/daemon/outbox-runner.js';
import { Outbox } from '../../src/store/outbox.js';
import { OutboxQueue } from '../../src/store/outbox-queue.js';
import { startLocalNetwork, type LocalNetwork } from '../helpers/local-network.js';

/** `message send --wait queued` and the daemon's outbox runner, against a devnet. */
let net: LocalNetwork;
let alice: SessionClient;
let bob: SessionClient;
const noPass = () => Promise.resolve(undefined);

beforeAll(async () => {
  net = await startLocalNetwork('outbox-runner', ['alice', 'bob'], { rateLimit: false });
  const open = (profile: string) =>
    openClient({ dataDir: net.dataDir, profile, network: net.network, passphrase: noPass });
  alice = await open('alice');
  bob = await open('bob');
}, 120_000);
afterAll(async () => {
  await alice?.close();
  await bob?.close();
  await net?.dn.stop();
});

const texts = async () => (await receiveMessages(bob)).messages.map((m) => m.text);

describe('queued sends', () => {
  it('a queued send only writes the outbox; the runner delivers it once, after a failed round', async () => {
    const q = await sendMessage(alice, { to: bob.keys.accountId, text: 'queued one', queue: true });
    expect(q.queued).toBe(true);
    expect(q.id).toMatch(new RegExp(`^${alice.keys.accountId}:\\d+$`));
    expect(q.text).toBe('queued one');
    expect(new Outbox(alice.db).get(q.id)).toBeDefined();
    expect(new OutboxQueue(alice.db).list()).toEqual([q.id]);
    expect(await texts()).not.toContain('queued one');

    // A round whose delivery fails keeps the entry queued for the next one.
    let attempts = 0;
    const failing = new OutboxRunner({
      profile: 'alice',
      client: alice,
      intervalMs: 60_000,
      deliverOne: () => {
        attempts++;
        return Promise.reject(new Error('no path'));
      },
    });
    expect(await failing.runOnce()).toBe(0);
    expect(attempts).toBe(1);
    expect(failing.lastError).toBe('no path');
    expect(new OutboxQueue(alice.db).list()).toEqual([q.id]);

    const delivered: string[] = [];
    const runner = new OutboxRunner({
      profile: 'alice',
      client: alice,
      intervalMs: 60_000,
      onDelivered: (r) => delivered.push(r.id),
    });
    expect(await runner.runOnce()).toBe(1);
    expect(delivered).toEqual([q.id]);
    expect(new Outbox(alice.db).get(q.id)).toBeUndefined();
    expect(new OutboxQueue(alice.db).list()).toEqual([]);
    expect(alice.store.find(q.id)?.text).toBe('queued one');
    // nothing left: a second round sends nothing again
    expect(await runner.runOnce()).toBe(0);
    expect((await texts()).filter((t) => t === 'queued one')).toHaveLength(1);
  }, 120_000);

  it('a running runner delivers a queued message when kicked, without waiting for its interval', async () => {
    const runner = new OutboxRunner({ profile: 'alice', client: alice, intervalMs: 3_600_000 });
    runner.start();
    try {
      const q = await sendMessage(alice, { to: bob.keys.accountId, text: 'kicked', queue: true });
      runner.runSoon();
      const deadline = Date.now() + 60_000;
      while (new Outbox(alice.db).get(q.id) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      expect(new Outbox(alice.db).get(q.id)).toBeUndefined();
      expect(await texts()).toContain('kicked');
    } finally {
      await runner.stop();
    }
  }, 120_000);

  it('leaves a failed (not queued) send to `message resend`, and forgets a queued id delivered elsewhere', async () => {
    const q = await sendMessage(alice, { to: bob.keys.accountId, text: 'failed earlier', queue: true });
    const queue = new OutboxQueue(alice.db);
    queue.unmark(q.id); // what a failed --wait stored send leaves: an outbox entry, not queued
    queue.mark(`${alice.keys.accountId}:1`, Date.now()); // queued, but already delivered by a resend
    let attempts = 0;
    const runner = new OutboxRunner({
      profile: 'alice',
      client: alice,
      intervalMs: 60_000,
      deliverOne: () => {
        attempts++;
        return Promise.reject(new Error('must not be called'));
      },
    });
    expect(await runner.runOnce()).toBe(0);
    expect(attempts).toBe(0);
    expect(new Outbox(alice.db).get(q.id)).toBeDefined();
    expect(queue.list()).toEqual([]);
    new Outbox(alice.db).remove(q.id);
  });

  it('refuses to queue what needs the network first', async () => {
    await expect(
      sendMessage(alice, { to: bob.keys.accountId, text: 'x', typing: true, queue: true }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(
      sendMessage(alice, { to: '03' + 'a'.repeat(64), text: 'x', queue: true }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
