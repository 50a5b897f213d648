import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communityStore, sogsForRoom } from '../../src/actions/community-client.js';
import { joinCommunity, listServerRooms } from '../../src/actions/community-join.js';
import { deleteInRoom, editInRoom, postToRoom, reactInRoom } from '../../src/actions/community-post.js';
import { readRoom, watchRooms } from '../../src/actions/community-read.js';
import type { CommunityEvent } from '../../src/communities/events.js';
import { openClient, type SessionClient } from '../../src/client.js';
import { startDevnet, type Devnet } from '../../src/devnet/index.js';
import type { SessionError } from '../../src/errors.js';
import { exitCodeFor, isSessionError } from '../../src/errors.js';
import { createIdentity } from '../../src/identity/account.js';
import { blindedUser } from '../helpers/raw-sogs.js';

/** The community client against the devnet's community server, through onion paths and directly. */
let dn: Devnet;
let root: string;
const clients: Record<string, SessionClient> = {};

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'community-int-'));
  dn = await startDevnet({ dir: join(root, 'devnet'), nodes: 6, swarmSize: 3, rateLimit: false });
  const dataDir = join(root, 'data');
  const passphrase = () => Promise.resolve(undefined);
  for (const name of ['alice', 'bob']) {
    await createIdentity({ dataDir, name, displayName: name, backend: 'plaintext', passphrase });
    clients[name] = await openClient({
      dataDir,
      profile: name,
      passphrase,
      network: join(root, 'devnet', 'devnet.json'),
    });
  }
}, 120_000);

afterAll(async () => {
  for (const c of Object.values(clients)) await c.close();
  await dn?.stop();
  rmSync(root, { recursive: true, force: true });
});

const lobbyUrl = () => dn.descriptor.community.rooms.find((r) => r.token === 'lobby')!.joinUrl;

