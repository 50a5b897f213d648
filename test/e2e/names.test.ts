import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startLocalNetwork, type LocalNetwork } from '../helpers/local-network.js';

/** Session names through the CLI on a devnet (network.md §8): resolve, send by name, a lying node. */
let net: LocalNetwork;
const cli = (args: string[], profile = 'alice') => net.cli(args, profile);

beforeAll(async () => {
  net = await startLocalNetwork('names', ['alice', 'bob']);
  await net.dn.registerName('Bobby', net.ids.bob!);
});
afterAll(async () => net?.dn.stop());

describe('session names', () => {
  it('a registered name resolves (three nodes agree), case-insensitively', async () => {
    const r = await cli(['name', 'resolve', 'BOBBY']);
    expect(r.code).toBe(0);
    expect(r.json.result).toMatchObject({ name: 'bobby', accountId: net.ids.bob, source: 'network' });
    // cached in the profile for the next process
    expect((await cli(['name', 'resolve', 'bobby'])).json.result.source).toBe('cache');
  }, 120_000);

  it('an unregistered name is NAME_NOT_FOUND (exit 4); an invalid one exits 2 before the network', async () => {
    const r = await cli(['name', 'resolve', 'nobody-here']);
    expect(r.code).toBe(4);
    expect(r.json.error.code).toBe('NAME_NOT_FOUND');
    const bad = await runCli([
      'name',
      'resolve',
      'bad.name',
      '--json',
      '--data-dir',
      net.dataDir,
      '--network',
      '/nonexistent',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.json.error.code).toBe('INVALID_NAME');
  }, 120_000);

  it('message send accepts a name; the result shows both', async () => {
    const s = await cli(['message', 'send', 'bobby', 'hello by name']);
    expect(s.code).toBe(0);
    expect(s.json.result).toMatchObject({ name: 'bobby', to: net.ids.bob });
    const got = await cli(['message', 'receive'], 'bob');
    expect(got.json.result.messages.map((m: { text: string }) => m.text)).toContain('hello by name');
  }, 120_000);

  it('one node lying about a name makes the resolution fail (NAME_DISAGREEMENT, exit 4)', async () => {
    await net.dn.registerName('carol', net.ids.alice!);
    // with 6 nodes and 3 asked, lie on 4 of them: every choice of 3 includes a liar
    for (const k of [0, 1, 2, 3]) await net.dn.lieAboutNames(k, true);
    try {
      const r = await cli(['name', 'resolve', 'carol'], 'bob');
      expect(r.code).toBe(4);
      expect(r.json.error.code).toBe('NAME_DISAGREEMENT');
    } finally {
      for (const k of [0, 1, 2, 3]) await net.dn.lieAboutNames(k, false);
    }
    expect((await cli(['name', 'resolve', 'carol'], 'bob')).json.result.accountId).toBe(net.ids.alice);
  }, 120_000);
});
