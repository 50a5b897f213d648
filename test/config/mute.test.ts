import { describe, expect, it } from 'vitest';
import { CONTACTS, ContactsView, emptyContact } from '../../src/config/contacts.js';
import { encodeData } from '../../src/config/model.js';
import {
  FOREVER_FROM_S,
  MUTED_FOREVER_S,
  isMutedForever,
  muteUntilFromMs,
  muteUntilSeconds,
  mutedUntilMs,
} from '../../src/config/mute.js';
import { UserGroupsView, noCommon } from '../../src/config/user-groups.js';
import { latin1 } from './helpers.js';

/**
 * The `!` mute-until field (groups-and-config.md §3 shared conventions): unix seconds, omitted
 * when 0; the same key in Contacts entries and in UserGroups group and community entries.
 */
const BOB = '05' + 'bb'.repeat(32);
const GROUP = '03' + 'ee'.repeat(32);
const PUBKEY = Uint8Array.from({ length: 32 }, (_, i) => i);

describe('mute-until values', () => {
  it('a duration is whole seconds after now (ms are cut to seconds first)', () => {
    expect(muteUntilSeconds(1_700_000_000_999, 3600)).toBe(1_700_003_600);
    expect(muteUntilSeconds(1_700_000_000_000, 'forever')).toBe(MUTED_FOREVER_S);
  });

  it('forever: a seconds value whose ms stay an exact number, read back as forever', () => {
    expect(Number.isSafeInteger(MUTED_FOREVER_S * 1000)).toBe(true);
    expect(isMutedForever(MUTED_FOREVER_S)).toBe(true);
    // another client's "far future" (64-bit max seconds, read as a number) is forever too
    expect(isMutedForever(Number(2n ** 63n - 1n))).toBe(true);
    expect(isMutedForever(FOREVER_FROM_S - 1)).toBe(false);
    expect(isMutedForever(1_900_000_000)).toBe(false);
  });

  it('the chat’s ms ⇄ the config’s seconds', () => {
    expect(mutedUntilMs(0)).toBeNull();
    expect(mutedUntilMs(1_700_000_000)).toBe(1_700_000_000_000);
    expect(mutedUntilMs(MUTED_FOREVER_S)).toBe(Infinity);
    expect(muteUntilFromMs(null)).toBe(0);
    expect(muteUntilFromMs(Infinity)).toBe(MUTED_FOREVER_S);
    // a part second rounds up: the mute never ends before the time asked for
    expect(muteUntilFromMs(1_700_000_000_001)).toBe(1_700_000_001);
  });
});

describe('the `!` key as the configs encode it', () => {
  it('Contacts: `!` is an integer of seconds, and is omitted when 0', () => {
    const v = new ContactsView(new Map());
    v.set({ ...emptyContact(BOB), muteUntil: 1_700_000_000 });
    expect(latin1(encodeData(v.data))).toContain('1:!i1700000000e');
    expect(v.get(BOB)?.muteUntil).toBe(1_700_000_000);
    v.set({ ...v.get(BOB)!, muteUntil: 0 });
    expect(latin1(encodeData(v.data))).not.toContain('1:!');
    expect(v.get(BOB)?.muteUntil).toBe(0);
    expect(CONTACTS.namespace).toBe(3);
  });

  it('Contacts: forever round-trips through the bytes', () => {
    const v = new ContactsView(new Map());
    v.set({ ...emptyContact(BOB), muteUntil: MUTED_FOREVER_S });
    expect(latin1(encodeData(v.data))).toContain(`1:!i${MUTED_FOREVER_S}e`);
    expect(isMutedForever(v.get(BOB)!.muteUntil)).toBe(true);
  });

  it('UserGroups: a 03 group entry and a community room carry `!` the same way', () => {
    const v = new UserGroupsView(new Map());
    v.setGroup({ ...noCommon(), groupId: GROUP, name: 'G', removed: 0, muteUntil: 1_700_000_001 });
    v.setCommunity({
      ...noCommon(),
      baseUrl: 'https://example.org',
      room: 'Room',
      pubkey: PUBKEY,
      muteUntil: 1_700_000_002,
    });
    const text = latin1(encodeData(v.data));
    expect(text).toContain('1:!i1700000001e');
    expect(text).toContain('1:!i1700000002e');
    expect(v.group(GROUP)?.muteUntil).toBe(1_700_000_001);
    expect(v.communities()[0]?.muteUntil).toBe(1_700_000_002);
    v.setGroup({ ...v.group(GROUP)!, muteUntil: 0 });
    expect(latin1(encodeData(v.data))).not.toContain('1:!i1700000001e');
  });
});
