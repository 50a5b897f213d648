import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startLocalNetwork, type LocalNetwork } from '../helpers/local-network.js';

/** --verbose: what the network layer does, on stderr, never on stdout. */
let net: LocalNetwork;
let network: string;
let dataDir: string;
let bob: string;

beforeAll(async () => {
  net = await startLocalNetwork('verbose', ['alice', 'bob']);
  ({ network, dataDir } = net);
  bob = net.ids.bob!;
});
afterAll(async () => net?.dn.stop());

describe('--verbose', () => {
  it('logs seed or cache, pool size, the path, each request with node and latency', async () => {
    const args = [
      'message',
      'send',
      bob,
      'hello',
      '--profile',
      'alice',
      '--data-dir',
      dataDir,
      '--network',
      network,
    ];
    const first = await runCli([...args, '--verbose', '--json']);
    expect(first.code).toBe(0);
    expect(first.json.ok).toBe(true); // stdout stays one JSON document
    const log = first.stderr;
    expect(log).toMatch(/seed https:\/\/127\.0\.0\.1:\d+: 6 nodes in \d+ ms/);
    expect(log).toMatch(/node pool from the seeds: 6 nodes/);
    expect(log).toMatch(/built onion path 127\.0\.\d+\.1:\d+ -> 127\.0\.\d+\.1:\d+ -> 127\.0\.\d+\.1:\d+/);
    expect(log).toMatch(/store -> 127\.0\.\d+\.1:\d+ via [\d.>]+: ok in \d+ ms/);
    expect(log).toMatch(/network clock: offset -?\d+ ms from \d node/);
    // the next process uses the cached pool and says so
    const second = await runCli([...args, '--verbose']);
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/node pool from cache: 6 nodes, \d+ min old/);
    // without --verbose: none of it
    const quiet = await runCli(args);
    expect(quiet.stderr).not.toMatch(/onion path|node pool/);
  }, 120_000);

  it('retries are logged with their reason', async () => {
    const k = net.dn.descriptor.nodes.length - 1;
    await net.dn.stopNode(k);
    try {
      const r = await runCli([
        'message',
        'send',
        bob,
        'retry me',
        '--profile',
        'alice',
        '--data-dir',
        dataDir,
        '--network',
        network,
        '--verbose',
      ]);
      // whether the stopped node was on the way or not, each request and its outcome is logged
      expect(r.stderr).toMatch(/ -> .* via .*: (ok in|.* after) \d+ ms/);
      if (/connection refused/.test(r.stderr))
        expect(r.stderr).toMatch(/guard unreachable: .*connection refused.*; retrying/);
    } finally {
      await net.dn.startNode(k);
    }
  }, 120_000);
});
