import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroup, inviteMembers, promoteMember, renameGroup } from '../../src/actions/group-manage.js';
import { acceptInvite, receiveGroups, sendGroupMessage } from '../../src/actions/group-messages.js';
import { receiveMessages } from '../../src/actions/receive.js';
import { encodeData } from '../../src/config/model.js';
import { loadSodium } from '../../src/crypto/sodium.js';
import { startDevnet, type Devnet } from '../../src/devnet/index.js';
import { toHex } from '../../src/encoding/bytes.js';
import { GroupSession, type GroupContext } from '../../src/groups/group-session.js';
import { deriveIdentity } from '../../src/identity/keys.js';
import { loadNetworkConfig } from '../../src/network/config.js';
import { SessionNetwork } from '../../src/network/session-network.js';
import { UndiciTransport } from '../../src/network/transport.js';
import { openDatabase } from '../../src/store/database.js';
import { MessageStore } from '../../src/store/messages.js';

/**
 * Two admins of one group edit at the same time, each from a state that has not seen the other's
 * push (issue 13; groups-and-config.md §2.6, §2.7, §4.9). The concurrency is made deterministic:
 * admin B's action runs up to its first store to the group swarm (its refresh is done, so it has
 * merged everything there is) and waits there; admin A's whole action runs; then B's push goes
 * out. Two different configs with the same seqno are then on the swarm, and the receives must
 * converge: an admin merges them (seqno + 1, re-signed) and pushes the merge; the plain member
 * takes it, never merging or pushing itself (§2.8.3).
 */
let dn: Devnet;
let dir: string;
const transports: UndiciTransport[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'grp-2adm-'));
  dn = await startDevnet({ dir: join(dir, 'dn'), nodes: 6, swarmSize: 3, rateLimit: false });
}, 60_000);
afterAll(async () => {
  for (const t of transports) await t.close();
  await dn?.stop();
});

interface Call {
  to: string;
  method: string;
  namespace: number | undefined;
}

interface Client extends GroupContext {
  /** Every storage RPC this client asked for (each attempt), with its namespace. */
  calls: Call[];
  /** Holds the next store to `to` until `release()`; resolves `reached` when it gets there. */
  holdNextStore(to: string): { reached: Promise<void>; release: () => void; cancel: () => void };
}

async function client(name: string): Promise<Client> {
  const na = await loadSodium();
  const keys = await deriveIdentity(na.randombytes_buf(16));
  const db = await openDatabase(join(dir, `${name}.db`));
  const t = new UndiciTransport();
  transports.push(t);
  const net = new SessionNetwork({ config: loadNetworkConfig(join(dir, 'dn', 'devnet.json')), transport: t });
  const calls: Call[] = [];
  let hold: { to: string; reached: () => void; gate: Promise<void> } | undefined;
  const rpc = net.rpcToSwarm.bind(net);
  // The wrapper sees each request's params as the node would (per attempt), before the onion.
  net.rpcToSwarm = async (to, method, params, opts) => {
    if (hold && method === 'store' && hold.to === to) {
      const h = hold;
      hold = undefined;
      h.reached();
      await h.gate;
    }
    const counted: typeof params = async (node) => {
      const p = (typeof params === 'function' ? await params(node) : params) as { namespace?: unknown };
      calls.push({ to, method, namespace: typeof p.namespace === 'number' ? p.namespace : undefined });
      return p;
    };
    return rpc(to, method, counted, opts);
  };
  return {
    keys,
    net,
    db,
    store: new MessageStore(db),
    calls,
    holdNextStore(to) {
      let reached!: () => void;
      let release!: () => void;
      const r = new Promise<void>((res) => (reached = res));
      const gate = new Promise<void>((res) => (release = res));
      hold = { to, reached, gate };
      return { reached: r, release, cancel: () => (hold = undefined) };
    },
  };
}

