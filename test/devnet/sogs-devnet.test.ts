import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sodium from 'libsodium-wrappers-sumo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { control } from '../../src/cli/devnet-control.js';
import { startDevnet, type Devnet } from '../../src/devnet/index.js';
import { buildServerOnion, layer, open, frame, post, rawNodes, type RawNode } from '../helpers/raw-onion.js';
import { authHeaders, blindedUser, postBody, sogs } from '../helpers/raw-sogs.js';

/**
 * The community server inside the devnet: devnet.json describes it, it survives a restart, and it
 * is reachable through v4 onion requests (the last hop proxies to it as to the file server).
 */
let dir: string;
let dn: Devnet;
let nodes: RawNode[];

beforeAll(async () => {
  await sodium.ready;
  dir = await mkdtemp(join(tmpdir(), 'devnet-sogs-'));
  dn = await startDevnet({ dir, nodes: 3, swarmSize: 3, rateLimit: false });
  nodes = rawNodes(dn.descriptor);
});
afterAll(async () => {
  await dn?.stop();
  await rm(dir, { recursive: true, force: true });
});

const bencodeV4 = (meta: object, body?: Uint8Array) => {
  const m = Buffer.from(JSON.stringify(meta));
  return Buffer.concat([
    Buffer.from(`l${m.length}:`),
    m,
    ...(body ? [Buffer.from(`${body.length}:`), Buffer.from(body)] : []),
    Buffer.from('e'),
  ]);
};

/** Sends a v4 payload through nodes 0 → 1 → 2 to the community server; the decrypted v4 reply. */
async function viaOnion(v4: Uint8Array) {
  const c = dn.descriptor.community;
  const o = await buildServerOnion(nodes, { x: c.pubkey, host: c.host, port: c.port }, v4);
  const r = await post(nodes[0]!.ip, nodes[0]!.port, '/onion_req/v2', o.body);
  expect(r.status).toBe(200);
  const plain = await open('aes-gcm', o.key, r.body);
  const m = /^l(\d+):/.exec(plain.toString('latin1'))!;
  const meta = JSON.parse(plain.subarray(m[0].length, m[0].length + Number(m[1])).toString()) as {
    code: number;
    headers: Record<string, string>;
  };
  const rest = plain.subarray(m[0].length + Number(m[1]));
  const body = rest.subarray(rest.indexOf(':') + 1, rest.length - 1);
  return { ...meta, body };
}

