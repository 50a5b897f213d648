import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { startLocalNetwork, type LocalNetwork } from '../helpers/local-network.js';

/**
 * A request encrypted to the wrong file-server key: the server answers a plain 400, which the
 * last hop relays unchanged (errata E7). That is the server's refusal, not a broken path.
 */
let net: LocalNetwork;
beforeAll(async () => {
  net = await startLocalNetwork('files-key', []);
});
afterAll(async () => net?.dn.stop());

describe('file download with a wrong server key', () => {
  it('exits 4 (REMOTE_REJECTED) at once, blames no path, writes nothing', async () => {
    const dir = tempDir('wrong-key-');
    const input = join(dir, 'in.bin');
    writeFileSync(input, randomBytes(1000));
    const up = await net.cli(['file', 'upload', input]);
    expect(up.code).toBe(0);
    const out = join(dir, 'out.bin');
    const fs = net.dn.descriptor.fileServer;
    const t0 = performance.now();
    const r = await runCli([
      'file',
      'download',
      up.json.result.url.replace(/[&#]?[px]=[0-9a-f]{64}/g, ''),
      '--server',
      fs.url,
      '--server-key',
      randomBytes(32).toString('hex'),
      '--out',
      out,
      '--json',
      '--verbose',
      '--data-dir',
      net.dataDir,
      '--network',
      net.network,
    ]);
    expect(r.code, r.stderr).toBe(4);
    expect(r.json.error.code).toBe('REMOTE_REJECTED');
    expect(r.json.error.message).toMatch(/wrong server key/);
    expect(r.stderr).not.toMatch(/retrying/); // one attempt: no path was blamed and retried
    expect(performance.now() - t0).toBeLessThan(15_000);
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});
