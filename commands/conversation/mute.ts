import { Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { configPushFlags } from '../../src/cli/config-push.js';
import { changeMute, muteConversationArg, type MuteCommandResult } from '../../src/cli/conversation-mute.js';
import { parseDurationFlag } from '../../src/cli/message-input.js';

/** A mute longer than this is meant as "forever": say so with --forever. */
const MAX_MUTE_SECONDS = 366 * 86400;

export default class ConversationMute extends BaseCommand<typeof ConversationMute> {
  static override summary =
    'Mute a conversation’s notifications, for a while or until unmuted (on every device of yours).';
  static override description =
    'The mute-until time lives in your configs (`!`, unix seconds: Contacts for a person, UserGroups for a 03 group or a community room), so your other devices mute it too (groups-and-config.md §3); a community DM (15…) has no such setting. Without --for the mute lasts until `conversation unmute`.';
  static override examples = [
    '<%= config.bin %> conversation mute 05… --for 8h',
    '<%= config.bin %> conversation mute 03… --forever',
    '<%= config.bin %> conversation mute https://example.org/room --for 1d',
  ];
  static override args = muteConversationArg;
  static override flags = {
    ...configPushFlags,
    for: Flags.string({
      description: 'How long: 30m, 1h, 8h, 1d, 2w (at most 366d).',
      exclusive: ['forever'],
    }),
    forever: Flags.boolean({ description: 'Until you unmute it (the default).', default: false }),
  };

  async run(): Promise<MuteCommandResult> {
    // checked before anything is read or changed: a bad duration is exit 2 naming --for
    const seconds =
      this.flags.for === undefined
        ? undefined
        : parseDurationFlag('for', this.flags.for, { min: 60, max: MAX_MUTE_SECONDS });
    const { muteUntilSeconds } = await import('../../src/config/mute.js');
    return changeMute(
      this.args.conversation,
      (now) => muteUntilSeconds(now, seconds ?? 'forever'),
      this.flags,
      this.signal,
      { log: (l) => this.log(l), note: (l) => this.note(l) },
    );
  }
}
