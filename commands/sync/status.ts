import { BaseCommand } from '../../src/cli/base-command.js';
import { secretFlags } from '../../src/cli/context.js';
import type { SyncStatus } from '../../src/actions/sync.js';

export default class SyncStatusCommand extends BaseCommand<typeof SyncStatusCommand> {
  static override summary = 'Show the local state of your account configs (no network).';
  static override description = `Per config (UserProfile, Contacts, ConvoInfoVolatile, UserGroups): its seqno and state
(clean, dirty = local changes not pushed, waiting = pushed, not confirmed), the last push and its
storage hashes, sizes, the last merge, and how many bad configs were skipped.`;
  static override examples = ['<%= config.bin %> sync status', '<%= config.bin %> sync status --json'];
  static override flags = { ...secretFlags };

  async run(): Promise<SyncStatus> {
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { syncStatus } = await import('../../src/actions/sync.js');
    const client = await clientFromFlags(this.flags);
    try {
      const s = await syncStatus(client.keys, client.db);
      for (const n of s.namespaces) {
        const bad = n.badSkipped.decrypt + n.badSkipped.signature + n.badSkipped.parse;
        const push =
          n.lastPushAt === null
            ? 'never pushed'
            : `last push seqno ${n.lastPushSeqno} at ${new Date(n.lastPushAt).toISOString()}`;
        const merge =
          n.lastMergeAt === null
            ? 'never merged'
            : `last merge ${n.lastMergeResult} at ${new Date(n.lastMergeAt).toISOString()}`;
        const pending = n.pendingSeqno === null ? '' : ` (push of seqno ${n.pendingSeqno} unconfirmed)`;
        this.log(
          `${n.domain.padEnd(18)} seqno ${n.seqno} ${n.status}${n.needsPush ? ' (push pending)' : ''}${pending}, ${push}, ${merge}, ${n.configBytes} bytes (dump ${n.dumpBytes}), ${bad} bad skipped`,
        );
        if (n.lastPushHashes.length > 0)
          this.log(`${''.padEnd(18)} last push hashes: ${n.lastPushHashes.join(' ')}`);
      }
      return s;
    } finally {
      await client.close();
    }
  }
}
