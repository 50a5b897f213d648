import { BaseCommand } from '../../src/cli/base-command.js';
import { withStore } from '../../src/cli/store-flags.js';
import type { ConversationRow } from '../../src/store/messages.js';

export default class RequestList extends BaseCommand<typeof RequestList> {
  static override summary = 'List message requests (first contact from people you have not accepted).';
  static override examples = ['<%= config.bin %> request list --json'];

  async run(): Promise<{ requests: ConversationRow[] }> {
    const requests = await withStore(this.flags, (s) => s.requests());
    if (requests.length === 0) this.log('No message requests.');
    for (const r of requests) this.log(`${r.displayName ?? '(no name)'}  ${r.id}  ${r.messages} message(s)`);
    return { requests };
  }
}
