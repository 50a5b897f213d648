import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../src/devnet/index.js';
import { fromHex } from '../../src/encoding/bytes.js';
import { closestSwarm, swarmIdFromHex, swarmSpace } from '../../src/network/swarm.js';
import { runCli, tempDir } from '../helpers/cli.js';

/**
 * DELIVERY_UNKNOWN (exit 8) and `message resend`: a send whose stores time out beyond the guard
 * may have been stored; resending uses the same bytes, so the recipient gets the message once.
 */
let dn: Devnet;
let network: string;
let dataDir: string;
const ids: Record<string, string> = {};
const cli = (args: string[], timeoutMs = 90_000) =>
  runCli([...args, '--data-dir', dataDir, '--network', network, '--json'], { timeoutMs });

beforeAll(async () => {
  const root = tempDir('resend-');
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

describe('message resend', () => {
  it('a send lost in a silent swarm exits 8 with the pending id; resend completes it exactly once', async () => {
    // warm the pool and paths first, so the failure is the swarm's, not the bootstrap's
    expect((await cli(['message', 'send', ids.bob!, 'warm-up', '--profile', 'alice'])).code).toBe(0);
    const bobSwarm = swarmMembers(ids.bob!);
    for (const k of bobSwarm) dn.hangNode(k, true);
    let failed;
    try {
      failed = await cli(['message', 'send', ids.bob!, 'only once', '--profile', 'alice'], 120_000);
    } finally {
      for (const k of bobSwarm) dn.hangNode(k, false);
    }
    expect(failed.code).toBe(8);
    expect(failed.json.error.code).toBe('DELIVERY_UNKNOWN');
    const pendingId: string = failed.json.error.details.pending;
    expect(pendingId).toMatch(new RegExp(`^${ids.alice}:\\d+$`));
    expect(failed.json.error.hint).toContain(`message resend ${pendingId}`);

    const list = await cli(['message', 'resend', '--list', '--profile', 'alice']);
    expect(list.json.result.pending.map((m: { id: string }) => m.id)).toEqual([pendingId]);

    const again = await cli(['message', 'resend', pendingId, '--profile', 'alice']);
    expect(again.code).toBe(0);
    expect(again.json.result.sent[0].id).toBe(pendingId);
    expect((await cli(['message', 'resend', '--list', '--profile', 'alice'])).json.result.pending).toEqual(
      [],
    );
    // resending what is no longer pending is NOT_FOUND (exit 6), not a second message
    expect((await cli(['message', 'resend', pendingId, '--profile', 'alice'])).code).toBe(6);

    const got = await cli(['message', 'receive', '--profile', 'bob']);
    expect(got.code).toBe(0);
    const copies = got.json.result.messages.filter((m: { text: string }) => m.text === 'only once');
    expect(copies).toHaveLength(1);
    expect(copies[0].id).toBe(pendingId); // the same message: same author and timestamp
  }, 240_000);
});