/** What one profile holds of the group's configs: seqnos, data bytes and the readable parts. */
async function seen(c: GroupContext, gid: string) {
  const g = await GroupSession.load(c, gid);
  return {
    infoSeqno: g.info.seqno,
    membersSeqno: g.members.seqno,
    info: toHex(encodeData(g.info.data())),
    members: toHex(encodeData(g.members.data())),
    name: g.infoView().name,
    description: g.infoView().description,
    memberIds: g.memberIds(),
    status: { info: g.info.status, members: g.members.status },
  };
}

/**
 * B runs `b` up to its first store to the group and waits there; A runs `a` to the end; then B
 * goes on. Neither has seen the other's push when it pushes.
 */
async function atOnce<T, U>(
  B: Client,
  gid: string,
  a: () => Promise<T>,
  b: () => Promise<U>,
): Promise<[T, U]> {
  const h = B.holdNextStore(gid);
  const bRun = b();
  const first = await Promise.race([
    h.reached.then(() => 'held' as const),
    bRun.then(
      () => 'done' as const,
      () => 'done' as const,
    ),
  ]);
  if (first !== 'held') {
    h.cancel();
    await bRun;
    throw new Error("B's action ended without storing to the group: nothing happened at once");
  }
  let aOut: T;
  try {
    aOut = await a();
  } finally {
    h.release();
  }
  return [aOut, await bRun];
}

const configWrites = (c: Client, gid: string) =>
  c.calls.filter((x) => x.to === gid && x.method !== 'retrieve' && x.namespace !== 11);

