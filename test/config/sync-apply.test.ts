import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blockContact } from '../../src/actions/contacts.js';
import { applyConfig, emptyApplied } from '../../src/actions/sync-apply.js';
import { ConfigPoll } from '../../src/actions/sync.js';
import { CONTACTS, ContactsView, emptyContact } from '../../src/config/contacts.js';
import { CONVO_INFO_VOLATILE, ConvoInfoVolatileView } from '../../src/config/convo-info-volatile.js';
import type { ConfigDict } from '../../src/config/model.js';
import { USER_GROUPS, UserGroupsView, noCommon } from '../../src/config/user-groups.js';
import { CommunityStore } from '../../src/store/communities.js';
import { ConfigStore } from '../../src/store/configs.js';
import { openDatabase } from '../../src/store/database.js';
import { MessageStore } from '../../src/store/messages.js';
import { tempDir } from '../helpers/cli.js';

/**
 * Applying a merged config to the local store: only what changed between before and after the
 * merge, so state the config never described is kept (a block or a room from before configs
 * synced), and what another device removed is undone here.
 */
const OWN = '05' + 'aa'.repeat(32);
const X = '05' + '11'.repeat(32);
const Y = '05' + '22'.repeat(32);

async function store(): Promise<MessageStore> {
  return new MessageStore(await openDatabase(join(tempDir('sync-apply-'), 'db.sqlite')));
}

const contacts = (...cs: { id: string; blocked?: boolean; approved?: boolean }[]): ConfigDict => {
  const d: ConfigDict = new Map();
  const v = new ContactsView(d);
  for (const c of cs)
    v.set({ ...emptyContact(c.id), blocked: c.blocked ?? false, approved: c.approved ?? false });
  return d;
};

