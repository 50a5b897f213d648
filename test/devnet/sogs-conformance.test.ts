import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sodium from 'libsodium-wrappers-sumo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SogsServer } from '../../src/devnet/sogs/index.js';
import {
  authHeaders,
  blindedUser,
  postBody,
  sogs,
  unblindedUser,
  type RawUser,
} from '../helpers/raw-sogs.js';
import vectors from '../vectors/communities.vectors.json' with { type: 'json' };

/**
 * Conformance of the devnet's community server with communities.md (pysogs' behaviour) and
 * errata Part 2: raw signed HTTP requests built in the test (test/helpers/raw-sogs.ts).
 */
let dir: string;
let server: SogsServer;
let nowMs = Date.now();
let pk: string;
let base: string;
let admin: RawUser;
let mod: RawUser;
let alice: RawUser;
let bob: RawUser;

const req = (user: RawUser | undefined, method: string, path: string, opts = {}) =>
  sogs(base, pk, user, method, path, opts);

beforeAll(async () => {
  await sodium.ready;
  dir = await mkdtemp(join(tmpdir(), 'sogs-conf-'));
  const kp = sodium.crypto_box_keypair();
  server = new SogsServer({
    dbPath: join(dir, 'sogs.db'),
    x25519Pk: kp.publicKey,
    x25519Sk: kp.privateKey,
    host: '127.0.0.1',
    clock: () => nowMs,
  });
  await server.start();
  pk = server.pubkeyHex;
  base = server.url;
  admin = await blindedUser(pk);
  mod = await blindedUser(pk);
  alice = await blindedUser(pk);
  bob = await blindedUser(pk);
  server.addRoom('lobby', { name: 'Lobby', description: 'Hello' });
  server.addRoom('other', { name: 'Other' });
  await server.addModerator('lobby', admin.id, { admin: true });
  await server.addModerator('lobby', mod.id, {});
  // Everyone is known to the server once they have made one signed request (§13.1, errata E5).
  for (const u of [admin, mod, alice, bob]) expect((await req(u, 'GET', '/capabilities')).status).toBe(200);
});

