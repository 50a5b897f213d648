import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroup, sendGroupDm } from '../../src/actions/group-manage.js';
import { acceptInvite, sendGroupMessage } from '../../src/actions/group-messages.js';
import { receiveMessages } from '../../src/actions/receive.js';
import { loadSodium } from '../../src/crypto/sodium.js';
import { startDevnet, type Devnet } from '../../src/devnet/index.js';
import { isSessionError } from '../../src/errors.js';
import { groupUpdateContent, inviteUpdate } from '../../src/groups/control.js';
import { groupFromSeed, makeSubaccount } from '../../src/groups/crypto.js';
import { GroupSession, type GroupContext } from '../../src/groups/group-session.js';
import { GroupStore } from '../../src/groups/group-store.js';
import { GroupKeys } from '../../src/groups/keys.js';
import { deriveIdentity } from '../../src/identity/keys.js';
import { loadNetworkConfig } from '../../src/network/config.js';
import { SessionNetwork } from '../../src/network/session-network.js';
import { UndiciTransport } from '../../src/network/transport.js';
import { storeMessage } from '../../src/rpc/storage.js';
import { openDatabase } from '../../src/store/database.js';
import { MessageStore } from '../../src/store/messages.js';

/** Forged control messages, invites and keys messages are dropped and counted, never applied. */
let dn: Devnet;
let dir: string;
const transports: UndiciTransport[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'grp-forged-'));
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

describe('forged group traffic', () => {
  it('a member forging admin messages, keys or invites gets nothing applied; each is counted', async () => {
    const na = await loadSodium();
    const [alice, bob, carol, dave] = await Promise.all(['alice', 'bob', 'carol', 'dave'].map(client));
    const B = bob!.keys.accountId;
    const C = carol!.keys.accountId;
    const { groupId: gid } = await createGroup(alice!, { name: 'Real', members: [B, C] });
    for (const c of [bob!, carol!]) {
      await receiveMessages(c);
      await acceptInvite(c, { group: gid });
    }
    await receiveMessages(carol!);

    // bob (a plain member, write access) claims an admin REMOVED of carol, signed with his own key
    const g = await GroupSession.load(bob!, gid);
    const ts = bob!.store.allocateTimestamp(bob!.net.now());
    const forgedSig = na.crypto_sign_detached(
      new TextEncoder().encode(`MEMBER_CHANGE2${ts}`),
      bob!.keys.ed25519Sk,
    );
    await g.storeContent(
      groupUpdateContent(
        { memberChangeMessage: { type: 2, memberSessionIds: [C], adminSignature: forgedSig } },
        ts,
      ),
      ts,
    );
    // … and a keys message signed by a key that is not the group's
    const fakeGroup = { ...groupFromSeed(na, na.randombytes_buf(32)), groupId: gid };
    const fake = new GroupKeys(na, fakeGroup, { xSk: bob!.keys.x25519Sk, xPk: bob!.keys.x25519Pk }).rekey([
      B,
      C,
    ]);
    await storeMessage(bob!.net, { to: gid, namespace: 12, data: fake, ttl: 3600_000, signer: g.auth() });
    await sendGroupMessage(bob!, { to: gid, text: 'honest text' });

    const r = await receiveMessages(carol!);
    expect(r.messages.map((m) => m.text)).toEqual(['honest text']);
    expect(r.groupEvents.filter((e) => e.action === 'removed')).toEqual([]);
    expect(r.skipped.map((s) => s.code).sort()).toEqual(['BAD_SIGNATURE', 'BAD_SIGNATURE']);
    const cs = await GroupSession.load(carol!, gid);
    expect(cs.keys.currentGeneration).toBe(0);
    expect(cs.keys.known).toHaveLength(1);

    // an invite DM to dave whose admin signature is bob's, for the real group
    const ts2 = bob!.store.allocateTimestamp(bob!.net.now());
    const D = dave!.keys.accountId;
    await sendGroupDm(
      bob!,
      D,
      {
        inviteMessage: {
          groupSessionId: gid,
          name: 'Real',
          memberAuthData: new Uint8Array(100),
          adminSignature: na.crypto_sign_detached(
            new TextEncoder().encode(`INVITE${D}${ts2}`),
            bob!.keys.ed25519Sk,
          ),
        },
      },
      ts2,
      undefined,
    );
    // and a correctly signed one whose auth data was made for someone else
    const real = groupFromSeed(na, new GroupStore(alice!.db).get(gid)!.seed!);
    const stolen = makeSubaccount(na, real, C);
    const ts3 = alice!.store.allocateTimestamp(alice!.net.now());
    await sendGroupDm(
      alice!,
      D,
      inviteUpdate(na, real, { invitee: D, name: 'Real', authData: stolen.authData, timestamp: ts3 }),
      ts3,
      undefined,
    );
    const dr = await receiveMessages(dave!);
    expect(dr.groupEvents).toEqual([]);
    expect(dr.skipped.map((s) => s.code)).toEqual(['BAD_SIGNATURE', 'BAD_SIGNATURE']);
    expect(new GroupStore(dave!.db).get(gid)).toBeUndefined();
    // dave cannot act on a group he is not in: refused before any traffic
    await expect(sendGroupMessage(dave!, { to: gid, text: 'x' })).rejects.toSatisfy((e) =>
      isSessionError(e, 'NOT_FOUND'),
    );
  }, 240_000);
});
