import { loadSodium } from '../crypto/sodium.js';
import { SessionError } from '../errors.js';
import {
  checkGroupId,
  deleteContentUpdate,
  disappearingChangeUpdate,
  groupUpdateContent,
  inviteUpdate,
  memberChangeUpdate,
  nameChangeUpdate,
} from '../groups/control.js';
import { groupFromSeed, kickedBlob, makeSubaccount, subaccountToken } from '../groups/crypto.js';
import { GroupSession, GROUP_CONFIG_TTL_MS, type GroupContext } from '../groups/group-session.js';
import { GroupStore } from '../groups/group-store.js';
import { KEYS_NAMESPACE } from '../groups/keys.js';
import { setRevoked } from '../groups/swarm-auth.js';
import { GROUP_KICKED_NAMESPACE, type GroupMember } from '../groups/views.js';
import { parseAccountId } from '../identity/ids.js';
import { encryptForRecipient } from '../messages/encrypt.js';
import { wrapEnvelope } from '../messages/one-to-one.js';
import { padMessage } from '../messages/padding.js';
import type { SessionProtos } from '../messages/proto.js';
import { fromHex } from '../encoding/bytes.js';
import { storeMessage } from '../rpc/storage.js';
import { recordGroupAndPush } from './sync-groups.js';

/**
 * Admin actions on new closed groups (groups-and-config.md §4.9): create, invite, promote,
 * remove, rename/describe, destroy. Every check that can refuse (group ID, membership, admin
 * rights, member IDs) runs before any network traffic.
 */
export interface GroupSummary {
  groupId: string;
  name: string;
  description: string;
  admin: boolean;
  state: string;
  generation: number;
  /** The group picture Info names (§4.2 `p`/`q`); its key stays local (`group avatar --output`). */
  avatar: { url: string } | null;
  /** Info `E`: messages in the group disappear this long after they are sent (null: they stay). */
  disappearing: { mode: 'after-send'; seconds: number } | null;
  members: GroupMember[];
}

export function summaryOf(g: GroupSession): GroupSummary {
  const avatar = g.infoView().avatar;
  return {
    groupId: g.id,
    name: g.name,
    description: g.infoView().description,
    admin: g.isAdmin,
    state: g.row.state,
    generation: g.keys.currentGeneration,
    avatar: avatar ? { url: avatar.url } : null,
    disappearing: disappearingOf(g),
    members: g.membersView().list(),
  };
}

function disappearingOf(g: GroupSession): GroupSummary['disappearing'] {
  const seconds = g.infoView().disappearingSeconds;
  return seconds > 0 ? { mode: 'after-send', seconds } : null;
}

const DM_TTL_MS = 14 * 24 * 3600 * 1000;

function memberIds(input: readonly string[], own: string): string[] {
  const ids = [...new Set(input.map((m) => parseAccountId(m) as string))];
  if (ids.includes(own))
    throw new SessionError('INVALID_INPUT', 'you cannot name yourself here', {
      hint: 'to leave a group: `session group leave GROUP`',
    });
  return ids;
}

/** A group the caller administers (NOT_FOUND / PERMISSION_DENIED otherwise), before any traffic. */
export async function adminGroup(ctx: GroupContext, groupId: string): Promise<GroupSession> {
  const g = await GroupSession.load(ctx, checkGroupId(groupId));
  if (g.row.state !== 'joined')
    throw new SessionError('INVALID_INPUT', `group ${g.id.slice(0, 10)}… is ${g.row.state}`);
  g.requireAdmin();
  return g;
}

/**
 * Before an admin edit: what other admins pushed is merged first, so our edit builds on it (an
 * edit from a stale seqno would collide with theirs, and the §2.6 merge of two edits at one seqno
 * can bring back what one of them erased).
 */
export async function refresh(g: GroupSession, signal?: AbortSignal): Promise<void> {
  await g.ctx.net.bootstrap(signal);
  await g.pollConfigs(signal);
}

