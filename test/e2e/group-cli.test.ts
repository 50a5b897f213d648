import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalNetwork, type LocalNetwork } from '../helpers/local-network.js';

/**
 * New closed groups through the CLI on a devnet (issue 13): a 3-member group exchanging
 * messages; invite, accept, promote; removal with key rotation, proven from the removed member's
 * side; leave and destroy. Refusals exit before any network traffic.
 */
let ln: LocalNetwork;
let gid: string;

beforeAll(async () => {
  ln = await startLocalNetwork('e2e-group', ['alice', 'bob', 'carol'], { rateLimit: false });
}, 120_000);
afterAll(async () => ln?.dn.stop());

const events = (r: { json: any }, action: string) =>
  (
    r.json.result.events as {
      type: string;
      action?: string;
      conversation?: string;
      from?: string;
      members?: string[];
    }[]
  ).filter((e) => e.type === 'group' && e.action === action);
const texts = (r: { json: any }) =>
  (r.json.result.messages as { conversation: string; text: string }[])
    .filter((m) => m.conversation === gid)
    .map((m) => m.text);

describe('group commands', () => {
  it('refuses bad input before any network traffic', async () => {
    // the devnet is not even needed: a network file that does not exist would fail any traffic
    const notGroup = await ln.cli(['group', 'info', ln.ids.bob!], 'alice');
    expect(notGroup.code).toBe(2);
    expect(notGroup.json.error.code).toBe('INVALID_ACCOUNT_ID');
    const unknown = await ln.cli(['group', 'remove', `03${'ab'.repeat(32)}`, ln.ids.bob!], 'alice');
    expect(unknown.code).toBe(6);
    expect(unknown.json.error.code).toBe('NOT_FOUND');
    // neither an ID nor a valid Session name ("not-an-id" would be a name, looked up on the network)
    const badMember = await ln.cli(['group', 'create', 'X', 'not.an.id'], 'alice');
    expect(badMember.code).toBe(2);
    const notIn = await ln.cli(['message', 'send', `03${'cd'.repeat(32)}`, 'hi'], 'alice');
    expect(notIn.code).toBe(6);
    expect(notIn.json.error.code).toBe('NOT_FOUND');
    const noInvite = await ln.cli(['group', 'decline', `03${'cd'.repeat(32)}`], 'alice');
    expect(noInvite.json.error.code).toBe('NOT_FOUND');
    const withTtl = await ln.cli(['message', 'send', `03${'cd'.repeat(32)}`, 'hi', '--ttl', '1h'], 'alice');
    expect(withTtl.code).toBe(2);
  });

  it('a 3-member group exchanges messages; invites arrive as requests and are accepted', async () => {
    const c = await ln.cli(['group', 'create', 'Team', ln.ids.bob!, ln.ids.carol!], 'alice');
    expect(c.code, c.stderr).toBe(0);
    gid = c.json.result.groupId;
    expect(gid).toMatch(/^03[0-9a-f]{64}$/);
    for (const p of ['bob', 'carol']) {
      const r = await ln.cli(['message', 'receive'], p);
      expect(r.code, r.stderr).toBe(0);
      expect(events(r, 'invited').map((e) => e.conversation)).toEqual([gid]);
      const list = await ln.cli(['group', 'list'], p);
      expect(list.json.result.groups.map((g: { state: string }) => g.state)).toEqual(['invited']);
      const a = await ln.cli(['group', 'accept', gid], p);
      expect(a.code, a.stderr).toBe(0);
    }
    expect((await ln.cli(['message', 'send', gid, 'hello team'], 'alice')).code).toBe(0);
    const b = await ln.cli(['message', 'send', gid, 'hi from bob'], 'bob');
    expect(b.code, b.stderr).toBe(0);
    expect(b.json.result.conversation).toBe(gid);
    const cr = await ln.cli(['message', 'receive'], 'carol');
    expect(texts(cr)).toEqual(['hello team', 'hi from bob']);
    const ar = await ln.cli(['message', 'receive'], 'alice');
    expect(texts(ar)).toEqual(['hi from bob']);
    expect(
      events(ar, 'joined')
        .map((e) => e.from)
        .sort(),
    ).toEqual([ln.ids.bob, ln.ids.carol].sort());
    const info = await ln.cli(['group', 'info', gid], 'alice');
    const st = Object.fromEntries(
      (info.json.result.members as { sessionId: string; status: string }[]).map((m) => [
        m.sessionId,
        m.status,
      ]),
    );
    expect(st).toEqual({
      [ln.ids.alice!]: 'promotion-accepted',
      [ln.ids.bob!]: 'invite-accepted',
      [ln.ids.carol!]: 'invite-accepted',
    });
  }, 240_000);

  it('only admins act as admins; promote makes carol one', async () => {
    const denied = await ln.cli(['group', 'remove', gid, ln.ids.carol!], 'bob');
    expect(denied.code).toBe(4);
    expect(denied.json.error.code).toBe('PERMISSION_DENIED');
    const p = await ln.cli(['group', 'promote', gid, ln.ids.carol!], 'alice');
    expect(p.code, p.stderr).toBe(0);
    const r = await ln.cli(['message', 'receive'], 'carol');
    expect(events(r, 'promoted').some((e) => e.members?.includes(ln.ids.carol!))).toBe(true);
    const info = await ln.cli(['group', 'info', gid], 'carol');
    expect(info.json.result.admin).toBe(true);
  }, 120_000);

  it('removal rotates the key and locks the removed member out (seen from bob)', async () => {
    const r = await ln.cli(['group', 'remove', gid, ln.ids.bob!], 'alice');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.result.generation).toBe(1);
    expect((await ln.cli(['message', 'send', gid, 'after bob'], 'alice')).code).toBe(0);
    // bob's client still thinks it is in: the swarm refuses its revoked token
    const s = await ln.cli(['message', 'send', gid, 'let me in'], 'bob');
    expect(s.code).toBe(4);
    expect(s.json.error.code).toBe('REMOTE_REJECTED');
    // it notices (−11) and says so; it reads nothing new
    const br = await ln.cli(['message', 'receive'], 'bob');
    expect(br.code, br.stderr).toBe(0);
    expect(events(br, 'kicked')).toHaveLength(1);
    expect(JSON.stringify(br.json)).toMatch(/removed from group/);
    expect(texts(br)).toEqual([]);
    const list = await ln.cli(['group', 'list'], 'bob');
    expect(list.json.result.groups[0].state).toBe('kicked');
    const cr = await ln.cli(['message', 'receive'], 'carol');
    expect(texts(cr)).toEqual(['after bob']);
  }, 180_000);

  it('leave and destroy', async () => {
    const l = await ln.cli(['group', 'leave', gid], 'carol');
    expect(l.code, l.stderr).toBe(0);
    const ar = await ln.cli(['message', 'receive'], 'alice');
    expect(
      events(ar, 'left').map((e) => e.from),
      JSON.stringify(ar.json.result.events),
    ).toEqual([ln.ids.carol]);
    const info = await ln.cli(['group', 'info', gid], 'alice');
    expect(
      info.json.result.members.map((m: { sessionId: string }) => m.sessionId),
      JSON.stringify([ln.ids, info.json.result.members]),
    ).toEqual([ln.ids.alice]);
    const d = await ln.cli(['group', 'destroy', gid], 'alice');
    expect(d.code, d.stderr).toBe(0);
    expect((await ln.cli(['group', 'list'], 'alice')).json.result.groups).toEqual([]);
  }, 180_000);
});
