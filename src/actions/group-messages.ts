import { getInt } from '../config/fields.js';
import { loadSodium } from '../crypto/sodium.js';
import { SessionError, isSessionError } from '../errors.js';
import {
  adminSignatureValid,
  checkGroupId,
  groupUpdateContent,
  memberChangeName,
  signedStrings,
} from '../groups/control.js';
import {
  decryptGroupMessage,
  groupFromId,
  groupFromSeed,
  readKickedBlob,
  verifySubaccount,
} from '../groups/crypto.js';
import { GroupSession, type GroupContext } from '../groups/group-session.js';
import { keepGroupConfigsAlive } from '../groups/config-upkeep.js';
import { GroupStore } from '../groups/group-store.js';
import { GROUP_KICKED_NAMESPACE, GROUP_MESSAGES_NAMESPACE } from '../groups/views.js';
import {
  messageId,
  toMessageObject,
  type GroupEvent,
  type ReactionEvent,
} from '../messages/message-object.js';
import {
  buildContent,
  parseContent,
  type ExpirationMode,
  type WireAttachment,
  type WireReaction,
} from '../messages/one-to-one.js';
import { SessionProtos, toNumber } from '../messages/proto.js';
import type { NewMessage, StoredMessageRow } from '../store/messages.js';
import { storedAttachment } from './attachments.js';
import { applyReceivedReactions, type ReceivedReaction } from './apply-reactions.js';
import { quoteInfo } from './quote-info.js';
import { checkMessageText, quotedMessage, type SendMessageResult } from './send-message.js';
import { removeMembers } from './group-manage.js';
import { recordGroupAndPush, recordGroupQuietly } from './sync-groups.js';

/**
 * Group messaging and membership (groups-and-config.md §4.6–4.9): sending to namespace 11,
 * receiving everything a joined group's swarm holds (Keys → Info → Members, messages, the −11
 * "you were removed" notice), invites and promotions that arrive as DMs, accept / decline /
 * leave. Messages that do not decrypt or verify, and forged control messages, are dropped and
 * counted.
 */

type GroupUpdate = SessionProtos.IGroupUpdateMessage;

function event(
  g: { id: string; name: string },
  cursor: number,
  action: GroupEvent['action'],
  from: string,
  members: string[],
  timestamp: number,
): GroupEvent {
  return {
    type: 'group',
    id: messageId(from, timestamp),
    cursor,
    conversation: g.id,
    action,
    from,
    members,
    name: g.name || null,
    timestamp,
  };
}

/**
 * Groups have delete-after-send only (messages.md §6, groups-and-config.md §4.2 `E`): there is no
 * one reader whose reading could start a timer. Refused before any traffic.
 */
export function checkGroupDisappear(d: { mode: ExpirationMode; seconds: number } | undefined): void {
  if (d?.mode === 'after-read')
    throw new SessionError('INVALID_INPUT', 'groups only have delete-after-send disappearing messages', {
      hint: 'use --disappear after-send:DURATION',
    });
}

/**
 * The group a message goes to: one we joined (NOT_FOUND / INVALID_INPUT before any network use,
 * so `message send` checks it before it uploads attachments).
 */
export async function sendableGroup(ctx: GroupContext, to: string): Promise<GroupSession> {
  const g = await GroupSession.load(ctx, checkGroupId(to));
  if (g.row.state !== 'joined')
    throw new SessionError('INVALID_INPUT', `group ${g.id.slice(0, 10)}… is ${g.row.state}`, {
      ...(g.row.state === 'invited' ? { hint: `\`session group accept ${g.id}\`` } : {}),
    });
  return g;
}

/** The group's own disappearing setting (Info `E`, seconds of delete-after-send), if on. */
function groupDisappearing(g: GroupSession): { mode: ExpirationMode; seconds: number } | undefined {
  const seconds = getInt(g.info.data(), 'E');
  return seconds > 0 ? { mode: 'after-send', seconds } : undefined;
}

/**
 * A visible group message (§4.6): the same Content as a 1:1 message (text, attachment pointers,
 * quote, expiration fields), encrypted with the group key; no sync copy (every device of every
 * member polls the group swarm, messages.md §3.9).
 */
