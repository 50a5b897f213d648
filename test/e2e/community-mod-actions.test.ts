import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blind15IdsFromSessionId } from '../../src/crypto/blinding.js';
import { startModNet, type ModNet } from './community-mod-cli.js';

/**
 * Moderation commands of the built CLI against the devnet community server: refusals without
 * rights (exit 4 with the server's reason), bad input (exit 2, nothing sent), ban → the banned
 * user's post is refused, unban, purge, ban --purge as one /sequence, a moderator deleting
 * someone else's post, moderator add/remove, pin, mute for 3 s, permission overrides.
 */
let net: ModNet;
const cli = (args: string[], profile: string) => net.cli(args, profile);
const post = async (profile: string, text: string) => {
  const r = await cli(['community', 'post', 'lobby', text, '--direct'], profile);
  return r;
};
const texts = async (profile = 'mod') => {
  const r = await cli(['community', 'read', 'lobby', '--direct', '--limit', '100'], profile);
  expect(r.code, r.stderr).toBe(0);
  return r.json.result.messages as { text: string; from: string; id: string }[];
};

beforeAll(async () => {
  net = await startModNet('e2e-community-mod', ['mod', 'boss', 'alice', 'bob']);
  for (const p of ['mod', 'boss', 'alice', 'bob']) {
    const j = await cli(['community', 'join', net.joinUrl(), '--direct'], p);
    expect(j.code, j.stderr).toBe(0);
  }
  await net.dn.addModerator('lobby', net.ids.mod!, { admin: false, hidden: false });
  await net.dn.addModerator('lobby', net.ids.boss!, { admin: true, hidden: false });
}, 180_000);

afterAll(async () => {
  await net?.stop();
});

