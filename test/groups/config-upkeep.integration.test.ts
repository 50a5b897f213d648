import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroup, renameGroup } from '../../src/actions/group-manage.js';
import { receiveMessages } from '../../src/actions/receive.js';
import { loadSodium } from '../../src/crypto/sodium.js';
import { startDevnet, type Devnet } from '../../src/devnet/index.js';
import {
  GROUP_KEEP_ALIVE_EVERY_MS,
  deleteObsoleteConfigs,
  keepAliveDue,
  keepAliveTargets,
  keepGroupConfigsAlive,
} from '../../src/groups/config-upkeep.js';
import { makeSubaccount } from '../../src/groups/crypto.js';
import { GroupSession, type GroupContext } from '../../src/groups/group-session.js';
import { GroupStore } from '../../src/groups/group-store.js';
import { deriveIdentity } from '../../src/identity/keys.js';
import { loadNetworkConfig } from '../../src/network/config.js';
import { SessionNetwork } from '../../src/network/session-network.js';
import { UndiciTransport } from '../../src/network/transport.js';
import { retrieveMessages, type RequestAuth } from '../../src/rpc/storage.js';
import { openDatabase } from '../../src/store/database.js';
import { MessageStore } from '../../src/store/messages.js';

/**
 * Upkeep of a group's config messages (groups-and-config.md §2.9): admins extend the live keys,
 * Info and Members copies at most once a day (injected clock), delete the Info/Members copies a
 * push superseded, keep every keys message (older generations stay readable), and members do
 * neither.
 */
const HOUR = 3600_000;
let dn: Devnet;
let dir: string;
const transports: UndiciTransport[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'grp-upkeep-'));
  dn = await startDevnet({ dir: join(dir, 'dn'), nodes: 6, swarmSize: 3, rateLimit: false });
}, 60_000);
afterAll(async () => {
  for (const t of transports) await t.close();
  await dn?.stop();
});

/** A client whose decision clock is `clock.now` (the network keeps its own time). */
async function client(name: string, clock: { now: number }): Promise<GroupContext> {
  const na = await loadSodium();
  const keys = await deriveIdentity(na.randombytes_buf(16));
  const db = await openDatabase(join(dir, `${name}.db`));
  const t = new UndiciTransport();
  transports.push(t);
  const net = new SessionNetwork({ config: loadNetworkConfig(join(dir, 'dn', 'devnet.json')), transport: t });
  return { keys, net, db, store: new MessageStore(db), now: () => clock.now };
}

/** Every message of one namespace of the group swarm, hash → expiry (ms). */
/**
 * The same expiries, give or take what swarm members differ by (each clamps an expiry to its own
 * clock, and a retrieve asks any member): an extension moves them by far more.
 */
function expectSameExpiries(got: Map<string, number>, want: Map<string, number>): void {
  expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
  for (const [h, e] of got) expect(Math.abs(e - want.get(h)!), h).toBeLessThan(100);
}

