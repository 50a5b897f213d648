import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGroup,
  destroyGroup,
  groupInfo,
  inviteMembers,
  promoteMember,
  removeMembers,
  renameGroup,
} from '../../src/actions/group-manage.js';
import { acceptInvite, leaveGroup, sendGroupMessage } from '../../src/actions/group-messages.js';
import { receiveMessages } from '../../src/actions/receive.js';
import { loadSodium } from '../../src/crypto/sodium.js';
import { startDevnet, type Devnet } from '../../src/devnet/index.js';
import { isSessionError } from '../../src/errors.js';
import { GroupSession, type GroupContext } from '../../src/groups/group-session.js';
import { GroupStore } from '../../src/groups/group-store.js';
import { deriveIdentity } from '../../src/identity/keys.js';
import { loadNetworkConfig } from '../../src/network/config.js';
import { SessionNetwork } from '../../src/network/session-network.js';
import { UndiciTransport } from '../../src/network/transport.js';
import { retrieveMessages, storeMessage } from '../../src/rpc/storage.js';
import { openDatabase } from '../../src/store/database.js';
import { MessageStore } from '../../src/store/messages.js';

/**
 * The §4.9 flows between real clients (actions, not the CLI) on a devnet: every check from the
 * side that must notice — above all the removed member's.
 */
let dn: Devnet;
let dir: string;
const transports: UndiciTransport[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'grp-flow-'));
  dn = await startDevnet({ dir: join(dir, 'dn'), nodes: 6, swarmSize: 3, rateLimit: false });
}, 60_000);
afterAll(async () => {
  for (const t of transports) await t.close();
  await dn?.stop();
});

async function client(name: string): Promise<GroupContext> {
  const na = await loadSodium();
  const keys = await deriveIdentity(na.randombytes_buf(16));
  const db = await openDatabase(join(dir, `${name}.db`));
  const t = new UndiciTransport();
  transports.push(t);
  const net = new SessionNetwork({ config: loadNetworkConfig(join(dir, 'dn', 'devnet.json')), transport: t });
  return { keys, net, db, store: new MessageStore(db) };
}

const texts = async (c: GroupContext, groupId: string) => {
  const r = await receiveMessages(c);
  return {
    r,
    texts: r.messages.filter((m) => m.conversation === groupId).map((m) => m.text),
  };
};