describe('community moderation (built CLI, devnet)', () => {
  it('bad input exits 2 before any traffic; no rights exits 4 with the server reason', async () => {
    // neither an ID nor a Session name ("nothex" would be a name, looked up on the network)
    const bad = await cli(['community', 'ban', 'not.hex', '--room', 'lobby', '--direct'], 'mod');
    expect(bad.code).toBe(2);
    expect(bad.json.error.code).toBe('INVALID_INPUT');
    const badDur = await cli(
      ['community', 'mute', net.ids.bob!, '--room', 'lobby', '--duration', 'soon', '--direct'],
      'mod',
    );
    expect(badDur.code).toBe(2);
    const noRoom = await cli(['community', 'ban', net.ids.bob!, '--direct'], 'mod');
    expect(noRoom.code).toBe(2);
    // a 05 id never seen posting: a room route cannot know which 15 id is theirs
    const unseen = await cli(['community', 'purge', net.ids.boss!, '--room', 'lobby', '--direct'], 'mod');
    expect(unseen.code).toBe(2);
    expect(unseen.json.error.details.reason).toBe('unknown-blinded-id');

    expect((await post('bob', 'hello from bob')).code).toBe(0);
    await texts('alice');
    const [bob15] = await blind15IdsFromSessionId(net.ids.bob!, net.dn.descriptor.community.pubkey);
    const mute = await cli(
      ['community', 'mute', net.ids.bob!, '--room', 'lobby', '--duration', '1h', '--direct'],
      'alice',
    );
    expect(mute.code, mute.stderr).toBe(4);
    expect(mute.json.error.code).toBe('PERMISSION_DENIED');
    expect(mute.json.error.details.reason).toMatch(/moderator/);
    const ban = await cli(['community', 'ban', bob15, '--room', 'lobby', '--direct'], 'alice');
    expect(ban.code).toBe(4);
    expect(ban.json.error.details.status).toBe(403);
    // a moderator is not an admin: pinning is refused with the server's reason
    const pin = await cli(['community', 'pin', 'lobby', '1', '--direct'], 'mod');
    expect(pin.code).toBe(4);
    expect(pin.json.error.details.reason).toMatch(/admin/);
  }, 120_000);

  it('ban → the banned user is refused (exit 4, server reason); unban → allowed again', async () => {
    expect((await post('alice', 'alice was here')).code).toBe(0);
    await texts();
    // a 05 Account ID: turned into the 15 id seen on the server
    const ban = await cli(['community', 'ban', net.ids.alice!, '--room', 'lobby', '--direct'], 'mod');
    expect(ban.code, ban.stderr).toBe(0);
    expect(ban.json.result.user).toMatch(/^15/);
    const refused = await post('alice', 'let me in');
    // a banned user fails every permission check: pysogs then shows the room as nonexistent (404)
    expect(refused.code).toBe(4);
    expect(refused.json.error.details.status).toBe(404);
    expect(refused.json.error.message).toMatch(/community server/);
    const unban = await cli(['community', 'unban', net.ids.alice!, '--room', 'lobby', '--direct'], 'mod');
    expect(unban.code, unban.stderr).toBe(0);
    expect((await post('alice', 'back again')).code).toBe(0);
  }, 120_000);

  it('purge removes all their posts; ban --purge bans and purges in one sequence', async () => {
    for (const t of ['bob spam 1', 'bob spam 2']) expect((await post('bob', t)).code).toBe(0);
    expect((await texts()).filter((m) => m.text.startsWith('bob spam'))).toHaveLength(2);
    const purge = await cli(['community', 'purge', net.ids.bob!, '--room', 'lobby', '--direct'], 'mod');
    expect(purge.code, purge.stderr).toBe(0);
    expect(purge.json.result.deleted).toBe(true);
    const after = await texts();
    expect(after.filter((m) => m.text.startsWith('bob'))).toEqual([]);
    // nothing left to purge: not an error
    const again = await cli(['community', 'purge', net.ids.bob!, '--room', 'lobby', '--direct'], 'mod');
    expect(again.json.result.deleted).toBe(false);

    expect((await post('alice', 'alice spam')).code).toBe(0);
    await texts();
    const bp = await cli(
      ['community', 'ban', net.ids.alice!, '--room', 'lobby', '--duration', '1h', '--purge', '--direct'],
      'mod',
    );
    expect(bp.code, bp.stderr).toBe(0);
    expect(bp.json.result).toMatchObject({ purged: true, durationS: 3600 });
    expect((await texts()).filter((m) => m.text.startsWith('alice'))).toEqual([]);
    expect((await post('alice', 'still here?')).code).toBe(4);
    expect(
      (await cli(['community', 'unban', net.ids.alice!, '--room', 'lobby', '--direct'], 'mod')).code,
    ).toBe(0);
  }, 120_000);

  it("a moderator deletes someone else's post; an admin adds and removes a moderator and pins", async () => {
    const p = await post('alice', 'delete me');
    expect(p.code).toBe(0);
    const id = p.json.result.id as string;
    // bob is no moderator yet
    expect((await cli(['community', 'delete', 'lobby', id, '--direct'], 'bob')).code).toBe(4);
    await texts('boss');
    const add = await cli(
      ['community', 'moderator', 'add', net.ids.bob!, '--room', 'lobby', '--direct'],
      'boss',
    );
    expect(add.code, add.stderr).toBe(0);
    const del = await cli(['community', 'delete', 'lobby', id, '--direct'], 'bob');
    expect(del.code, del.stderr).toBe(0);
    expect((await texts()).some((m) => m.id === id)).toBe(false);
    const rm = await cli(
      ['community', 'moderator', 'remove', net.ids.bob!, '--room', 'lobby', '--direct'],
      'boss',
    );
    expect(rm.code, rm.stderr).toBe(0);
    const p2 = await post('alice', 'cannot delete this');
    expect((await cli(['community', 'delete', 'lobby', p2.json.result.id, '--direct'], 'bob')).code).toBe(4);

    const pin = await cli(['community', 'pin', 'lobby', p2.json.result.id, '--direct'], 'boss');
    expect(pin.code, pin.stderr).toBe(0);
    const unpin = await cli(['community', 'unpin', 'lobby', 'all', '--direct'], 'boss');
    expect(unpin.code, unpin.stderr).toBe(0);
  }, 120_000);

  it('mute: write refused now, allowed again after the duration; permission overrides', async () => {
    await texts();
    const mute = await cli(
      ['community', 'mute', net.ids.bob!, '--room', 'lobby', '--duration', '3s', '--direct'],
      'mod',
    );
    expect(mute.code, mute.stderr).toBe(0);
    const refused = await post('bob', 'muted?');
    expect(refused.code).toBe(4);
    expect(refused.json.error.code).toBe('PERMISSION_DENIED');
    const start = Date.now();
    let ok = false;
    while (!ok && Date.now() - start < 60_000) {
      await new Promise((r) => setTimeout(r, 1000));
      ok = (await post('bob', 'unmuted')).code === 0;
    }
    expect(ok).toBe(true);
    expect(Date.now() - start).toBeGreaterThanOrEqual(1000);

    const set = await cli(
      ['community', 'permissions', 'set', net.ids.bob!, '--room', 'lobby', '--write', 'false', '--direct'],
      'mod',
    );
    expect(set.code, set.stderr).toBe(0);
    expect(set.json.result.permissions).toMatchObject({ write: false });
    expect((await post('bob', 'no write')).code).toBe(4);
    const reset = await cli(
      ['community', 'permissions', 'set', net.ids.bob!, '--room', 'lobby', '--write', 'default', '--direct'],
      'mod',
    );
    expect(reset.code, reset.stderr).toBe(0);
    expect((await post('bob', 'write again')).code).toBe(0);
  }, 150_000);
});
