import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { startLocalNetwork, type LocalNetwork } from '../helpers/local-network.js';

/**
 * The group picture through the CLI on a devnet (issue 13; groups-and-config.md §4.2 `p`/`q`):
 * the admin sets it, a member sees its URL in `group info` after a receive and downloads it byte
 * for byte; --remove clears it for the member; a member's `group avatar` is refused before any
 * traffic, and so are usage errors and a missing picture file.
 */
let ln: LocalNetwork;
let work: string;
let gid: string;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  ln = await startLocalNetwork('e2e-group-avatar', ['alice', 'bob', 'carol'], { rateLimit: false });
  work = tempDir('group-avatar-files-');
}, 120_000);
afterAll(async () => ln?.dn.stop());

/**
 * The devnet's descriptor with every port (seeds, nodes, file server) pointing at port 1, where
 * nothing listens: a command run with it that reached for the network would fail with a network
 * error instead of the refusal it is expected to give.
 */
function deadNetwork(): string {
  const d = JSON.parse(readFileSync(ln.network, 'utf8')) as Record<string, unknown>;
  const text = JSON.stringify(d)
    .replace(/(https?:\/\/[0-9.]+):\d+/g, '$1:1')
    .replace(/"(port|port_https)":\d+/g, '"$1":1');
  const path = join(work, 'dead-devnet.json');
  writeFileSync(path, text);
  return path;
}

const offline = (args: string[], profile: string) =>
  runCli([...args, '--profile', profile, '--data-dir', ln.dataDir, '--network', deadNetwork(), '--json']);

describe('group avatar', () => {
  it('alice creates a group with bob, who accepts', async () => {
    const c = await ln.cli(['group', 'create', 'Pictures', ln.ids.bob!], 'alice');
    expect(c.code, c.stderr).toBe(0);
    gid = c.json.result.groupId;
    expect(c.json.result.avatar).toBeNull();
    expect((await ln.cli(['message', 'receive'], 'bob')).code).toBe(0);
    const a = await ln.cli(['group', 'accept', gid], 'bob');
    expect(a.code, a.stderr).toBe(0);
  }, 240_000);

  it('refuses a member, usage errors and a missing file before any network traffic', async () => {
    const pic = join(work, 'bob.png');
    writeFileSync(pic, randomBytes(1000));
    // the dead network does fail what needs traffic
    const upload = await offline(['group', 'avatar', gid, pic], 'alice');
    expect(upload.code, upload.stderr).not.toBe(0);
    expect(['PERMISSION_DENIED', 'INVALID_INPUT', 'NOT_FOUND']).not.toContain(upload.json.error.code);
    const member = await offline(['group', 'avatar', gid, pic], 'bob');
    expect(member.code, member.stderr).toBe(4);
    expect(member.json.error.code).toBe('PERMISSION_DENIED');
    const memberRemove = await offline(['group', 'avatar', gid, '--remove'], 'bob');
    expect(memberRemove.code).toBe(4);
    expect(memberRemove.json.error.code).toBe('PERMISSION_DENIED');

    const missing = await offline(['group', 'avatar', gid, join(work, 'nope.png')], 'alice');
    expect(missing.code, missing.stderr).toBe(2);
    expect(missing.json.error.code).toBe('INVALID_INPUT');
    const dir = await offline(['group', 'avatar', gid, work], 'alice');
    expect(dir.code).toBe(2);
    const nothing = await offline(['group', 'avatar', gid], 'alice');
    expect(nothing.code).toBe(2);
    expect(nothing.json.error.code).toBe('INVALID_INPUT');
    const both = await offline(['group', 'avatar', gid, pic, '--remove'], 'alice');
    expect(both.code).toBe(2);
    const setAndGet = await offline(['group', 'avatar', gid, pic, '--output', join(work, 'x.png')], 'alice');
    expect(setAndGet.code).toBe(2);
    const notGroup = await offline(['group', 'avatar', ln.ids.bob!, pic], 'alice');
    expect(notGroup.code).toBe(2);
    expect(notGroup.json.error.code).toBe('INVALID_ACCOUNT_ID');
    // nobody set one yet
    const none = await offline(['group', 'avatar', gid, '--output', join(work, 'none.png')], 'bob');
    expect(none.code).toBe(6);
    expect(none.json.error.code).toBe('NOT_FOUND');
    // not in the group at all
    const outsider = await offline(['group', 'avatar', gid, '--output', join(work, 'c.png')], 'carol');
    expect(outsider.code).toBe(6);
    expect(outsider.json.error.code).toBe('NOT_FOUND');
  }, 120_000);

  it('the admin sets it; the member reads the URL in group info and downloads it intact; --remove clears it', async () => {
    const picture = randomBytes(30_000);
    const path = join(work, 'team.png');
    writeFileSync(path, picture);
    const set = await ln.cli(['group', 'avatar', gid, path], 'alice', 120_000);
    expect(set.code, set.stderr).toBe(0);
    const url = set.json.result.avatar.url as string;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/file\/[A-Za-z0-9_-]+$/);
    expect(set.json.result.uploaded.sha256).toBe(sha(picture));
    expect(set.json.result.changed).toBe(true);
    const mine = await ln.cli(['group', 'info', gid], 'alice');
    expect(mine.json.result.avatar).toEqual({ url });

    // bob's local state has no picture until he receives the new Info
    const stale = await ln.cli(['group', 'info', gid], 'bob');
    expect(stale.json.result.avatar).toBeNull();
    const r = await ln.cli(['message', 'receive'], 'bob', 120_000);
    expect(r.code, r.stderr).toBe(0);
    const info = await ln.cli(['group', 'info', gid], 'bob');
    expect(info.json.result.avatar).toEqual({ url });
    expect(JSON.stringify(info.json.result)).not.toMatch(/"key"/); // the key stays local

    const out = join(work, 'from-alice.png');
    const dl = await ln.cli(['group', 'avatar', gid, '--output', out], 'bob', 120_000);
    expect(dl.code, dl.stderr).toBe(0);
    expect(sha(readFileSync(out))).toBe(sha(picture));
    expect(dl.json.result).toMatchObject({ groupId: gid, url, size: picture.length, sha256: sha(picture) });
    // an existing file is kept unless --force
    const again = await ln.cli(['group', 'avatar', gid, '--output', out], 'bob');
    expect(again.code).toBe(2);
    const forced = await ln.cli(['group', 'avatar', gid, '--output', out, '--force'], 'bob', 120_000);
    expect(forced.code, forced.stderr).toBe(0);

    const rm = await ln.cli(['group', 'avatar', gid, '--remove'], 'alice', 120_000);
    expect(rm.code, rm.stderr).toBe(0);
    expect(rm.json.result.avatar).toBeNull();
    expect(rm.json.result.changed).toBe(true);
    expect((await ln.cli(['message', 'receive'], 'bob', 120_000)).code).toBe(0);
    const cleared = await ln.cli(['group', 'info', gid], 'bob');
    expect(cleared.json.result.avatar).toBeNull();
    const gone = await ln.cli(['group', 'avatar', gid, '--output', join(work, 'gone.png')], 'bob');
    expect(gone.code).toBe(6);
    expect(gone.json.error.code).toBe('NOT_FOUND');
    // removing again changes nothing
    const twice = await ln.cli(['group', 'avatar', gid, '--remove'], 'alice', 120_000);
    expect(twice.code, twice.stderr).toBe(0);
    expect(twice.json.result.changed).toBe(false);
  }, 600_000);
});
