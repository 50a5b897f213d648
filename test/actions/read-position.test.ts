import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { advanceReadPosition } from '../../src/actions/conversation-settings.js';
import { editUserConfig, readUserConfig } from '../../src/actions/sync.js';
import { CONVO_INFO_VOLATILE, ConvoInfoVolatileView } from '../../src/config/convo-info-volatile.js';
import { USER_GROUPS, UserGroupsView, noCommon } from '../../src/config/user-groups.js';
import { openDatabase } from '../../src/store/database.js';
import { ConfigStore } from '../../src/store/configs.js';
import { MessageStore } from '../../src/store/messages.js';
import { tempDir } from '../helpers/cli.js';

/** The chat's "shown is read" for a DM, a group or a community DM: ConvoInfoVolatile, once. */
const own = '05' + '00'.repeat(32);
const bob = '05' + 'bb'.repeat(32);
const group = '03' + 'ee'.repeat(32);
const left = '03' + 'dd'.repeat(32);
const blinded = '15' + 'ff'.repeat(32);

async function storeWith(conversations: string[]): Promise<MessageStore> {
  const store = new MessageStore(await openDatabase(join(tempDir('read-pos-'), 'session.db')));
  let n = 0;
  for (const conversation of conversations)
    for (const timestamp of [1_700_000_000_000, 1_700_000_005_000])
      store.saveBatch(
        {
          seen: [],
          messages: [
            {
              conversation,
              hash: `h${++n}`,
              author: conversation.startsWith('03') ? bob : conversation,
              timestamp,
              direction: 'in',
              text: 'hi',
              expiresAt: null,
            },
          ],
        },
        Date.now(),
      );
  return store;
}

const civ = async (store: MessageStore) =>
  new ConvoInfoVolatileView(await readUserConfig(own, store.db, CONVO_INFO_VOLATILE.namespace));
const seqno = (store: MessageStore) => new ConfigStore(store.db).dump(own, CONVO_INFO_VOLATILE.namespace);

describe('advanceReadPosition (chat: what is shown is read on every device)', () => {
  it('moves a DM, a group and a community DM to their newest message, unread off', async () => {
    const store = await storeWith([bob, group, blinded]);
    await editUserConfig(
      own,
      store.db,
      USER_GROUPS.namespace,
      (d) => new UserGroupsView(d).setGroup({ ...noCommon(), groupId: group, name: 'G', removed: 0 }),
      Date.now(),
    );
    for (const c of [bob, group, blinded])
      expect(await advanceReadPosition(store, own, c, Date.now())).toBe(true);
    const v = await civ(store);
    expect(v.get('one-to-one', bob)).toMatchObject({ lastReadMs: 1_700_000_005_000, unread: false });
    expect(v.get('group', group)).toMatchObject({ lastReadMs: 1_700_000_005_000, unread: false });
    expect(v.get('blinded', blinded)).toMatchObject({ lastReadMs: 1_700_000_005_000, unread: false });
  });

  it('writes nothing when the position is there already, and never moves it back', async () => {
    const store = await storeWith([bob]);
    expect(await advanceReadPosition(store, own, bob, Date.now())).toBe(true);
    const before = seqno(store);
    expect(await advanceReadPosition(store, own, bob, Date.now())).toBe(false);
    expect(seqno(store)).toEqual(before);
    // another device read further (a message this one has not got yet)
    await editUserConfig(
      own,
      store.db,
      CONVO_INFO_VOLATILE.namespace,
      (d) =>
        new ConvoInfoVolatileView(d).set('one-to-one', bob, { lastReadMs: 1_800_000_000_000, unread: false }),
      Date.now(),
    );
    expect(await advanceReadPosition(store, own, bob, Date.now())).toBe(false);
    expect((await civ(store)).get('one-to-one', bob)?.lastReadMs).toBe(1_800_000_000_000);
  });

  it('a group not in our UserGroups (left) and an empty conversation keep no position', async () => {
    const store = await storeWith([left]);
    expect(await advanceReadPosition(store, own, left, Date.now())).toBe(false);
    expect(await advanceReadPosition(store, own, '05' + 'cc'.repeat(32), Date.now())).toBe(false);
    expect(seqno(store)).toBeUndefined();
  });
});
