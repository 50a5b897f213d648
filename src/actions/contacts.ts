import {
  CONTACTS,
  ContactsView,
  emptyContact,
  type Contact,
  type ExpirationMode,
} from '../config/contacts.js';
import type { ConfigDict } from '../config/model.js';
import { USER_PROFILE, UserProfileView } from '../config/user-profile.js';
import { SessionError } from '../errors.js';
import type { MessageStore } from '../store/messages.js';
import { editUserConfig, readUserConfig } from './sync.js';

/**
 * What the CLI changes about a contact, in the local store and in our Contacts config
 * (groups-and-config.md §3.2), so the next push carries it to our other devices: blocks,
 * approvals (message requests), nicknames, disappearing-message settings.
 */

function upsert(d: ConfigDict, store: MessageStore, id: string, now: number, fn: (c: Contact) => void): void {
  const v = new ContactsView(d);
  const c = v.get(id) ?? { ...emptyContact(id), created: Math.floor(now / 1000) };
  // the name we know from their profile, so other devices show it before any message arrives
  if (c.name === '') c.name = store.conversation(id)?.displayName ?? '';
  fn(c);
  v.set(c);
}

export async function blockContact(
  store: MessageStore,
  own: string,
  id: string,
  blocked: boolean,
  now: number,
): Promise<void> {
  if (id === own) throw new SessionError('INVALID_INPUT', 'you cannot block yourself');
  store.setBlocked(id, blocked, now);
  await editUserConfig(
    own,
    store.db,
    CONTACTS.namespace,
    (d) => upsert(d, store, id, now, (c) => (c.blocked = blocked)),
    now,
  );
}

/** A nickname only we see (`N`); '' removes it. */
export async function setNickname(
  store: MessageStore,
  own: string,
  id: string,
  nickname: string,
  now: number,
): Promise<void> {
  const n = nickname.trim();
  if (Buffer.byteLength(n) > 100) throw new SessionError('INVALID_INPUT', 'a nickname is at most 100 bytes');
  if (id === own) throw new SessionError('INVALID_INPUT', 'Note to Self has no nickname');
  await editUserConfig(
    own,
    store.db,
    CONTACTS.namespace,
    (d) => upsert(d, store, id, now, (c) => (c.nickname = n)),
    now,
  );
}

/** A message request accepted (messages.md §4): `a`, and `A` when they accepted us already. */
export async function approveContact(
  store: MessageStore,
  own: string,
  id: string,
  now: number,
): Promise<void> {
  const approvedMe = store.approvedMe(id);
  await editUserConfig(
    own,
    store.db,
    CONTACTS.namespace,
    (d) =>
      upsert(d, store, id, now, (c) => {
        c.approved = true;
        c.approvedMe ||= approvedMe;
      }),
    now,
  );
}

/** A message request declined: the contact leaves the config (a blocked one stays, blocked). */
export async function declineContact(
  store: MessageStore,
  own: string,
  id: string,
  now: number,
): Promise<void> {
  await editUserConfig(
    own,
    store.db,
    CONTACTS.namespace,
    (d) => {
      const v = new ContactsView(d);
      const c = v.get(id);
      if (c === undefined) return;
      if (c.blocked) v.set({ ...c, approved: false });
      else v.erase(id);
    },
    now,
  );
}

export interface DisappearingSetting {
  mode: ExpirationMode;
  seconds: number;
}

/**
 * A conversation's disappearing-message setting (messages.md §6): Contacts `e`/`E`; for Note to
 * Self, UserProfile `e` (always after-send).
 */
