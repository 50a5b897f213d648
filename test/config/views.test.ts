import { readFileSync } from 'node:fs';
import type sodiumType from 'libsodium-wrappers-sumo';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSodium } from '../../src/crypto/sodium.js';
import { ConfigState } from '../../src/config/config-state.js';
import { CONTACTS, ContactsView, emptyContact } from '../../src/config/contacts.js';
import { CONVO_INFO_VOLATILE, ConvoInfoVolatileView } from '../../src/config/convo-info-volatile.js';
import { keyOf } from '../../src/config/bt.js';
import { parseMessage } from '../../src/config/model.js';
import { userKeysOf } from '../../src/config/transport.js';
import { USER_GROUPS, UserGroupsView, noCommon, parseCommunityUrl } from '../../src/config/user-groups.js';
import { USER_PROFILE, UserProfileView } from '../../src/config/user-profile.js';
import { b, hex, toHex } from './helpers.js';

/**
 * The typed views of §3 write exactly the keys libsession writes: the derived §9.2 plaintexts
 * (seqno 1, built by libsession from the same inputs) are reproduced byte for byte.
 */
const V = JSON.parse(
  readFileSync(new URL('../vectors/groups-and-config.vectors.json', import.meta.url), 'utf8'),
) as {
  user_configs: Record<string, { plaintext_hex: string; key_base_hex: string }>;
  group: { group_seed_hex: string; group_pubkey_hex: string };
};
const SEED = hex('0123456789abcdef0123456789abcdef00000000000000000000000000000000');

let sodium: typeof sodiumType;
beforeAll(async () => {
  sodium = await loadSodium();
});

function state(kind: { namespace: number; domain: string }): ConfigState {
  return new ConfigState({ sodium, ...kind, keyBases: () => [SEED], userKeys: userKeysOf(sodium, SEED) });
}

const PIC = { url: 'http://example.org/omg-pic-123.bmp', key: b('secret78901234567890123456789012') };