export async function sendGroupMessage(
  ctx: GroupContext,
  p: {
    to: string;
    text: string;
    displayName?: string | undefined;
    /** Already uploaded (uploadAttachmentFiles). */
    attachments?: WireAttachment[] | undefined;
    /** Without it, the group's own setting (Info `E`) applies. */
    disappear?: { mode: ExpirationMode; seconds: number } | undefined;
    replyTo?: string | undefined;
    signal?: AbortSignal | undefined;
  },
): Promise<SendMessageResult> {
  const g = await sendableGroup(ctx, p.to);
  const attachments = p.attachments ?? [];
  checkMessageText(p.text, attachments.length);
  checkGroupDisappear(p.disappear);
  const quoted = p.replyTo === undefined ? undefined : quotedMessage(ctx.store, p.replyTo, g.id);
  const disappear = p.disappear ?? groupDisappearing(g);
  await ctx.net.bootstrap(p.signal);
  const ts = ctx.store.allocateTimestamp(ctx.net.now());
  const content = buildContent(
    {
      kind: 'visible',
      body: p.text,
      ...(p.displayName ? { displayName: p.displayName } : {}),
      ...(disappear ? { expiration: disappear } : {}),
      ...(attachments.length > 0 ? { attachments } : {}),
      ...(quoted ? { quote: quoted.wire } : {}),
    },
    ts,
  );
  // delete-after-send: the network drops it when the timer ends (messages.md §3.7)
  const r = await g.storeContent(content, ts, p.signal, ...(disappear ? [disappear.seconds * 1000] : []));
  const own = ctx.keys.accountId;
  const record = {
    conversation: g.id,
    hash: r.hash,
    author: own,
    timestamp: ts,
    direction: 'out' as const,
    text: p.text,
    expiresAt: disappear ? ts + disappear.seconds * 1000 : null,
  };
  const extras = {
    ...(disappear ? { expiration: disappear } : {}),
    ...(attachments.length > 0 ? { attachments: attachments.map(storedAttachment) } : {}),
    ...(quoted ? { quote: quoted.info } : {}),
  };
  const [row] = ctx.store.saveBatch(
    {
      seen: [r.hash],
      messages: [{ ...record, ...(Object.keys(extras).length > 0 ? { extras } : {}) }],
    },
    Date.now(),
  );
  const stored = row ?? ctx.store.find(messageId(own, ts));
  const message = toMessageObject(stored ?? { ...record, id: 0, readAt: null, quote: quoted?.info ?? null });
  return { ...message, to: g.id, messageHash: r.hash, confirmations: r.confirmations };
}

/**
 * A reaction in a group (messages.md §3.4 Reaction inside a group message, §4.6): stored on the
 * group swarm; our own copy is applied here and its hash marked seen (not news on the next poll).
 */
export async function sendGroupReaction(
  ctx: GroupContext,
  p: { group: string; reaction: WireReaction; signal?: AbortSignal | undefined },
): Promise<{ timestamp: number; hash: string; confirmations: number }> {
  const g = await sendableGroup(ctx, p.group);
  await ctx.net.bootstrap(p.signal);
  const timestamp = ctx.store.allocateTimestamp(ctx.net.now());
  const r = await g.storeContent(
    buildContent({ kind: 'reaction', reaction: p.reaction }, timestamp),
    timestamp,
    p.signal,
  );
  ctx.store.saveBatch({ seen: [r.hash], messages: [] }, Date.now());
  return { timestamp, ...r };
}

/**
 * A GroupUpdate that arrived as a DM (§4.7): an invite (kept as a request until accepted) or a
 * promotion (the admin seed). Returns the event, or undefined when it was dropped.
 */
