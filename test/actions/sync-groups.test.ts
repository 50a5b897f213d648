import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  applyUserGroups,
  recordGroup,
  recordGroupGone,
  recordGroupQuietly,
} from '../../src/actions/sync-groups.js';
import { readUserConfig } from '../../src/actions/sync.js';
import type { ConfigDict } from '../../src/config/model.js';
import { USER_GROUPS, UserGroupsView, noCommon, type GroupEntry } from '../../src/config/user-groups.js';
import { loadSodium, type Sodium } from '../../src/crypto/sodium.js';
import { toHex } from '../../src/encoding/bytes.js';
import { groupFromSeed, makeSubaccount, type GroupIdentity } from '../../src/groups/crypto.js';
import { GroupStore, type GroupRow } from '../../src/groups/group-store.js';
import { openDatabase, type Database } from '../../src/store/database.js';
import { tempDir } from '../helpers/cli.js';

/**
 * New closed groups through UserGroups (§3.4 `g`): what a device records of its groups, and how
 * another device's entries become local group rows (checked credentials, only what changed).
 */
let na: Sodium;
let own: { accountId: string; ed25519Pk: Uint8Array };
let other: { accountId: string };
let g1: GroupIdentity;
let g2: GroupIdentity;

beforeAll(async () => {
  na = await loadSodium();
  const person = () => {
    const kp = na.crypto_sign_keypair();
    return {
      accountId: `05${toHex(na.crypto_sign_ed25519_pk_to_curve25519(kp.publicKey))}`,
      ed25519Pk: kp.publicKey,
    };
  };
  own = person();
  other = person();
  g1 = groupFromSeed(na, na.randombytes_buf(32));
  g2 = groupFromSeed(na, na.randombytes_buf(32));
});

const db = (): Promise<Database> => openDatabase(join(tempDir('sync-groups-'), 'db.sqlite'));
const config = (...entries: Partial<GroupEntry>[]): ConfigDict => {
  const d: ConfigDict = new Map();
  const v = new UserGroupsView(d);
  for (const e of entries) v.setGroup({ ...noCommon(), name: 'G', removed: 0, groupId: g1.groupId, ...e });
  return d;
};
const authFor = (g: GroupIdentity, who: string) => makeSubaccount(na, g, who).authData;

