import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../../src/cli/base-command.js';
import { communityFlags } from '../../../src/cli/community-flags.js';
import { parseDurationFlag } from '../../../src/cli/message-input.js';
import { SessionError } from '../../../src/errors.js';

const setting = (name: string) =>
  Flags.string({
    description: `${name}: true, false, or default (the room's).`,
    options: ['true', 'false', 'default'],
  });

export default class CommunityPermissionsSet extends BaseCommand<typeof CommunityPermissionsSet> {
  static override summary = "Set a user's permission overrides in a community room (moderators).";
  static override description = `Each of --read, --write, --upload, --accessible is true, false, or default (remove the
override). With --in the change is scheduled that far ahead instead (true/false only). The
result is the user's overrides as the server now has them.`;
  static override args = {
    id: Args.string({
      description: '15 blinded id, 05 Account ID or Session name.',
      required: true,
      ignoreStdin: true,
    }),
  };
  static override flags = {
    room: Flags.string({ description: 'Room token or URL.', required: true }),
    read: setting('read'),
    write: setting('write'),
    upload: setting('upload'),
    accessible: setting('accessible'),
    in: Flags.string({ description: 'Schedule the change this far ahead, e.g. 1h.' }),
    ...communityFlags,
  };

  async run() {
    const inS =
      this.flags.in === undefined
        ? undefined
        : parseDurationFlag('in', this.flags.in, { min: 1, max: 365 * 86400 });
    const values: Record<string, boolean | 'default'> = {};
    for (const k of ['read', 'write', 'upload', 'accessible'] as const) {
      const v = this.flags[k];
      if (v !== undefined) values[k] = v === 'default' ? 'default' : v === 'true';
    }
    if (Object.keys(values).length === 0)
      throw new SessionError('INVALID_INPUT', 'set at least one of --read, --write, --upload, --accessible');
    const { checkUserId, setPermissions } = await import('../../../src/actions/community-mod.js');
    const { checkNameArg, namesField, resolveAccountArgsWithClient } =
      await import('../../../src/cli/account-arg.js');
    // a Session name (resolved to its 05 Account ID) or an ID: checked before any traffic
    const named = checkNameArg(this.args.id);
    if (!named) checkUserId(this.args.id);
    const { clientFromFlags } = await import('../../../src/cli/client-flags.js');
    const client = await clientFromFlags(this.flags);
    try {
      const who = named && (await resolveAccountArgsWithClient([named], client, this.signal))[0]!;
      const r = await setPermissions(client, this.flags.room, who?.accountId ?? this.args.id, values, {
        inS,
        direct: this.flags.direct,
        signal: this.signal,
      });
      this.log(`Permissions of ${r.user} in ${r.room}: ${JSON.stringify(r.permissions)}`);
      return who ? { ...r, ...namesField([who]) } : r;
    } finally {
      await client.close();
    }
  }
}
