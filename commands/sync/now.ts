import { BaseCommand } from '../../src/cli/base-command.js';
import { secretFlags } from '../../src/cli/context.js';
import type { SyncResult } from '../../src/actions/sync.js';

export default class SyncNow extends BaseCommand<typeof SyncNow> {
  static override summary = 'Sync your account configs (profile, contacts, conversations, groups) once.';
  static override description = `Polls the config namespaces (2-5) of your swarm, merges what your other devices pushed
(groups-and-config.md §2.6: every device computes the same result), pushes the configs that changed
here and deletes the copies they replace. A config that does not decrypt or parse is skipped and
counted (see \`sync status\`); it never replaces local state.`;
  static override examples = ['<%= config.bin %> sync now', '<%= config.bin %> sync now --json'];
  static override flags = { ...secretFlags };

  async run(): Promise<SyncResult & { displayName: string | null }> {
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { syncNow } = await import('../../src/actions/sync.js');
    const client = await clientFromFlags(this.flags);
    try {
      const r = await syncNow(client, { signal: this.signal });
      // The UserProfile config is the source of truth for our name across devices.
      let displayName = client.info.displayName ?? null;
      // syncNow applies a name another device set to the profile (r.applied.displayName)
      if (r.applied.displayName !== undefined)
        this.log(`Display name is now "${r.applied.displayName}" (from another device)`);
      else if (r.profileName !== '' && r.profileName !== displayName) {
        await client.dirs.writeInfo({ ...client.info, displayName: r.profileName });
        displayName = r.profileName;
        this.log(`Display name is now "${displayName}" (from another device)`);
      }
      for (const n of r.namespaces) {
        const parts = [`${n.domain}: seqno ${n.seqno}`];
        if (n.merged !== 'none') parts.push(`merge: ${n.merged}`);
        if (n.pushed) parts.push(`pushed ${n.pushed.hashes.length} message(s)`);
        if (n.skipped.length > 0) parts.push(`${n.skipped.length} bad config(s) skipped`);
        this.log(parts.join(', '));
      }
      for (const w of r.warnings) this.note(w);
      return { ...r, displayName };
    } finally {
      await client.close();
    }
  }
}