describe('applyUserGroups', () => {
  it('a member entry becomes a joined group row with its auth data; an admin entry with its seed', async () => {
    const d = await db();
    const auth = authFor(g1, own.accountId);
    const r = await applyUserGroups(
      d,
      own,
      new Map(),
      config({ authData: auth, name: 'Team' }, { groupId: g2.groupId, adminSeed: g2.seed! }),
      5,
    );
    expect(r.added.sort()).toEqual([g1.groupId, g2.groupId].sort());
    const rows = new GroupStore(d);
    expect(rows.get(g1.groupId)).toMatchObject({ name: 'Team', state: 'joined', seed: null, authData: auth });
    expect(rows.get(g2.groupId)).toMatchObject({ state: 'joined', seed: g2.seed, authData: null });
  });

  it('refuses a seed of another group and auth data made for another account', async () => {
    const d = await db();
    const r = await applyUserGroups(
      d,
      own,
      new Map(),
      config({ adminSeed: g2.seed! }, { groupId: g2.groupId, authData: authFor(g2, other.accountId) }),
      5,
    );
    expect(r.added).toEqual([]);
    expect(r.refused.sort()).toEqual([g1.groupId, g2.groupId].sort());
    expect(new GroupStore(d).list()).toEqual([]);
  });

  it('only what changed: an entry already in the config before is not re-applied; kicked entries are not joined', async () => {
    const d = await db();
    const entry = { authData: authFor(g1, own.accountId) };
    // the group was left here while the entry (unchanged) stays in the config
    expect((await applyUserGroups(d, own, config(entry), config(entry), 5)).added).toEqual([]);
    const kicked = await applyUserGroups(d, own, new Map(), config({ ...entry, removed: 1 }), 5);
    expect(kicked.added).toEqual([]);
    expect(new GroupStore(d).list()).toEqual([]);
  });

  it('an invite accepted or a promotion on the other device upgrades the local row', async () => {
    const d = await db();
    const auth = authFor(g1, own.accountId);
    await applyUserGroups(d, own, new Map(), config({ authData: auth, invited: true }), 5);
    expect(new GroupStore(d).get(g1.groupId)?.state).toBe('invited');
    const accepted = await applyUserGroups(
      d,
      own,
      config({ authData: auth, invited: true }),
      config({ authData: auth }),
      6,
    );
    expect(accepted.added).toEqual([g1.groupId]);
    expect(new GroupStore(d).get(g1.groupId)?.state).toBe('joined');
    await applyUserGroups(d, own, config({ authData: auth }), config({ adminSeed: g1.seed! }), 7);
    expect(new GroupStore(d).get(g1.groupId)).toMatchObject({ state: 'joined', seed: g1.seed });
  });

  it('an entry the other device erased forgets the group here; a group it never described stays', async () => {
    const d = await db();
    const auth = authFor(g1, own.accountId);
    await applyUserGroups(d, own, new Map(), config({ authData: auth }), 5);
    const rows = new GroupStore(d);
    const local: GroupRow = {
      ...rows.get(g1.groupId)!,
      id: g2.groupId,
      authData: authFor(g2, own.accountId),
    };
    rows.put(local); // joined here, never in the config
    const r = await applyUserGroups(
      d,
      own,
      config({ authData: auth }, { groupId: g2.groupId, authData: new Uint8Array(100).fill(1) }),
      new Map(),
      6,
    );
    expect(r.removed).toEqual([g1.groupId]);
    expect(rows.list().map((x) => x.id)).toEqual([g2.groupId]);
  });
});

describe('recordGroup', () => {
  const row = (p: Partial<GroupRow>): GroupRow => ({
    id: g1.groupId,
    name: 'Team',
    seed: null,
    authData: null,
    state: 'joined',
    invitedBy: null,
    keysDump: null,
    createdAt: 1,
    updatedAt: 1,
    ...p,
  });
  const entry = async (d: Database) =>
    new UserGroupsView(await readUserConfig(own.accountId, d, USER_GROUPS.namespace)).group(g1.groupId);

  it('writes invite, accept, promotion and removal into the UserGroups entry, and erases a group left', async () => {
    const d = await db();
    const auth = authFor(g1, own.accountId);
    expect(await recordGroup(d, own.accountId, row({ authData: auth, state: 'invited' }), 10_000)).toBe(true);
    expect(await entry(d)).toMatchObject({
      name: 'Team',
      invited: true,
      authData: auth,
      removed: 0,
      joinedAt: 10,
    });
    await recordGroup(d, own.accountId, row({ authData: auth }), 20_000);
    expect(await entry(d)).toMatchObject({ invited: false, authData: auth, joinedAt: 10 });
    // nothing changed: no new config seqno to push
    expect(await recordGroup(d, own.accountId, row({ authData: auth }), 30_000)).toBe(false);
    await recordGroup(d, own.accountId, row({ authData: auth, seed: g1.seed! }), 40_000);
    const promoted = await entry(d);
    expect(promoted?.adminSeed).toEqual(g1.seed);
    expect(promoted?.authData).toBeUndefined();
    await recordGroup(d, own.accountId, row({ authData: auth, state: 'kicked' }), 50_000);
    expect((await entry(d))?.removed).toBe(1);
    expect(await recordGroupGone(d, own.accountId, g1.groupId, 60_000)).toBe(true);
    expect(await entry(d)).toBeUndefined();
  });

  it('a name the config cannot hold stays local; the entry is still written', async () => {
    const d = await db();
    const ok = await recordGroupQuietly(
      d,
      own.accountId,
      row({ name: 'x'.repeat(101), seed: g1.seed! }),
      1000,
    );
    expect(ok).toBe(true);
    expect(await entry(d)).toMatchObject({ name: '', adminSeed: g1.seed });
  });
});
