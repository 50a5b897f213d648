import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { startLocalNetwork, type LocalNetwork } from '../helpers/local-network.js';
import { startModNet, type ModNet } from './community-mod-cli.js';

/**
 * Issue 10, last item: wherever a person's Account ID is accepted, a Session name is too
 * (resolved by three agreeing nodes first); JSON results carry `names: {name: accountId}` next to
 * the ID field. An invalid argument exits 2 before any network traffic.
 */
let net: LocalNetwork;
const cli = (args: string[], profile = 'alice') => net.cli(args, profile);
/** A network descriptor that does not exist: anything that touches the network fails (not exit 2). */
const noNetwork = (args: string[], profile = 'alice') => {
  // flags go before a `--` (after it, everything is an argument: how `-bad-` is given at all)
  const end = args.includes('--') ? args.indexOf('--') : args.length;
  const flags = ['--profile', profile, '--data-dir', net.dataDir, '--network', '/nonexistent', '--json'];
  return runCli([...args.slice(0, end), ...flags, ...args.slice(end)]);
};

beforeAll(async () => {
  net = await startLocalNetwork('names-everywhere', ['alice', 'bob', 'carol'], { rateLimit: false });
  await net.dn.registerName('Bobby', net.ids.bob!);
  await net.dn.registerName('carol-c', net.ids.carol!);
}, 120_000);
afterAll(async () => net?.dn.stop());