async function onSwarm(
  ctx: GroupContext,
  auth: RequestAuth,
  namespace: number,
): Promise<Map<string, number>> {
  const r = await retrieveMessages(ctx.net, {
    signer: auth,
    namespace,
    lastHash: () => undefined,
    maxSize: -1,
  });
  return new Map(r.messages.map((m) => [m.hash, m.expiration]));
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('keep-alive decision', () => {
  it('is due when never done, a day after the last run, or when the clock went back; not within the day', () => {
    const t0 = 1_700_000_000_000;
    expect(keepAliveDue(undefined, t0)).toBe(true);
    expect(keepAliveDue(t0, t0)).toBe(false);
    expect(keepAliveDue(t0, t0 + HOUR)).toBe(false);
    expect(keepAliveDue(t0, t0 + GROUP_KEEP_ALIVE_EVERY_MS - 1)).toBe(false);
    expect(keepAliveDue(t0, t0 + GROUP_KEEP_ALIVE_EVERY_MS)).toBe(true);
    expect(keepAliveDue(t0, t0 + 29 * 24 * HOUR)).toBe(true);
    expect(keepAliveDue(t0, t0 - HOUR)).toBe(true);
    expect(keepAliveDue(Number.NaN, t0)).toBe(true);
  });
});

describe('group config upkeep on a devnet', () => {
  it('admins extend the live copies once a day; members never do', async () => {
    const clock = { now: Date.now() };
    const alice = await client('alice-ka', clock);
    const bob = await client('bob-ka', clock);
    const created = await createGroup(alice, { name: 'Kept', members: [bob.keys.accountId] });
    const gid = created.groupId;
    const g = await GroupSession.load(alice, gid);
    const targets = keepAliveTargets(g);
    // keys (generation 0), Info and Members: one live copy each
    expect(targets).toHaveLength(3);
    const before = new Map<string, number>();
    for (const ns of [12, 13, 14]) for (const [h, e] of await onSwarm(alice, g.auth(), ns)) before.set(h, e);
    expect([...before.keys()].sort()).toEqual(targets);

    // bob, a member with auth data: he sees the keys message too, but never extends it
    const na = await loadSodium();
    const now = clock.now;
    new GroupStore(bob.db).put({
      id: gid,
      name: 'Kept',
      seed: null,
      authData: makeSubaccount(na, g.identity, bob.keys.accountId).authData,
      state: 'joined',
      invitedBy: alice.keys.accountId,
      keysDump: null,
      createdAt: now,
      updatedAt: now,
    });
    const b = await GroupSession.load(bob, gid);
    await b.pollConfigs();
    expect(keepAliveTargets(b).length).toBeGreaterThan(0);
    await pause(300); // so that an extension would show as a later expiry
    expect((await keepGroupConfigsAlive(b, { force: true })).requested).toEqual([]);
    const afterBob = new Map<string, number>();
    for (const ns of [12, 13, 14])
      for (const [h, e] of await onSwarm(alice, g.auth(), ns)) afterBob.set(h, e);
    expectSameExpiries(afterBob, before);
    const bobDel = await deleteObsoleteConfigs(b, b.info);
    expect(bobDel.deleted).toEqual([]);

    // the admin's first keep-alive is due: every live copy gets a later expiry
    const first = await keepGroupConfigsAlive(g);
    expect(first.warning).toBeUndefined();
    expect(first.requested).toEqual(targets);
    for (const ns of [12, 13, 14])
      for (const [h, e] of await onSwarm(alice, g.auth(), ns))
        expect(e, `ns ${ns}`).toBeGreaterThan(before.get(h)!);

    // within the day: nothing asked
    clock.now += 6 * HOUR;
    expect((await keepGroupConfigsAlive(g)).requested).toEqual([]);
    // a day later: due again
    clock.now += GROUP_KEEP_ALIVE_EVERY_MS;
    expect((await keepGroupConfigsAlive(g)).requested).toEqual(targets);
  }, 120_000);

  it("an admin's receive keeps the group's configs alive (the first one, then once a day)", async () => {
    const clock = { now: Date.now() };
    const alice = await client('alice-rcv', clock);
    const { groupId: gid } = await createGroup(alice, { name: 'Polled', members: [] });
    const g = await GroupSession.load(alice, gid);
    const expiries = async () => {
      const out = new Map<string, number>();
      for (const ns of [12, 13, 14]) for (const [h, e] of await onSwarm(alice, g.auth(), ns)) out.set(h, e);
      return out;
    };
    const before = await expiries();
    expect(before.size).toBe(3);
    await pause(300);
    const r = await receiveMessages(alice);
    expect(r.warnings).toEqual([]);
    const after = await expiries();
    for (const [h, e] of after) expect(e).toBeGreaterThan(before.get(h)!);
    // the next receive within the day leaves them as they are
    await pause(300);
    clock.now += HOUR;
    await receiveMessages(alice);
    expectSameExpiries(await expiries(), after);
  }, 120_000);

  it('a push deletes the Info/Members copies it superseded and keeps every keys message', async () => {
    const clock = { now: Date.now() };
    const alice = await client('alice-del', clock);
    const { groupId: gid } = await createGroup(alice, { name: 'Old name', members: [] });
    const g0 = await GroupSession.load(alice, gid);
    const info0 = [...g0.info.hashes];
    expect(info0).toHaveLength(1);
    expect([...(await onSwarm(alice, g0.auth(), 13)).keys()]).toEqual(info0);

    // rename: a new Info copy; the old one is deleted from the swarm
    await renameGroup(alice, { group: gid, name: 'New name' });
    const g1 = await GroupSession.load(alice, gid);
    const info1 = [...g1.info.hashes];
    expect(info1).toHaveLength(1);
    expect(info1).not.toEqual(info0);
    expect([...(await onSwarm(alice, g1.auth(), 13)).keys()]).toEqual(info1);
    expect(g1.info.obsoleteHashes).toEqual([]);

    // a rekey re-encrypts Info and Members: both old copies go, both keys messages stay
    const members0 = [...g1.members.hashes];
    g1.keys.rekey(g1.memberIds());
    g1.save();
    const pushed = await g1.push();
    expect(pushed.warnings).toEqual([]);
    expect(pushed.deleted.sort()).toEqual([...info1, ...members0].sort());
    expect([...(await onSwarm(alice, g1.auth(), 13)).keys()]).toEqual(pushed.info);
    expect([...(await onSwarm(alice, g1.auth(), 14)).keys()]).toEqual(pushed.members);
    const keysOnSwarm = [...(await onSwarm(alice, g1.auth(), 12)).keys()].sort();
    expect(keysOnSwarm).toHaveLength(2);
    expect(keysOnSwarm).toEqual(g1.keys.currentHashes().sort());
    // and the keep-alive covers both generations' keys messages
    expect(keepAliveTargets(g1)).toEqual([...keysOnSwarm, ...pushed.info!, ...pushed.members!].sort());
  }, 120_000);
});
