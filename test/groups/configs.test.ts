import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSodium, type Sodium } from '../../src/crypto/sodium.js';
import { fromHex, toHex } from '../../src/encoding/bytes.js';
import { isSessionError } from '../../src/errors.js';
import { groupFromSeed } from '../../src/groups/crypto.js';
import { GroupSession, type GroupContext } from '../../src/groups/group-session.js';
import { GroupStore } from '../../src/groups/group-store.js';
import { GroupKeys, KEY_EXPIRY_MS } from '../../src/groups/keys.js';
import { deriveIdentity } from '../../src/identity/keys.js';
import type { SessionNetwork } from '../../src/network/session-network.js';
import { openDatabase } from '../../src/store/database.js';
import { MessageStore } from '../../src/store/messages.js';
import { loadSpecVectors } from '../helpers/spec.js';

// test/vectors/groups-and-config.vectors.json (§9.2 `group`): Info seqno 1 and the Info re-push
// under the gen-1 key, produced by our GroupSession (the same code path as `group create`).
const G = loadSpecVectors<any>('groups-and-config.vectors.json').group;

let na: Sodium;
beforeAll(async () => {
  na = await loadSodium();
});

async function session(
  seedHex: string,
  groupSeed: Uint8Array | null,
  groupId: string,
): Promise<GroupSession> {
  const keys = await deriveIdentity(fromHex(seedHex));
  const db = await openDatabase(join(mkdtempSync(join(tmpdir(), 'grp-cfg-')), 'p.db'));
  const ctx: GroupContext = { keys, db, store: new MessageStore(db), net: {} as SessionNetwork };
  new GroupStore(db).put({
    id: groupId,
    name: '',
    seed: groupSeed,
    authData: null,
    state: 'joined',
    invitedBy: null,
    keysDump: null,
    createdAt: 1,
    updatedAt: 1,
  });
  return GroupSession.load(ctx, groupId);
}

describe('group configs on the config engine', () => {
  it('the admin pushes Info seqno 1 byte for byte, and re-encrypts it as seqno 2 after a rekey', async () => {
    const gid = `03${G.group_pubkey_hex}`;
    const g = await session(G.admin_seed_hex, fromHex(G.group_seed_hex), gid);
    expect(g.isAdmin).toBe(true);
    g.keys.load('k0', fromHex(G.keys_gen0.message_hex), G.keys_gen0.swarm_timestamp_ms_used_on_load);
    g.editInfo((i) => {
      i.name = 'Test Group';
    });
    const p1 = g.info.push();
    expect(p1.seqno).toBe(1);
    expect(p1.payloads.map(toHex)).toEqual([G.info_seqno1.encrypted_hex]);
    g.info.confirmPushed(1, ['h1']);
    // the rekey that removes member 2; what GroupSession.push does after storing the keys message
    g.keys.rekey(G.keys_gen1_after_removing_member2.members);
    g.info.edit((d) => d.set('~k', 1n));
    g.info.edit((d) => d.delete('~k'));
    const p2 = g.info.push();
    expect(p2.seqno).toBe(2);
    expect(p2.payloads.map(toHex)).toEqual([G.info_seqno2_after_rekey.encrypted_hex]);
  });

  it('the admin pushes Members seqno 1 (zstd-compressed inside) byte for byte', async () => {
    const gid = `03${G.group_pubkey_hex}`;
    const g = await session(G.admin_seed_hex, fromHex(G.group_seed_hex), gid);
    g.keys.load('k0', fromHex(G.keys_gen0.message_hex), G.keys_gen0.swarm_timestamp_ms_used_on_load);
    g.editMembers((m) => {
      m.set(G.admin_session_id, { name: 'Admin', admin: true });
      m.set(G.member1_session_id, { name: 'Member1', invite: 'sent' });
      m.set(G.member2_session_id, { name: 'Member2', invite: 'sent' });
    });
    expect(g.members.push().payloads.map(toHex)).toEqual([G.members_seqno1.encrypted_hex]);
    expect(g.membersView().get(G.member1_session_id)?.status).toBe('invite-sent');
    expect(g.membersView().get(G.admin_session_id)?.status).toBe('promotion-accepted');
  });

  it('a member reads Info with its key, but never edits or pushes group configs', async () => {
    const gid = `03${G.group_pubkey_hex}`;
    const g = await session(G.member1_seed_hex, null, gid);
    expect(g.isAdmin).toBe(false);
    g.keys.load('k0', fromHex(G.keys_gen0.message_hex), 1700000000000);
    const out = g.info.merge([{ hash: 'h1', data: fromHex(G.info_seqno1.encrypted_hex) }]);
    expect(out.result).toBe('adopted');
    expect(g.name).toBe('Test Group');
    expect(() => g.editInfo((i) => (i.name = 'mine'))).toThrow(/admin/);
    await expect(g.push()).rejects.toSatisfy((e) => isSessionError(e, 'PERMISSION_DENIED'));
    // a config signed by another key is dropped and counted; local state is kept
    const other = groupFromSeed(na, new Uint8Array(32).fill(9));
    const { ConfigState } = await import('../../src/config/config-state.js');
    const { groupSigner } = await import('../../src/config/transport.js');
    const fake = new ConfigState({
      sodium: na,
      namespace: 13,
      domain: 'groups::Info',
      keyBases: () => [fromHex(G.keys_gen0.group_enc_key_hex)],
      signer: groupSigner(na, other.edSk!),
    });
    fake.edit((d) => d.set('n', new TextEncoder().encode('Hijacked')));
    fake.edit((d) => d.set('x', 1n));
    const forged = fake.push().payloads[0]!;
    const r = g.info.merge([{ hash: 'h2', data: forged }]);
    expect(r.skipped.map((s) => s.code)).toEqual(['BAD_SIGNATURE']);
    expect(g.info.bad.signature).toBe(1);
    expect(g.name).toBe('Test Group');
  });
});