describe('names wherever an Account ID is accepted', () => {
  it('contact block / unblock take a name; JSON shows both', async () => {
    const b = await cli(['contact', 'block', 'BOBBY', '--no-push']);
    expect(b.code, b.stderr).toBe(0);
    expect(b.json.result).toMatchObject({
      accountId: net.ids.bob,
      names: { bobby: net.ids.bob },
      blocked: true,
    });
    const blocked = await cli(['contact', 'list', '--blocked']);
    expect(blocked.json.result.contacts.map((c: { accountId: string }) => c.accountId)).toContain(
      net.ids.bob,
    );
    // an Account ID as before: no names field
    const u = await cli(['contact', 'unblock', net.ids.bob!, '--no-push']);
    expect(u.code, u.stderr).toBe(0);
    expect(u.json.result.accountId).toBe(net.ids.bob);
    expect(u.json.result.names).toBeUndefined();
  }, 120_000);

  it('message list and conversation pin take a name', async () => {
    const s = await cli(['message', 'send', net.ids.bob!, 'listed by name']);
    expect(s.code, s.stderr).toBe(0);
    const l = await cli(['message', 'list', 'bobby']);
    expect(l.code, l.stderr).toBe(0);
    expect(l.json.result.conversation).toBe(net.ids.bob);
    expect(l.json.result.names).toEqual({ bobby: net.ids.bob });
    expect(l.json.result.messages.map((m: { text: string }) => m.text)).toContain('listed by name');
    const p = await cli(['conversation', 'pin', 'bobby', '--no-push']);
    expect(p.code, p.stderr).toBe(0);
    expect(p.json.result).toMatchObject({ conversation: net.ids.bob, names: { bobby: net.ids.bob } });
    expect(p.json.result.priority).toBeGreaterThan(0);
  }, 120_000);

  it('group create and invite take members by name', async () => {
    const c = await cli(['group', 'create', 'Named', 'bobby']);
    expect(c.code, c.stderr).toBe(0);
    expect(c.json.result.invited).toEqual([net.ids.bob]);
    expect(c.json.result.names).toEqual({ bobby: net.ids.bob });
    const gid = c.json.result.groupId as string;
    const i = await cli(['group', 'invite', gid, 'carol-c']);
    expect(i.code, i.stderr).toBe(0);
    expect(i.json.result.invited).toEqual([net.ids.carol]);
    expect(i.json.result.names).toEqual({ 'carol-c': net.ids.carol });
    const r = await cli(['message', 'receive'], 'carol');
    expect(JSON.stringify(r.json.result.events)).toContain(gid);
  }, 180_000);

  it('an unknown name exits 4 NAME_NOT_FOUND, and nothing is changed', async () => {
    const b = await cli(['contact', 'block', 'nobody-here', '--no-push']);
    expect(b.code).toBe(4);
    expect(b.json.error.code).toBe('NAME_NOT_FOUND');
    const g = await cli(['group', 'create', 'Nope', 'bobby', 'nobody-here']);
    expect(g.code).toBe(4);
    expect(g.json.error.code).toBe('NAME_NOT_FOUND');
    const groups = await cli(['group', 'list']);
    expect(groups.json.result.groups.map((x: { name: string }) => x.name)).not.toContain('Nope');
  }, 120_000);

  it('nodes that disagree about a name: exit 4 NAME_DISAGREEMENT', async () => {
    await net.dn.registerName('dave', net.ids.carol!);
    // with 6 nodes and 3 asked, lie on 4 of them: every choice of 3 includes a liar
    for (const k of [0, 1, 2, 3]) await net.dn.lieAboutNames(k, true);
    try {
      const r = await cli(['conversation', 'pin', 'dave', '--no-push'], 'bob');
      expect(r.code).toBe(4);
      expect(r.json.error.code).toBe('NAME_DISAGREEMENT');
    } finally {
      for (const k of [0, 1, 2, 3]) await net.dn.lieAboutNames(k, false);
    }
  }, 120_000);

  it('an invalid argument exits 2 before any network traffic; an ID needs no network offline', async () => {
    // With a network that cannot even be loaded, anything that reached for it would fail otherwise.
    for (const args of [
      ['contact', 'block', '--', '-bad-'],
      ['message', 'list', 'bad.name'],
      ['conversation', 'pin', 'bad.name'],
      ['group', 'create', 'X', 'bobby', 'bad.name'],
      ['group', 'invite', `03${'ab'.repeat(32)}`, 'bad.name'],
      ['request', 'accept', 'bad.name'],
      ['profile', 'avatar', 'bad.name', '--output', join(tempDir('avatar-'), 'a.png')],
    ]) {
      const r = await noNetwork(args);
      expect(r.code, `${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(2);
      expect(r.json.error.code).toMatch(/^INVALID_(ACCOUNT_ID|NAME)$/);
    }
    // a valid but unknown name does reach for the network (so the check above is what stopped it)
    const named = await noNetwork(['message', 'list', 'somebody']);
    expect(named.code).not.toBe(0);
    expect(named.code).not.toBe(2);
    // an Account ID on an offline command opens no network at all
    const byId = await noNetwork(['message', 'list', net.ids.bob!]);
    expect(byId.code, byId.stderr).toBe(0);
    expect(byId.json.result.names).toBeUndefined();
  }, 120_000);
});

describe('names in community moderation (05 ids accepted there too)', () => {
  let mod: ModNet;
  beforeAll(async () => {
    mod = await startModNet('names-community', ['mod', 'bob']);
    for (const p of ['mod', 'bob']) {
      const j = await mod.cli(['community', 'join', mod.joinUrl(), '--direct'], p);
      expect(j.code, j.stderr).toBe(0);
    }
    await mod.dn.addModerator('lobby', mod.ids.mod!, { admin: false, hidden: false });
    await mod.dn.registerName('bobby', mod.ids.bob!);
  }, 180_000);
  afterAll(async () => mod?.stop());

  it('community ban / unban take a name; JSON shows both', async () => {
    expect((await mod.cli(['community', 'post', 'lobby', 'hi', '--direct'], 'bob')).code).toBe(0);
    // the moderator has seen bob post: the 05 id the name resolves to maps to bob's 15 id
    expect((await mod.cli(['community', 'read', 'lobby', '--direct'], 'mod')).code).toBe(0);
    const ban = await mod.cli(['community', 'ban', 'bobby', '--room', 'lobby', '--direct'], 'mod');
    expect(ban.code, ban.stderr).toBe(0);
    expect(ban.json.result.names).toEqual({ bobby: mod.ids.bob });
    expect(ban.json.result.user).toMatch(/^15/);
    const bob15 = ban.json.result.user as string;
    const refused = await mod.cli(['community', 'post', 'lobby', 'let me in', '--direct'], 'bob');
    expect(refused.code).toBe(4);
    const unban = await mod.cli(['community', 'unban', 'bobby', '--room', 'lobby', '--direct'], 'mod');
    expect(unban.code, unban.stderr).toBe(0);
    expect(unban.json.result.names).toEqual({ bobby: mod.ids.bob });
    expect((await mod.cli(['community', 'post', 'lobby', 'back', '--direct'], 'bob')).code).toBe(0);
    // the blinded id itself still works, with no names field
    const byId = await mod.cli(['community', 'unban', bob15, '--room', 'lobby', '--direct'], 'mod');
    expect(byId.code, byId.stderr).toBe(0);
    expect(byId.json.result.names).toBeUndefined();
    const purge = await mod.cli(['community', 'purge', 'bobby', '--room', 'lobby', '--direct'], 'mod');
    expect(purge.code, purge.stderr).toBe(0);
    expect(purge.json.result).toMatchObject({ user: bob15, names: { bobby: mod.ids.bob } });
    const dm = await mod.cli(['community', 'dm', 'lobby', 'bobby', 'hi by name', '--direct'], 'mod');
    expect(dm.code, dm.stderr).toBe(0);
    expect(dm.json.result.names).toEqual({ bobby: mod.ids.bob });
    const unknown = await mod.cli(['community', 'ban', 'nobody-here', '--room', 'lobby', '--direct'], 'mod');
    expect(unknown.code).toBe(4);
    expect(unknown.json.error.code).toBe('NAME_NOT_FOUND');
  }, 180_000);
});