describe('§3 typed views reproduce libsession output (§9.2)', () => {
  it('UserProfile', () => {
    const st = state(USER_PROFILE);
    st.edit((d) => {
      const p = new UserProfileView(d);
      p.name = 'Kallie';
      p.pic = PIC;
      p.ntsPriority = 9;
      p.ntsExpirySeconds = 86400;
      p.blindedMsgRequests = true;
    });
    expect(st.seqno).toBe(1);
    expect(toHex(st.serialized())).toBe(V.user_configs.user_profile!.plaintext_hex);
    const p = new UserProfileView(st.data());
    expect([p.name, p.pic?.url, p.ntsPriority, p.ntsExpirySeconds, p.blindedMsgRequests]).toEqual([
      'Kallie',
      PIC.url,
      9,
      86400,
      true,
    ]);
  });

  it('UserProfile: the official seqno-1 message of test_config_userprofile.cpp (§9.1(4))', () => {
    const st = state(USER_PROFILE);
    st.edit((d) => {
      const p = new UserProfileView(d);
      p.name = 'Kallie';
      p.pic = PIC;
      p.ntsPriority = 9;
    });
    const h0 = hex('ea173b57beca8af18c3519a7bbf69c3e7a05d1c049fa9558341d8ebb48b0c965');
    const want = Buffer.concat([
      b(
        'd1:#i1e1:&d1:+i9e1:n6:Kallie1:p34:http://example.org/omg-pic-123.bmp1:q32:secret78901234567890123456789012e1:<lli0e32:',
      ),
      h0,
      b('deee1:=d1:+0:1:n0:1:p0:1:q0:ee'),
    ]);
    expect(toHex(st.serialized())).toBe(want.toString('hex'));
  });

  it('Contacts', () => {
    const st = state(CONTACTS);
    st.edit((d) => {
      const c = new ContactsView(d);
      c.set({
        ...emptyContact('05' + '0'.repeat(64)),
        name: 'joe',
        nickname: 'Joey',
        approved: true,
        approvedMe: true,
        priority: 3,
        pic: { url: 'http://example.com/huge.bmp', key: b('qwerty78901234567890123456789012') },
        notify: 2,
        muteUntil: 1700000000,
        expiration: 'after-send',
        expirationSeconds: 3600,
        created: 1690000000,
      });
      c.set({ ...emptyContact('05' + '1'.repeat(64)), blocked: true });
    });
    expect(toHex(st.serialized())).toBe(V.user_configs.contacts!.plaintext_hex);
    const all = new ContactsView(st.data()).all();
    expect(all.map((c) => [c.sessionId, c.name, c.blocked])).toEqual([
      ['05' + '0'.repeat(64), 'joe', false],
      ['05' + '1'.repeat(64), '', true],
    ]);
  });

  it('UserGroups', () => {
    const st = state(USER_GROUPS);
    const adminSeed = hex(V.group.group_seed_hex);
    const invitedPk = sodium.crypto_sign_seed_keypair(new Uint8Array(32).fill(0x11)).publicKey;
    st.edit((d) => {
      const g = new UserGroupsView(d);
      g.setGroup({
        ...noCommon(),
        groupId: '03' + V.group.group_pubkey_hex,
        adminSeed,
        name: 'Admin Group',
        priority: 1,
        joinedAt: 1700000000,
        removed: 0,
      });
      g.setGroup({
        ...noCommon(),
        groupId: '03' + toHex(invitedPk),
        authData: new Uint8Array(100).fill(0xab),
        name: 'Invited',
        invited: true,
        notify: 3,
        muteUntil: 1700000001,
        removed: 0,
      });
      g.setCommunity({
        ...noCommon(),
        baseUrl: 'https://Example.ORG:443',
        room: 'SudokuSolvers',
        pubkey: hex('0123456789abcdef'.repeat(4)),
        priority: 2,
      });
      g.setLegacyGroup({
        ...noCommon(),
        groupId: '05' + 'a'.repeat(64),
        name: 'Legacy',
        admins: ['05' + 'b'.repeat(64)],
        members: ['05' + 'c'.repeat(64)],
        encPub: new Uint8Array(32).fill(0x11),
        encSec: new Uint8Array(32).fill(0x22),
        disappearingSeconds: 600,
      });
    });
    expect(toHex(st.serialized())).toBe(V.user_configs.user_groups!.plaintext_hex);
    const g = new UserGroupsView(st.data());
    expect(g.group('03' + V.group.group_pubkey_hex)?.adminSeed).toEqual(adminSeed);
    expect(g.groups().find((x) => x.name === 'Invited')?.notify).toBe(3);
    expect(g.communities()).toMatchObject([
      { baseUrl: 'https://example.org', room: 'SudokuSolvers', priority: 2 },
    ]);
    expect(g.legacyGroup('05' + 'a'.repeat(64))?.admins).toEqual(['05' + 'b'.repeat(64)]);
  });

  it('ConvoInfoVolatile: ms timestamps and unread flags per kind', () => {
    const st = state(CONVO_INFO_VOLATILE);
    st.edit((d) => {
      const c = new ConvoInfoVolatileView(d);
      c.set('one-to-one', '05' + '0'.repeat(64), { lastReadMs: 1700000000123, unread: false });
      c.set('group', '03' + '1'.repeat(64), { lastReadMs: 0, unread: true });
      c.setCommunity('https://example.org', '0123456789abcdef'.repeat(4), 'SudokuSolvers', {
        lastReadMs: 5,
        unread: false,
      });
    });
    const text = Buffer.from(st.serialized()).toString('latin1');
    expect(text).toContain('1:ri1700000000123e');
    expect(text).toContain('13:sudokusolversd1:ri5ee');
    const c = new ConvoInfoVolatileView(st.data());
    expect(c.get('group', '03' + '1'.repeat(64))).toEqual({ lastReadMs: 0, unread: true });
    expect(c.getCommunity('https://example.org', 'SUDOKUSOLVERS')?.lastReadMs).toBe(5);
  });
});

