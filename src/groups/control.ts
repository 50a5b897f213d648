import type { Sodium } from '../crypto/sodium.js';
import { fromHex, utf8 } from '../encoding/bytes.js';
import { SessionError } from '../errors.js';
import { SessionProtos } from '../messages/proto.js';
import { notAdmin, type GroupIdentity } from './crypto.js';

/**
 * GroupUpdate* control messages (groups-and-config.md §4.7): building them with the admin
 * signature over the exact strings of the spec, and checking that signature on receipt. A
 * control message whose signature does not verify is dropped (the caller counts it).
 */
export type MemberChangeType = 'added' | 'removed' | 'promoted';
const MEMBER_CHANGE: Record<MemberChangeType, number> = { added: 1, removed: 2, promoted: 3 };
export const memberChangeName = (t: number): MemberChangeType | undefined =>
  (Object.keys(MEMBER_CHANGE) as MemberChangeType[]).find((k) => MEMBER_CHANGE[k] === t);

export const signedStrings = {
  invite: (inviteeSid: string, ts: number) => `INVITE${inviteeSid}${ts}`,
  infoChange: (type: number, ts: number) => `INFO_CHANGE${type}${ts}`,
  memberChange: (type: number, ts: number) => `MEMBER_CHANGE${type}${ts}`,
  deleteContent: (ts: number, sids: readonly string[], hashes: readonly string[]) =>
    `DELETE_CONTENT${ts}${sids.join('')}${hashes.join('')}`,
};

function adminSign(na: Sodium, group: GroupIdentity, s: string): Uint8Array {
  if (!group.edSk) throw notAdmin();
  return na.crypto_sign_detached(utf8(s), group.edSk);
}

export function adminSignatureValid(
  na: Sodium,
  groupId: string,
  s: string,
  sig: Uint8Array | null | undefined,
): boolean {
  if (!sig || sig.length !== 64) return false;
  try {
    return na.crypto_sign_verify_detached(sig, utf8(s), fromHex(groupId.slice(2)));
  } catch {
    return false;
  }
}

/** Content bytes (not padded) carrying one GroupUpdateMessage, with the sender's profile. */
export function groupUpdateContent(
  update: SessionProtos.IGroupUpdateMessage,
  timestamp: number,
  displayName?: string,
): Uint8Array {
  const C = SessionProtos.Content;
  return C.encode(
    C.create({
      sigTimestamp: timestamp,
      dataMessage: {
        groupUpdateMessage: update,
        ...(displayName ? { profile: { displayName } } : {}),
      },
    }),
  ).finish();
}

export function inviteUpdate(
  na: Sodium,
  group: GroupIdentity,
  p: { invitee: string; name: string; authData: Uint8Array; timestamp: number },
): SessionProtos.IGroupUpdateMessage {
  return {
    inviteMessage: {
      groupSessionId: group.groupId,
      name: p.name,
      memberAuthData: p.authData,
      adminSignature: adminSign(na, group, signedStrings.invite(p.invitee, p.timestamp)),
    },
  };
}

export function memberChangeUpdate(
  na: Sodium,
  group: GroupIdentity,
  p: { type: MemberChangeType; members: readonly string[]; historyShared?: boolean; timestamp: number },
): SessionProtos.IGroupUpdateMessage {
  const t = MEMBER_CHANGE[p.type];
  return {
    memberChangeMessage: {
      type: t,
      memberSessionIds: [...p.members],
      ...(p.historyShared ? { historyShared: true } : {}),
      adminSignature: adminSign(na, group, signedStrings.memberChange(t, p.timestamp)),
    },
  };
}

export function nameChangeUpdate(
  na: Sodium,
  group: GroupIdentity,
  p: { name: string; timestamp: number },
): SessionProtos.IGroupUpdateMessage {
  return {
    infoChangeMessage: {
      type: SessionProtos.GroupUpdateInfoChangeMessage.Type.NAME,
      updatedName: p.name,
      adminSignature: adminSign(na, group, signedStrings.infoChange(1, p.timestamp)),
    },
  };
}

/** §4.9 Info change AVATAR (no payload: members read the new picture from Info). */
export function avatarChangeUpdate(
  na: Sodium,
  group: GroupIdentity,
  p: { timestamp: number },
): SessionProtos.IGroupUpdateMessage {
  const type = SessionProtos.GroupUpdateInfoChangeMessage.Type.AVATAR;
  return {
    infoChangeMessage: {
      type,
      adminSignature: adminSign(na, group, signedStrings.infoChange(type, p.timestamp)),
    },
  };
}

/** §4.9 Info change DISAPPEARING_MESSAGES: the new delete-after-send timer (0 = off), also in Info `E`. */
export function disappearingChangeUpdate(
  na: Sodium,
  group: GroupIdentity,
  p: { seconds: number; timestamp: number },
): SessionProtos.IGroupUpdateMessage {
  const type = SessionProtos.GroupUpdateInfoChangeMessage.Type.DISAPPEARING_MESSAGES;
  return {
    infoChangeMessage: {
      type,
      updatedExpiration: p.seconds,
      adminSignature: adminSign(na, group, signedStrings.infoChange(type, p.timestamp)),
    },
  };
}

/** Admin-signed: receivers delete what the named members wrote in the group (§4.7). */
export function deleteContentUpdate(
  na: Sodium,
  group: GroupIdentity,
  p: { members: readonly string[]; timestamp: number },
): SessionProtos.IGroupUpdateMessage {
  return {
    deleteMemberContent: {
      memberSessionIds: [...p.members],
      messageHashes: [],
      adminSignature: adminSign(na, group, signedStrings.deleteContent(p.timestamp, p.members, [])),
    },
  };
}

export function checkGroupId(id: string): string {
  const t = id.trim().toLowerCase();
  if (!/^03[0-9a-f]{64}$/.test(t))
    throw new SessionError('INVALID_ACCOUNT_ID', 'a group ID is 66 hex characters starting with 03', {
      hint: '`session group list` shows your groups',
    });
  return t;
}
