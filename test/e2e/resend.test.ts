import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { startLocalNetwork, type LocalNetwork } from '../helpers/local-network.js';

/**
 * DELIVERY_UNKNOWN (exit 8) and `message resend`: a send whose stores time out beyond the guard
 * may have been stored; resending uses the same bytes, so the recipient gets the message once.
 */
let net: LocalNetwork;

beforeAll(async () => {
  net = await startLocalNetwork('resend', ['alice', 'bob'], { nodes: 9, rateLimit: false });
});
afterAll(async () => net?.dn.stop());

describe('message resend', () => {
  it('a send lost in a silent swarm exits 8 with the pending id; resend completes it exactly once', async () => {
    // warm the pool and paths first, so the failure is the swarm's, not the bootstrap's
    expect((await net.cli(['message', 'send', net.ids.bob!, 'warm-up'], 'alice')).code).toBe(0);
    const bobSwarm = net.swarmMembers(net.ids.bob!);
    for (const k of bobSwarm) net.dn.hangNode(k, true);
    let failed;
    try {
      failed = await net.cli(['message', 'send', net.ids.bob!, 'only once'], 'alice', 120_000);
    } finally {
      for (const k of bobSwarm) net.dn.hangNode(k, false);
    }
    expect(failed.code).toBe(8);
    expect(failed.json.error.code).toBe('DELIVERY_UNKNOWN');
    const pendingId: string = failed.json.error.details.pending;
    expect(pendingId).toMatch(new RegExp(`^${net.ids.alice}:\\d+$`));
    expect(failed.json.error.hint).toContain(`message resend ${pendingId}`);

    const list = await net.cli(['message', 'resend', '--list'], 'alice');
    expect(list.json.result.pending.map((m: { id: string }) => m.id)).toEqual([pendingId]);
    // failed, not queued: no daemon sends it on its own; neither copy was confirmed
    expect(list.json.result.pending[0]).toMatchObject({ queued: false, copies: ['recipient', 'sync'] });
    const human = await runCli([
      'message',
      'resend',
      '--list',
      '--profile',
      'alice',
      '--data-dir',
      net.dataDir,
      '--network',
      net.network,
    ]);
    expect(human.stdout).toContain(`${pendingId}  to ${net.ids.bob}  "only once"  (failed: resend it)`);

    const again = await net.cli(['message', 'resend', pendingId], 'alice');
    expect(again.code).toBe(0);
    expect(again.json.result.sent[0].id).toBe(pendingId);
    expect((await net.cli(['message', 'resend', '--list'], 'alice')).json.result.pending).toEqual([]);
    // resending what is no longer pending is NOT_FOUND (exit 6), not a second message
    expect((await net.cli(['message', 'resend', pendingId], 'alice')).code).toBe(6);

    const got = await net.cli(['message', 'receive'], 'bob');
    expect(got.code).toBe(0);
    const copies = got.json.result.messages.filter((m: { text: string }) => m.text === 'only once');
    expect(copies).toHaveLength(1);
    expect(copies[0].id).toBe(pendingId); // the same message: same author and timestamp
  }, 240_000);

  it('a reaction lost in a silent swarm exits 8 with advice to react again; once more is one reaction', async () => {
    const sent = await net.cli(['message', 'send', net.ids.bob!, 'react to this'], 'alice');
    expect(sent.code, sent.stderr).toBe(0);
    const target: string = sent.json.result.id;
    const bobSwarm = net.swarmMembers(net.ids.bob!);
    for (const k of bobSwarm) net.dn.hangNode(k, true);
    let failed;
    try {
      failed = await net.cli(['message', 'react', target, '👍'], 'alice', 120_000);
    } finally {
      for (const k of bobSwarm) net.dn.hangNode(k, false);
    }
    expect(failed.code, failed.stderr).toBe(8);
    expect(failed.json.error.code).toBe('DELIVERY_UNKNOWN');
    expect(failed.json.error.hint).toMatch(/message react.*again/);
    const again = await net.cli(['message', 'react', target, '👍'], 'alice');
    expect(again.code, again.stderr).toBe(0);
    const got = await net.cli(['message', 'receive'], 'bob');
    expect(got.code, got.stderr).toBe(0);
    const list = await net.cli(['message', 'list', net.ids.alice!], 'bob');
    const m = list.json.result.messages.find((x: { id: string }) => x.id === target);
    // the hung swarm may or may not have stored the first one: either way one reaction
    expect(m.reactions).toEqual({ '👍': { count: 1, from: [net.ids.alice] } });
  }, 240_000);

  it('a pending send with an attachment resends the same pointer: bob gets the file once, intact', async () => {
    const work = tempDir('resend-attach-');
    const file = join(work, 'log.txt');
    const bytes = randomBytes(5000);
    writeFileSync(file, bytes);
    const bobSwarm = net.swarmMembers(net.ids.bob!);
    // bob's swarm is not ready for the whole send: the stores to it fail. The upload's random
    // paths may meet one of those nodes as their guard too, and then the send fails before
    // anything is pending: try again (each attempt is a new message) until a send got that far.
    let failed: Awaited<ReturnType<LocalNetwork['cli']>> | undefined;
    for (let attempt = 0; attempt < 5; attempt++) {
      for (const k of bobSwarm) net.dn.notReady(k, true);
      try {
        failed = await net.cli(
          ['message', 'send', net.ids.bob!, 'with a file', '--attach', file],
          'alice',
          180_000,
        );
      } finally {
        for (const k of bobSwarm) net.dn.notReady(k, false);
      }
      if (failed.json?.error?.details?.pending) break;
    }
    if (!failed) throw new Error('no send was attempted');
    // a refused store is a failure with a code, and the send stays pending with its pointer
    expect(failed.code, failed.stderr).not.toBe(0);
    const pendingId: string = failed.json.error.details.pending;
    expect(pendingId).toBeDefined();
    const again = await net.cli(['message', 'resend', pendingId], 'alice', 120_000);
    expect(again.code, again.stderr).toBe(0);
    const got = await net.cli(['message', 'receive'], 'bob', 120_000);
    const copies = got.json.result.messages.filter((m: { id: string }) => m.id === pendingId);
    expect(copies).toHaveLength(1);
    expect(copies[0].attachments).toHaveLength(1);
    const out = join(work, 'got.txt');
    const dl = await net.cli(['attachment', 'download', pendingId, '--out', out], 'bob', 120_000);
    expect(dl.code, dl.stderr).toBe(0);
    const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    expect(sha(readFileSync(out))).toBe(sha(bytes));
  }, 300_000);
});
