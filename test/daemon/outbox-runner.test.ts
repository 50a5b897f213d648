import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteMessage } from '../../src/actions/delete-message.js';
import { receiveMessages } from '../../src/actions/receive.js';
import { pendingView } from '../../src/actions/resend-message.js';
import { sendMessage, type SendMessageResult } from '../../src/actions/send-message.js';
import { openClient, type SessionClient } from '../../src/client.js';
import { OutboxRunner } from '../../src/daemon/outbox-runner.js';
import { fromHex } from '../../src/encoding/bytes.js';
import { messageHash } from '../../src/rpc/message-hash.js';
import { retrieveMessages } from '../../src/rpc/storage.js';
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

  it('a kick with a delay (after a send) waits for it; one without, a sooner one, or a drain does not', async () => {
    const delivered: string[] = [];
    const runner = new OutboxRunner({
      profile: 'alice',
      client: alice,
      intervalMs: 3_600_000,
      deliverOne: (m) => {
        delivered.push(m.id);
        return Promise.resolve({ id: m.id } as SendMessageResult);
      },
    });
    const queued: string[] = [];
    const queue = async (text: string) => {
      const q = await sendMessage(alice, { to: bob.keys.accountId, text, queue: true });
      queued.push(q.id);
      return q.id;
    };
    const until = async (id: string) => {
      const deadline = Date.now() + 20_000;
      while (!delivered.includes(id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return delivered.includes(id);
    };
    runner.start();
    try {
      await new Promise((r) => setTimeout(r, 200)); // its first round is over
      const a = await queue('settling');
      runner.runSoon(60_000);
      await new Promise((r) => setTimeout(r, 500));
      expect(delivered).toEqual([]);
      runner.runSoon(); // now
      expect(await until(a)).toBe(true);

      const b = await queue('brought forward');
      runner.runSoon(60_000);
      runner.runSoon(30); // due sooner: the later kick does not hold it back
      expect(await until(b)).toBe(true);

      const c = await queue('drained');
      runner.runSoon(60_000);
      const t0 = Date.now();
      await runner.stop({ drainMs: 30_000 });
      expect(delivered).toContain(c);
      expect(Date.now() - t0).toBeLessThan(30_000);
    } finally {
      await runner.stop();
      for (const id of queued) {
        new OutboxQueue(alice.db).unmark(id);
        new Outbox(alice.db).remove(id);
      }
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
    // `message resend --list`: not queued (it waits for a resend), both copies still to store
    expect(pendingView(alice)).toEqual([
      expect.objectContaining({ id: q.id, queued: false, copies: ['recipient', 'sync'] }),
    ]);
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

/** Every hash in alice's own swarm (namespace 0), from one member: what her other devices get. */
async function ownSwarmHashes(): Promise<string[]> {
  const signer = {
    accountId: alice.keys.accountId,
    ed25519Pk: alice.keys.ed25519Pk,
    ed25519Sk: alice.keys.ed25519Sk,
  };
  const hashes: string[] = [];
  let last: string | undefined;
  for (let i = 0; i < 50; i++) {
    const r = await retrieveMessages(alice.net, { signer, namespace: 0, lastHash: () => last });
    hashes.push(...r.messages.map((m) => m.hash));
    if (!r.more || r.messages.length === 0) break;
    last = r.messages[r.messages.length - 1]!.hash;
  }
  return hashes;
}

describe('sync copies after the message (deferSyncCopies, the daemon)', () => {
  const deferring = () => ({ ...alice, deferSyncCopies: true });

  it('returns once the recipient has it; the sync copy waits, queued, under the hash it will have', async () => {
    const r = await sendMessage(deferring(), { to: bob.keys.accountId, text: 'sync copy later' });
    expect(r.confirmations).toBeGreaterThan(0);
    expect(await texts()).toContain('sync copy later');
    const entry = new Outbox(alice.db).get(r.id);
    expect(entry?.wire).toBeUndefined(); // only the sync copy is left
    expect(new OutboxQueue(alice.db).list()).toEqual([r.id]);
    // what `message resend --list` says meanwhile: queued (a daemon sends it), the sync copy only
    expect(pendingView(alice)).toEqual([
      expect.objectContaining({ id: r.id, queued: true, copies: ['sync'], text: 'sync copy later' }),
    ]);
    expect(r.hash).toBe(await messageHash(fromHex(alice.keys.accountId), 0, entry!.syncWire));
    expect(r.messageHash).not.toBe(r.hash);
    expect(alice.store.find(r.id)?.hash).toBe(r.hash);
    expect(await ownSwarmHashes()).not.toContain(r.hash);

    const runner = new OutboxRunner({ profile: 'alice', client: alice, intervalMs: 60_000 });
    expect(await runner.runOnce()).toBe(1);
    expect(new Outbox(alice.db).get(r.id)).toBeUndefined();
    expect(new OutboxQueue(alice.db).list()).toEqual([]);
    expect(await ownSwarmHashes()).toContain(r.hash);
    // one local message, still with the recipient's hash it was sent with
    const rows = alice.store.findAll(alice.keys.accountId, r.timestamp);
    expect(rows).toHaveLength(1);
    expect((await texts()).filter((t) => t === 'sync copy later')).toHaveLength(0); // bob: nothing new
  }, 120_000);

  it('without it, a send stores both copies before it returns', async () => {
    const r = await sendMessage(alice, { to: bob.keys.accountId, text: 'both copies now' });
    expect(new Outbox(alice.db).get(r.id)).toBeUndefined();
    expect(new OutboxQueue(alice.db).list()).toEqual([]);
    expect(await ownSwarmHashes()).toContain(r.hash);
  }, 120_000);

  it('a failed recipient store leaves the whole message pending for `message resend`, not queued', async () => {
    const stop = new AbortController();
    stop.abort();
    await expect(
      sendMessage(deferring(), { to: bob.keys.accountId, text: 'never stored', signal: stop.signal }),
    ).rejects.toBeDefined();
    const [id] = new Outbox(alice.db).list().map((m) => m.id);
    const entry = new Outbox(alice.db).get(id!);
    expect(entry?.wire).toBeDefined();
    expect(new OutboxQueue(alice.db).list()).toEqual([]);
    expect(alice.store.find(id!)).toBeUndefined();
    new Outbox(alice.db).remove(id!);
  }, 120_000);

  it('deleting for everyone first stores a sync copy still waiting, then deletes it from our swarm', async () => {
    const r = await sendMessage(deferring(), { to: bob.keys.accountId, text: 'sent then unsent' });
    expect(new Outbox(alice.db).get(r.id)).toBeDefined();
    const d = await deleteMessage(alice, { id: r.id, forEveryone: true });
    expect(d.deletedHashes).toContain(r.hash);
    expect(new Outbox(alice.db).get(r.id)).toBeUndefined();
    expect(new OutboxQueue(alice.db).list()).toEqual([]);
    expect(await ownSwarmHashes()).not.toContain(r.hash);
  }, 120_000);
});

describe('stopping the runner', () => {
  it('stop({ drainMs }) delivers what is queued first; a plain stop leaves it queued', async () => {
    const deferring = { ...alice, deferSyncCopies: true };
    const a = await sendMessage(deferring, { to: bob.keys.accountId, text: 'stopped right after' });
    const plain = new OutboxRunner({ profile: 'alice', client: alice, intervalMs: 3_600_000 });
    // a runner whose first round is over, waiting for its (long) interval
    plain.start();
    await new Promise((r) => setTimeout(r, 200));
    const b = await sendMessage(deferring, { to: bob.keys.accountId, text: 'left for later' });
    await plain.stop();
    expect(new OutboxQueue(alice.db).list()).toEqual([b.id]);
    expect(new Outbox(alice.db).get(a.id)).toBeUndefined();

    const draining = new OutboxRunner({ profile: 'alice', client: alice, intervalMs: 3_600_000 });
    draining.start();
    await new Promise((r) => setTimeout(r, 200));
    const c = await sendMessage(deferring, { to: bob.keys.accountId, text: 'drained at stop' });
    expect(new OutboxQueue(alice.db).list()).toEqual([c.id]);
    const t0 = Date.now();
    await draining.stop({ drainMs: 60_000 });
    // it ended after the round, not when the drain's time ran out
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(new OutboxQueue(alice.db).list()).toEqual([]);
    expect(new Outbox(alice.db).get(c.id)).toBeUndefined();
    expect(await ownSwarmHashes()).toContain(c.hash);
  }, 120_000);
});