describe('key generations', () => {
  it('keeps every generation until 60 days after the next one began, then drops it', () => {
    const group = groupFromSeed(na, fromHex(G.group_seed_hex));
    const admin = { xSk: new Uint8Array(32), xPk: new Uint8Array(32) };
    const k = new GroupKeys(na, group, admin);
    const t0 = 1_700_000_000_000;
    k.load('a', k.rekey([G.admin_session_id]), t0);
    k.load('b', k.rekey([G.admin_session_id]), t0 + 1000);
    expect(k.known.map((x) => x.generation)).toEqual([0, 1]);
    k.load('c', k.rekey([G.admin_session_id]), t0 + 1000 + KEY_EXPIRY_MS - 1);
    expect(k.known.map((x) => x.generation)).toEqual([0, 1, 2]); // not yet
    k.load('d', k.rekey([G.admin_session_id]), t0 + 1000 + KEY_EXPIRY_MS + 1);
    expect(k.known.map((x) => x.generation)).toEqual([1, 2, 3]);
    expect(k.currentHashes().sort()).toEqual(['b', 'c', 'd']);
  });

  it('a keys message whose member list is not a multiple of 45 is refused', () => {
    const group = groupFromSeed(na, fromHex(G.group_seed_hex));
    const k = new GroupKeys(na, group, { xSk: new Uint8Array(32), xPk: new Uint8Array(32) });
    const msg = k.rekey([G.admin_session_id]);
    // drop one 48-byte entry (and re-sign: the count check, not the signature, must refuse it)
    const text = Buffer.from(msg).toString('latin1');
    const at = text.indexOf('1:kl') + 4;
    const cut = Buffer.concat([
      Buffer.from(msg.subarray(0, at)),
      Buffer.from(msg.subarray(at + 51, msg.length - 71)),
    ]);
    const sig = na.crypto_sign_detached(cut, group.edSk!);
    const resigned = Buffer.concat([cut, Buffer.from('1:~64:'), Buffer.from(sig), Buffer.from('e')]);
    expect(() =>
      new GroupKeys(na, group, { xSk: new Uint8Array(32), xPk: new Uint8Array(32) }).load('x', resigned, 1),
    ).toThrow(/multiple of 45/);
  });
});
