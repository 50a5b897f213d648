import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { conversationMute, muteTargetOf, setConversationMute } from '../../src/actions/conversation-mute.js';
import { editUserConfig } from '../../src/actions/sync.js';
import { USER_GROUPS, UserGroupsView, noCommon } from '../../src/config/user-groups.js';
import { MUTED_FOREVER_S } from '../../src/config/mute.js';
import { ConfigStore } from '../../src/store/configs.js';
import { openDatabase, type Database } from '../../src/store/database.js';
import { MessageStore } from '../../src/store/messages.js';

const OWN = '05' + '00'.repeat(32);
const BOB = '05' + 'bb'.repeat(32);
const GROUP = '03' + 'ee'.repeat(32);
const NOW = 1_800_000_000_000;

let dir: string;
let db: Database;
let store: MessageStore;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mute-'));
  db = await openDatabase(join(dir, 'db.sqlite'));
  store = new MessageStore(db);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('muteTargetOf', () => {
  it('03 ids are groups, room URLs communities (canonical base), anything else a person', () => {
    expect(muteTargetOf(GROUP.toUpperCase())).toEqual({ kind: 'group', id: GROUP });
    expect(muteTargetOf('HTTPS://Example.ORG:443/Room?public_key=' + 'ab'.repeat(32))).toEqual({
      kind: 'community',
      id: 'https://example.org/room', // the store's room id: token in lower case
      baseUrl: 'https://example.org',
      room: 'Room',
    });
    expect(muteTargetOf(BOB)).toEqual({ kind: 'direct', id: BOB });
  });
});

describe('setConversationMute', () => {
  it('a person: Contacts gets an entry with `!`, marked to push; unmute clears it', async () => {
    const r = await setConversationMute(store, OWN, { kind: 'direct', id: BOB }, 1_800_003_600, NOW);
    expect(r).toEqual({ conversation: BOB, kind: 'direct', mutedUntil: 1_800_003_600, forever: false });
    expect(await conversationMute(db, OWN, { kind: 'direct', id: BOB })).toBe(1_800_003_600);
    expect(new ConfigStore(db).dump(OWN, 3)).toBeDefined();
    const u = await setConversationMute(store, OWN, { kind: 'direct', id: BOB }, 0, NOW);
    expect(u.mutedUntil).toBeNull();
    expect(await conversationMute(db, OWN, { kind: 'direct', id: BOB })).toBe(0);
  });

  it('forever is reported as forever', async () => {
    const r = await setConversationMute(store, OWN, { kind: 'direct', id: BOB }, MUTED_FOREVER_S, NOW);
    expect(r.forever).toBe(true);
  });

  it('Note to Self is refused (no config has a mute for it)', async () => {
    await expect(setConversationMute(store, OWN, { kind: 'direct', id: OWN }, 1, NOW)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });

  it('a group the configs do not hold is refused; one they hold gets `!`', async () => {
    await expect(
      setConversationMute(store, OWN, { kind: 'group', id: GROUP }, 1_800_003_600, NOW),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await editUserConfig(
      OWN,
      db,
      USER_GROUPS.namespace,
      (d) =>
        new UserGroupsView(d).setGroup({ ...noCommon(), groupId: GROUP, name: 'G', removed: 0, priority: 2 }),
      NOW,
    );
    const r = await setConversationMute(store, OWN, { kind: 'group', id: GROUP }, 1_800_003_600, NOW);
    expect(r.mutedUntil).toBe(1_800_003_600);
    expect(await conversationMute(db, OWN, { kind: 'group', id: GROUP })).toBe(1_800_003_600);
  });

  it('a community room: found by canonical base and room (any case); unknown rooms refused', async () => {
    await editUserConfig(
      OWN,
      db,
      USER_GROUPS.namespace,
      (d) =>
        new UserGroupsView(d).setCommunity({
          ...noCommon(),
          baseUrl: 'https://example.org',
          room: 'Room',
          pubkey: new Uint8Array(32).fill(7),
        }),
      NOW,
    );
    const t = muteTargetOf('https://EXAMPLE.org/room');
    const r = await setConversationMute(store, OWN, t, 1_800_086_400, NOW);
    expect(r.mutedUntil).toBe(1_800_086_400);
    expect(await conversationMute(db, OWN, muteTargetOf('https://example.org/Room'))).toBe(1_800_086_400);
    await expect(
      setConversationMute(store, OWN, muteTargetOf('https://example.org/other'), 1, NOW),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