/** A 1:1 DM carrying a GroupUpdateMessage (invites and promotions travel this way, §4.7). */
export async function sendGroupDm(
  ctx: GroupContext,
  to: string,
  update: SessionProtos.IGroupUpdateMessage,
  timestamp: number,
  displayName: string | undefined,
  signal?: AbortSignal,
): Promise<void> {
  const content = groupUpdateContent(update, timestamp, displayName);
  const ct = await encryptForRecipient(
    { ed25519Sk: ctx.keys.ed25519Sk, ed25519Pk: ctx.keys.ed25519Pk },
    fromHex(to).subarray(1),
    padMessage(content),
  );
  await storeMessage(
    ctx.net,
    { to, namespace: 0, data: wrapEnvelope(ct, timestamp), ttl: DM_TTL_MS },
    signal,
  );
}

async function sendInvites(
  g: GroupSession,
  ids: readonly string[],
  displayName: string | undefined,
  signal?: AbortSignal,
): Promise<{ sent: string[]; failed: { member: string; code: string }[] }> {
  const ctx = g.ctx;
  const sent: string[] = [];
  const failed: { member: string; code: string }[] = [];
  for (const id of ids) {
    const ts = ctx.store.allocateTimestamp(ctx.net.now());
    const sub = makeSubaccount(g.na, g.identity, id);
    try {
      await sendGroupDm(
        ctx,
        id,
        inviteUpdate(g.na, g.identity, { invitee: id, name: g.name, authData: sub.authData, timestamp: ts }),
        ts,
        displayName,
        signal,
      );
      sent.push(id);
    } catch (e) {
      if (signal?.aborted || !(e instanceof SessionError)) throw e;
      failed.push({ member: id, code: e.code });
    }
  }
  g.editMembers((m) => {
    for (const id of sent) m.set(id, { invite: 'sent' });
    for (const f of failed) m.set(f.member, { invite: 'failed' });
  });
  return { sent, failed };
}

export async function createGroup(
  ctx: GroupContext,
  p: { name: string; members: readonly string[]; displayName?: string; signal?: AbortSignal },
): Promise<GroupSummary & { invited: string[]; inviteFailed: { member: string; code: string }[] }> {
  const own = ctx.keys.accountId;
  const ids = memberIds(p.members, own);
  if (p.name.trim() === '') throw new SessionError('INVALID_NAME', 'a group needs a name');
  const na = await loadSodium();
  const identity = groupFromSeed(na, na.randombytes_buf(32));
  const now = (ctx.now ?? Date.now)();
  new GroupStore(ctx.db).put({
    id: identity.groupId,
    name: p.name,
    seed: identity.seed!,
    authData: null,
    state: 'joined',
    invitedBy: null,
    keysDump: null,
    createdAt: now,
    updatedAt: now,
  });
  const g = await GroupSession.load(ctx, identity.groupId);
  g.editInfo((i) => {
    i.name = p.name;
    i.createdSeconds = Math.floor(now / 1000);
  });
  g.editMembers((m) => {
    m.set(own, { name: p.displayName ?? '', admin: true, promotion: 'accepted' });
    for (const id of ids) m.set(id, { invite: 'not-sent' });
  });
  g.keys.rekey(g.memberIds());
  g.save();
  await ctx.net.bootstrap(p.signal);
  await g.push(p.signal);
  if (ids.length > 0)
    await announce(
      g,
      (timestamp) => memberChangeUpdate(g.na, g.identity, { type: 'added', members: ids, timestamp }),
      p.signal,
    );
  const inv = await sendInvites(g, ids, p.displayName, p.signal);
  g.save();
  await g.push(p.signal);
  // our other devices get the group (and its seed) through UserGroups
  await recordGroupAndPush(ctx, g.row, p.signal);
  return { ...summaryOf(g), invited: inv.sent, inviteFailed: inv.failed };
}

/** A control message in the group (ns 11), signed with the admin key at its sent timestamp. */
export async function announce(
  g: GroupSession,
  build: (timestamp: number) => SessionProtos.IGroupUpdateMessage,
  signal?: AbortSignal,
): Promise<void> {
  const ts = g.ctx.store.allocateTimestamp(g.ctx.net.now());
  await g.storeContent(groupUpdateContent(build(ts), ts), ts, signal);
}

