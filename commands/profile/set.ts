import { Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { configPushFlags } from '../../src/cli/config-push.js';
import { dataDirFrom } from '../../src/cli/context.js';
import { withStore } from '../../src/cli/store-flags.js';
import {
  ownAvatarKey,
  profileChanged,
  recordInProfileConfig,
  setOwnAvatar,
} from '../../src/actions/own-profile.js';
import { SessionError } from '../../src/errors.js';
import { ProfileDirectory } from '../../src/store/profiles.js';

export default class ProfileSet extends BaseCommand<typeof ProfileSet> {
  static override summary =
    'Set your display name and profile picture (they travel inside the messages you send).';
  static override description = `The name travels with the time it was set (lastProfileUpdateSeconds), so receivers keep the
newest. --avatar encrypts the picture with your profile key (messages.md §5.7), uploads it to the
file server through an onion path, and every message you send from then on carries its URL and key;
--remove-avatar stops that.`;
  static override examples = [
    '<%= config.bin %> profile set --name "Build Bot"',
    '<%= config.bin %> profile set --avatar ./bot.png',
    '<%= config.bin %> profile set --remove-avatar --json',
    '<%= config.bin %> profile set --community-requests off',
  ];
  static override flags = {
    name: Flags.string({ description: 'Display name (1-100 characters).' }),
    avatar: Flags.string({
      description: 'A picture file to use as your profile picture.',
      exclusive: ['remove-avatar'],
    }),
    'remove-avatar': Flags.boolean({ description: 'Stop sending a profile picture.', default: false }),
    'community-requests': Flags.string({
      description:
        'Whether people who are not your contacts may DM you through a community (off: their DMs are dropped, and your posts say so).',
      options: ['on', 'off'],
    }),
    ...configPushFlags,
  };

  async run(): Promise<{
    profile: string;
    accountId: string;
    displayName: string | null;
    avatarUrl: string | null;
    lastProfileUpdateSeconds: number;
    communityRequests?: boolean;
  }> {
    const { name: rawName, avatar: avatarPath } = this.flags;
    const removeAvatar = this.flags['remove-avatar'];
    const requests = this.flags['community-requests'];
    const communityRequests = requests === undefined ? undefined : requests === 'on';
    if (rawName === undefined && avatarPath === undefined && !removeAvatar && requests === undefined)
      throw new SessionError(
        'INVALID_INPUT',
        'nothing to set: give --name, --avatar, --remove-avatar or --community-requests',
      );
    const name = rawName?.trim();
    if (name !== undefined && (name.length === 0 || [...name].length > 100))
      throw new SessionError('INVALID_INPUT', 'the display name must be 1-100 characters');
    const dirs = new ProfileDirectory(dataDirFrom(this.flags['data-dir']));
    const info = await dirs.resolve(this.flags.profile);
    // the upload first: a failed upload changes nothing
    let uploaded: { url: string; key: Uint8Array } | undefined;
    if (avatarPath !== undefined) {
      const { uploadAvatar } = await import('../../src/actions/avatar.js');
      const { verboseLogger } = await import('../../src/cli/client-flags.js');
      const key = await withStore(this.flags, (store) => ownAvatarKey(store));
      uploaded = await uploadAvatar(avatarPath, key, {
        network: this.flags.network,
        signal: this.signal,
        ...(this.flags.verbose ? { logger: verboseLogger() } : {}),
      });
    }
    if (name !== undefined) await dirs.writeInfo({ ...info, displayName: name });
    const result = await withStore(this.flags, async (store) => {
      const now = Date.now();
      // (a name or picture is a profile update that messages carry; the requests setting is not)
      const s =
        uploaded !== undefined || removeAvatar
          ? setOwnAvatar(store, uploaded, now)
          : name !== undefined
            ? profileChanged(store, now)
            : Number(store.meta('profile_updated_s')) || 0;
      // and in the UserProfile config, which `sync now` carries to our other devices
      await recordInProfileConfig(
        store,
        info.accountId,
        { name, pic: uploaded ?? (removeAvatar ? null : undefined), communityRequests },
        now,
      );
      return { s, avatarUrl: uploaded?.url ?? (removeAvatar ? null : store.meta('avatar_url') || null) };
    });
    const displayName = name ?? info.displayName ?? null;
    if (name !== undefined) this.log(`Display name of "${info.name}" is now "${name}"`);
    if (uploaded) this.log(`Profile picture of "${info.name}" is now ${uploaded.url}`);
    if (removeAvatar) this.log(`Profile picture of "${info.name}" removed`);
    if (communityRequests !== undefined)
      this.log(
        communityRequests
          ? `Anyone in a community may now DM "${info.name}"`
          : `Only contacts may now DM "${info.name}" through a community`,
      );
    // the UserProfile config, to our other devices now (best-effort: else the next sync)
    const { pushConfigChanges } = await import('../../src/cli/config-push.js');
    const pushed = await pushConfigChanges(this.flags, this.signal);
    if (pushed.warning) this.note(pushed.warning);
    return {
      profile: info.name,
      accountId: info.accountId,
      displayName,
      avatarUrl: result.avatarUrl,
      lastProfileUpdateSeconds: result.s,
      ...(communityRequests === undefined ? {} : { communityRequests }),
    };
  }
}