describe('community server in the devnet', () => {
  it('devnet.json has the community with the default lobby room and its join URL', async () => {
    const d = JSON.parse(await readFile(join(dir, 'devnet.json'), 'utf8'));
    expect(d.community.pubkey).toMatch(/^[0-9a-f]{64}$/);
    expect(d.community.rooms).toEqual([
      { token: 'lobby', name: 'Lobby', joinUrl: `${d.community.url}/lobby?public_key=${d.community.pubkey}` },
    ]);
    const info = await fetch(`${d.community.url}/room/lobby`);
    expect(info.status).toBe(200);
  });

  it('answers v4 onion requests: capabilities, and a signed post (signature over the decoded endpoint)', async () => {
    const caps = await viaOnion(bencodeV4({ method: 'GET', endpoint: '/capabilities', headers: {} }));
    expect(caps.code).toBe(200);
    expect(JSON.parse(caps.body.toString())).toEqual({ capabilities: ['blind', 'reactions', 'sogs'] });

    const pk = dn.descriptor.community.pubkey;
    const u = await blindedUser(pk);
    const body = Buffer.from(JSON.stringify(postBody(u, 'via onion')));
    const h = await authHeaders(pk, u, 'POST', '/room/lobby/message', body);
    const posted = await viaOnion(
      bencodeV4(
        {
          method: 'POST',
          endpoint: '/room/lobby/message',
          headers: { ...h, 'Content-Type': 'application/json' },
        },
        body,
      ),
    );
    expect(posted.code).toBe(201);
    expect(JSON.parse(posted.body.toString())).toMatchObject({ session_id: u.id });

    // A raw UTF-8 emoji in the onion endpoint is signed as is (§3.3, §4.2).
    const msgId = JSON.parse(posted.body.toString()).id as number;
    const ep = `/room/lobby/reaction/${msgId}/🎉`;
    const rh = await authHeaders(pk, u, 'PUT', encodeURI(ep), Buffer.from('{}'));
    const react = await viaOnion(
      bencodeV4(
        { method: 'PUT', endpoint: ep, headers: { ...rh, 'Content-Type': 'application/json' } },
        Buffer.from('{}'),
      ),
    );
    expect(react.code).toBe(200);
    expect(JSON.parse(react.body.toString())).toMatchObject({ added: true });

    // Auth refusals travel back inside the encrypted reply with their text.
    const bad = await viaOnion(
      bencodeV4({ method: 'GET', endpoint: '/capabilities', headers: { 'X-SOGS-Pubkey': u.id } }),
    );
    expect(bad.code).toBe(400);
    expect(bad.body.toString()).toBe('Invalid authentication headers: missing 3/4 required X-SOGS-* headers');
  });

  it('a bad v4 payload → encrypted 400 "Invalid v4 onion request"; an undecryptable layer → plain 400', async () => {
    const bad = await viaOnion(Buffer.from('not bencode'));
    expect(bad.code).toBe(400);
    expect(bad.body.toString()).toBe('Invalid v4 onion request');
    const c = dn.descriptor.community;
    const wrongKey = await layer('aes-gcm', Buffer.from('x'), Buffer.from(nodes[0]!.x, 'hex'));
    const r = await fetch(`${c.url}/oxen/v4/lsrpc`, {
      method: 'POST',
      body: frame(wrongKey.ct, { ephemeral_key: wrongKey.ePkHex }),
    });
    expect(r.status).toBe(400);
  });

  it('addRoom and addModerator update devnet.json; a 05 moderator is matched by their 15 key; state survives a restart', async () => {
    const room = await dn.addRoom('dev-talk', { name: 'Dev talk', description: 'for devs' });
    expect(room.joinUrl).toBe(
      `${dn.descriptor.community.url}/dev-talk?public_key=${dn.descriptor.community.pubkey}`,
    );
    const d = JSON.parse(await readFile(join(dir, 'devnet.json'), 'utf8'));
    expect(d.community.rooms.map((r: { token: string }) => r.token)).toEqual(['dev-talk', 'lobby']);
    const pk = dn.descriptor.community.pubkey;
    const m = await blindedUser(pk);
    await dn.addModerator('dev-talk', m.sessionId, { admin: true });
    const base = dn.descriptor.community.url;
    const info = (await sogs(base, pk, m, 'GET', '/room/dev-talk')).json();
    expect(info).toMatchObject({ admin: true, moderator: true, description: 'for devs' });
    const before = (
      await sogs(base, pk, m, 'POST', '/room/dev-talk/message', { json: postBody(m, 'kept') })
    ).json();

    await dn.stop();
    dn = await startDevnet({ dir, nodes: 3, swarmSize: 3, rateLimit: false });
    expect(dn.descriptor.community.pubkey).toBe(pk);
    const again = await sogs(dn.descriptor.community.url, pk, m, 'GET', '/room/dev-talk/messages/recent');
    expect(again.json()).toEqual([expect.objectContaining({ id: before.id })]);
    expect((await sogs(dn.descriptor.community.url, pk, m, 'GET', '/room/dev-talk')).json()).toMatchObject({
      admin: true,
    });
    expect(dn.descriptor.community.rooms).toHaveLength(2);
  });

  it('control routes (what `devnet community add-room|add-moderator` call) add rooms and moderators', async () => {
    const room = (await control(dir, '/community/add-room', { token: 'ctl', name: 'Control' })) as {
      joinUrl: string;
    };
    expect(room).toMatchObject({ token: 'ctl', name: 'Control' });
    expect(room.joinUrl).toContain(`/ctl?public_key=${dn.descriptor.community.pubkey}`);
    const pk = dn.descriptor.community.pubkey;
    const m = await blindedUser(pk);
    await control(dir, '/community/add-moderator', { token: 'ctl', accountId: m.sessionId, hidden: true });
    const info = (await sogs(dn.descriptor.community.url, pk, m, 'GET', '/room/ctl')).json();
    expect(info).toMatchObject({ moderator: true, hidden_moderators: [m.id], moderators: [] });
    await control(dir, '/community/add-moderator', { token: 'x', accountId: m.id, global: true });
    expect((await sogs(dn.descriptor.community.url, pk, m, 'GET', '/room/lobby')).json()).toMatchObject({
      global_moderator: true,
    });
    await expect(control(dir, '/community/add-room', { token: 'bad token!' })).rejects.toThrow(
      /invalid room token/,
    );
    await expect(
      control(dir, '/community/add-moderator', { token: 'nope', accountId: m.id }),
    ).rejects.toThrow(/no room/);
    const d = JSON.parse(await readFile(join(dir, 'devnet.json'), 'utf8'));
    expect(d.community.rooms.map((r: { token: string }) => r.token)).toContain('ctl');
  });
});
