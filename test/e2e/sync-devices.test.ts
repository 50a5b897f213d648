import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editOwnProfileConfig, loadUserConfigs, syncNow, syncStatus } from '../../src/actions/sync.js';
import { openClient, type SessionClient } from '../../src/client.js';
import { USER_PROFILE, UserProfileView } from '../../src/config/user-profile.js';
import { ContactsView, emptyContact, CONTACTS } from '../../src/config/contacts.js';
import { startDevnet, type Devnet } from '../../src/devnet/index.js';
import { createIdentity } from '../../src/identity/account.js';
import { retrieveMessages, storeMessage } from '../../src/rpc/storage.js';
import { tempDir } from '../helpers/cli.js';

/**
 * Config sync between two devices of one account (two profiles restored from the same seed),
 * against a local network: the actions `profile set` and `sync now` run, in process.
 */
let dn: Devnet;
let network: string;
let devA: SessionClient;
let devB: SessionClient;
const noPass = async (): Promise<undefined> => undefined;

beforeAll(async () => {
  const root = tempDir('e2e-sync-');
  dn = await startDevnet({ dir: join(root, 'devnet'), nodes: 6, swarmSize: 3 });
  network = join(root, 'devnet', 'devnet.json');
  const a = await createIdentity({
    dataDir: join(root, 'a'),
    name: 'me',
    backend: 'plaintext',
    passphrase: noPass,
  });
  await createIdentity({
    dataDir: join(root, 'b'),
    name: 'me',
    backend: 'plaintext',
    passphrase: noPass,
    recoveryPassword: a.recoveryPassword,
  });
  devA = await openClient({ dataDir: join(root, 'a'), profile: 'me', passphrase: noPass, network });
  devB = await openClient({ dataDir: join(root, 'b'), profile: 'me', passphrase: noPass, network });
}, 120_000);

afterAll(async () => {
  await devA?.close();
  await devB?.close();
  await dn?.stop();
});

const profileName = async (c: SessionClient): Promise<string> => {
  const { states } = await loadUserConfigs(c.keys, c.db);
  return new UserProfileView(states.get(USER_PROFILE.namespace)!.data()).name;
};
const serialized = async (c: SessionClient, ns: number): Promise<string> => {
  const { states } = await loadUserConfigs(c.keys, c.db);
  return Buffer.from(states.get(ns)!.serialized()).toString('hex');
};

