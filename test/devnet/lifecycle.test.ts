import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sodium from 'libsodium-wrappers-sumo';
import { describe, expect, it } from 'vitest';
import { startDevnet } from '../../src/devnet/index.js';
import { runCli } from '../helpers/cli.js';
import { post } from '../helpers/raw-onion.js';

describe('devnet lifecycle', () => {
  it('a restart keeps node identities and stored messages', async () => {
    await sodium.ready;
    const dir = mkdtempSync(join(tmpdir(), 'devnet-restart-'));
    const a = await startDevnet({ dir, nodes: 3, swarmSize: 3 });
    const keys = a.descriptor.nodes.map((n) => n.pubkey_ed25519);
    const n0 = a.descriptor.nodes[0]!;
    const pubkey = '05' + '11'.repeat(32);
    const st = await post(
      n0.ip,
      n0.port_https,
      '/storage_rpc/v1',
      JSON.stringify({
        method: 'store',
        params: { pubkey, timestamp: Date.now(), ttl: 600_000, data: 'aGVsbG8=', namespace: -10 },
      }),
    );
    expect(st.status).toBe(200);
    await a.stop();
    const b = await startDevnet({ dir, nodes: 3, swarmSize: 3 });
    try {
      expect(b.descriptor.nodes.map((n) => n.pubkey_ed25519)).toEqual(keys);
      const m = b.descriptor.nodes[0]!;
      const r = await post(
        m.ip,
        m.port_https,
        '/storage_rpc/v1',
        JSON.stringify({ method: 'retrieve', params: { pubkey, namespace: -10 } }),
      );
      expect(JSON.parse(r.body.toString()).messages.map((x: any) => x.data)).toEqual(['aGVsbG8=']);
    } finally {
      await b.stop();
    }
  });

  it('rate-limits direct requests per client IP (errata E9): 600 in a burst, then 429 Too Many Requests', async () => {
    // A frozen devnet clock: no refill during the test, so the count is exact.
    const frozen = Date.now();
    const dn = await startDevnet({
      dir: mkdtempSync(join(tmpdir(), 'devnet-rl-')),
      nodes: 1,
      swarmSize: 1,
      clock: () => frozen,
    });
    try {
      const n = dn.descriptor.nodes[0]!;
      const body = JSON.stringify({ method: 'info', params: {} });
      const statuses: number[] = [];
      for (let batch = 0; batch < 13; batch++) {
        const rs = await Promise.all(
          Array.from({ length: 50 }, () => post(n.ip, n.port_https, '/storage_rpc/v1', body)),
        );
        statuses.push(...rs.map((r) => r.status));
      }
      expect(statuses.filter((s) => s === 200)).toHaveLength(600);
      expect(statuses.filter((s) => s === 429)).toHaveLength(50);
      const limited = await post(n.ip, n.port_https, '/storage_rpc/v1', body);
      expect([limited.status, limited.body.toString()]).toEqual([429, 'Too Many Requests']);
      // Onion requests do not pass the bucket (they arrive from a node, not the client).
      const { buildSnodeOnion } = await import('../helpers/raw-onion.js');
      const o = await buildSnodeOnion(
        [],
        { ed: n.pubkey_ed25519, x: n.pubkey_x25519 },
        { method: 'info', params: {} },
      );
      expect((await post(n.ip, n.port_https, '/onion_req/v2', o.body)).status).toBe(200);
    } finally {
      await dn.stop();
    }
  });

  it('CLI: start --detach, status, node stop/start, name register, stop', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'devnet-cli-'));
    const start = await runCli([
      'devnet',
      'start',
      '--dir',
      dir,
      '--nodes',
      '4',
      '--swarm-size',
      '2',
      '--detach',
      '--json',
    ]);
    expect(start.code).toBe(0);
    expect(start.json.result.nodes).toHaveLength(4);
    try {
      const d = JSON.parse(readFileSync(join(dir, 'devnet.json'), 'utf8'));
      expect(d.seeds[0].certPem).toMatch(/BEGIN CERTIFICATE/);
      expect(d.nodes[1].ip).toBe('127.0.2.1');
      const st = await runCli(['devnet', 'status', '--dir', dir, '--json']);
      expect(st.json.result.running).toBe(true);
      expect(st.json.result.nodes.every((n: any) => n.running)).toBe(true);
      const stop1 = await runCli(['devnet', 'node', 'stop', '1', '--dir', dir, '--json']);
      expect(stop1.json.result).toEqual({ node: 1, running: false });
      expect((await runCli(['devnet', 'status', '--dir', dir, '--json'])).json.result.nodes[1].running).toBe(
        false,
      );
      expect(
        (await runCli(['devnet', 'node', 'start', '1', '--dir', dir, '--json'])).json.result.running,
      ).toBe(true);
      const reg = await runCli([
        'devnet',
        'name',
        'register',
        'bob',
        '05' + 'ef'.repeat(32),
        '--dir',
        dir,
        '--json',
      ]);
      expect(reg.code).toBe(0);
      expect(reg.json.result.name).toBe('bob');
      const badId = await runCli([
        'devnet',
        'name',
        'register',
        'bob',
        '07' + 'ef'.repeat(32),
        '--dir',
        dir,
        '--json',
      ]);
      expect(badId.code).toBe(2);
    } finally {
      const stop = await runCli(['devnet', 'stop', '--dir', dir, '--json']);
      expect(stop.json.result.stopped).toBe(true);
    }
    // Stopped: the descriptor is stale, nothing runs, so status fails (6, NO_NETWORK).
    const after = await runCli(['devnet', 'status', '--dir', dir, '--json']);
    expect(after.code).toBe(6);
    expect(after.json.error.code).toBe('NO_NETWORK');
    expect(after.json.error.details.running).toBe(false);
    const none = await runCli(['devnet', 'status', '--dir', mkdtempSync(join(tmpdir(), 'empty-')), '--json']);
    expect(none.code).toBe(6);
    expect(none.json.error.code).toBe('NO_NETWORK');
  });
});