export async function setDisappearing(
  store: MessageStore,
  own: string,
  id: string,
  s: DisappearingSetting,
  now: number,
): Promise<DisappearingSetting> {
  const seconds = s.mode === 'none' ? 0 : Math.trunc(s.seconds);
  if (s.mode !== 'none' && !(seconds > 0))
    throw new SessionError('INVALID_INPUT', 'a disappearing timer needs seconds > 0');
  if (id === own) {
    if (s.mode === 'after-read')
      throw new SessionError('INVALID_INPUT', 'Note to Self messages disappear after send only');
    await editUserConfig(
      own,
      store.db,
      USER_PROFILE.namespace,
      (d) => (new UserProfileView(d).ntsExpirySeconds = seconds),
      now,
    );
    return seconds > 0 ? { mode: 'after-send', seconds } : { mode: 'none', seconds: 0 };
  }
  await editUserConfig(
    own,
    store.db,
    CONTACTS.namespace,
    (d) =>
      upsert(d, store, id, now, (c) => {
        c.expiration = seconds > 0 ? s.mode : 'none';
        c.expirationSeconds = seconds;
      }),
    now,
  );
  return seconds > 0 ? { mode: s.mode, seconds } : { mode: 'none', seconds: 0 };
}

/**
 * The setting every message to this conversation carries (messages.md §6), as the configs hold
 * it (so one set on another device applies here too); undefined when off.
 */
export async function conversationDisappearing(
  store: MessageStore,
  own: string,
  id: string,
): Promise<{ mode: 'after-send' | 'after-read'; seconds: number } | undefined> {
  if (id === own) {
    const s = new UserProfileView(await readUserConfig(own, store.db, USER_PROFILE.namespace))
      .ntsExpirySeconds;
    return s > 0 ? { mode: 'after-send', seconds: s } : undefined;
  }
  const c = new ContactsView(await readUserConfig(own, store.db, CONTACTS.namespace)).get(id);
  if (!c || c.expiration === 'none' || !(c.expirationSeconds > 0)) return undefined;
  return { mode: c.expiration, seconds: c.expirationSeconds };
}

export interface ContactRow {
  accountId: string;
  name: string | null;
  nickname: string | null;
  approved: boolean;
  approvedMe: boolean;
  blocked: boolean;
  /** 0 normal, −1 hidden, > 0 pinned. */
  priority: number;
  disappearing: DisappearingSetting;
}

/** Contacts: the config's, and every conversation or block the store knows, by Account ID. */
export async function listContacts(
  store: MessageStore,
  own: string,
  opts: { blocked?: boolean } = {},
): Promise<ContactRow[]> {
  const data = await readUserConfig(own, store.db, CONTACTS.namespace);
  const byId = new Map<string, ContactRow>();
  for (const c of new ContactsView(data).all()) {
    if (c.sessionId === own) continue;
    byId.set(c.sessionId, {
      accountId: c.sessionId,
      name: c.name || null,
      nickname: c.nickname || null,
      approved: c.approved,
      approvedMe: c.approvedMe,
      blocked: c.blocked,
      priority: c.priority,
      disappearing: { mode: c.expiration, seconds: c.expirationSeconds },
    });
  }
  for (const conv of store.conversations()) {
    if (conv.id === own || !/^05[0-9a-f]{64}$/.test(conv.id)) continue;
    // a declined request is no contact (unless blocked: `--blocked` lists it)
    if (conv.state === 'declined' && !byId.has(conv.id) && !store.isBlocked(conv.id)) continue;
    const known = byId.get(conv.id);
    const row: ContactRow = known ?? {
      accountId: conv.id,
      name: null,
      nickname: null,
      approved: conv.state === 'accepted',
      approvedMe: conv.approvedMe,
      blocked: false,
      priority: 0,
      disappearing: { mode: 'none', seconds: 0 },
    };
    row.name = conv.displayName ?? row.name;
    // the store decides what receive drops: it is what "blocked" means here
    row.blocked = store.isBlocked(conv.id);
    row.approvedMe ||= conv.approvedMe;
    byId.set(conv.id, row);
  }
  const rows = [...byId.values()].sort((a, b) => a.accountId.localeCompare(b.accountId));
  return opts.blocked ? rows.filter((r) => r.blocked) : rows;
}