describe('unknown keys survive edits (pitfall 8)', () => {
  it('keeps keys a view does not know, in the data and inside entries', () => {
    const st = state(CONTACTS);
    const id = '05' + '2'.repeat(64);
    // another client wrote a future top-level key and a future per-contact key
    st.edit((d) => {
      new ContactsView(d).set({ ...emptyContact(id), name: 'x' });
      d.set('Z', b('future'));
      (d.get('c') as Map<string, unknown>).forEach((v) => (v as Map<string, unknown>).set('~x', 7n));
    });
    const seq = st.seqno;
    st.push();
    st.confirmPushed(seq, ['h1']);
    st.edit((d) => {
      const v = new ContactsView(d);
      v.set({ ...v.get(id)!, nickname: 'nick' });
    });
    const msg = parseMessage(st.serialized());
    expect(msg.data.get('Z')).toEqual(b('future'));
    const entry = (msg.data.get('c') as Map<string, Map<string, unknown>>).get(keyOf(hex(id)))!;
    expect(entry.get('~x')).toBe(7n);
    expect(entry.get('N')).toEqual(b('nick'));
  });

  it('setting a value to what it already is does not dirty the config', () => {
    const st = state(USER_PROFILE);
    st.edit((d) => (new UserProfileView(d).name = 'A'));
    const seq = st.seqno;
    st.push();
    st.confirmPushed(seq, ['h']);
    expect(st.edit((d) => (new UserProfileView(d).name = 'A'))).toBe(false);
    expect(st.status).toBe('clean');
    expect(st.seqno).toBe(seq);
  });
});

describe('community URLs (§9.1(8))', () => {
  const PK = '0123456789abcdef'.repeat(4);
  it.each([
    [`https://example.com/SomeRoom?public_key=${PK}`, 'https://example.com', 'SomeRoom'],
    [`HTTPS://EXAMPLE.COM/sOMErOOM?public_key=${PK.toUpperCase()}`, 'https://example.com', 'sOMErOOM'],
    [`HTTPS://EXAMPLE.COM/r/someroom?public_key=${PK}`, 'https://example.com', 'someroom'],
    [`HTTPS://EXAMPLE.com:443/r/someroom?public_key=${PK}`, 'https://example.com', 'someroom'],
    [`http://example.com/r/someroom?public_key=${PK}`, 'http://example.com', 'someroom'],
    [`HTTP://EXAMPLE.com:80/r/someroom?public_key=${PK}`, 'http://example.com', 'someroom'],
    [
      'http://example.com/r/someroom?public_key=ASNFZ4mrze8BI0VniavN7wEjRWeJq83vASNFZ4mrze8',
      'http://example.com',
      'someroom',
    ],
    [
      'http://example.com/r/someroom?public_key=yrtwk3hjixg66yjdeiuauk6p7hy1gtm8tgih55abrpnsxnpm3zzo',
      'http://example.com',
      'someroom',
    ],
  ])('%s', (url, base, room) => {
    const r = parseCommunityUrl(url);
    expect([r.baseUrl, r.room, toHex(r.pubkey)]).toEqual([base, room, PK]);
  });
});

