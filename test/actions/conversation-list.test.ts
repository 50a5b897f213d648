import { describe, expect, it } from 'vitest';
import { withConfigState } from '../../src/actions/conversation-list.js';
import { ContactsView, emptyContact } from '../../src/config/contacts.js';
import type { ConfigDict } from '../../src/config/model.js';
import { UserGroupsView, noCommon } from '../../src/config/user-groups.js';
import { UserProfileView } from '../../src/config/user-profile.js';
import type { ConversationRow } from '../../src/store/messages.js';

/** `conversation list`: the store's rows with the priority and mute the synced configs give them. */
const own = '05' + '00'.repeat(32);
const a = '05' + 'aa'.repeat(32);
const b = '05' + 'bb'.repeat(32);
const c = '05' + 'cc'.repeat(32);
const h = '05' + 'dd'.repeat(32);
const g = '03' + 'ee'.repeat(32);
const blinded = '15' + 'ff'.repeat(32);

const row = (id: string): ConversationRow => ({
  id,
  displayName: null,
  avatarUrl: null,
  state: 'accepted',
  blocked: false,
  lastMessageAt: null,
  unread: 0,
  messages: 0,
  approvedMe: false,
});

function views(): { profile: ConfigDict; contacts: ConfigDict; groups: ConfigDict } {
  const profile = new UserProfileView(new Map());
  profile.ntsPriority = 2;
  const contacts = new ContactsView(new Map());
  contacts.set({ ...emptyContact(b), priority: 5, muteUntil: 1_900_000_000 });
  contacts.set({ ...emptyContact(h), priority: -1 });
  contacts.set({ ...emptyContact(c), name: 'normal' });
  const groups = new UserGroupsView(new Map());
  groups.setGroup({ ...noCommon(), priority: 1, groupId: g, name: 'G', removed: 0 });
  return { profile: profile.data, contacts: contacts.data, groups: groups.data };
}

// the store's order: newest first
const rows = [a, h, blinded, g, own, c, b].map(row);

describe('withConfigState', () => {
  it('pinned first by priority (higher first), then the store order; hidden left out', () => {
    const out = withConfigState(own, rows, views());
    expect(out.map((r) => r.id)).toEqual([b, own, g, a, blinded, c]);
    expect(out.map((r) => [r.priority, r.pinned, r.hidden])).toEqual([
      [5, true, false],
      [2, true, false],
      [1, true, false],
      [0, false, false],
      [0, false, false],
      [0, false, false],
    ]);
  });

  it('with all, hidden ones are listed (hidden: true) in the store order', () => {
    const out = withConfigState(own, rows, views(), { all: true });
    expect(out.map((r) => r.id)).toEqual([b, own, g, a, h, blinded, c]);
    expect(out.find((r) => r.id === h)).toMatchObject({ priority: -1, pinned: false, hidden: true });
  });

  it('mute-until comes from the config (null when not set); no configs: everything normal', () => {
    const out = withConfigState(own, rows, views());
    expect(out.find((r) => r.id === b)?.mutedUntil).toBe(1_900_000_000);
    expect(out.find((r) => r.id === a)?.mutedUntil).toBeNull();
    const bare = withConfigState(own, rows, { profile: new Map(), contacts: new Map(), groups: new Map() });
    expect(bare.map((r) => r.id)).toEqual(rows.map((r) => r.id));
    expect(bare.every((r) => r.priority === 0 && !r.pinned && !r.hidden)).toBe(true);
  });
});
