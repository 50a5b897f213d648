import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalNetwork, type LocalNetwork } from '../helpers/local-network.js';

/**
 * messages.md §6: every outgoing message carries the conversation's current disappearing
 * setting. The setting lives in the Contacts config (`contact disappearing`), so `message send`
 * without --disappear uses it; --disappear still overrides it for one message.
 */
let net: LocalNetwork;

beforeAll(async () => {
  net = await startLocalNetwork('disappearing', ['alice', 'bob'], { rateLimit: false });
});
afterAll(async () => net?.dn.stop());

describe("a conversation's disappearing setting", () => {
  it('applies to sends without --disappear, on both sides; --disappear overrides it', async () => {
    const set = await net.cli(
      ['contact', 'disappearing', net.ids.bob!, '--mode', 'after-send', '--seconds', '3600', '--no-push'],
      'alice',
    );
    expect(set.code, set.stderr).toBe(0);
    const sent = await net.cli(['message', 'send', net.ids.bob!, 'gone in an hour'], 'alice', 120_000);
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.json.result.expiresAt).toBe(sent.json.result.timestamp + 3600_000);
    const other = await net.cli(
      ['message', 'send', net.ids.bob!, 'gone in a minute', '--disappear', 'after-send:1m'],
      'alice',
      120_000,
    );
    expect(other.json.result.expiresAt).toBe(other.json.result.timestamp + 60_000);

    const got = await net.cli(['message', 'receive'], 'bob', 120_000);
    expect(got.code, got.stderr).toBe(0);
    const m = got.json.result.messages.find((x: { id: string }) => x.id === sent.json.result.id);
    expect(m.expiresAt).not.toBeNull();

    // off again: no timer
    await net.cli(['contact', 'disappearing', net.ids.bob!, '--mode', 'off', '--no-push'], 'alice');
    const plain = await net.cli(['message', 'send', net.ids.bob!, 'stays'], 'alice', 120_000);
    expect(plain.json.result.expiresAt).toBeNull();
  }, 300_000);
});