describe('sync between two devices', () => {
  it('device A sets the name; device B sees it after one sync', async () => {
    expect(devA.keys.accountId).toBe(devB.keys.accountId);
    await editOwnProfileConfig(devA.keys.accountId, devA.db, { name: 'Alice' }, Date.now());
    const ra = await syncNow(devA);
    const pushed = ra.namespaces.find((n) => n.namespace === 2)!;
    expect(pushed.pushed?.hashes).toHaveLength(1);
    const st = await syncStatus(devA.keys, devA.db);
    expect(st.namespaces[0]).toMatchObject({ status: 'clean', seqno: 1, needsPush: false, lastPushSeqno: 1 });
    expect(st.namespaces[0]!.lastPushHashes).toEqual(pushed.pushed!.hashes);

    const rb = await syncNow(devB);
    expect(rb.profileName).toBe('Alice');
    expect(rb.namespaces[0]).toMatchObject({ merged: 'adopted', accepted: 1 });
    expect(await profileName(devB)).toBe('Alice');
    // nothing new: a second sync merges nothing and pushes nothing
    const again = await syncNow(devB);
    expect(again.namespaces.every((n) => n.merged === 'none' && n.pushed === undefined)).toBe(true);
  }, 120_000);

  it('both change the same key offline: after both sync they agree (§2.6), and old copies are deleted', async () => {
    await editOwnProfileConfig(devA.keys.accountId, devA.db, { name: 'from A' }, Date.now());
    await editOwnProfileConfig(devB.keys.accountId, devB.db, { name: 'from B' }, Date.now());
    // and a change to another config on B only
    const { states, store } = await loadUserConfigs(devB.keys, devB.db);
    const contacts = states.get(CONTACTS.namespace)!;
    contacts.edit((d) => new ContactsView(d).set({ ...emptyContact('05' + '4'.repeat(64)), name: 'Carol' }));
    store.saveDump(devB.keys.accountId, CONTACTS.namespace, contacts.dump(), Date.now());

    await syncNow(devA); // pushes "from A" (seqno 2)
    const rb = await syncNow(devB); // sees A's seqno 2 against its own seqno 2: conflict → merged, pushed
    expect(rb.namespaces[0]!.merged).toBe('merged');
    expect(rb.namespaces[0]!.pushed?.seqno).toBe(3);
    expect(rb.namespaces[0]!.pushed?.deleted.length).toBeGreaterThan(0);
    const ra = await syncNow(devA); // adopts B's merged seqno 3
    expect(ra.namespaces[0]!.merged).toBe('adopted');

    expect(await serialized(devA, 2)).toBe(await serialized(devB, 2));
    expect(await serialized(devA, 3)).toBe(await serialized(devB, 3));
    const nameA = await profileName(devA);
    expect(['from A', 'from B']).toContain(nameA);
    expect(await profileName(devB)).toBe(nameA);
    const { states: sa } = await loadUserConfigs(devA.keys, devA.db);
    expect(new ContactsView(sa.get(CONTACTS.namespace)!.data()).get('05' + '4'.repeat(64))?.name).toBe(
      'Carol',
    );
    // both settle: nothing more to push on either side
    for (const c of [devA, devB]) {
      const s = await syncStatus(c.keys, c.db);
      expect(s.namespaces.map((n) => n.needsPush)).toEqual([false, false, false, false]);
    }
  }, 180_000);

  it('a bad config on the swarm is counted and skipped; local state and the next sync are unaffected', async () => {
    const before = await serialized(devB, CONTACTS.namespace);
    const signer = {
      accountId: devA.keys.accountId,
      ed25519Pk: devA.keys.ed25519Pk,
      ed25519Sk: devA.keys.ed25519Sk,
    };
    // anyone holding the account key (a buggy client) can store junk in a config namespace
    const junk = await storeMessage(devA.net, {
      to: devA.keys.accountId,
      namespace: CONTACTS.namespace,
      data: new Uint8Array(300).fill(7),
      ttl: 3_600_000,
      signer,
    });
    const r = await syncNow(devB);
    const ns3 = r.namespaces.find((n) => n.namespace === CONTACTS.namespace)!;
    expect(ns3.skipped).toEqual([{ hash: junk.hash, code: 'DECRYPT_FAILED' }]);
    expect(ns3.merged).toBe('none');
    expect(await serialized(devB, CONTACTS.namespace)).toBe(before);
    const st = await syncStatus(devB.keys, devB.db);
    expect(st.namespaces[1]!.badSkipped.decrypt).toBe(1);
    // seen once: the next sync does not count it again
    await syncNow(devB);
    expect((await syncStatus(devB.keys, devB.db)).namespaces[1]!.badSkipped.decrypt).toBe(1);
  }, 120_000);

  it('each sync extends the expiry of the current config messages (§2.9 keep-alive)', async () => {
    const k = devA.keys;
    const signer = { accountId: k.accountId, ed25519Pk: k.ed25519Pk, ed25519Sk: k.ed25519Sk };
    const { states } = await loadUserConfigs(k, devA.db);
    const current = states.get(USER_PROFILE.namespace)!.hashes[0]!;
    const expiryOf = async (): Promise<number> => {
      const r = await retrieveMessages(devA.net, {
        signer,
        namespace: USER_PROFILE.namespace,
        lastHash: () => undefined,
      });
      return r.messages.find((m) => m.hash === current)!.expiration;
    };
    const before = await expiryOf();
    await new Promise((r) => setTimeout(r, 1500));
    const res = await syncNow(devA);
    expect(res.warnings).toEqual([]);
    expect(await expiryOf()).toBeGreaterThan(before + 1000);
    // without the keep-alive nothing moves
    const after = await expiryOf();
    await new Promise((r) => setTimeout(r, 1500));
    await syncNow(devA, { keepAlive: false });
    // (members clamp an expiry to their own clock, so two may differ by a millisecond or so; a
    // keep-alive would have moved it by the 1.5 s waited)
    expect(Math.abs((await expiryOf()) - after)).toBeLessThan(500);
  }, 120_000);
});
