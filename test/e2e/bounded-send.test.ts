import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../src/devnet/index.js';
import { fromHex } from '../../src/encoding/bytes.js';
import { closestSwarm, swarmIdFromHex, swarmSpace } from '../../src/network/swarm.js';
import { runCli, tempDir } from '../helpers/cli.js';

/**
 * Issue 8: "a send against one slow or dead node finishes (success on another member, or a clear
 * failure) within 20 s" — through the CLI, with the real relay timeout (30 s) on the devnet.
 */
let dn: Devnet;
let network: string;
let dataDir: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  const root = tempDir('bounded-');
  dn = await startDevnet({ dir: join(root, 'devnet'), nodes: 9, swarmSize: 3, rateLimit: false });
  network = join(root, 'devnet', 'devnet.json');
  dataDir = join(root, 'data');
  for (const name of ['alice', 'bob']) {
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
});
afterAll(async () => dn?.stop());

function swarmMembers(account: string): number[] {
  const nodes = dn.descriptor.nodes;
  const s = closestSwarm(
    swarmSpace(fromHex(account)),
    nodes.map((n) => swarmIdFromHex(n.swarm_id)),
  );
  return nodes.flatMap((n, k) => (swarmIdFromHex(n.swarm_id) === s ? [k] : []));
}

async function sendsInTime(label: string): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const r = await runCli(
      [
        'message',
        'send',
        ids.bob!,
        `${label} ${i}`,
        '--profile',
        'alice',
        '--data-dir',
        dataDir,
        '--network',
        network,
        '--json',
      ],
      { timeoutMs: 60_000 },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(performance.now() - t0).toBeLessThan(20_000);
  }
}

async function received(label: string): Promise<string[]> {
  const got = await runCli([
    'message',
    'receive',
    '--profile',
    'bob',
    '--data-dir',
    dataDir,
    '--network',
    network,
    '--json',
  ]);
  return got.json.result.messages
    .map((m: { text: string }) => m.text)
    .filter((t: string) => t.startsWith(label))
    .sort();
}

describe('a send is bounded in time (real relay timeout: 30 s)', () => {
  it('one dead member of the recipient’s swarm: every send done in < 20 s', async () => {
    const dead = swarmMembers(ids.bob!)[0]!;
    await dn.stopNode(dead);
    try {
      await sendsInTime('dead');
    } finally {
      await dn.startNode(dead);
    }
    expect(await received('dead')).toEqual(['dead 0', 'dead 1', 'dead 2']);
  }, 180_000);

  it('one slow node (30 s per hop) in our own swarm: every send done in < 20 s', async () => {
    const slow = swarmMembers(ids.alice!)[0]!;
    dn.delayNode(slow, 30_000);
    try {
      await sendsInTime('slow');
    } finally {
      dn.delayNode(slow, 0);
    }
    expect(await received('slow')).toEqual(['slow 0', 'slow 1', 'slow 2']);
  }, 180_000);
});
