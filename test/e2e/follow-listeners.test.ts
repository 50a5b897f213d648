import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../src/devnet/index.js';
import { runCli, tempDir } from '../helpers/cli.js';

/**
 * A long `receive --follow` must not add a listener per poll: Node warns about an EventTarget
 * leak once a signal has more than 10 abort listeners, so 12+ polls with a leak print it.
 */
let dn: Devnet;
let network: string;
let dataDir: string;

beforeAll(async () => {
  const root = tempDir('follow-leak-');
  dn = await startDevnet({ dir: join(root, 'devnet'), nodes: 6, swarmSize: 3 });
  network = join(root, 'devnet', 'devnet.json');
  dataDir = join(root, 'data');
  await runCli(['identity', 'create', '--name', 'f', '--no-passphrase', '--json', '--data-dir', dataDir]);
});
afterAll(async () => dn?.stop());

describe('receive --follow over many polls', () => {
  it('leaves no abort listener behind per poll (no MaxListenersExceededWarning)', async () => {
    const r = await runCli(
      [
        'message',
        'receive',
        '--follow',
        '--interval',
        '1',
        '--timeout',
        '14',
        '--json',
        '--data-dir',
        dataDir,
        '--network',
        network,
      ],
      { timeoutMs: 60_000 },
    );
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/MaxListenersExceeded|memory leak/);
  }, 90_000);
});