afterAll(async () => {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

async function post(user: RawUser, text: string, room = 'lobby', extra = {}) {
  return req(user, 'POST', `/room/${room}/message`, { json: postBody(user, text, extra) });
}

describe('capabilities (§6)', () => {
  it('lists blind, reactions, sogs; 412 with the missing ones', async () => {
    const r = await req(undefined, 'GET', '/capabilities');
    expect(r.json()).toEqual({ capabilities: ['blind', 'reactions', 'sogs'] });
    const m = await req(undefined, 'GET', '/capabilities?required=sogs,magic');
    expect(m.status).toBe(412);
    expect(m.json()).toMatchObject({ missing: ['magic'] });
  });
});

describe('X-SOGS-* auth refusals (§4.3–§4.6), exact texts', () => {
  const expectText = (
    r: { status: number; text: string; headers: Headers },
    status: number,
    text: string,
  ) => {
    expect(r.status).toBe(status);
    expect(r.text).toBe(text);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
  };

  it('missing headers, bad pubkey, prefix, point, nonce, signature, timestamp → 400', async () => {
    const h = await authHeaders(pk, alice, 'GET', '/capabilities', new Uint8Array(0));
    const without = (...names: string[]) =>
      Object.fromEntries(Object.entries(h).filter(([k]) => !names.includes(k)));
    expectText(
      await req(undefined, 'GET', '/capabilities', { headers: without('X-SOGS-Nonce', 'X-SOGS-Signature') }),
      400,
      'Invalid authentication headers: missing 2/4 required X-SOGS-* headers',
    );
    expectText(
      await req(undefined, 'GET', '/capabilities', { headers: { ...h, 'X-SOGS-Pubkey': '15abc' } }),
      400,
      'Invalid authentication: X-SOGS-Pubkey is not a valid 66-hex digit id',
    );
    expectText(
      await req(undefined, 'GET', '/capabilities', {
        headers: { ...h, 'X-SOGS-Pubkey': `25${alice.id.slice(2)}` },
      }),
      400,
      'Invalid authentication: X-SOGS-Pubkey must be 00- or 15- prefixed',
    );
    // A y coordinate that is not on the curve.
    let bad = '';
    for (let i = 2; !bad; i++) {
      const y = new Uint8Array(32);
      y[0] = i;
      if (!sodium.crypto_core_ed25519_is_valid_point(y)) bad = Buffer.from(y).toString('hex');
    }
    expectText(
      await req(undefined, 'GET', '/capabilities', { headers: { ...h, 'X-SOGS-Pubkey': `15${bad}` } }),
      400,
      'Invalid authentication: given X-SOGS-Pubkey is not a valid Ed25519 pubkey',
    );
    expectText(
      await req(undefined, 'GET', '/capabilities', { headers: { ...h, 'X-SOGS-Nonce': 'AAAA' } }),
      400,
      'Invalid authentication: X-SOGS-Nonce must be 16 bytes (encoded as base64 or hex)',
    );
    expectText(
      await req(undefined, 'GET', '/capabilities', { headers: { ...h, 'X-SOGS-Signature': 'AAAA' } }),
      400,
      'Invalid authentication: X-SOGS-Signature is not base64[88]',
    );
    expectText(
      await req(undefined, 'GET', '/capabilities', { headers: { ...h, 'X-SOGS-Timestamp': 'soon' } }),
      400,
      'Invalid authentication: X-SOGS-Timestamp is not a valid timestamp',
    );
  });

  it('00 keys on a blinded server → 400 "requires the use of blinded ids"', async () => {
    const u = await unblindedUser();
    expectText(
      await req(u, 'GET', '/capabilities'),
      400,
      'Invalid authentication: this server requires the use of blinded ids',
    );
  });

  it('stale and future timestamps → 425', async () => {
    const t = Math.floor(nowMs / 1000);
    for (const ts of [t - 86_400 - 60, t + 86_400 + 60])
      expectText(
        await req(alice, 'GET', '/capabilities', { timestamp: ts }),
        425,
        'Invalid authentication: X-SOGS-Timestamp is too far from current time',
      );
    // Inside the window is fine.
    expect((await req(alice, 'GET', '/capabilities', { timestamp: t - 86_000 })).status).toBe(200);
  });

  it('bad signature → 401; its nonce is spent (425 on reuse, errata C1), also for another user', async () => {
    const nonce = sodium.randombytes_buf(16);
    const h = await authHeaders(pk, alice, 'GET', '/capabilities', new Uint8Array(0), { nonce });
    const sig = Buffer.from(h['X-SOGS-Signature']!, 'base64');
    sig[5]! ^= 1;
    expectText(
      await req(undefined, 'GET', '/capabilities', {
        headers: { ...h, 'X-SOGS-Signature': sig.toString('base64') },
      }),
      401,
      'Invalid authentication: X-SOGS-Signature verification failed',
    );
    expectText(
      await req(undefined, 'GET', '/capabilities', { headers: h }),
      425,
      'Invalid authentication: X-SOGS-Nonce cannot be reused',
    );
    expectText(
      await req(bob, 'GET', '/capabilities', { nonce }),
      425,
      'Invalid authentication: X-SOGS-Nonce cannot be reused',
    );
  });

  it('a signature over another path or body is refused (path and body hash are signed)', async () => {
    const h = await authHeaders(pk, alice, 'GET', '/rooms', new Uint8Array(0));
    expect((await req(undefined, 'GET', '/capabilities', { headers: h })).status).toBe(401);
    const body = Buffer.from(JSON.stringify(postBody(alice, 'x')));
    const hp = await authHeaders(pk, alice, 'POST', '/room/lobby/message', body);
    const other = Buffer.from(JSON.stringify(postBody(alice, 'y')));
    const r = await req(undefined, 'POST', '/room/lobby/message', {
      body: other,
      contentType: 'application/json',
      headers: hp,
    });
    expect(r.status).toBe(401);
  });

  it('endpoints needing a user → 401 "X-SOGS-* request authentication required"', async () => {
    expectText(
      await req(undefined, 'POST', '/room/lobby/message', { json: postBody(alice, 'anon') }),
      401,
      'X-SOGS-* request authentication required',
    );
    // errata E8: pin and delete-all anonymously are 401 too (pysogs: 403 / 500).
    expect((await req(undefined, 'POST', '/room/lobby/pin/1', { json: {} })).status).toBe(401);
    expect((await req(undefined, 'DELETE', `/room/lobby/all/${alice.id}`)).status).toBe(401);
  });
});

describe('§18.4 request-auth vectors (server pk a03c38…)', () => {
  const d = vectors.derived;
  let vdir: string;
  const servers: SogsServer[] = [];
  const at = 1_700_000_000_000;

  beforeAll(async () => {
    vdir = await mkdtemp(join(tmpdir(), 'sogs-vec-'));
    // Nonces are server-wide (errata C1): the vectors share one, so each test has its own server.
    for (const requireBlindKeys of [true, false, true]) {
      const s = new SogsServer({
        dbPath: join(vdir, `v${servers.length}.db`),
        x25519Pk: Buffer.from(d.server_pk, 'hex'),
        // Only the public half takes part in auth; onion requests are not used here.
        x25519Sk: new Uint8Array(32),
        host: '127.0.0.1',
        clock: () => at,
        requireBlindKeys,
      });
      await s.start();
      servers.push(s);
    }
  });
  afterAll(async () => {
    for (const s of servers) await s.stop();
    await rm(vdir, { recursive: true, force: true });
  });

  it('GET /capabilities?required=sogs with the blinded-15 vector headers → 200, then 425 on replay', async () => {
    const v = d.auth_get_blinded15;
    const r = await sogs(servers[0]!.url, d.server_pk, undefined, 'GET', v.path, { headers: v.headers });
    expect(r.status).toBe(200);
    expect(r.json()).toEqual({ capabilities: ['blind', 'reactions', 'sogs'] });
    const again = await sogs(servers[0]!.url, d.server_pk, undefined, 'GET', v.path, { headers: v.headers });
    expect(again.status).toBe(425);
  });

  it('POST /some/endpoint: 00 vector refused on a blinded server, accepted (→ 404 route) unblinded', async () => {
    const v = d.auth_post_unblinded00;
    const opts = { body: Buffer.from(v.body_utf8), contentType: 'application/json', headers: v.headers };
    const blind = await sogs(servers[0]!.url, d.server_pk, undefined, 'POST', v.path, opts);
    expect(blind.status).toBe(400);
    expect(blind.text).toBe('Invalid authentication: this server requires the use of blinded ids');
    const open = await sogs(servers[1]!.url, d.server_pk, undefined, 'POST', v.path, opts);
    expect(open.status).toBe(404);
    // The same headers over a different body fail the body hash (fresh server state: new nonce needed).
    const tampered = await sogs(servers[1]!.url, d.server_pk, undefined, 'POST', v.path, {
      ...opts,
      body: Buffer.from('{"a":2}'),
      headers: { ...v.headers, 'X-SOGS-Nonce': '000102030405060708090a0b0c0d0e1f' },
    });
    expect(tampered.status).toBe(401);
  });

  it('POST /some/endpoint with the blinded-15 signature vector passes auth (→ 404 route)', async () => {
    const v = d.auth_post_unblinded00;
    const r = await sogs(servers[2]!.url, d.server_pk, undefined, 'POST', v.path, {
      body: Buffer.from(v.body_utf8),
      contentType: 'application/json',
      headers: {
        ...v.headers,
        'X-SOGS-Pubkey': d.ids.seed1.blinded15,
        'X-SOGS-Nonce': '000102030405060708090a0b0c0d0e0f',
        'X-SOGS-Signature': d.auth_post_blinded15_signature,
      },
    });
    expect(r.status).toBe(404);
  });
});

describe('rooms (§7)', () => {
  it('room info: name, description, roles, mods visible; defaults only for mods', async () => {
    const anon = (await req(undefined, 'GET', '/room/lobby')).json();
    expect(anon).toMatchObject({
      token: 'lobby',
      name: 'Lobby',
      description: 'Hello',
      read: true,
      write: false,
    });
    expect(anon.admins).toEqual([admin.id]);
    expect(anon.moderators).toEqual([mod.id]);
    expect(anon).not.toHaveProperty('default_read');
    const a = (await req(admin, 'GET', '/room/lobby')).json();
    expect(a).toMatchObject({ admin: true, moderator: true, default_write: true, write: true });
    expect((await req(undefined, 'GET', '/room/nope')).status).toBe(404);
    // Tokens are case-insensitive.
    expect((await req(undefined, 'GET', '/room/LOBBY')).json()).toMatchObject({ token: 'lobby' });
    const list = (await req(alice, 'GET', '/rooms')).json<{ token: string }[]>();
    expect(list.map((r) => r.token)).toEqual(['lobby', 'other']);
  });

  it('pollInfo returns details only when info_updates changed', async () => {
    const info = (await req(alice, 'GET', '/room/lobby')).json();
    const same = (await req(alice, 'GET', `/room/lobby/pollInfo/${info.info_updates}`)).json();
    expect(same).not.toHaveProperty('details');
    expect(same).toMatchObject({ token: 'lobby', read: true, write: true });
    const stale = (await req(alice, 'GET', '/room/lobby/pollInfo/0')).json();
    expect(stale.details).toMatchObject({ token: 'lobby', name: 'Lobby' });
  });

  it('PUT /room: admin only; updates name and bumps info_updates', async () => {
    const r0 = (await req(admin, 'GET', '/room/other')).json();
    expect((await req(alice, 'PUT', '/room/other', { json: { name: 'x' } })).status).toBe(403);
    const before = (await req(admin, 'GET', '/room/lobby')).json().info_updates as number;
    const r = await req(admin, 'PUT', '/room/lobby', { json: { name: 'Lobby\u0007!' } });
    expect(r.status).toBe(200);
    expect(r.json().info_updates).toBeGreaterThan(before);
    expect((await req(undefined, 'GET', '/room/lobby')).json().name).toBe('Lobby!');
    expect((await req(admin, 'PUT', '/room/lobby', { json: {} })).status).toBe(400);
    expect((await req(admin, 'PUT', '/room/lobby', { json: { image: 999 } })).status).toBe(406);
    expect(r0.admin).toBeUndefined();
  });
});

describe('messages (§8)', () => {
  it('post → since shows it with seqno; data and signature as posted (201)', async () => {
    const start = (await req(alice, 'GET', '/room/lobby')).json().message_sequence as number;
    const body = postBody(alice, 'hello');
    const r = await req(alice, 'POST', '/room/lobby/message', { json: body });
    expect(r.status).toBe(201);
    const m = r.json();
    expect(m).toMatchObject({
      session_id: alice.id,
      data: body.data,
      signature: body.signature,
      reactions: {},
    });
    expect(m.seqno).toBe(start + 1);
    const since = (await req(bob, 'GET', `/room/lobby/messages/since/${start}`)).json<{ id: number }[]>();
    expect(since).toEqual([expect.objectContaining({ id: m.id, seqno: start + 1, data: body.data })]);
    expect((await req(bob, 'GET', `/room/lobby/message/${m.id}`)).json().id).toBe(m.id);
  });

  it('a signature of the wrong length → 400; missing data → 400 (errata E2); no JSON type → 400', async () => {
    const b = postBody(alice, 'x');
    expect(
      (await req(alice, 'POST', '/room/lobby/message', { json: { ...b, signature: 'AAAA' } })).status,
    ).toBe(400);
    expect(
      (await req(alice, 'POST', '/room/lobby/message', { json: { signature: b.signature } })).status,
    ).toBe(400);
    const raw = await req(alice, 'POST', '/room/lobby/message', {
      body: Buffer.from(JSON.stringify(b)),
      contentType: 'text/plain',
    });
    expect(raw.status).toBe(400);
  });

  it('edit and delete bump seqno; tombstones only for pollers that saw the message', async () => {
    const m = (await post(bob, 'original')).json();
    const e = await req(bob, 'PUT', `/room/lobby/message/${m.id}`, { json: postBody(bob, 'edited') });
    expect(e.status).toBe(200);
    expect(e.json()).toEqual({});
    const after = (await req(bob, 'GET', `/room/lobby/messages/since/${m.seqno}`)).json();
    expect(after).toEqual([
      expect.objectContaining({ id: m.id, data: postBody(bob, 'edited').data, edited: expect.any(Number) }),
    ]);
    const editSeq = after[0].seqno as number;
    expect(editSeq).toBeGreaterThan(m.seqno);
    // Not the author → 403.
    expect(
      (await req(alice, 'PUT', `/room/lobby/message/${m.id}`, { json: postBody(alice, 'x') })).status,
    ).toBe(403);
    expect((await req(alice, 'DELETE', `/room/lobby/message/${m.id}`)).status).toBe(403);
    expect((await req(bob, 'DELETE', `/room/lobby/message/${m.id}`)).status).toBe(200);
    const tomb = (await req(alice, 'GET', `/room/lobby/messages/since/${editSeq}`)).json();
    expect(tomb).toEqual([expect.objectContaining({ id: m.id, deleted: true, data: null })]);
    expect(tomb[0].seqno).toBeGreaterThan(editSeq);
    const fromZero = (await req(alice, 'GET', '/room/lobby/messages/since/0')).json<{ id: number }[]>();
    expect(fromZero.find((x) => x.id === m.id)).toBeUndefined();
    // Deleted: 404 on read, edit (errata E3) and delete.
    expect((await req(alice, 'GET', `/room/lobby/message/${m.id}`)).status).toBe(404);
    expect((await req(bob, 'PUT', `/room/lobby/message/${m.id}`, { json: postBody(bob, 'z') })).status).toBe(
      404,
    );
    expect((await req(bob, 'DELETE', `/room/lobby/message/${m.id}`)).status).toBe(404);
  });

  it('recent and before: newest first, no tombstones', async () => {
    const a = (await post(mod, 'one')).json();
    const b = (await post(mod, 'two')).json();
    const recent = (await req(alice, 'GET', '/room/lobby/messages/recent?limit=2')).json<{ id: number }[]>();
    expect(recent.map((x) => x.id)).toEqual([b.id, a.id]);
    const before = (await req(alice, 'GET', `/room/lobby/messages/before/${b.id}?limit=1`)).json();
    expect(before.map((x: { id: number }) => x.id)).toEqual([a.id]);
  });

  it('moderators may delete anyone’s post; whispers are seen only by their audience', async () => {
    const m = (await post(alice, 'rude')).json();
    expect((await req(mod, 'DELETE', `/room/lobby/message/${m.id}`)).status).toBe(200);
    expect((await post(alice, 'psst', 'lobby', { whisper_to: bob.id })).status).toBe(403);
    const w = (await post(mod, 'for bob', 'lobby', { whisper_to: bob.id })).json();
    expect(w).toMatchObject({ whisper: true, whisper_mods: false, whisper_to: bob.id });
    expect((await req(bob, 'GET', `/room/lobby/message/${w.id}`)).status).toBe(200);
    expect((await req(alice, 'GET', `/room/lobby/message/${w.id}`)).status).toBe(404);
    const wm = (await post(mod, 'mods only', 'lobby', { whisper_mods: true })).json();
    expect((await req(admin, 'GET', `/room/lobby/message/${wm.id}`)).status).toBe(200);
    expect((await req(bob, 'GET', `/room/lobby/message/${wm.id}`)).status).toBe(404);
  });
});

describe('reactions (§9) and pins (§8.10)', () => {
  it('add (emoji path percent-encoded, signed decoded), list, reactors, remove; t=r rows', async () => {
    const m = (await post(alice, 'react to me')).json();
    const emoji = encodeURIComponent('👍');
    const add = await req(bob, 'PUT', `/room/lobby/reaction/${m.id}/${emoji}`, { json: {} });
    expect(add.status).toBe(200);
    expect(add.json()).toMatchObject({ added: true });
    const seq = add.json().seqno as number;
    expect(seq).toBeGreaterThan(m.seqno);
    expect(
      (await req(bob, 'PUT', `/room/lobby/reaction/${m.id}/${emoji}`, { json: {} })).json(),
    ).toMatchObject({
      added: false,
    });
    const rows = (await req(bob, 'GET', `/room/lobby/messages/since/${m.seqno}?t=r`)).json();
    const row = rows.find((x: { id: number }) => x.id === m.id);
    expect(row).toEqual({
      id: m.id,
      seqno: seq,
      reactions: { '👍': { index: 0, count: 1, reactors: [bob.id], you: true } },
    });
    // Without t=r a reaction-only change is not returned.
    const plain = (await req(bob, 'GET', `/room/lobby/messages/since/${m.seqno}`)).json();
    expect(plain.find((x: { id: number }) => x.id === m.id)).toBeUndefined();
    const who = (await req(alice, 'GET', `/room/lobby/reactors/${m.id}/${emoji}`)).json();
    expect(who).toEqual([[bob.id, expect.any(Number)]]);
    expect(
      (await req(bob, 'PUT', `/room/lobby/reaction/${m.id}/${'x'.repeat(13)}`, { json: {} })).status,
    ).toBe(400);
    expect((await req(bob, 'PUT', `/room/lobby/reaction/999999/${emoji}`, { json: {} })).status).toBe(404);
    const del = await req(bob, 'DELETE', `/room/lobby/reaction/${m.id}/${emoji}`);
    expect(del.json()).toMatchObject({ removed: true });
    expect(del.json().seqno).toBeGreaterThan(seq);
    // Moderator-only clearing.
    await req(bob, 'PUT', `/room/lobby/reaction/${m.id}/${emoji}`, { json: {} });
    expect((await req(alice, 'DELETE', `/room/lobby/reactions/${m.id}`)).status).toBe(403);
    expect((await req(mod, 'DELETE', `/room/lobby/reactions/${m.id}`)).json()).toMatchObject({ removed: 1 });
  });

  it('pins: admin only (403 with the exact text), shown in room info, unpin', async () => {
    const m = (await post(alice, 'pin me')).json();
    const denied = await req(mod, 'POST', `/room/lobby/pin/${m.id}`, { json: {} });
    expect(denied.status).toBe(403);
    expect(denied.text).toBe('This endpoint requires admin room permissions');
    const pin = await req(admin, 'POST', `/room/lobby/pin/${m.id}`, { json: {} });
    expect(pin.status).toBe(200);
    const info = (await req(alice, 'GET', '/room/lobby')).json();
    expect(info.info_updates).toBe(pin.json().info_updates);
    expect(info.pinned_messages).toEqual([{ id: m.id, pinned_at: expect.any(Number), pinned_by: admin.id }]);
    expect((await req(admin, 'POST', `/room/lobby/unpin/${m.id}`, { json: {} })).json()).toMatchObject({
      unpinned: true,
    });
    expect((await req(admin, 'POST', '/room/lobby/unpin/all', { json: {} })).json()).toMatchObject({
      unpinned: 0,
    });
  });
});

describe('files (§10)', () => {
  it('upload 201 {id}; download the bytes with the file name; 404 in another room', async () => {
    const bytes = Buffer.from('file bytes \u00ff');
    const up = await req(alice, 'POST', '/room/lobby/file', {
      body: bytes,
      contentType: 'application/octet-stream',
      headers: { 'Content-Disposition': "attachment; filename*=UTF-8''na%C3%AFve.txt" },
    });
    expect(up.status).toBe(201);
    const { id } = up.json();
    const down = await req(bob, 'GET', `/room/lobby/file/${id}`);
    expect(down.status).toBe(200);
    expect(down.body.equals(bytes)).toBe(true);
    expect(down.headers.get('content-disposition')).toContain('na%C3%AFve.txt');
    expect((await req(bob, 'GET', `/room/lobby/file/${id}/whatever.txt`)).body.equals(bytes)).toBe(true);
    expect((await req(bob, 'GET', `/room/other/file/${id}`)).status).toBe(404);
    // Unattached files expire after an hour; attached ones live on.
    const kept = (
      await req(alice, 'POST', '/room/lobby/file', { body: bytes, contentType: 'application/octet-stream' })
    ).json().id;
    expect((await post(alice, 'with file', 'lobby', { files: [kept] })).status).toBe(201);
    nowMs += 3_700_000;
    expect((await req(bob, 'GET', `/room/lobby/file/${id}`)).status).toBe(404);
    expect((await req(bob, 'GET', `/room/lobby/file/${kept}`)).status).toBe(200);
  });
});

describe('permissions, bans and moderation (§12)', () => {
  it('missing write → 403 on post; missing upload → 403 on upload; missing read → 403 text', async () => {
    const carol = await blindedUser(pk);
    await req(carol, 'GET', '/capabilities');
    expect(
      (await req(mod, 'POST', `/room/lobby/permissions/${carol.id}`, { json: { write: false } })).json(),
    ).toEqual({ write: false });
    expect((await post(carol, 'muted')).status).toBe(403);
    await req(mod, 'POST', `/room/lobby/permissions/${carol.id}`, {
      json: { default_write: true, upload: false },
    });
    expect((await post(carol, 'unmuted')).status).toBe(201);
    expect(
      (
        await req(carol, 'POST', '/room/lobby/file', {
          body: Buffer.from('x'),
          contentType: 'application/octet-stream',
        })
      ).status,
    ).toBe(403);
    await req(mod, 'POST', `/room/lobby/permissions/${carol.id}`, { json: { read: false } });
    const r = await req(carol, 'GET', '/room/lobby/messages/recent');
    expect(r.status).toBe(403);
    expect(r.text).toBe("This endpoint requires room message 'read' permission");
    const all = (await req(mod, 'GET', '/room/lobby/permissions')).json();
    expect(all[carol.id]).toEqual({ read: false, upload: false });
    // Combining a value with its default → 400; non-moderators → 403.
    expect(
      (
        await req(mod, 'POST', `/room/lobby/permissions/${carol.id}`, {
          json: { read: true, default_read: true },
        })
      ).status,
    ).toBe(400);
    const nm = await req(alice, 'GET', '/room/lobby/permissions');
    expect(nm.status).toBe(403);
    expect(nm.text).toBe('This endpoint requires moderator room permissions');
    // errata E1: a 05 id on the room routes of a blinded server → 404.
    expect((await req(mod, 'GET', `/room/lobby/permissions/${carol.sessionId}`)).status).toBe(404);
  });

  it('scheduled changes: mute now, unmute in 60 s (futurePermissions)', async () => {
    const dave = await blindedUser(pk);
    await req(dave, 'GET', '/capabilities');
    const seq = await req(mod, 'POST', '/sequence', {
      json: [
        { method: 'POST', path: `/room/lobby/permissions/${dave.id}`, json: { write: false } },
        { method: 'POST', path: `/room/lobby/futurePermissions/${dave.id}`, json: { write: true, in: 60 } },
      ],
    });
    expect(seq.json().map((x: { code: number }) => x.code)).toEqual([200, 200]);
    const list = (await req(mod, 'GET', '/room/lobby/futurePermissions')).json();
    expect(list).toEqual([{ session_id: dave.id, at: expect.any(Number), write: true }]);
    expect((await post(dave, 'x')).status).toBe(403);
    nowMs += 61_000;
    expect((await post(dave, 'y')).status).toBe(201);
    expect(
      (await req(mod, 'POST', `/room/lobby/futurePermissions/${dave.id}`, { json: { write: true, in: 0 } }))
        .status,
    ).toBe(400);
  });

  it('non-moderators cannot ban; a room ban (timed) hides the room; it ends at its time', async () => {
    const eve = await blindedUser(pk);
    await req(eve, 'GET', '/capabilities');
    expect((await req(alice, 'POST', `/user/${eve.id}/ban`, { json: { rooms: ['lobby'] } })).status).toBe(
      403,
    );
    expect(
      (await req(mod, 'POST', `/user/${eve.id}/ban`, { json: { rooms: ['lobby'], global: true } })).status,
    ).toBe(400);
    expect((await req(mod, 'POST', `/user/${eve.id}/ban`, { json: { rooms: ['nope'] } })).status).toBe(404);
    // Only admins may ban a room moderator.
    expect((await req(mod, 'POST', `/user/${admin.id}/ban`, { json: { rooms: ['lobby'] } })).status).toBe(
      403,
    );
    expect(
      (await req(mod, 'POST', `/user/${eve.id}/ban`, { json: { rooms: ['lobby'], timeout: 30 } })).status,
    ).toBe(200);
    expect((await post(eve, 'banned?')).status).toBe(404);
    expect((await req(eve, 'GET', '/room/lobby')).status).toBe(404);
    expect((await req(mod, 'GET', `/room/lobby/permissions/${eve.id}`)).json()).toMatchObject({
      banned: true,
    });
    expect((await post(eve, 'other room', 'other')).status).toBe(201);
    nowMs += 31_000;
    expect((await post(eve, 'back')).status).toBe(201);
  });

  it('a global ban refuses every signed request with 403 "Banned"; unban lifts it', async () => {
    const frank = await blindedUser(pk);
    await req(frank, 'GET', '/capabilities');
    // Room moderators are not global moderators.
    expect((await req(mod, 'POST', `/user/${frank.id}/ban`, { json: { global: true } })).status).toBe(403);
    await server.addModerator(null, admin.id, { admin: true, hidden: true });
    expect((await req(admin, 'POST', `/user/${frank.id}/ban`, { json: { global: true } })).status).toBe(200);
    const r = await req(frank, 'GET', '/capabilities');
    expect(r.status).toBe(403);
    expect(r.text).toBe('Banned');
    expect((await req(admin, 'POST', `/user/${frank.id}/unban`, { json: { global: true } })).status).toBe(
      200,
    );
    expect((await req(frank, 'GET', '/capabilities')).status).toBe(200);
  });

  it('ban demotes a moderator (errata E7); moderator flags (§12)', async () => {
    const gina = await blindedUser(pk);
    await req(gina, 'GET', '/capabilities');
    const add = await req(admin, 'POST', `/user/${gina.id}/moderator`, {
      json: { rooms: ['lobby'], moderator: true },
    });
    expect(add.json().info_updates).toHaveProperty('lobby');
    expect((await req(gina, 'GET', '/room/lobby')).json()).toMatchObject({ moderator: true });
    expect(
      (await req(mod, 'POST', `/user/${bob.id}/moderator`, { json: { rooms: ['lobby'], moderator: true } }))
        .status,
    ).toBe(403);
    expect(
      (await req(admin, 'POST', `/user/${gina.id}/moderator`, { json: { rooms: ['lobby'] } })).status,
    ).toBe(400);
    expect(
      (
        await req(admin, 'POST', `/user/${gina.id}/moderator`, {
          json: { rooms: ['lobby'], admin: true, moderator: false },
        })
      ).status,
    ).toBe(400);
    await req(admin, 'POST', `/user/${gina.id}/ban`, { json: { rooms: ['lobby'] } });
    await req(admin, 'POST', `/user/${gina.id}/unban`, { json: { rooms: ['lobby'] } });
    const info = (await req(gina, 'GET', '/room/lobby')).json();
    expect(info.moderator).toBeUndefined();
    expect(info.moderators).not.toContain(gina.id);
  });

  it('delete all posts of a user: moderator or self; 404 when nothing to delete', async () => {
    const hal = await blindedUser(pk);
    await post(hal, 'a');
    await post(hal, 'b');
    expect((await req(alice, 'DELETE', `/room/lobby/all/${hal.id}`)).status).toBe(403);
    expect((await req(mod, 'DELETE', `/room/lobby/all/${hal.id}`)).status).toBe(200);
    expect((await req(mod, 'DELETE', `/room/lobby/all/${hal.id}`)).status).toBe(404);
    await post(hal, 'c');
    await post(hal, 'd', 'other');
    // Across rooms: only where the caller moderates (mod is not a moderator of `other`).
    expect((await req(mod, 'DELETE', `/rooms/all/${hal.id}`)).json()).toEqual({
      total: 1,
      rooms: { lobby: 1 },
    });
    expect((await req(hal, 'DELETE', `/rooms/all/${hal.id}`)).json()).toEqual({
      total: 1,
      rooms: { other: 1 },
    });
  });

  it('a moderator given as a 05 Account ID is matched by their 15 key (§5.4)', async () => {
    const ivy = await blindedUser(pk);
    await server.addModerator('other', ivy.sessionId, {});
    const info = (await req(ivy, 'GET', '/room/other')).json();
    expect(info).toMatchObject({ moderator: true });
    expect(info.moderators).toContain(ivy.id);
    // Also for someone already known: a ban by 05 id reaches the 15 user.
    const jay = await blindedUser(pk);
    await req(jay, 'GET', '/capabilities');
    expect(
      (await req(admin, 'POST', `/user/${jay.sessionId}/ban`, { json: { rooms: ['other'] } })).status,
    ).toBe(200);
    expect((await req(jay, 'GET', '/room/other')).status).toBe(404);
    // A 05 id that is no one's X25519 key (not a curve point) cannot be blinded: 400.
    expect(
      (await req(admin, 'POST', `/user/05${'ab'.repeat(32)}/ban`, { json: { rooms: ['lobby'] } })).status,
    ).toBe(400);
    await expect(server.addModerator('lobby', `05${'ab'.repeat(32)}`)).rejects.toThrow(/not a usable/);
  });
});

describe('rate limit (§14)', () => {
  it('the 6th post within 16 s → 429; admins are exempt; the window passes', async () => {
    const kim = await blindedUser(pk);
    for (let i = 0; i < 5; i++) expect((await post(kim, `p${i}`, 'other')).status).toBe(201);
    expect((await post(kim, 'p5', 'other')).status).toBe(429);
    for (let i = 0; i < 6; i++) expect((await post(admin, `a${i}`, 'lobby')).status).toBe(201);
    nowMs += 17_000;
    expect((await post(kim, 'p6', 'other')).status).toBe(201);
  });
});

describe('batch and sequence (§11)', () => {
  it('batch runs all sub-requests as the outer user; sequence stops at the first failure', async () => {
    const b = await req(alice, 'POST', '/batch', {
      json: [
        { method: 'GET', path: '/capabilities' },
        { method: 'GET', path: '/room/nope' },
        { method: 'POST', path: '/room/lobby/message', json: postBody(alice, 'from batch') },
      ],
    });
    expect(b.status).toBe(200);
    const out = b.json();
    expect(out.map((x: { code: number }) => x.code)).toEqual([200, 404, 201]);
    expect(out[0].body).toEqual({ capabilities: ['blind', 'reactions', 'sogs'] });
    expect(out[2].body.session_id).toBe(alice.id);
    expect(typeof out[1].body).toBe('string');
    const s = await req(alice, 'POST', '/sequence', {
      json: [
        { method: 'GET', path: '/room/nope' },
        { method: 'GET', path: '/capabilities' },
      ],
    });
    expect(s.json().map((x: { code: number }) => x.code)).toEqual([404]);
    expect(
      (await req(alice, 'POST', '/batch', { json: [{ method: 'GET', path: '/rooms', json: {} }] })).status,
    ).toBe(400);
    expect((await req(alice, 'POST', '/batch', { json: [{ method: 'POST', path: '/batch' }] })).status).toBe(
      400,
    );
    expect((await req(alice, 'POST', '/batch', { json: [] })).json()).toEqual([]);
  });
});

describe('blinded DMs (§13)', () => {
  it('inbox/outbox round trip; since → 304; unknown recipient → 404', async () => {
    const msg = Buffer.from('opaque dm bytes').toString('base64');
    const sent = await req(alice, 'POST', `/inbox/${bob.id}`, { json: { message: msg } });
    expect(sent.status).toBe(201);
    const s = sent.json();
    expect(s).toMatchObject({ sender: alice.id, recipient: bob.id });
    expect(s).not.toHaveProperty('message');
    const inbox = (await req(bob, 'GET', '/inbox')).json();
    expect(inbox).toEqual([
      expect.objectContaining({ id: s.id, sender: alice.id, recipient: bob.id, message: msg }),
    ]);
    expect((await req(alice, 'GET', '/outbox')).json()).toEqual([
      expect.objectContaining({ id: s.id, message: msg }),
    ]);
    const none = await req(bob, 'GET', `/inbox/since/${s.id}`);
    expect(none.status).toBe(304);
    expect((await req(alice, 'POST', `/inbox/15${'ab'.repeat(32)}`, { json: { message: msg } })).status).toBe(
      404,
    );
    expect((await req(alice, 'POST', `/inbox/${bob.id}`, { json: {} })).status).toBe(400);
    expect((await req(undefined, 'GET', '/inbox')).status).toBe(401);
    expect((await req(bob, 'DELETE', '/inbox')).json()).toEqual({ deleted: 1 });
  });
});