describe('community client against the devnet server', () => {
  it('joins by onion request, lists rooms, posts, reads, edits, reacts, deletes', async () => {
    const alice = clients.alice!;
    const bob = clients.bob!;
    const j = await joinCommunity(alice, lobbyUrl());
    expect(j.capabilities).toEqual(expect.arrayContaining(['sogs', 'blind']));
    expect(j.name).toBe('Lobby');
    await joinCommunity(bob, lobbyUrl(), { direct: true });
    const rooms = await listServerRooms(alice, dn.descriptor.community.url);
    expect(rooms.rooms.map((r) => r.token)).toContain('lobby');

    const m = await postToRoom(alice, 'lobby', 'hello community');
    expect(m).toMatchObject({ type: 'message', text: 'hello community', direction: 'out' });
    expect(m.from).toMatch(/^15[0-9a-f]{64}$/);

    const r = await readRoom(bob, 'lobby', { direct: true });
    expect(r.forged).toBe(0);
    expect(r.messages.map((x) => [x.id, x.text, x.direction, x.from])).toContainEqual([
      m.id,
      'hello community',
      'in',
      m.from,
    ]);

    // bob's watcher starts at his join: the post (as he read it) is new to it, then its deletion
    await editInRoom(alice, 'lobby', m.id, 'hello, edited');
    await reactInRoom(bob, 'lobby', m.id, '👍', { direct: true });
    await deleteInRoom(alice, 'lobby', m.id);
    const first: CommunityEvent[] = [];
    await watchRooms(bob, ['lobby'], {
      direct: true,
      intervalMs: 200,
      maxEvents: 2,
      emit: (e) => first.push(e),
    });
    expect(first.map((e) => [e.type, e.id])).toEqual([
      ['message', m.id],
      ['delete', m.id],
    ]);

    // a message seen new, then its edit and a reaction, each once, in seqno order
    const m2 = await postToRoom(alice, 'lobby', 'second');
    const second: CommunityEvent[] = [];
    await watchRooms(bob, [], { direct: true, intervalMs: 200, maxEvents: 1, emit: (e) => second.push(e) });
    await editInRoom(alice, 'lobby', m2.id, 'second, edited');
    const reacted = await reactInRoom(bob, 'lobby', m2.id, '🎉', { direct: true });
    expect(reacted.changed).toBe(true);
    await watchRooms(bob, [], { direct: true, intervalMs: 200, maxEvents: 2, emit: (e) => second.push(e) });
    expect(second.map((e) => e.type)).toEqual(['message', 'edit', 'reactions']);
    expect(second[1]).toMatchObject({ id: m2.id, text: 'second, edited' });
    expect(second[2]).toMatchObject({ id: m2.id, reactions: { '🎉': { count: 1, you: true } } });

    // an edit and a reaction learnt in one poll share a seqno: --max-events never splits them
    // (the cursor could not tell a stop between them from a stop after both)
    const m3 = await postToRoom(alice, 'lobby', 'third');
    await watchRooms(bob, [], { direct: true, intervalMs: 200, maxEvents: 1, emit: () => {} });
    await editInRoom(alice, 'lobby', m3.id, 'third, edited');
    await reactInRoom(bob, 'lobby', m3.id, '🎉', { direct: true });
    const grouped: CommunityEvent[] = [];
    await watchRooms(bob, [], { direct: true, intervalMs: 200, maxEvents: 1, emit: (e) => grouped.push(e) });
    expect(grouped.map((e) => [e.type, e.cursor])).toEqual([
      ['edit', grouped[0]!.cursor],
      ['reactions', grouped[0]!.cursor],
    ]);

    // a watcher started again repeats nothing
    const again: CommunityEvent[] = [];
    await watchRooms(bob, [], {
      direct: true,
      intervalMs: 200,
      signal: AbortSignal.timeout(1_500),
      emit: (e) => again.push(e),
    });
    expect(again).toEqual([]);
  }, 120_000);

  it('a forged post (signature not by its author) is dropped and counted', async () => {
    const bob = clients.bob!;
    const mallory = await blindedUser(dn.descriptor.community.pubkey);
    // mallory posts data with a signature over other bytes: the server stores it as it is (§8.5)
    const data = Buffer.from('0a050a03666f6f80' + '00'.repeat(152), 'hex');
    const sig = mallory.sign(Buffer.from('something else'));
    const res = await fetch(`${dn.descriptor.community.url}/room/lobby/message`, {
      method: 'POST',
      headers: await rawHeaders(
        mallory,
        'POST',
        '/room/lobby/message',
        JSON.stringify({ data: data.toString('base64'), signature: Buffer.from(sig).toString('base64') }),
      ),
      body: JSON.stringify({ data: data.toString('base64'), signature: Buffer.from(sig).toString('base64') }),
    });
    expect(res.status).toBe(201);
    const r = await readRoom(bob, 'lobby', { direct: true });
    expect(r.forged).toBe(1);
    expect(r.messages.some((x) => x.text === 'foo')).toBe(false);
  }, 60_000);

  it('a room that does not exist is refused (exit 4), a server key mismatch before any request', async () => {
    const alice = clients.alice!;
    const url = lobbyUrl().replace('/lobby?', '/nosuchroom?');
    await expect(joinCommunity(alice, url, { direct: true })).rejects.toSatisfy((e) =>
      isSessionError(e, 'REMOTE_REJECTED'),
    );
    const wrongKey = lobbyUrl().replace(/public_key=[0-9a-f]{64}/, `public_key=${'ab'.repeat(32)}`);
    await expect(joinCommunity(alice, wrongKey, { direct: true })).rejects.toSatisfy((e) =>
      isSessionError(e, 'INVALID_INPUT'),
    );
  }, 60_000);

  it('the 6th post within 16 s is RATE_LIMITED (exit 7)', async () => {
    const bob = clients.bob!;
    dn.community.addRoom('busy', { name: 'Busy' });
    await joinCommunity(bob, dn.community.joinUrl('busy'), { direct: true });
    for (let i = 0; i < 5; i++) await postToRoom(bob, 'busy', `post ${i}`, { direct: true });
    const e = await postToRoom(bob, 'busy', 'one too many', { direct: true }).catch((x: unknown) => x);
    expect(isSessionError(e, 'RATE_LIMITED')).toBe(true);
    expect(exitCodeFor((e as SessionError).code)).toBe(7);
  }, 60_000);

  it('a post to a read-only room is PERMISSION_DENIED (exit 4) with the server’s reason', async () => {
    const alice = clients.alice!;
    const bob = clients.bob!;
    dn.community.addRoom('quiet', { name: 'Quiet' });
    await dn.community.addModerator('quiet', alice.keys.accountId, { admin: true });
    await joinCommunity(alice, dn.community.joinUrl('quiet'), { direct: true });
    await joinCommunity(bob, dn.community.joinUrl('quiet'), { direct: true });
    await postToRoom(bob, 'quiet', 'while writable', { direct: true });
    const store = communityStore(alice);
    const room = store.resolve('quiet');
    // the room admin takes the default write permission away (§7.4)
    await sogsForRoom(alice, store, room, { direct: true }).call({
      method: 'PUT',
      path: '/room/quiet',
      json: { default_write: false },
    });
    const e = await postToRoom(bob, 'quiet', 'read-only now', { direct: true }).catch((x: unknown) => x);
    expect(e, String(e)).toSatisfy((x) => isSessionError(x, 'PERMISSION_DENIED'));
    expect(exitCodeFor((e as SessionError).code)).toBe(4);
    expect((e as SessionError).details).toMatchObject({ status: 403 });
    expect((e as SessionError).message).toMatch(/403/);
  }, 60_000);
});

async function rawHeaders(
  u: Awaited<ReturnType<typeof blindedUser>>,
  method: string,
  path: string,
  body: string,
) {
  const { sogsSignedMessage } = await import('../../src/communities/auth.js');
  const nonce = crypto.getRandomValues(new Uint8Array(16));
  const ts = String(Math.floor(Date.now() / 1000));
  const msg = await sogsSignedMessage({
    serverPkHex: dn.descriptor.community.pubkey,
    nonce,
    timestamp: ts,
    method,
    path,
    body: Buffer.from(body),
  });
  return {
    'Content-Type': 'application/json',
    'X-SOGS-Pubkey': u.header,
    'X-SOGS-Nonce': Buffer.from(nonce).toString('base64'),
    'X-SOGS-Timestamp': ts,
    'X-SOGS-Signature': Buffer.from(u.sign(msg)).toString('base64'),
  };
}