describe('new closed groups on a devnet', () => {
  it('create, invite, accept, message, promote, remove (proven from the removed side), history, leave, destroy', async () => {
    const [alice, bob, carol, dave, erin] = await Promise.all(
      ['alice', 'bob', 'carol', 'dave', 'erin'].map(client),
    );
    const A = alice!.keys.accountId;
    const B = bob!.keys.accountId;
    const C = carol!.keys.accountId;

    const created = await createGroup(alice!, { name: 'Team', members: [B, C], displayName: 'Alice' });
    const gid = created.groupId;
    expect(gid).toMatch(/^03[0-9a-f]{64}$/);
    expect(created.invited.sort()).toEqual([B, C].sort());
    expect(created.members.find((m) => m.sessionId === B)?.status).toBe('invite-sent');

    // invites arrive as requests
    for (const c of [bob!, carol!]) {
      const r = await receiveMessages(c);
      expect(r.groupEvents.map((e) => [e.action, e.conversation])).toEqual([['invited', gid]]);
      expect(r.messages).toEqual([]); // an invite is no text message
      const acc = await acceptInvite(c, { group: gid });
      expect(acc).toMatchObject({ name: 'Team', state: 'joined', generation: 0 });
    }

    await sendGroupMessage(alice!, { to: gid, text: 'hello team' });
    await sendGroupMessage(bob!, { to: gid, text: 'hi from bob' });
    expect((await texts(carol!, gid)).texts).toEqual(['hello team', 'hi from bob']);
    const aliceSide = await texts(alice!, gid);
    expect(aliceSide.texts).toEqual(['hi from bob']);
    const m = aliceSide.r.messages.find((x) => x.conversation === gid)!;
    expect(m.author).toBe(B);
    expect(
      aliceSide.r.groupEvents
        .filter((e) => e.action === 'joined')
        .map((e) => e.from)
        .sort(),
    ).toEqual([B, C].sort());
    expect((await groupInfo(alice!, gid)).members.find((x) => x.sessionId === B)?.status).toBe(
      'invite-accepted',
    );

    // promote carol: she gets the seed and acts as admin
    await promoteMember(alice!, { group: gid, member: C });
    const cr = await receiveMessages(carol!);
    expect(cr.groupEvents.some((e) => e.action === 'promoted' && e.members.includes(C))).toBe(true);
    expect((await GroupSession.load(carol!, gid)).isAdmin).toBe(true);
    expect((await groupInfo(alice!, gid)).members.find((x) => x.sessionId === C)?.admin).toBe(true);

    // non-admins cannot act as admins: refused before any traffic
    await expect(removeMembers(bob!, { group: gid, members: [C] })).rejects.toSatisfy((e) =>
      isSessionError(e, 'PERMISSION_DENIED'),
    );
    await expect(removeMembers(alice!, { group: gid, members: [dave!.keys.accountId] })).rejects.toSatisfy(
      (e) => isSessionError(e, 'NOT_FOUND'),
    );

    // bob's position before removal: his auth, his keys
    const bobBefore = await GroupSession.load(bob!, gid);
    const bobAuth = bobBefore.auth();
    const removed = await removeMembers(alice!, { group: gid, members: [B] });
    expect(removed.generation).toBe(1);
    expect(removed.members.map((x) => x.sessionId)).not.toContain(B);
    await sendGroupMessage(alice!, { to: gid, text: 'after bob left' });

    // from bob's side: the swarm refuses him (devnet's own subaccount checks) …
    await expect(
      retrieveMessages(bob!.net, { signer: bobAuth, namespace: 11, lastHash: () => undefined }),
    ).rejects.toSatisfy((e) => isSessionError(e, 'REMOTE_REJECTED'));
    await expect(
      storeMessage(bob!.net, {
        to: gid,
        namespace: 11,
        data: Uint8Array.of(1),
        ttl: 3600_000,
        signer: bobAuth,
      }),
    ).rejects.toSatisfy((e) => isSessionError(e, 'REMOTE_REJECTED'));
    await expect(sendGroupMessage(bob!, { to: gid, text: 'still here?' })).rejects.toSatisfy((e) =>
      isSessionError(e, 'REMOTE_REJECTED'),
    );
    // … he notices (−11) and says so …
    const br = await receiveMessages(bob!);
    expect(br.groupEvents.map((e) => e.action)).toContain('kicked');
    expect(br.warnings.join('\n')).toMatch(/removed from group/);
    expect(new GroupStore(bob!.db).get(gid)?.state).toBe('kicked');
    // … and even with the group's messages in hand, he cannot read the new generation
    const adminAuth = (await GroupSession.load(alice!, gid)).auth();
    const all = await retrieveMessages(alice!.net, {
      signer: adminAuth,
      namespace: 11,
      lastHash: () => undefined,
    });
    const bobKeys = (await GroupSession.load(bob!, gid)).keys;
    expect(bobKeys.currentGeneration).toBe(0);
    const { decryptGroupMessage } = await import('../../src/groups/crypto.js');
    const last = all.messages[all.messages.length - 1]!;
    expect(() =>
      decryptGroupMessage(bobBefore.na, last.data, bobKeys.decryptionKeys(), bobBefore.identity.edPk),
    ).toThrow(/no key/);
    // carol (still in) reads it
    expect((await texts(carol!, gid)).texts).toContain('after bob left');

    // without history: dave cannot read older messages; with history, erin can
    await inviteMembers(alice!, { group: gid, members: [dave!.keys.accountId] });
    await inviteMembers(alice!, { group: gid, members: [erin!.keys.accountId], shareHistory: true });
    for (const c of [dave!, erin!]) {
      await receiveMessages(c);
      await acceptInvite(c, { group: gid });
    }
    const dv = await texts(dave!, gid);
    const ev = await texts(erin!, gid);
    expect(dv.texts).toEqual([]);
    expect(dv.r.skipped.length).toBeGreaterThan(0);
    expect(ev.texts).toEqual(expect.arrayContaining(['hello team', 'hi from bob', 'after bob left']));
    await sendGroupMessage(alice!, { to: gid, text: 'welcome' });
    expect((await texts(dave!, gid)).texts).toEqual(['welcome']);

    // rename: members see the new name and a renamed event
    await renameGroup(alice!, { group: gid, name: 'Team 2' });
    const rn = await receiveMessages(carol!);
    expect(rn.groupEvents.some((e) => e.action === 'renamed')).toBe(true);
    expect((await groupInfo(carol!, gid)).name).toBe('Team 2');

    // dave leaves: the admin sees it and removes him
    await leaveGroup(dave!, { group: gid });
    expect(new GroupStore(dave!.db).get(gid)).toBeUndefined();
    const lv = await receiveMessages(alice!);
    expect(lv.groupEvents.some((e) => e.action === 'left' && e.from === dave!.keys.accountId)).toBe(true);
    expect((await groupInfo(alice!, gid)).members.map((x) => x.sessionId)).not.toContain(
      dave!.keys.accountId,
    );

    // removal with --delete-messages: what erin wrote disappears for the others
    await sendGroupMessage(erin!, { to: gid, text: 'from erin' });
    expect((await texts(carol!, gid)).texts).toEqual(['from erin']);
    await removeMembers(alice!, { group: gid, members: [erin!.keys.accountId], deleteMessages: true });
    await receiveMessages(carol!);
    expect(carol!.store.messages(gid, 100).map((x) => x.text)).not.toContain('from erin');
    expect(carol!.store.messages(gid, 100).map((x) => x.text)).toContain('welcome');

    // destroy: members see it
    await destroyGroup(alice!, { group: gid });
    const ds = await receiveMessages(carol!);
    expect(ds.groupEvents.map((e) => e.action)).toContain('destroyed');
    expect(new GroupStore(carol!.db).get(gid)?.state).toBe('destroyed');
    void A;
  }, 300_000);
});
