import { Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { withStore } from '../../src/cli/store-flags.js';
import type { ContactRow } from '../../src/actions/contacts.js';

export default class ContactList extends BaseCommand<typeof ContactList> {
  static override summary = 'List your contacts: names, nicknames, approvals, blocks, pins (no network).';
  static override description =
    'What your Contacts config holds (as synced with your other devices) and every conversation the local store knows.';
  static override examples = [
    '<%= config.bin %> contact list',
    '<%= config.bin %> contact list --blocked --json',
  ];
  static override flags = {
    blocked: Flags.boolean({ description: 'Only blocked contacts.', default: false }),
  };

  async run(): Promise<{ contacts: ContactRow[] }> {
    const { listContacts } = await import('../../src/actions/contacts.js');
    const contacts = await withStore(this.flags, (s, info) =>
      listContacts(s, info.accountId, { blocked: this.flags.blocked }),
    );
    if (contacts.length === 0) this.log(this.flags.blocked ? 'No blocked contacts.' : 'No contacts yet.');
    for (const c of contacts) {
      const tags = [
        c.blocked ? 'blocked' : '',
        c.priority > 0 ? 'pinned' : c.priority < 0 ? 'hidden' : '',
        c.approved ? '' : 'not approved',
        c.disappearing.mode === 'none' ? '' : `disappears ${c.disappearing.mode} ${c.disappearing.seconds}s`,
      ].filter((t) => t !== '');
      const name = c.nickname ? `${c.nickname} (${c.name ?? 'no name'})` : (c.name ?? '(no name)');
      this.log(`${name}  ${c.accountId}${tags.length > 0 ? `  [${tags.join(', ')}]` : ''}`);
    }
    return { contacts };
  }
}
