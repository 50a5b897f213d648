import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  approveContact,
  blockContact,
  declineContact,
  listContacts,
  setDisappearing,
  setNickname,
} from '../../src/actions/contacts.js';
import {
  hideConversation,
  markConversationRead,
  pinConversation,
} from '../../src/actions/conversation-settings.js';
import { joinCommunity, leaveCommunity } from '../../src/actions/community-join.js';
import { ownAvatar } from '../../src/actions/own-profile.js';
import { receiveMessages } from '../../src/actions/receive.js';
import { recordCommunityJoin, recordCommunityLeave } from '../../src/actions/sync-communities.js';
import {
  editOwnProfileConfig,
  loadUserConfigs,
  pushPending,
  syncNow,
  syncStatus,
} from '../../src/actions/sync.js';
import { openClient, type SessionClient } from '../../src/client.js';
import { CONTACTS } from '../../src/config/contacts.js';
import { startDevnet, type Devnet } from '../../src/devnet/index.js';
import { SessionError } from '../../src/errors.js';
import { createIdentity } from '../../src/identity/account.js';
import { storeMessage } from '../../src/rpc/storage.js';
import { CommunityStore, roomId } from '../../src/store/communities.js';
import { tempDir } from '../helpers/cli.js';

/**
 * Issue 12 end to end, in process: three devices of one account (profiles restored from one
 * seed) against a devnet. What the CLI's actions change goes through the configs; `message
 * receive` polls namespaces 0 and 2–5 together, merges, applies to the local store and pushes.
 */
let dn: Devnet;
let root: string;
let network: string;
let phrase: string;
let devA: SessionClient;
let devB: SessionClient;
const noPass = async (): Promise<undefined> => undefined;
const id = (n: number): string => '05' + n.toString(16).padStart(2, '0').repeat(32);
const X = id(0x11);
const Y = id(0x22);
const Z = id(0x33);
const W = id(0x44);
const ROOM = { baseUrl: 'https://chat.example.org', pubkey: 'ab'.repeat(32), token: 'Lobby' };

async function device(name: string): Promise<SessionClient> {
  await createIdentity({
    dataDir: join(root, name),
    name: 'me',
    backend: 'plaintext',
    passphrase: noPass,
    recoveryPassword: phrase,
  });
  return openClient({ dataDir: join(root, name), profile: 'me', passphrase: noPass, network });
}

const contactsHex = async (c: SessionClient): Promise<string> => {
  const { states } = await loadUserConfigs(c.keys, c.db);
  return Buffer.from(states.get(CONTACTS.namespace)!.serialized()).toString('hex');
};
const contact = async (c: SessionClient, who: string) =>
  (await listContacts(c.store, c.keys.accountId)).find((r) => r.accountId === who);

/** A message from `from` in our local store, as receive would have stored it. */
function incoming(c: SessionClient, from: string, timestamp: number): void {
  c.store.saveBatch(
    {
      seen: [],
      messages: [
        {
          conversation: from,
          hash: `h${timestamp}${c.keys.accountId.slice(2, 6)}`,
          author: from,
          timestamp,
          direction: 'in',
          text: `hi ${timestamp}`,
          state: 'accepted',
        },
      ],
    },
    Date.now(),
  );
}

beforeAll(async () => {
  root = tempDir('e2e-sync-multi-');
  dn = await startDevnet({ dir: join(root, 'devnet'), nodes: 6, swarmSize: 3 });
  network = join(root, 'devnet', 'devnet.json');
  const a = await createIdentity({
    dataDir: join(root, 'a'),
    name: 'me',
    backend: 'plaintext',
    passphrase: noPass,
  });
  phrase = a.recoveryPassword;
  devA = await openClient({ dataDir: join(root, 'a'), profile: 'me', passphrase: noPass, network });
  devB = await device('b');
}, 120_000);

afterAll(async () => {
  await devA?.close();
  await devB?.close();
  await dn?.stop();
});