describe('blinded (community DM) contacts: Contacts `b` (§3.2, pitfall 1)', () => {
  const server = 'https://open.example.org';
  const serverPk = 'ab'.repeat(32);
  const id15 = '15' + 'c'.repeat(64);

  it('writes b → base URL → {#: server key, R: {64 hex without prefix: {n, +, y, j}}}; keeps unknown keys', () => {
    const st = state(CONTACTS);
    st.edit((d) =>
      new ContactsView(d).setBlinded({
        baseUrl: server,
        serverPubkey: serverPk,
        blindedId: id15,
        name: 'Ann',
        priority: 3,
        created: 1_700_000_000,
      }),
    );
    const data = parseMessage(st.serialized()).data;
    const srv = (data.get('b') as Map<string, Map<string, unknown>>).get(keyOf(b(server)))!;
    expect(srv.get('#')).toEqual(hex(serverPk));
    const entry = (srv.get('R') as Map<string, Map<string, unknown>>).get(keyOf(b('c'.repeat(64))))!;
    expect(Object.fromEntries(entry)).toEqual({ n: b('Ann'), '+': 3n, y: 1n, j: 1_700_000_000n });

    // another client's key in the entry survives a change of priority; 0 drops `+`
    st.edit((d) =>
      (d.get('b') as any)
        .get(keyOf(b(server)))
        .get('R')
        .get(keyOf(b('c'.repeat(64))))
        .set('p', b('x')),
    );
    st.edit((d) => {
      const v = new ContactsView(d);
      v.setBlinded({ ...v.blinded(id15)!, priority: 0 });
    });
    const again = parseMessage(st.serialized()).data;
    const e2 = (again.get('b') as any)
      .get(keyOf(b(server)))
      .get('R')
      .get(keyOf(b('c'.repeat(64)))) as Map<string, unknown>;
    expect(e2.get('p')).toEqual(b('x'));
    expect(e2.has('+')).toBe(false);
  });

  it('reads them back by full blinded id (y 1: 15, else 25); entries of another shape are skipped', () => {
    const st = state(CONTACTS);
    st.edit((d) => {
      const v = new ContactsView(d);
      v.setBlinded({
        baseUrl: server,
        serverPubkey: serverPk,
        blindedId: id15,
        name: '',
        priority: -1,
        created: 0,
      });
      v.setBlinded({
        baseUrl: server,
        serverPubkey: serverPk,
        blindedId: '25' + 'd'.repeat(64),
        name: 'Dee',
        priority: 5,
        created: 0,
      });
      ((d.get('b') as any).get(keyOf(b(server))).get('R') as Map<string, unknown>).set(
        keyOf(b('not hex')),
        new Map(),
      );
    });
    const v = new ContactsView(parseMessage(st.serialized()).data);
    expect(v.blinded(id15)).toMatchObject({
      blindedId: id15,
      priority: -1,
      baseUrl: server,
      serverPubkey: serverPk,
    });
    expect(v.blinded('25' + 'd'.repeat(64))).toMatchObject({ name: 'Dee', priority: 5 });
    expect(v.allBlinded()).toHaveLength(2);
    expect(() =>
      new ContactsView(new Map()).setBlinded({
        baseUrl: server,
        serverPubkey: serverPk,
        blindedId: '05' + 'c'.repeat(64),
        name: '',
        priority: 0,
        created: 0,
      }),
    ).toThrow(/blinded id/);
  });
});

describe('community DM read positions: ConvoInfoVolatile `b` (§3.3)', () => {
  const id15 = '15' + 'e'.repeat(64);
  const id25 = '25' + 'f'.repeat(64);

  it('keys an entry by the whole 33-byte blinded id (its 15/25 byte included), y 1 for 15; keeps Pro keys', () => {
    const st = state(CONVO_INFO_VOLATILE);
    st.edit((d) => {
      const v = new ConvoInfoVolatileView(d);
      v.set('blinded', id15, { lastReadMs: 1_700_000_000_123, unread: false });
      v.set('blinded', id25, { lastReadMs: 5, unread: true });
    });
    const data = parseMessage(st.serialized()).data;
    const top = data.get('b') as Map<string, Map<string, unknown>>;
    expect([...top.keys()].map((k) => k.length)).toEqual([33, 33]);
    expect(Object.fromEntries(top.get(keyOf(hex(id15)))!)).toEqual({ r: 1_700_000_000_123n, y: 1n });
    expect(Object.fromEntries(top.get(keyOf(hex(id25)))!)).toEqual({ r: 5n, u: 1n });
    // another client's Pro fields survive a new read position
    st.edit((d) => (d.get('b') as any).get(keyOf(hex(id15))).set('e', 99n));
    st.edit((d) => new ConvoInfoVolatileView(d).set('blinded', id15, { lastReadMs: 2_000, unread: false }));
    const v = new ConvoInfoVolatileView(parseMessage(st.serialized()).data);
    expect(v.get('blinded', id15)).toEqual({ lastReadMs: 2_000, unread: false });
    expect((parseMessage(st.serialized()).data.get('b') as any).get(keyOf(hex(id15))).get('e')).toBe(99n);
    expect(
      v
        .all('blinded')
        .map((e) => e.id)
        .sort(),
    ).toEqual([id15, id25]);
    expect(() => v.set('blinded', '05' + 'e'.repeat(64), { lastReadMs: 1, unread: false })).toThrow(/15\/25/);
  });
});