describe('two admins acting at once converge', () => {
  let alice: Client;
  let bob: Client;
  let mia: Client;
  let carol: Client;
  let dave: Client;
  let gid: string;

  beforeAll(async () => {
    [alice, bob, mia, carol, dave] = await Promise.all([
      client('alice'),
      client('bob'),
      client('mia'),
      client('carol'),
      client('dave'),
    ]);
    const created = await createGroup(alice, {
      name: 'Team',
      members: [bob.keys.accountId, mia.keys.accountId],
      displayName: 'Alice',
    });
    gid = created.groupId;
    for (const c of [bob, mia]) {
      await receiveMessages(c);
      await acceptInvite(c, { group: gid });
    }
    await receiveGroups(alice);
    await promoteMember(alice, { group: gid, member: bob.keys.accountId });
    await receiveMessages(bob); // the seed; bob marks his promotion accepted and pushes Members
    expect((await GroupSession.load(bob, gid)).isAdmin).toBe(true);
    for (const c of [alice, mia, bob]) await receiveGroups(c);
  }, 240_000);

  /** Each of them polls the group once, in this order; nobody may fail or skip anything. */
  async function pollAll(...cs: Client[]): Promise<void> {
    for (const c of cs) {
      const r = await receiveGroups(c);
      expect(r.warnings).toEqual([]);
      // new members (no history shared) cannot open what was there before them
      if (c !== carol && c !== dave) expect(r.skipped).toEqual([]);
    }
  }
  const stores = (c: Client, ns: number) =>
    configWrites(c, gid).filter((x) => x.method === 'store' && x.namespace === ns).length;

  it('A renames while B sets the description: one Info with both, pushed by an admin', async () => {
    const before = await seen(alice, gid);
    expect(await seen(bob, gid)).toEqual(before);

    await atOnce(
      bob,
      gid,
      () => renameGroup(alice, { group: gid, name: 'Team A' }),
      () => renameGroup(bob, { group: gid, description: 'from B' }),
    );
    const a1 = await seen(alice, gid);
    const b1 = await seen(bob, gid);
    // two different Info configs at one seqno, each built on the same one
    expect(a1.infoSeqno).toBe(before.infoSeqno + 1);
    expect(b1.infoSeqno).toBe(a1.infoSeqno);
    expect([a1.name, a1.description]).toEqual(['Team A', '']);
    expect([b1.name, b1.description]).toEqual(['Team', 'from B']);

    const aliceInfoStores = stores(alice, 13);
    await pollAll(alice, bob, mia);
    const a2 = await seen(alice, gid);
    expect([a2.name, a2.description]).toEqual(['Team A', 'from B']);
    // the merge is a new config (seqno + 1 over the conflict), re-signed, pushed and confirmed …
    expect(a2.infoSeqno).toBe(a1.infoSeqno + 1);
    expect(a2.status.info).toBe('clean');
    expect(stores(alice, 13)).toBe(aliceInfoStores + 1);
    // … and it is what B and the member took (a member cannot merge: it takes the top message)
    for (const c of [bob, mia]) {
      const o = await seen(c, gid);
      expect([o.infoSeqno, o.info, o.name, o.description]).toEqual([
        a2.infoSeqno,
        a2.info,
        a2.name,
        a2.description,
      ]);
    }
  }, 300_000);

  it('A invites carol while B invites dave: one Members with both, everywhere, stable', async () => {
    const before = await seen(alice, gid);
    expect(await seen(bob, gid)).toEqual(before);
    const miaWritesBefore = configWrites(mia, gid).length;

    await atOnce(
      bob,
      gid,
      () => inviteMembers(alice, { group: gid, members: [carol.keys.accountId] }),
      () => inviteMembers(bob, { group: gid, members: [dave.keys.accountId] }),
    );
    const a1 = await seen(alice, gid);
    const b1 = await seen(bob, gid);
    expect(b1.membersSeqno).toBe(a1.membersSeqno);
    expect(a1.memberIds).toContain(carol.keys.accountId);
    expect(a1.memberIds).not.toContain(dave.keys.accountId);
    expect(b1.memberIds).toContain(dave.keys.accountId);
    expect(b1.memberIds).not.toContain(carol.keys.accountId);

    await pollAll(alice, bob, mia);
    const a2 = await seen(alice, gid);
    expect(a2.memberIds).toEqual(expect.arrayContaining([carol.keys.accountId, dave.keys.accountId]));
    expect(a2.membersSeqno).toBeGreaterThan(a1.membersSeqno);
    expect([a2.name, a2.description]).toEqual(['Team A', 'from B']);
    expect(a2.status).toEqual({ info: 'clean', members: 'clean' });
    const { status: _s, ...same } = a2;
    for (const c of [bob, mia]) expect(await seen(c, gid)).toMatchObject(same);
    // the two invites were two rekeys of one generation (§4.4.3 needs_rekey): an admin rekeyed
    const keysOf = async (c: Client) => (await GroupSession.load(c, gid)).keys;
    expect((await keysOf(alice)).needsRekey()).toBe(false);
    expect((await keysOf(alice)).currentGeneration).toBe((await keysOf(bob)).currentGeneration);
    expect((await keysOf(mia)).currentGeneration).toBe((await keysOf(alice)).currentGeneration);

    // stable: more rounds change nothing anywhere, and no admin pushes again
    const storesBefore = [alice, bob].map((c) => [stores(c, 12), stores(c, 13), stores(c, 14)]);
    await pollAll(alice, bob, mia, alice, bob, mia);
    for (const c of [alice, bob, mia]) expect(await seen(c, gid)).toMatchObject(same);
    expect([alice, bob].map((c) => [stores(c, 12), stores(c, 13), stores(c, 14)])).toEqual(storesBefore);

    // the plain member merged locally (took the admins' merge) but never wrote a group config
    expect(configWrites(mia, gid).slice(miaWritesBefore)).toEqual([]);
    expect(configWrites(mia, gid)).toEqual([]);
    // … while the counter does see the admins' config writes
    expect(stores(alice, 14)).toBeGreaterThan(0);
  }, 300_000);

  it('carol and dave, invited at once by different admins, both read the merged configs and the group', async () => {
    // Two concurrent invites are two rekeys of one generation (§4.4.1), each for a different
    // membership: carol holds only A's key of it, dave only B's.
    for (const c of [carol, dave]) {
      const r = await receiveMessages(c);
      expect(r.groupEvents.map((e) => [e.action, e.conversation])).toEqual([['invited', gid]]);
      await acceptInvite(c, { group: gid });
    }
    await pollAll(alice, bob, mia, carol, dave, alice, bob);
    const a = await seen(alice, gid);
    const { status: _s, ...same } = a;
    for (const c of [bob, mia, carol, dave]) expect(await seen(c, gid)).toMatchObject(same);
    expect([a.name, a.description]).toEqual(['Team A', 'from B']);

    await sendGroupMessage(alice, { to: gid, text: 'from A after both invites' });
    await sendGroupMessage(bob, { to: gid, text: 'from B after both invites' });
    for (const c of [carol, dave, mia]) {
      const r = await receiveGroups(c);
      expect(r.skipped).toEqual([]);
      expect(r.messages.map((m) => m.text).sort()).toEqual([
        'from A after both invites',
        'from B after both invites',
      ]);
    }
  }, 300_000);

  it('both rename at once: everyone ends with the name of the message with the larger hash (§2.6)', async () => {
    await atOnce(
      bob,
      gid,
      () => renameGroup(alice, { group: gid, name: 'Alpha' }),
      () => renameGroup(bob, { group: gid, name: 'Bravo' }),
    );
    // §2.6: the two messages have one seqno, so they are ordered by their hash (BLAKE2b-256 of
    // the serialized, signed message, §2.4, compared bytewise); the merge starts from the larger
    // one's data and replays the diffs ascending, so the larger hash's `n` is written last: its
    // name wins, on every device alike.
    const na = await loadSodium();
    const hashOf = async (c: Client) =>
      toHex(na.crypto_generichash(32, (await GroupSession.load(c, gid)).info.serialized(), null));
    const [ha, hb] = [await hashOf(alice), await hashOf(bob)];
    expect((await seen(alice, gid)).infoSeqno).toBe((await seen(bob, gid)).infoSeqno);
    expect(ha).not.toBe(hb);
    const winner = ha > hb ? 'Alpha' : 'Bravo';

    await pollAll(alice, bob, mia, carol, dave);
    const a = await seen(alice, gid);
    expect(a.name).toBe(winner);
    expect(a.description).toBe('from B');
    const { status: _s, ...same } = a;
    for (const c of [bob, mia, carol, dave]) expect(await seen(c, gid)).toMatchObject(same);
    await pollAll(bob, alice, mia, carol, dave);
    for (const c of [alice, bob, mia, carol, dave]) expect(await seen(c, gid)).toMatchObject(same);
    expect(configWrites(mia, gid)).toEqual([]);
  }, 300_000);

  it('both admins merge at once: they push the very same merged config, and it stays', async () => {
    await atOnce(
      bob,
      gid,
      () => renameGroup(alice, { group: gid, description: 'A says' }),
      () => renameGroup(bob, { group: gid, description: 'B says' }),
    );
    const conflict = (await seen(alice, gid)).infoSeqno;
    // B's receive merges and is held at its push; A's receive merges the same two messages and
    // pushes; then B pushes its own merge. §2.6 is deterministic (and so are the signature and
    // the encryption), so both are one message with one storage hash.
    await atOnce(
      bob,
      gid,
      () => receiveGroups(alice),
      () => receiveGroups(bob),
    );
    const [ga, gb] = [await GroupSession.load(alice, gid), await GroupSession.load(bob, gid)];
    expect(ga.info.seqno).toBe(conflict + 1);
    expect(gb.info.seqno).toBe(conflict + 1);
    expect([ga.info.status, gb.info.status]).toEqual(['clean', 'clean']);
    expect(gb.info.hashes).toEqual(ga.info.hashes);
    expect(toHex(gb.info.serialized())).toBe(toHex(ga.info.serialized()));

    const stores13 = [stores(alice, 13), stores(bob, 13)];
    await pollAll(mia, carol, dave, alice, bob, mia);
    const a = await seen(alice, gid);
    expect(a.infoSeqno).toBe(conflict + 1);
    const { status: _s, ...same } = a;
    for (const c of [bob, mia, carol, dave]) expect(await seen(c, gid)).toMatchObject(same);
    expect([stores(alice, 13), stores(bob, 13)]).toEqual(stores13);
    expect(configWrites(mia, gid)).toEqual([]);
  }, 300_000);
});
