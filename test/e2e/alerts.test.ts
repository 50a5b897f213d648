import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalNetwork, type LocalNetwork } from '../helpers/local-network.js';

/**
 * Alert-friendly sends through the CLI on a devnet: de-duplication and throttling are kept in the
 * profile's store, so they hold across separate processes; what bob receives is what was sent.
 */
let net: LocalNetwork;

beforeAll(async () => {
  net = await startLocalNetwork('alerts', ['alice', 'bob', 'cat'], { rateLimit: false });
}, 120_000);
afterAll(async () => net?.dn.stop());

async function received(profile: string, text: string): Promise<number> {
  const r = await net.cli(['message', 'receive'], profile);
  expect(r.code, r.stderr).toBe(0);
  return r.json.result.messages.filter((m: { text: string }) => m.text === text).length;
}

describe('message send --dedupe-key / --throttle', () => {
  it('the same alert sent 3 times with a dedupe key arrives once; the later sends name the first', async () => {
    const args = ['message', 'send', net.ids.bob!, 'disk full on db1', '--dedupe-key', 'disk-db1'];
    const first = await net.cli([...args, '--dedupe-window', '10m'], 'alice');
    expect(first.code, first.stderr).toBe(0);
    expect(first.json.result.deduplicated).toBeUndefined();
    for (let i = 0; i < 2; i++) {
      const again = await net.cli(args, 'alice');
      expect(again.code, again.stderr).toBe(0);
      expect(again.json.result).toMatchObject({ deduplicated: true, id: first.json.result.id });
    }
    expect(await received('bob', 'disk full on db1')).toBe(1);
  }, 240_000);

  it('two processes sending the same key at once: one message', async () => {
    const args = ['message', 'send', net.ids.bob!, 'raced alert', '--dedupe-key', 'race'];
    const [a, b] = await Promise.all([net.cli(args, 'alice'), net.cli(args, 'alice')]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect([a, b].filter((r) => r.json.result.deduplicated === true)).toHaveLength(1);
    expect(await received('bob', 'raced alert')).toBe(1);
  }, 240_000);

  it('7 sends with --throttle 5/min: 5 arrive, 2 are throttled with a warning on stderr', async () => {
    const results = [];
    for (let i = 0; i < 7; i++)
      results.push(
        await net.cli(['message', 'send', net.ids.cat!, `load high ${i}`, '--throttle', '5/min'], 'alice'),
      );
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const throttled = results.filter((r) => r.json.result.throttled === true);
    expect(throttled).toHaveLength(2);
    expect(results.slice(5)).toEqual(throttled); // the first five went
    for (const r of throttled) {
      expect(r.stderr).toMatch(/Warning: throttled/);
      expect(r.json.warnings.join(' ')).toMatch(/throttled/);
      expect(r.json.result.retryAfterMs).toBeGreaterThan(0);
    }
    const got = await net.cli(['message', 'receive'], 'cat');
    expect(got.code, got.stdout + got.stderr).toBe(0);
    const texts = got.json.result.messages.map((m: { text: string }) => m.text);
    expect(texts.filter((t: string) => t.startsWith('load high '))).toEqual(
      [0, 1, 2, 3, 4].map((i) => `load high ${i}`),
    );
    // per recipient: bob is not throttled by what went to cat
    const other = await net.cli(['message', 'send', net.ids.bob!, 'to bob', '--throttle', '5/min'], 'alice');
    expect(other.json.result.throttled).toBeUndefined();
  }, 300_000);

  it('refuses bad policy flags before any network traffic (exit 2)', async () => {
    for (const extra of [
      ['--throttle', '5/fortnight'],
      ['--dedupe-window', '10m'],
      ['--dedupe-key', 'k', '--dedupe-window', '30d'],
      ['--wait', 'forever'],
    ]) {
      const r = await net.cli(['message', 'send', net.ids.bob!, 'x', ...extra], 'alice');
      expect(r.code, extra.join(' ')).toBe(2);
    }
  });
});

describe('message send --wait queued', () => {
  it('returns at once with queued: true; `message resend --all` delivers it', async () => {
    const q = await net.cli(['message', 'send', net.ids.bob!, 'queued hello', '--wait', 'queued'], 'alice');
    expect(q.code, q.stderr).toBe(0);
    expect(q.json.result).toMatchObject({ queued: true, text: 'queued hello', to: net.ids.bob });
    // nothing went out: the devnet holds no copy yet
    expect(await received('bob', 'queued hello')).toBe(0);
    const list = await net.cli(['message', 'resend', '--list'], 'alice');
    expect(list.json.result.pending.map((m: { id: string }) => m.id)).toContain(q.json.result.id);
    const sent = await net.cli(['message', 'resend', '--all'], 'alice');
    expect(sent.code, sent.stderr).toBe(0);
    expect(await received('bob', 'queued hello')).toBe(1);
  }, 240_000);

  it('a queued send needs no network: it returns with every node hung', async () => {
    const all = net.dn.descriptor.nodes.map((_, k) => k);
    for (const k of all) net.dn.hangNode(k, true);
    let r;
    try {
      r = await net.cli(['message', 'send', net.ids.bob!, 'offline', '--wait', 'queued'], 'alice', 30_000);
    } finally {
      for (const k of all) net.dn.hangNode(k, false);
    }
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.result.queued).toBe(true);
    expect((await net.cli(['message', 'resend', '--all'], 'alice')).code).toBe(0);
    expect(await received('bob', 'offline')).toBe(1);
  }, 120_000);
});