export async function handleGroupDm(
  ctx: GroupContext,
  dm: { sender: string; timestamp: number; update: GroupUpdate },
): Promise<GroupEvent | { dropped: string } | undefined> {
  const na = await loadSodium();
  const own = ctx.keys.accountId;
  const groups = new GroupStore(ctx.db);
  const now = (ctx.now ?? Date.now)();
  const inv = dm.update.inviteMessage;
  if (inv) {
    const id = inv.groupSessionId ?? '';
    if (!/^03[0-9a-f]{64}$/.test(id)) return { dropped: 'invite for a group ID that is not 03…' };
    if (!adminSignatureValid(na, id, signedStrings.invite(own, dm.timestamp), inv.adminSignature))
      return { dropped: 'invite with a bad admin signature' };
    const auth = inv.memberAuthData ? Uint8Array.from(inv.memberAuthData) : new Uint8Array(0);
    if (!verifySubaccount(na, groupFromId(na, id).edPk, ctx.keys.ed25519Pk, auth))
      return { dropped: 'invite with auth data that is not ours' };
    const existing = groups.get(id);
    if (existing && existing.state === 'joined' && (existing.seed || existing.authData)) {
      // a re-invite of someone still here: only the auth data is renewed
      if (!existing.seed) groups.put({ ...existing, authData: auth, updatedAt: now });
      return undefined;
    }
    const row = {
      id,
      name: inv.name ?? '',
      seed: null,
      authData: auth,
      state: 'invited' as const,
      invitedBy: dm.sender,
      keysDump: existing?.keysDump ?? null,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    groups.put(row);
    // the config push of this receive takes it to our other devices
    await recordGroupQuietly(ctx.db, own, row, now, ctx.log);
    return event(
      { id, name: inv.name ?? '' },
      ctx.store.maxCursor(),
      'invited',
      dm.sender,
      [own],
      dm.timestamp,
    );
  }
  const pro = dm.update.promoteMessage;
  if (pro) {
    if (!pro.groupIdentitySeed || pro.groupIdentitySeed.length !== 32)
      return { dropped: 'promotion without a seed' };
    const identity = groupFromSeed(na, Uint8Array.from(pro.groupIdentitySeed));
    const existing = groups.get(identity.groupId);
    if (!existing) return { dropped: 'promotion for a group we are not in' };
    const row = { ...existing, seed: identity.seed!, state: 'joined' as const, updatedAt: now };
    groups.put(row);
    await recordGroupQuietly(ctx.db, own, row, now, ctx.log);
    return event(
      { id: identity.groupId, name: existing.name },
      ctx.store.maxCursor(),
      'promoted',
      dm.sender,
      [own],
      dm.timestamp,
    );
  }
  return undefined;
}

export async function acceptInvite(
  ctx: GroupContext,
  p: { group: string; signal?: AbortSignal },
): Promise<{ groupId: string; name: string; state: string; generation: number }> {
  const g = await GroupSession.load(ctx, checkGroupId(p.group));
  if (g.row.state !== 'invited')
    throw new SessionError('INVALID_INPUT', `there is no pending invite to group ${g.id.slice(0, 10)}…`);
  await ctx.net.bootstrap(p.signal);
  g.row.state = 'joined';
  g.save();
  await g.pollConfigs(p.signal);
  // §4.9: tell the admins (they mark our invite accepted)
  const ts = ctx.store.allocateTimestamp(ctx.net.now());
  if (g.keys.encryptionKey())
    await g.storeContent(groupUpdateContent({ inviteResponse: { isApproved: true } }, ts), ts, p.signal);
  // our other devices join it too (UserGroups carries the auth data)
  await recordGroupAndPush(ctx, g.row, p.signal);
  return { groupId: g.id, name: g.name, state: g.row.state, generation: g.keys.currentGeneration };
}

/**
 * Declines a pending invite: forgotten here, and erased from the user-groups config so our other
 * devices forget it too (and the next merge does not bring it back). Nothing goes to the group.
 */
export async function declineInvite(
  ctx: GroupContext,
  p: { group: string; signal?: AbortSignal },
): Promise<{ groupId: string; declined: true; warnings: string[] }> {
  const id = checkGroupId(p.group);
  const row = new GroupStore(ctx.db).get(id);
  if (!row || row.state !== 'invited')
    throw new SessionError('NOT_FOUND', `there is no pending invite to group ${id.slice(0, 10)}…`);
  new GroupStore(ctx.db).remove(id);
  const w = await recordGroupAndPush(ctx, { gone: id }, p.signal);
  return { groupId: id, declined: true, warnings: w ? [w] : [] };
}

/** §4.9 leave: MemberLeftNotification then MemberLeft in ns 11; then the group is forgotten here. */
export async function leaveGroup(
  ctx: GroupContext,
  p: { group: string; signal?: AbortSignal },
): Promise<{ groupId: string; left: true; warnings: string[] }> {
  const g = await GroupSession.load(ctx, checkGroupId(p.group));
  const warnings: string[] = [];
  if (g.row.state === 'joined') {
    await ctx.net.bootstrap(p.signal);
    try {
      const ts = ctx.store.allocateTimestamp(ctx.net.now());
      await g.storeContent(groupUpdateContent({ memberLeftNotificationMessage: {} }, ts), ts, p.signal);
      await g.storeContent(groupUpdateContent({ memberLeftMessage: {} }, ts + 1), ts + 1, p.signal);
    } catch (e) {
      // 401: already revoked (removed meanwhile) — leaving locally is all that is left to do
      if (p.signal?.aborted || !isSessionError(e)) throw e;
      warnings.push(`the group was not told: ${e.message}`);
    }
  }
  new GroupStore(ctx.db).remove(g.id);
  const w = await recordGroupAndPush(ctx, { gone: g.id }, p.signal);
  if (w) warnings.push(w);
  return { groupId: g.id, left: true, warnings };
}

export interface GroupReceiveResult {
  messages: StoredMessageRow[];
  events: GroupEvent[];
  /** Reactions to group messages: the same events as 1:1 ones. */
  reactions: ReactionEvent[];
  /** Reactions dropped as junk (unknown message, bad emoji), as `ReceiveResult.ignored`. */
  ignored: { hash: string; reason: string }[];
  skipped: { hash: string; code: string }[];
  warnings: string[];
}

/** Polls every joined group: −11 first (are we still in?), then configs, then messages. */
export async function receiveGroups(ctx: GroupContext, signal?: AbortSignal): Promise<GroupReceiveResult> {
  const out: GroupReceiveResult = {
    messages: [],
    events: [],
    reactions: [],
    ignored: [],
    skipped: [],
    warnings: [],
  };
  for (const row of new GroupStore(ctx.db).list()) {
    if (row.state !== 'joined') continue;
    const g = await GroupSession.open(ctx, row);
    try {
      await receiveOne(g, out, signal);
    } catch (e) {
      if (signal?.aborted || !isSessionError(e)) throw e;
      out.warnings.push(`group ${g.name || g.id.slice(0, 10)}: ${e.message}`);
    }
  }
  return out;
}

async function receiveOne(g: GroupSession, out: GroupReceiveResult, signal?: AbortSignal): Promise<void> {
  const ctx = g.ctx;
  const own = ctx.keys.accountId;
  const na = g.na;
  // −11 is readable even with a revoked token (unrevocable namespace): that is how we learn it.
  if (!g.isAdmin) {
    const kicked = await g.retrieve(GROUP_KICKED_NAMESPACE, (h) => ctx.store.isSeen(h), signal);
    ctx.store.saveBatch({ seen: kicked.items.map((i) => i.hash), messages: [] }, Date.now());
    g.saveCursors(GROUP_KICKED_NAMESPACE, kicked.cursors);
    for (const k of kicked.items) {
      const gen = readKickedBlob(na, k.data, g.identity.xPk, {
        xSk: ctx.keys.x25519Sk,
        xPk: ctx.keys.x25519Pk,
      });
      if (gen !== undefined && gen >= g.keys.currentGeneration) {
        g.row.state = 'kicked';
        g.save();
        await recordGroupQuietly(ctx.db, own, g.row, Date.now(), ctx.log);
        out.events.push(
          event({ id: g.id, name: g.name }, ctx.store.maxCursor(), 'kicked', g.id, [own], k.timestamp),
        );
        out.warnings.push(`you were removed from group ${g.name || g.id}`);
        return;
      }
    }
  }
  const stats = await g.pollConfigs(signal);
  for (const d of stats.dropped) out.skipped.push({ hash: d.hash, code: d.code });
  if (g.infoView().destroyed) {
    g.row.state = 'destroyed';
    g.save();
    await recordGroupQuietly(ctx.db, ctx.keys.accountId, g.row, Date.now(), ctx.log);
    out.events.push(
      event({ id: g.id, name: g.name }, ctx.store.maxCursor(), 'destroyed', g.id, [], Date.now()),
    );
    return;
  }
  // A promoted admin marks its own promotion accepted (§4.9).
  if (g.isAdmin && g.membersView().get(own)?.promotion !== 'accepted' && g.membersView().has(own)) {
    g.editMembers((m) => m.set(own, { admin: true, promotion: 'accepted' }));
    g.save();
    await g.push(signal);
  } else if (g.isAdmin && (g.info.needsPush || g.members.needsPush)) {
    // a merge of two admins' edits is a new config: admins push it (§2.7)
    await g.push(signal);
  }
  // §2.9: admins keep the live keys/Info/Members copies from expiring (at most once a day)
  const kept = await keepGroupConfigsAlive(g, signal ? { signal } : {});
  if (kept.warning) out.warnings.push(`group ${g.name || g.id.slice(0, 10)}: ${kept.warning}`);
  const polled = await g.retrieve(GROUP_MESSAGES_NAMESPACE, (h) => ctx.store.isSeen(h), signal);
  const fresh: NewMessage[] = [];
  const pendingEvents: Omit<GroupEvent, 'cursor'>[] = [];
  const left: string[] = [];
  const accepted: string[] = [];
  const deletions: { authors: string[]; hashes: string[] }[] = [];
  const reactions: ReceivedReaction[] = [];
  for (const m of polled.items) {
    try {
      const d = decryptGroupMessage(na, m.data, g.keys.decryptionKeys(), g.identity.edPk);
      let env: SessionProtos.Envelope;
      try {
        env = SessionProtos.Envelope.decode(d.plaintext);
      } catch (cause) {
        throw new SessionError('DECRYPT_FAILED', 'group message: not an Envelope', { cause });
      }
      const ts = toNumber(env.timestamp) ?? m.timestamp;
      if (!env.content) throw new SessionError('DECRYPT_FAILED', 'group message: envelope without content');
      const c = parseContent(env.content, ts);
      if (c.kind === 'visible') {
        // groups have delete-after-send only (§6): the network's expiry is the timer; an
        // after-read setting (no group client sends one) is not a timer here
        const das = c.expiration?.mode === 'after-send' ? c.expiration : undefined;
        const extras = {
          ...(das ? { expiration: das } : {}),
          ...(c.attachments ? { attachments: c.attachments.map(storedAttachment) } : {}),
          ...(c.quote ? { quote: quoteInfo(ctx.store, c.quote) } : {}),
        };
        fresh.push({
          conversation: g.id,
          hash: m.hash,
          author: d.sender,
          timestamp: ts,
          direction: d.sender === own ? 'out' : 'in',
          text: c.body,
          expiresAt: das ? m.expiration || ts + das.seconds * 1000 : null,
          ...(Object.keys(extras).length > 0 ? { extras } : {}),
        });
        continue;
      }
      if (c.kind === 'reaction') {
        // applied after this poll's inserts: the message it names may be among them
        reactions.push({
          from: d.sender,
          conversation: g.id,
          reaction: c.reaction,
          timestamp: ts,
          hash: m.hash,
        });
        continue;
      }
      if (c.kind !== 'group-update') continue;
      const u = c.update;
      const mc = u.memberChangeMessage;
      const ic = u.infoChangeMessage;
      const mk = (action: GroupEvent['action'], members: string[]): Omit<GroupEvent, 'cursor'> => {
        const { cursor: _c, ...rest } = event({ id: g.id, name: g.name }, 0, action, d.sender, members, ts);
        return rest;
      };
      if (mc) {
        const type = memberChangeName(mc.type);
        if (
          !type ||
          !adminSignatureValid(na, g.id, signedStrings.memberChange(mc.type, ts), mc.adminSignature)
        )
          throw new SessionError('BAD_SIGNATURE', 'member change without a valid admin signature');
        pendingEvents.push(mk(type === 'added' ? 'added' : type, mc.memberSessionIds ?? []));
      } else if (ic) {
        if (!adminSignatureValid(na, g.id, signedStrings.infoChange(ic.type, ts), ic.adminSignature))
          throw new SessionError('BAD_SIGNATURE', 'info change without a valid admin signature');
        if (ic.type === SessionProtos.GroupUpdateInfoChangeMessage.Type.NAME)
          pendingEvents.push(mk('renamed', []));
        else if (ic.type === SessionProtos.GroupUpdateInfoChangeMessage.Type.DISAPPEARING_MESSAGES) {
          // the timer itself is Info `E`; this message says that it changed, and to what
          const seconds = ic.updatedExpiration ?? 0;
          pendingEvents.push({
            ...mk('disappearing', []),
            disappearing: seconds > 0 ? { mode: 'after-send', seconds } : null,
          });
        }
      } else if (u.deleteMemberContent) {
        const dc = u.deleteMemberContent;
        const sids = dc.memberSessionIds ?? [];
        const hashes = dc.messageHashes ?? [];
        const signed = adminSignatureValid(
          na,
          g.id,
          signedStrings.deleteContent(ts, sids, hashes),
          dc.adminSignature,
        );
        // without an admin signature only the sender's own messages may go (§4.7)
        const authors = signed ? sids : sids.filter((s) => s === d.sender);
        if (authors.length > 0) deletions.push({ authors, hashes: signed ? hashes : [] });
        else if (!signed)
          throw new SessionError('BAD_SIGNATURE', 'delete content without a valid admin signature');
      } else if (u.memberLeftMessage) {
        if (d.sender !== own) {
          pendingEvents.push(mk('left', [d.sender]));
          left.push(d.sender);
        }
      } else if (u.inviteResponse?.isApproved) {
        pendingEvents.push(mk('joined', [d.sender]));
        accepted.push(d.sender);
      }
    } catch (e) {
      const code = isSessionError(e) ? e.code : 'INTERNAL';
      out.skipped.push({ hash: m.hash, code });
      ctx.log?.(`group ${g.id.slice(0, 10)}…: skipped message ${m.hash.slice(0, 10)}…: ${code}`);
    }
  }
  const inserted = ctx.store.saveBatch(
    { seen: polled.items.map((i) => i.hash), messages: fresh },
    Date.now(),
  );
  g.saveCursors(GROUP_MESSAGES_NAMESPACE, polled.cursors);
  for (const del of deletions) {
    const marks = ctx.store.db.prepare(
      'UPDATE messages SET deleted = 1 WHERE conversation_id = ? AND author = ? AND deleted = 0',
    );
    for (const a of del.authors) marks.run(g.id, a);
  }
  const wiped = new Set(deletions.flatMap((x) => x.authors));
  out.messages.push(...inserted.filter((m) => !wiped.has(m.author)));
  const cursor = ctx.store.maxCursor();
  for (const e of pendingEvents) out.events.push({ ...e, cursor });
  const applied = applyReceivedReactions(ctx.store, own, reactions, cursor, ctx.log);
  out.reactions.push(...applied.events);
  out.ignored.push(...applied.ignored);
  if (g.isAdmin) {
    const members = g.membersView();
    const joined = accepted.filter((id) => members.get(id)?.invite !== 'accepted');
    if (joined.length > 0) {
      g.editMembers((m) => {
        for (const id of joined) m.set(id, { invite: 'accepted', supplement: false });
      });
      g.save();
      await g.push(signal);
    }
    const gone = left.filter((id) => members.has(id));
    if (gone.length > 0)
      await removeMembers(ctx, {
        group: g.id,
        members: gone,
        announce: false,
        ...(signal ? { signal } : {}),
      });
  }
}
