import { Args } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { configPushFlags, pushConfigChanges } from '../../src/cli/config-push.js';
import { withStore } from '../../src/cli/store-flags.js';
import {
  checkAccountArg,
  describeAccountArg,
  namesField,
  resolveAccountArgOffline,
} from '../../src/cli/account-arg.js';

export default class ContactNickname extends BaseCommand<typeof ContactNickname> {
  static override summary = 'Give a contact a nickname only you see (an empty NAME removes it).';
  static override description =
    'Kept in your Contacts config (`N`), so your other devices show it too. At most 100 bytes.';
  static override examples = [
    '<%= config.bin %> contact nickname 05… "Mum"',
    '<%= config.bin %> contact nickname 05… ""',
  ];
  static override args = {
    accountId: Args.string({ description: 'Account ID or Session name.', required: true }),
    name: Args.string({ description: 'The nickname ("" removes it).', required: true }),
  };
  static override flags = { ...configPushFlags };

  async run(): Promise<{
    accountId: string;
    names?: Record<string, string>;
    nickname: string | null;
    pushed: boolean;
  }> {
    const arg = checkAccountArg(this.args.accountId); // ID or name: checked before any traffic
    const who = await resolveAccountArgOffline(arg, this.flags, this.signal);
    const id = who.accountId;
    const nickname = this.args.name.trim();
    const { setNickname } = await import('../../src/actions/contacts.js');
    await withStore(this.flags, (s, info) => setNickname(s, info.accountId, id, nickname, Date.now()));
    const label = describeAccountArg(who);
    this.log(nickname === '' ? `Nickname of ${label} removed` : `${label} is now "${nickname}"`);
    const p = await pushConfigChanges(this.flags, this.signal);
    if (p.warning) this.note(p.warning);
    return {
      accountId: id,
      ...namesField([who]),
      nickname: nickname === '' ? null : nickname,
      pushed: p.pushed,
    };
  }
}
