import { join } from 'node:path';
import { startDevnet, type Devnet, type DevnetOptions } from '../../src/devnet/index.js';
import { fromHex } from '../../src/encoding/bytes.js';
import { closestSwarm, swarmIdFromHex, swarmSpace } from '../../src/network/swarm.js';
import { runCli, tempDir, type CliResult } from './cli.js';

/**
 * What most CLI tests start with: a devnet in a temporary directory and a few identities (no
 * passphrase) in one data directory; `cli(args, profile)` runs a command against both with --json.
 */
export interface LocalNetwork {
  dn: Devnet;
  network: string;
  dataDir: string;
  /** Account IDs by profile name. */
  ids: Record<string, string>;
  cli(args: string[], profile?: string, timeoutMs?: number, nodeArgs?: string[]): Promise<CliResult>;
  /** Indexes (into the devnet's nodes) of the members of an account's swarm. */
  swarmMembers(accountId: string): number[];
}

export async function startLocalNetwork(
  prefix: string,
  profiles: string[],
  options: Partial<Omit<DevnetOptions, 'dir'>> = {},
): Promise<LocalNetwork> {
  const root = tempDir(`${prefix}-`);
  const dn = await startDevnet({ nodes: 6, swarmSize: 3, ...options, dir: join(root, 'devnet') });
  const network = join(root, 'devnet', 'devnet.json');
  const dataDir = join(root, 'data');
  const ids: Record<string, string> = {};
  for (const name of profiles) {
    const r = await runCli([
      'identity',
      'create',
      '--name',
      name,
      '--no-passphrase',
      '--json',
      '--data-dir',
      dataDir,
    ]);
    ids[name] = r.json.result.accountId;
  }
  return {
    dn,
    network,
    dataDir,
    ids,
    cli: (args, profile, timeoutMs = 90_000, nodeArgs = []) =>
      runCli(
        [
          ...args,
          ...(profile ? ['--profile', profile] : []),
          '--data-dir',
          dataDir,
          '--network',
          network,
          '--json',
        ],
        { timeoutMs, nodeArgs },
      ),
    swarmMembers: (accountId) => {
      const nodes = dn.descriptor.nodes;
      const s = closestSwarm(
        swarmSpace(fromHex(accountId)),
        nodes.map((n) => swarmIdFromHex(n.swarm_id)),
      );
      return nodes.flatMap((n, k) => (swarmIdFromHex(n.swarm_id) === s ? [k] : []));
    },
  };
}