describe('multi-device config through message receive', () => {
  it('what device A changes (block, nickname, approve, pin, timer, room, picture) device B applies on its next receive', async () => {
    const own = devA.keys.accountId;
    const now = Date.now();
    await blockContact(devA.store, own, X, true, now);
    await setNickname(devA.store, own, Y, 'Yo', now);
    await pinConversation(devA.store, own, Y, now);
    await setDisappearing(devA.store, own, Y, { mode: 'after-read', seconds: 3600 }, now);
    await approveContact(devA.store, own, Z, now);
    await recordCommunityJoin(devA.db, own, ROOM, now);
    await editOwnProfileConfig(
      own,
      devA.db,
      { name: 'Multi', pic: { url: 'http://files.example/1', key: new Uint8Array(32).fill(7) } },
      now,
    );
    const pushed = await pushPending(devA);
    expect(pushed.pushed.map((p) => p.namespace).sort()).toEqual([2, 3, 5]);

    // B has never heard of any of it; one receive (ns 0 and 2–5 in one batch) brings it all
    expect(devB.store.isBlocked(X)).toBe(false);
    const r = await receiveMessages(devB);
    expect(r.config).toBeDefined();
    expect(r.config!.namespaces.find((n) => n.namespace === CONTACTS.namespace)?.merged).toBe('adopted');
    expect(r.config!.applied.blocked).toEqual([X]);
    expect(devB.store.isBlocked(X)).toBe(true);
    expect(devB.store.conversation(Z)?.state).toBe('accepted');
    expect(await contact(devB, Y)).toMatchObject({
      nickname: 'Yo',
      priority: 1,
      disappearing: { mode: 'after-read', seconds: 3600 },
    });
    expect(new CommunityStore(devB.db).room('https://chat.example.org/lobby')).toBeDefined();
    expect(ownAvatar(devB.store)?.url).toBe('http://files.example/1');
    expect(r.config!.applied.displayName).toBe('Multi');
    expect((await devB.dirs.resolve('me')).displayName).toBe('Multi');
    // and A's configs are clean: confirmed, nothing more to push anywhere
    for (const c of [devA, devB])
      expect((await syncStatus(c.keys, c.db)).namespaces.every((n) => !n.needsPush)).toBe(true);
  }, 120_000);

  it('offline on both: different keys and the same key changed; after both poll both hold one state (§2.6)', async () => {
    const own = devA.keys.accountId;
    const now = Date.now();
    // A: nickname of Y and a block of W; B: nickname of Y (the same key) and an unblock of X
    await setNickname(devA.store, own, Y, 'from A', now);
    await blockContact(devA.store, own, W, true, now);
    await setNickname(devB.store, own, Y, 'from B', now);
    await blockContact(devB.store, own, X, false, now);
    await hideConversation(devB.store, own, Z, now);

    await syncNow(devA); // pushes A's edit
    const rb = await receiveMessages(devB); // conflicts with its own edit: merged and pushed
    expect(rb.config!.namespaces.find((n) => n.namespace === CONTACTS.namespace)?.merged).toBe('merged');
    await receiveMessages(devA); // adopts B's merge

    expect(await contactsHex(devA)).toBe(await contactsHex(devB));
    const nickA = (await contact(devA, Y))?.nickname;
    expect(['from A', 'from B']).toContain(nickA);
    expect((await contact(devB, Y))?.nickname).toBe(nickA);
    for (const c of [devA, devB]) {
      expect(c.store.isBlocked(W)).toBe(true);
      expect(c.store.isBlocked(X)).toBe(false);
      expect((await contact(c, Z))?.priority).toBe(-1);
    }
    for (const c of [devA, devB])
      expect((await syncStatus(c.keys, c.db)).namespaces.every((n) => !n.needsPush)).toBe(true);
  }, 180_000);

  it('a read position set on A marks the messages read on B', async () => {
    const own = devA.keys.accountId;
    const t = Date.now() - 60_000;
    for (const c of [devA, devB]) {
      incoming(c, W, t);
      incoming(c, W, t + 1000);
    }
    expect(devB.store.conversation(W)?.unread).toBeGreaterThan(0);
    const mark = await markConversationRead(devA.store, own, W, Date.now());
    expect(mark).toMatchObject({ lastReadMs: t + 1000, marked: 2 });
    await pushPending(devA);
    const r = await receiveMessages(devB);
    expect(r.config!.applied.readMarks).toBe(2);
    expect(devB.store.conversation(W)?.unread).toBe(0);
    expect(devB.store.messages(W, 10).every((m) => m.readAt !== null)).toBe(true);
  }, 120_000);

  it('a corrupted config on the swarm is skipped by receive; nothing local is lost', async () => {
    const before = await contactsHex(devB);
    const signer = {
      accountId: devA.keys.accountId,
      ed25519Pk: devA.keys.ed25519Pk,
      ed25519Sk: devA.keys.ed25519Sk,
    };
    await storeMessage(devA.net, {
      to: devA.keys.accountId,
      namespace: CONTACTS.namespace,
      data: new Uint8Array(300).fill(0x5a),
      ttl: 3600_000,
      signer,
    });
    const r = await receiveMessages(devB);
    const ns = r.config!.namespaces.find((n) => n.namespace === CONTACTS.namespace)!;
    expect(ns.skipped).toHaveLength(1);
    expect(ns.merged).toBe('none');
    expect(await contactsHex(devB)).toBe(before);
    expect(devB.store.isBlocked(W)).toBe(true);
    const st = await syncStatus(devB.keys, devB.db);
    const bad = st.namespaces.find((n) => n.namespace === CONTACTS.namespace)!.badSkipped;
    expect(bad.decrypt + bad.signature + bad.parse).toBe(1);
  }, 120_000);

  it('a third device restored afterwards gets contacts, blocks, nicknames, approvals and rooms', async () => {
    const devC = await device('c');
    try {
      await receiveMessages(devC);
      expect(await contactsHex(devC)).toBe(await contactsHex(devA));
      expect(devC.store.isBlocked(W)).toBe(true);
      expect(devC.store.isBlocked(X)).toBe(false);
      expect(devC.store.conversation(Z)?.state).toBe('accepted');
      expect((await contact(devC, Y))?.nickname).toBe((await contact(devA, Y))?.nickname);
      expect(new CommunityStore(devC.db).room('https://chat.example.org/lobby')).toBeDefined();
      expect(ownAvatar(devC.store)?.url).toBe('http://files.example/1');
    } finally {
      await devC.close();
    }
  }, 120_000);

  it('a leave and a decline on A reach B: the room is left, the declined contact leaves the config', async () => {
    const own = devA.keys.accountId;
    await recordCommunityLeave(devA.db, own, ROOM, Date.now());
    await declineContact(devA.store, own, Z, Date.now());
    await pushPending(devA);
    const r = await receiveMessages(devB);
    expect(r.config!.applied.left).toEqual(['https://chat.example.org/lobby']);
    expect(new CommunityStore(devB.db).room('https://chat.example.org/lobby')).toBeUndefined();
    expect(r.config!.applied.declined).toEqual([Z]);
    expect(devB.store.conversation(Z)?.state).toBe('declined');
    expect((await listContacts(devB.store, own)).find((c) => c.accountId === Z)).toBeUndefined();
  }, 120_000);

  it('a push that fails stays pending and the next receive pushes it (retried until confirmed)', async () => {
    const own = devA.keys.accountId;
    await setNickname(devA.store, own, X, 'later', Date.now());
    // the same profile, offline: every request fails before reaching anything
    const offline = await openClient({
      dataDir: join(root, 'a'),
      profile: 'me',
      passphrase: noPass,
      network,
      transport: {
        request: () =>
          Promise.reject(
            new SessionError('NETWORK_UNREACHABLE', 'test: offline', { details: { stage: 'connect' } }),
          ),
      },
    });
    try {
      await expect(pushPending(offline, { signal: AbortSignal.timeout(20_000) })).rejects.toThrow();
    } finally {
      await offline.close();
    }
    const pending = (await syncStatus(devA.keys, devA.db)).namespaces.find(
      (n) => n.namespace === CONTACTS.namespace,
    )!;
    expect(pending.needsPush).toBe(true);
    const r = await receiveMessages(devA);
    const ns = r.config!.namespaces.find((n) => n.namespace === CONTACTS.namespace)!;
    expect(ns.pushed?.hashes).toHaveLength(1);
    const done = (await syncStatus(devA.keys, devA.db)).namespaces.find(
      (n) => n.namespace === CONTACTS.namespace,
    )!;
    expect(done).toMatchObject({ needsPush: false, status: 'clean', pendingSeqno: null });
    expect(done.lastPushHashes).toEqual(ns.pushed!.hashes);
    await receiveMessages(devB);
    expect((await contact(devB, X))?.nickname).toBe('later');
  }, 120_000);

  it('an edit made while a push is on its way is kept and pushed next, never overwritten', async () => {
    const own = devA.keys.accountId;
    await setNickname(devA.store, own, X, 'before', Date.now());
    let edited = false;
    // the network of device A, where a command edits the config while the store is in flight
    const net = new Proxy(devA.net, {
      get(target, key, receiver) {
        if (key === 'rpcToSwarm')
          return async (...args: Parameters<typeof target.rpcToSwarm>) => {
            if (args[1] === 'store' && !edited) {
              edited = true;
              await setNickname(devA.store, own, X, 'during', Date.now());
            }
            return target.rpcToSwarm(...args);
          };
        const v: unknown = Reflect.get(target, key, receiver);
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const first = await pushPending({ ...devA, net });
    expect(edited).toBe(true);
    expect(first.warnings.join()).toMatch(/changed while it was pushed/);
    expect((await contact(devA, X))?.nickname).toBe('during');
    const st = (await syncStatus(devA.keys, devA.db)).namespaces.find(
      (n) => n.namespace === CONTACTS.namespace,
    )!;
    expect(st.needsPush).toBe(true);
    await pushPending(devA);
    await receiveMessages(devB);
    expect((await contact(devB, X))?.nickname).toBe('during');
    expect((await syncStatus(devA.keys, devA.db)).namespaces.every((n) => !n.needsPush)).toBe(true);
  }, 120_000);

  it('community join and leave on A are pushed right away and applied by B on its next receive', async () => {
    const lobby = dn.descriptor.community.rooms.find((r) => r.token === 'lobby')!;
    const j = await joinCommunity(devA, lobby.joinUrl);
    const joined = { id: roomId(j.server, j.token) };
    // pushed by the join itself: nothing waits for a sync
    const ug = (await syncStatus(devA.keys, devA.db)).namespaces.find((n) => n.namespace === 5)!;
    expect(ug).toMatchObject({ needsPush: false, status: 'clean' });
    const r = await receiveMessages(devB);
    expect(r.config!.applied.joined).toEqual([joined.id]);
    expect(new CommunityStore(devB.db).room(joined.id)).toBeDefined();
    await leaveCommunity(devA, j.room);
    expect((await syncStatus(devA.keys, devA.db)).namespaces.find((n) => n.namespace === 5)!.needsPush).toBe(
      false,
    );
    const r2 = await receiveMessages(devB);
    expect(r2.config!.applied.left).toEqual([joined.id]);
    expect(new CommunityStore(devB.db).room(joined.id)).toBeUndefined();
  }, 120_000);
});
