import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { startLocalNetwork, type LocalNetwork } from '../helpers/local-network.js';

/**
 * Profile pictures through the CLI on a devnet (messages.md §5.7): alice sets one, her next message
 * carries its URL and key, bob's store keeps them with her name, and `profile avatar` gives bob the
 * picture byte for byte. Removing it clears it on bob's side with the next message.
 */
let net: LocalNetwork;
let work: string;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  net = await startLocalNetwork('avatar', ['alice', 'bob'], { rateLimit: false });
  work = tempDir('avatar-files-');
});
afterAll(async () => net?.dn.stop());

describe('profile pictures', () => {
  it('alice sets a picture; bob gets it with her next message and downloads it intact; removal clears it', async () => {
    const picture = randomBytes(20_000);
    const path = join(work, 'alice.png');
    writeFileSync(path, picture);
    const set = await net.cli(['profile', 'set', '--name', 'Alice', '--avatar', path], 'alice', 120_000);
    expect(set.code, set.stderr).toBe(0);
    const url = set.json.result.avatarUrl as string;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/file\/[A-Za-z0-9_-]+$/);

    // a picture nobody announced yet is not known to bob
    const before = await net.cli(
      ['profile', 'avatar', net.ids.alice!, '--output', join(work, 'none.png')],
      'bob',
    );
    expect(before.code).toBe(6);
    expect(before.json.error.code).toBe('NOT_FOUND');

    const sent = await net.cli(['message', 'send', net.ids.bob!, 'hello with a face'], 'alice', 120_000);
    expect(sent.code, sent.stderr).toBe(0);
    const got = await net.cli(['message', 'receive'], 'bob', 120_000);
    expect(got.code, got.stderr).toBe(0);
    const list = await net.cli(['conversation', 'list'], 'bob');
    const convo = list.json.result.conversations.find((c: { id: string }) => c.id === net.ids.alice);
    expect(convo.displayName).toBe('Alice');
    expect(convo.avatarUrl).toBe(url);

    const out = join(work, 'from-alice.png');
    const dl = await net.cli(['profile', 'avatar', net.ids.alice!, '--output', out], 'bob', 120_000);
    expect(dl.code, dl.stderr).toBe(0);
    expect(sha(readFileSync(out))).toBe(sha(picture));
    expect(dl.json.result.sha256).toBe(sha(picture));

    // alice's own copy decrypts with the kept key too
    const mine = await net.cli(['profile', 'avatar', '--output', join(work, 'mine.png')], 'alice', 120_000);
    expect(mine.code, mine.stderr).toBe(0);
    expect(mine.json.result.sha256).toBe(sha(picture));

    // removal travels with the next message (a newer profile without a picture)
    await new Promise((r) => setTimeout(r, 1100)); // lastProfileUpdateSeconds must advance
    const rm = await net.cli(['profile', 'set', '--remove-avatar'], 'alice');
    expect(rm.code, rm.stderr).toBe(0);
    expect(rm.json.result.avatarUrl).toBeNull();
    expect((await net.cli(['message', 'send', net.ids.bob!, 'no face now'], 'alice', 120_000)).code).toBe(0);
    expect((await net.cli(['message', 'receive'], 'bob', 120_000)).code).toBe(0);
    const after = await net.cli(['conversation', 'list'], 'bob');
    const c2 = after.json.result.conversations.find((c: { id: string }) => c.id === net.ids.alice);
    expect(c2.avatarUrl).toBeNull();
  }, 600_000);

  it('refuses nothing to set, a missing file and --avatar with --remove-avatar, before any traffic', async () => {
    const none = await net.cli(['profile', 'set'], 'alice');
    expect(none.code).toBe(2);
    const missing = await net.cli(['profile', 'set', '--avatar', join(work, 'nope.png')], 'alice');
    expect(missing.code).toBe(2);
    expect(missing.json.error.code).toBe('INVALID_INPUT');
    const both = await net.cli(['profile', 'set', '--avatar', 'x.png', '--remove-avatar'], 'alice');
    expect(both.code).toBe(2);
  }, 120_000);
});
