import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendMessage } from '../../src/actions/send-message.js';
import { openClient, type SessionClient } from '../../src/client.js';
import { Journal } from '../../src/daemon/journal.js';
import { ProfilePoller } from '../../src/daemon/poller.js';
import { startLocalNetwork, type LocalNetwork } from '../helpers/local-network.js';
import { tempDir } from '../helpers/cli.js';

/**
 * The daemon's poll of one profile (src/daemon/poller.ts) against a devnet: a failure of its
 * community step (a database error, say) costs the rooms their poll, never the swarm's events.
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
});