export async function inviteMembers(
  ctx: GroupContext,
  p: {
    group: string;
    members: readonly string[];
    shareHistory?: boolean;
    displayName?: string;
    signal?: AbortSignal;
  },
): Promise<GroupSummary & { invited: string[]; inviteFailed: { member: string; code: string }[] }> {
  const g = await adminGroup(ctx, p.group);
  const ids = memberIds(p.members, ctx.keys.accountId);
  const present = ids.filter((id) => {
    const m = g.membersView().get(id);
    return m !== undefined && m.removal === 0;
  });
  if (present.length > 0)
    throw new SessionError('INVALID_INPUT', `already in the group: ${present.join(', ')}`);
  await refresh(g, p.signal);
  // Tokens are deterministic per member: someone removed earlier must be unrevoked (§4.5).
  await setRevoked(
    g.na,
    ctx.net,
    g.identity,
    ids.map((id) => subaccountToken(g.na, g.identity, id)),
    false,
    p.signal,
  );
  g.editMembers((m) => {
    for (const id of ids) m.set(id, { invite: 'not-sent', supplement: p.shareHistory === true, removal: 0 });
  });
  if (p.shareHistory && g.keys.known.length > 0) {
    // the keys known so far (history); the rekey below gives everyone the next generation
    const sup = g.keys.supplement(ids);
    const r = await storeMessage(
      ctx.net,
      { to: g.id, namespace: KEYS_NAMESPACE, data: sup, ttl: GROUP_CONFIG_TTL_MS, signer: g.auth() },
      p.signal,
    );
    g.keys.load(r.hash, sup, ctx.net.now());
  }
  g.keys.rekey(g.memberIds());
  g.save();
  await g.push(p.signal);
  await announce(
    g,
    (timestamp) =>
      memberChangeUpdate(g.na, g.identity, {
        ...{ type: 'added', members: ids, historyShared: p.shareHistory === true },
        timestamp,
      }),
    p.signal,
  );
  const inv = await sendInvites(g, ids, p.displayName, p.signal);
  g.save();
  await g.push(p.signal);
  return { ...summaryOf(g), invited: inv.sent, inviteFailed: inv.failed };
}

function requireMembers(g: GroupSession, ids: readonly string[]): void {
  const missing = ids.filter((id) => !g.membersView().has(id));
  if (missing.length > 0)
    throw new SessionError('NOT_FOUND', `not a member of this group: ${missing.join(', ')}`, {
      hint: `\`session group info ${g.id}\` lists the members`,
    });
}

export async function promoteMember(
  ctx: GroupContext,
  p: { group: string; member: string; displayName?: string; signal?: AbortSignal },
): Promise<GroupSummary> {
  const g = await adminGroup(ctx, p.group);
  const [id] = memberIds([p.member], ctx.keys.accountId);
  requireMembers(g, [id!]);
  await refresh(g, p.signal);
  g.editMembers((m) => m.set(id!, { admin: true, promotion: 'not-sent' }));
  g.save();
  const ts = ctx.store.allocateTimestamp(ctx.net.now());
  let ok = true;
  try {
    await sendGroupDm(
      ctx,
      id!,
      { promoteMessage: { groupIdentitySeed: g.identity.seed!, name: g.name } },
      ts,
      p.displayName,
      p.signal,
    );
  } catch (e) {
    if (p.signal?.aborted || !(e instanceof SessionError)) throw e;
    ok = false;
  }
  g.editMembers((m) => m.set(id!, { promotion: ok ? 'sent' : 'failed' }));
  g.save();
  await g.push(p.signal);
  await announce(
    g,
    (timestamp) => memberChangeUpdate(g.na, g.identity, { type: 'promoted', members: [id!], timestamp }),
    p.signal,
  );
  return summaryOf(g);
}

/**
 * §4.9 removal: revoke their tokens (the swarm refuses them from now on), tell them in −11, say
 * REMOVED in the group, erase them from Members and rekey without them (a new generation they
 * cannot open), then push Keys, Info and Members.
 */