describe('applyConfig', () => {
  it('a block another device set or lifted is applied; a local block the config never had is kept', async () => {
    const s = await store();
    s.setBlocked(Y, true, 1); // blocked here before configs synced
    const out = emptyApplied();
    applyConfig(
      s,
      OWN,
      CONTACTS.namespace,
      contacts(),
      contacts({ id: X, blocked: true }, { id: Y }),
      2,
      out,
    );
    expect(out.blocked).toEqual([X]);
    expect(s.isBlocked(X)).toBe(true);
    expect(s.isBlocked(Y)).toBe(true);
    const out2 = emptyApplied();
    applyConfig(s, OWN, CONTACTS.namespace, contacts({ id: X, blocked: true }), contacts({ id: X }), 3, out2);
    expect(out2.unblocked).toEqual([X]);
    expect(s.isBlocked(X)).toBe(false);
  });

  it('an approval makes a request accepted; a removed approved contact is declined and its block lifted', async () => {
    const s = await store();
    s.setState(X, 'request', 1);
    const out = emptyApplied();
    applyConfig(s, OWN, CONTACTS.namespace, contacts(), contacts({ id: X, approved: true }), 2, out);
    expect(s.conversation(X)?.state).toBe('accepted');
    s.setBlocked(Y, true, 2);
    const out2 = emptyApplied();
    applyConfig(
      s,
      OWN,
      CONTACTS.namespace,
      contacts({ id: X, approved: true }, { id: Y, blocked: true }),
      contacts(),
      3,
      out2,
    );
    expect(out2.declined).toEqual([X]);
    expect(out2.unblocked).toEqual([Y]);
    expect(s.conversation(X)?.state).toBe('declined');
    expect(s.isBlocked(Y)).toBe(false);
  });

  /** Incoming messages of `conversation` sent at `times`. */
  const incoming = (s: MessageStore, conversation: string, times: number[]) =>
    s.saveBatch(
      {
        seen: [],
        messages: times.map((t) => ({
          conversation,
          hash: `h${conversation.slice(0, 4)}${t}`,
          author: conversation,
          timestamp: t,
          direction: 'in' as const,
          text: 'x',
          state: 'accepted' as const,
        })),
      },
      1,
    );

  it('read marks: only a position newer than before the merge marks messages read', async () => {
    const s = await store();
    incoming(s, X, [1000, 2000, 3000]);
    const civ = (r: number): ConfigDict => {
      const d: ConfigDict = new Map();
      new ConvoInfoVolatileView(d).set('one-to-one', X, { lastReadMs: r, unread: false });
      return d;
    };
    const out = emptyApplied();
    applyConfig(s, OWN, CONVO_INFO_VOLATILE.namespace, civ(2000), civ(2000), 5, out);
    expect(out.readMarks).toBe(0);
    applyConfig(s, OWN, CONVO_INFO_VOLATILE.namespace, civ(1000), civ(2000), 5, out);
    expect(out.readMarks).toBe(2);
    expect(s.conversation(X)?.unread).toBe(1);
  });

  it('read marks of a community DM (`b`, by its 15 id) mark its messages read too', async () => {
    const s = await store();
    const dm = '15' + 'a'.repeat(64);
    incoming(s, dm, [1000, 2000]);
    const civ = (r: number): ConfigDict => {
      const d: ConfigDict = new Map();
      if (r > 0) new ConvoInfoVolatileView(d).set('blinded', dm, { lastReadMs: r, unread: false });
      return d;
    };
    const out = emptyApplied();
    applyConfig(s, OWN, CONVO_INFO_VOLATILE.namespace, civ(0), civ(1500), 5, out);
    expect(out.readMarks).toBe(1);
    expect(s.conversation(dm)?.unread).toBe(1);
  });

  it('rooms: joined when added, left when removed; a room joined here before configs synced stays', async () => {
    const s = await store();
    const rooms = new CommunityStore(s.db);
    rooms.join({
      baseUrl: 'https://old.example.org',
      pubkey: 'cd'.repeat(32),
      token: 'keep',
      name: null,
      watchSeqno: 0,
      now: 1,
    });
    const ug = (...names: string[]): ConfigDict => {
      const d: ConfigDict = new Map();
      for (const room of names)
        new UserGroupsView(d).setCommunity({
          ...noCommon(),
          baseUrl: 'https://chat.example.org',
          pubkey: new Uint8Array(32).fill(0xab),
          room,
        });
      return d;
    };
    const out = emptyApplied();
    applyConfig(s, OWN, USER_GROUPS.namespace, ug(), ug('Lobby', 'dev'), 2, out);
    expect(out.joined.sort()).toEqual(['https://chat.example.org/dev', 'https://chat.example.org/lobby']);
    applyConfig(s, OWN, USER_GROUPS.namespace, ug('Lobby', 'dev'), ug('dev'), 3, out);
    expect(out.left).toEqual(['https://chat.example.org/lobby']);
    expect(
      rooms
        .rooms()
        .map((r) => r.id)
        .sort(),
    ).toEqual(['https://chat.example.org/dev', 'https://old.example.org/keep']);
  });

  it('blockContact writes the store and the Contacts config together', async () => {
    const s = await store();
    await blockContact(s, OWN, X, true, Date.now());
    expect(s.isBlocked(X)).toBe(true);
    const { ConfigState } = await import('../../src/config/config-state.js');
    const { loadSodium } = await import('../../src/crypto/sodium.js');
    const st = new ConfigState({ sodium: await loadSodium(), ...CONTACTS, keyBases: () => [] });
    st.load(new ConfigStore(s.db).dump(OWN, CONTACTS.namespace)!);
    expect(new ContactsView(st.data()).get(X)?.blocked).toBe(true);
    expect(st.needsPush).toBe(true);
    await expect(blockContact(s, OWN, OWN, true, 1)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('ConfigPoll', () => {
  it('leaves a namespace out on a member once it is drained there, and is never empty', async () => {
    const s = await store();
    const poll = new ConfigPoll(OWN, new ConfigStore(s.db), s);
    expect(poll.namespacesFor('n1')).toEqual([2, 3, 4, 5]);
    const msg = { hash: 'h'.repeat(43), timestamp: 1, expiration: 2, data: new Uint8Array([1]) };
    expect(poll.add('n1', 3, { messages: [msg], more: true })).toBe(false);
    for (const ns of [2, 4, 5]) poll.add('n1', ns, { messages: [], more: false });
    expect(poll.namespacesFor('n1')).toEqual([3]);
    expect(poll.namespacesFor('n2')).toEqual([2, 3, 4, 5]);
    poll.add('n1', 3, { messages: [], more: false });
    expect(poll.drainedOn('n1')).toBe(true);
    expect(poll.namespacesFor('n1')).toEqual([2, 3, 4, 5]);
    expect([...poll.polled.items.get(3)!.keys()]).toEqual([msg.hash]);
    expect(poll.polled.cursors).toEqual([{ namespace: 3, node: 'n1', lastHash: msg.hash }]);
  });
});
