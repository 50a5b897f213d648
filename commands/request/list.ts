import { BaseCommand } from '../../src/cli/base-command.js';
import { withStore } from '../../src/cli/store-flags.js';
import type { ConversationRow } from '../../src/store/messages.js';

export default class RequestList extends BaseCommand<typeof RequestList> {
  static override summary = 'List message requests (first contact from people you have not accepted).';
  static override examples = ['<%= config.bin %> request list --json'];

  async run(): Promise<{ requests: ConversationRow[] }> {
    const { requests, servers } = await withStore(this.flags, (s) => {
      const list = s.requests();
      // a community DM's request (15…): through which server it came, to answer it there
      return { requests: list, servers: new Map(list.map((r) => [r.id, s.dmServer(r.id)])) };
    });
    if (requests.length === 0) this.log('No message requests.');
    for (const r of requests) {
      const via = servers.get(r.id);
      this.log(
        `${r.displayName ?? '(no name)'}  ${r.id}  ${r.messages} message(s)${via ? `  (a DM through ${via})` : ''}`,
      );
    }
    return { requests };
  }
}