export async function removeMembers(
  ctx: GroupContext,
  p: {
    group: string;
    members: readonly string[];
    deleteMessages?: boolean;
    announce?: boolean;
    signal?: AbortSignal;
  },
): Promise<GroupSummary & { removed: string[] }> {
  const g = await adminGroup(ctx, p.group);
  const ids = memberIds(p.members, ctx.keys.accountId);
  requireMembers(g, ids);
  await refresh(g, p.signal);
  g.editMembers((m) => {
    for (const id of ids) m.set(id, { removal: p.deleteMessages ? 2 : 1 });
  });
  g.save();
  await setRevoked(
    g.na,
    ctx.net,
    g.identity,
    ids.map((id) => subaccountToken(g.na, g.identity, id)),
    true,
    p.signal,
  );
  await storeMessage(
    ctx.net,
    {
      to: g.id,
      namespace: GROUP_KICKED_NAMESPACE,
      data: kickedBlob(g.na, g.identity, ids, g.keys.currentGeneration),
      ttl: GROUP_CONFIG_TTL_MS,
      signer: g.auth(),
    },
    p.signal,
  );
  if (p.deleteMessages)
    await announce(
      g,
      (timestamp) => deleteContentUpdate(g.na, g.identity, { members: ids, timestamp }),
      p.signal,
    );
  if (p.announce !== false)
    await announce(
      g,
      (timestamp) => memberChangeUpdate(g.na, g.identity, { type: 'removed', members: ids, timestamp }),
      p.signal,
    );
  g.editMembers((m) => {
    for (const id of ids) m.erase(id);
  });
  g.keys.rekey(g.memberIds());
  g.save();
  await g.push(p.signal);
  return { ...summaryOf(g), removed: ids };
}

export async function renameGroup(
  ctx: GroupContext,
  p: { group: string; name?: string; description?: string; signal?: AbortSignal },
): Promise<GroupSummary> {
  const g = await adminGroup(ctx, p.group);
  if (p.name !== undefined && p.name.trim() === '')
    throw new SessionError('INVALID_NAME', 'a group needs a name');
  await refresh(g, p.signal);
  g.editInfo((i) => {
    if (p.name !== undefined) i.name = p.name;
    if (p.description !== undefined) i.description = p.description;
  });
  g.save();
  await g.push(p.signal);
  if (p.name !== undefined)
    await announce(
      g,
      (timestamp) => nameChangeUpdate(g.na, g.identity, { name: p.name!, timestamp }),
      p.signal,
    );
  return summaryOf(g);
}

/** Longest timer: the network keeps a message 30 days at most, so a longer one could not hold. */
export const GROUP_DISAPPEARING_MAX_SECONDS = 30 * 24 * 3600;

/**
 * The group's disappearing-message timer (§4.9): Info `E` (0 = off) pushed, then an admin-signed
 * DISAPPEARING_MESSAGES info change in the group. Every member's later sends use it (delete
 * after send: groups have no after-read).
 */
export async function setGroupDisappearing(
  ctx: GroupContext,
  p: { group: string; seconds: number; signal?: AbortSignal },
): Promise<GroupSummary> {
  if (!Number.isSafeInteger(p.seconds) || p.seconds < 0 || p.seconds > GROUP_DISAPPEARING_MAX_SECONDS)
    throw new SessionError(
      'INVALID_INPUT',
      `a group's disappearing timer is 1 s to ${GROUP_DISAPPEARING_MAX_SECONDS / 86400} days (or off)`,
    );
  const g = await adminGroup(ctx, p.group);
  await refresh(g, p.signal);
  const changed = g.editInfo((i) => {
    i.disappearingSeconds = p.seconds;
  });
  g.save();
  if (!changed) return summaryOf(g); // already so: nothing to tell the members
  await g.push(p.signal);
  await announce(
    g,
    (timestamp) => disappearingChangeUpdate(g.na, g.identity, { seconds: p.seconds, timestamp }),
    p.signal,
  );
  return summaryOf(g);
}

/** Info `!` (destroyed) pushed; receivers drop the group. Then forgotten here (messages stay). */
export async function destroyGroup(
  ctx: GroupContext,
  p: { group: string; signal?: AbortSignal },
): Promise<{ groupId: string; destroyed: true }> {
  const g = await adminGroup(ctx, p.group);
  await refresh(g, p.signal);
  g.editInfo((i) => {
    i.destroyed = true;
  });
  g.save();
  await g.push(p.signal);
  new GroupStore(ctx.db).remove(g.id);
  await recordGroupAndPush(ctx, { gone: g.id }, p.signal);
  return { groupId: g.id, destroyed: true };
}

export async function groupInfo(ctx: GroupContext, groupId: string): Promise<GroupSummary> {
  return summaryOf(await GroupSession.load(ctx, checkGroupId(groupId)));
}

export async function listGroups(ctx: GroupContext): Promise<GroupSummary[]> {
  const out: GroupSummary[] = [];
  for (const row of new GroupStore(ctx.db).list()) out.push(summaryOf(await GroupSession.open(ctx, row)));
  return out;
}
