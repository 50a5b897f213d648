import { Args } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { secretFlags } from '../../src/cli/context.js';
import type { ResolveResult } from '../../src/names/resolve.js';

export default class NameResolve extends BaseCommand<typeof NameResolve> {
  static override summary = 'Resolve a Session name (ONS) to its Account ID; three nodes must agree.';
  static override description = `Asks three random nodes over onion requests and decrypts their records (network.md §8); the
answer counts only when all three agree. Answers are cached in the profile for an hour.

Exit codes: 2 invalid name (before any network traffic), 3 network unreachable, 4 NAME_NOT_FOUND
(not registered) or NAME_DISAGREEMENT (the nodes did not agree: nothing is trusted), 6 no identity.`;
  static override examples = [
    '<%= config.bin %> name resolve alice',
    '<%= config.bin %> name resolve alice --json | jq -r .result.accountId',
  ];
  static override args = {
    name: Args.string({ description: 'The Session name (letters, digits, "_", inner "-").', required: true }),
  };
  static override flags = { ...secretFlags };

  async run(): Promise<ResolveResult> {
    const { normaliseName, resolveName } = await import('../../src/names/resolve.js');
    normaliseName(this.args.name); // an invalid name fails before the profile or network is opened
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { KvCache } = await import('../../src/store/database.js');
    const client = await clientFromFlags(this.flags);
    try {
      const r = await resolveName(client.net, this.args.name, {
        signal: this.signal,
        cache: new KvCache(client.db),
      });
      this.log(`${r.name}  ${r.accountId}`);
      return r;
    } finally {
      await client.close();
    }
  }
}
