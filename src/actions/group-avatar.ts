import { SessionError } from '../errors.js';
import { avatarChangeUpdate, checkGroupId } from '../groups/control.js';
import { GroupSession, type GroupContext } from '../groups/group-session.js';
import { downloadAvatar, uploadAvatar, type DownloadedAvatar } from './avatar.js';
import { adminGroup, announce, refresh, summaryOf, type GroupSummary } from './group-manage.js';

/**
 * The group picture (groups-and-config.md §4.2 Info `p`/`q`, encrypted as a profile picture is,
 * messages.md §5.7): an admin uploads it to the file server and puts its URL and key into Info,
 * members read both from Info and download it. Every refusal (group, admin rights, the file)
 * happens before any network traffic.
 */
export interface GroupAvatarNetwork {
  network?: string | undefined;
  logger?: ((line: string) => void) | undefined;
  signal?: AbortSignal | undefined;
}

export interface GroupAvatarSet extends GroupSummary {
  /** The picture that was uploaded (absent on removal). */
  uploaded?: { size: number; sha256: string };
  /** Whether Info changed (a removal when there was no picture changes nothing). */
  changed: boolean;
}

/** `path`: set the picture from this file; `undefined`: remove it. Admins only. */
export async function setGroupAvatar(
  ctx: GroupContext,
  p: { group: string; path: string | undefined } & GroupAvatarNetwork,
): Promise<GroupAvatarSet> {
  const g = await adminGroup(ctx, p.group);
  let pic: { url: string; key: Uint8Array } | undefined;
  let uploaded: GroupAvatarSet['uploaded'];
  if (p.path !== undefined) {
    // The upload first (it reads the file before any traffic): a failed one changes nothing.
    // A fresh key each time, unlike the profile key: the picture's key lives only in Info, and a
    // member removed since the last picture must not be able to open the next one.
    const up = await uploadAvatar(p.path, undefined, {
      network: p.network,
      signal: p.signal,
      logger: p.logger,
    });
    pic = { url: up.url, key: up.key };
    uploaded = { size: up.size, sha256: up.sha256 };
  }
  await refresh(g, p.signal);
  const changed = g.editInfo((i) => {
    i.avatar = pic;
  });
  g.save();
  const pushed = await g.push(p.signal);
  for (const w of pushed.warnings) ctx.log?.(w);
  // §4.9: members are told the picture changed (they read it from Info)
  if (changed)
    await announce(g, (timestamp) => avatarChangeUpdate(g.na, g.identity, { timestamp }), p.signal);
  return { ...summaryOf(g), ...(uploaded ? { uploaded } : {}), changed };
}

/** Downloads and decrypts the group picture Info names (any member; local state only). */
export async function downloadGroupAvatar(
  ctx: GroupContext,
  p: { group: string; output: string; overwrite?: boolean } & GroupAvatarNetwork,
): Promise<DownloadedAvatar & { groupId: string; url: string }> {
  const g = await GroupSession.load(ctx, checkGroupId(p.group));
  const avatar = g.infoView().avatar;
  if (!avatar)
    throw new SessionError('NOT_FOUND', `group ${g.name || g.id.slice(0, 10)} has no picture`, {
      hint: 'a picture set by an admin arrives with `session message receive`',
    });
  const r = await downloadAvatar(avatar, p.output, {
    network: p.network,
    signal: p.signal,
    logger: p.logger,
    overwrite: p.overwrite === true,
  });
  return { groupId: g.id, url: avatar.url, ...r };
}
