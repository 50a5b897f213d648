import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendMessage } from '../../src/actions/send-message.js';
import { openClient, type SessionClient } from '../../src/client.js';
import { Journal } from '../../src/daemon/journal.js';
import { ProfilePoller } from '../../src/daemon/poller.js';
import { startLocalNetwork, type LocalNetwork } from '../helpers/local-network.js';
import { tempDir } from '../helpers/cli.js';
import { addDamagedRoom } from '../helpers/damaged-room.js';
import { CommunityStore } from '../../src/store/communities.js';

/** A loopback port with nothing listening on it (a server that is down). */
async function deadPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

/**
 * The daemon's poll of one profile (src/daemon/poller.ts) against a devnet: a failure of its
 * community step (a database error, say) costs the rooms their poll, never the swarm's events;
 * a room whose stored rows are damaged does not hold back the rooms after it.
 */
let net: LocalNetwork;
let alice: SessionClient;
let bob: SessionClient;
let journal: Journal;
const noPass = () => Promise.resolve(undefined);

beforeAll(async () => {
  net = await startLocalNetwork('daemon-poller', ['alice', 'bob'], { rateLimit: false });
  const open = (profile: string) =>
    openClient({ dataDir: net.dataDir, profile, network: net.network, passphrase: noPass });
  alice = await open('alice');
  bob = await open('bob');
  journal = await Journal.open(join(tempDir('daemon-poller-journal-'), 'daemon.db'));
}, 120_000);
afterAll(async () => {
  journal?.close();
  await alice?.close();
  await bob?.close();
  await net?.dn.stop();
});

/** Alice's poller (never on its own timer: tests call pollOnce), its log lines into `logged`. */
function alicePoller(logged: string[], more: Partial<ConstructorParameters<typeof ProfilePoller>[0]> = {}) {
  return new ProfilePoller({
    profile: 'alice',
    client: alice,
    journal,
    intervalMs: 3_600_000,
    onEvents: () => undefined,
    log: (l) => logged.push(l),
    ...more,
  });
}

describe('ProfilePoller', () => {
  it('a failing community step is logged; the swarm message of the same poll is journaled', async () => {
    const logged: string[] = [];
    const published: unknown[] = [];
    const poller = new ProfilePoller({
      profile: 'alice',
      client: alice,
      journal,
      intervalMs: 3_600_000,
      onEvents: (events) => published.push(...events),
      log: (l) => logged.push(l),
      journalRooms: () => Promise.reject(new Error('SQLITE_CORRUPT: database disk image is malformed')),
    });
    await sendMessage(bob, { to: alice.keys.accountId, text: 'from the swarm' });
    const events = await poller.pollOnce();
    const messages = events.filter((e) => e.type === 'message');
    expect(messages.map((e) => (e.body as { text?: string }).text)).toEqual(['from the swarm']);
    expect(published).toEqual(events);
    expect(poller.lastError).toBeUndefined();
    expect(logged).toEqual([
      'alice: community poll failed: SQLITE_CORRUPT: database disk image is malformed',
    ]);
  }, 120_000);

  it('a room whose stored rows cannot be read is logged; the next room is still journaled', async () => {
    const joinUrl = net.dn.descriptor.community.rooms[0]!.joinUrl;
    // joined first, so polled first: a room of that server whose stored row is damaged
    const baseUrl = addDamagedRoom(alice.db, joinUrl);
    for (const p of ['alice', 'bob']) {
      const j = await net.cli(['community', 'join', joinUrl, '--direct'], p);
      expect(j.code, j.stderr).toBe(0);
    }
    const logged: string[] = [];
    const poller = alicePoller(logged);
    await poller.pollOnce(); // the lobby's history: no events
    const post = await net.cli(['community', 'post', 'lobby', 'after the damage', '--direct'], 'bob');
    expect(post.code, post.stderr).toBe(0);
    const events = await poller.pollOnce();
    expect(events.filter((e) => e.type === 'message').map((e) => (e.body as { text?: string }).text)).toEqual(
      ['after the damage'],
    );
    expect(logged).toContain(
      `alice: ${baseUrl}/other: journal failed: the profile database is damaged: the reactions of a community message cannot be read`,
    );
    expect(logged.some((l) => l.includes('community poll failed'))).toBe(false);
  }, 120_000);

  it('a blinded DM to us is journaled as a message event of its 15 conversation; a failing DM step is logged', async () => {
    // (alice and bob joined the lobby above: the server knows alice's 15 id)
    const poller = (pollDms?: () => Promise<never>, logged: string[] = []) =>
      alicePoller(logged, pollDms ? { pollDms } : {});
    // a room on a server that is down, joined first (so polled first): the DMs of the lobby's
    // server are still journaled
    const lobby = new CommunityStore(alice.db).rooms().find((r) => r.token === 'lobby')!;
    const dead = await deadPort();
    new CommunityStore(alice.db).join({
      baseUrl: `http://127.0.0.1:${dead}`,
      pubkey: lobby.pubkey,
      token: 'down',
      name: 'Down',
      watchSeqno: 0,
      now: 0,
    });
    await poller().pollOnce();
    const dm = await net.cli(['community', 'dm', 'lobby', alice.keys.accountId, 'psst', '--direct'], 'bob');
    expect(dm.code, dm.stderr).toBe(0);
    const logged: string[] = [];
    const failing = poller(() => Promise.reject(new Error('inbox unreachable')), logged);
    expect((await failing.pollOnce()).filter((e) => e.type === 'message')).toEqual([]);
    expect(logged).toContain('alice: community DM poll failed: inbox unreachable');
    const seen: string[] = [];
    const events = await poller(undefined, seen).pollOnce();
    expect(seen).toContainEqual(
      expect.stringMatching(new RegExp(`^alice: http://127\\.0\\.0\\.1:${dead}: community DM poll failed: `)),
    );
    const got = events.filter((e) => e.type === 'message').map((e) => e.body);
    expect(got).toEqual([
      expect.objectContaining({ direction: 'in', text: 'psst', conversation: expect.stringMatching(/^15/) }),
    ]);
    // a stranger's first DM opens a request: a `request` event, as a first contact by the swarm
    const msg = got[0] as { id: string; conversation: string };
    expect(events.filter((e) => e.type === 'request').map((e) => e.body)).toEqual([
      expect.objectContaining({ type: 'request', id: msg.id, conversation: msg.conversation }),
    ]);
  }, 120_000);
});
