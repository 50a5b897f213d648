import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blind15Id, blind15IdsFromSessionId } from '../../src/crypto/blinding.js';
import { ed25519KeyPairFromSeed } from '../../src/crypto/keys.js';
import { unpadMessage } from '../../src/messages/padding.js';
import { SessionProtos } from '../../src/messages/proto.js';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { openClient } from '../../src/client.js';
import { CommunityStore } from '../../src/store/communities.js';
import { blindedUser, sogs } from '../helpers/raw-sogs.js';
import { startModNet, type ModNet } from './community-mod-cli.js';

/**
 * Blinded DMs between two profiles of the built CLI through the devnet community server's inbox:
 * `community dm` → the recipient's `community watch` polls the inbox → the DM is a message
 * request in `request list` / `conversation list`, in the conversation of the sender's 15 id; the
 * reply comes back the same way; the sender's own copy (outbox) is not stored twice.
 */
let net: ModNet;
const cli = (args: string[], profile: string) => net.cli(args, profile);
type Conv = { id: string; state: string; messages: number; displayName: string | null };

beforeAll(async () => {
  net = await startModNet('e2e-community-dm', ['alice', 'bob', 'carol']);
  for (const p of ['alice', 'bob', 'carol']) {
    const j = await cli(['community', 'join', net.joinUrl(), '--direct'], p);
    expect(j.code, j.stderr).toBe(0);
  }
}, 120_000);

afterAll(async () => {
  await net?.stop();
});

describe('blinded DMs (built CLI, devnet)', () => {
  it('bad ids exit 2 before any traffic; an unknown recipient is refused (exit 4)', async () => {
    const bad = await cli(['community', 'dm', 'lobby', '15abc', 'hi', '--direct'], 'alice');
    expect(bad.code).toBe(2);
    // not a key at all: bad input; a key no one has used on the server: 404
    const notKey = await cli(['community', 'dm', 'lobby', '15' + '7'.repeat(64), 'hi', '--direct'], 'alice');
    expect(notKey.code).toBe(2);
    const stranger = await blind15Id(
      (await ed25519KeyPairFromSeed(new Uint8Array(32).fill(9))).secretKey,
      net.dn.descriptor.community.pubkey,
    );
    const nobody = await cli(['community', 'dm', 'lobby', stranger, 'hi', '--direct'], 'alice');
    expect(nobody.code).toBe(4);
    // `message send` to a 15 id no DM went to yet: no server to send it by; the hint says how
    const viaSwarm = await cli(['message', 'send', stranger, 'hi'], 'alice');
    expect(viaSwarm.code).toBe(6);
    expect(viaSwarm.json.error.code).toBe('NOT_FOUND');
    expect(viaSwarm.json.error.hint).toContain('community dm');
    expect(nobody.json.error.details.status).toBe(404);
  }, 60_000);

  it('a DM round trip between two profiles shows as a message request', async () => {
    const pk = net.dn.descriptor.community.pubkey;
    // bob posts: alice sees his 15 id in the room (what a user would DM)
    const p = await cli(['community', 'post', 'lobby', 'hello, DM me', '--direct'], 'bob');
    expect(p.code, p.stderr).toBe(0);
    const r = await cli(['community', 'read', 'lobby', '--direct'], 'alice');
    const bob15 = (r.json.result.messages as { from: string }[])[0]!.from;
    expect(await blind15IdsFromSessionId(net.ids.bob!, pk)).toContain(bob15);

    const dm = await cli(['community', 'dm', 'lobby', bob15, 'hi bob, privately', '--direct'], 'alice');
    expect(dm.code, dm.stderr).toBe(0);
    // the one message object of her copy, and where it went
    const sent = dm.json.result as Record<string, unknown>;
    expect(sent).toMatchObject({
      type: 'message',
      id: `${net.ids.alice}:${sent.timestamp as number}`,
      from: net.ids.alice,
      conversation: bob15,
      direction: 'out',
      text: 'hi bob, privately',
      attachments: [],
      quote: null,
      to: bob15,
      server: net.dn.descriptor.community.url,
      inboxId: expect.any(Number),
    });
    expect(Object.keys(sent)).toEqual(
      expect.arrayContaining(['cursor', 'hash', 'timestamp', 'expiresAt', 'readAt']),
    );

    // bob's watcher polls the inbox into the conversation list, and shows the DM once, as the one
    // message object of its 15 conversation
    const w = await cli(['community', 'watch', '--direct', '--timeout', '4s', '--interval', '1'], 'bob');
    expect(w.code, w.stderr).toBe(0);
    const shown = (out: string) =>
      out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { type: string; conversation: string; text: string; direction: string })
        .filter((e) => e.text === 'hi bob, privately');
    expect(shown(w.stdout)).toEqual([
      expect.objectContaining({
        type: 'message',
        direction: 'in',
        conversation: expect.stringMatching(/^15/),
      }),
    ]);
    // and, after it, the request it opened
    const events = w.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { type: string; conversation: string; text?: string });
    const at = events.findIndex((e) => e.type === 'request');
    expect(events[at]).toMatchObject({ conversation: shown(w.stdout)[0]!.conversation });
    expect(at).toBeGreaterThan(events.findIndex((e) => e.text === 'hi bob, privately'));
    const reqs = await cli(['request', 'list'], 'bob');
    expect(reqs.code, reqs.stderr).toBe(0);
    const requests = reqs.json.result.requests as Conv[];
    expect(requests).toHaveLength(1);
    const alice15 = requests[0]!.id;
    expect(await blind15IdsFromSessionId(net.ids.alice!, pk)).toContain(alice15);
    expect(requests[0]).toMatchObject({ state: 'request', messages: 1, displayName: 'alice' });
    // the human list says through which server it came (where to answer it)
    const human = await runCli([
      'request',
      'list',
      '--profile',
      'bob',
      '--data-dir',
      join(net.root, 'data'),
      '--no-daemon',
    ]);
    expect(human.stdout).toContain(
      `${alice15}  1 message(s)  (a DM through ${net.dn.descriptor.community.url})`,
    );
    const convs = await cli(['conversation', 'list'], 'bob');
    expect((convs.json.result.conversations as Conv[]).map((c) => c.id)).toContain(alice15);

    // bob answers through the same server, quoting her message; alice's watcher brings it in
    const inBob = (await cli(['message', 'list', alice15, '--json'], 'bob')).json.result.messages as {
      id: string;
      text: string;
    }[];
    const hers = inBob.find((m) => m.text === 'hi bob, privately')!;
    expect(hers.id).toBe(`${alice15}:${sent.timestamp as number}`);
    const unknown = await cli(
      ['community', 'dm', 'lobby', alice15, 'hm', '--reply-to', `${alice15}:1`, '--direct'],
      'bob',
    );
    expect(unknown.code).toBe(6);
    const back = await cli(
      [
        'community',
        'dm',
        net.dn.descriptor.community.url,
        alice15,
        'hi alice',
        '--reply-to',
        hers.id,
        '--direct',
      ],
      'bob',
    );
    expect(back.code, back.stderr).toBe(0);
    expect(back.json.result.quote).toEqual({ id: hers.id, author: alice15, text: 'hi bob, privately' });
    const w2 = await cli(['community', 'watch', '--direct', '--timeout', '4s', '--interval', '1'], 'alice');
    expect(w2.code, w2.stderr).toBe(0);
    const aliceConvs = (await cli(['conversation', 'list'], 'alice')).json.result.conversations as Conv[];
    const withBob = aliceConvs.find((c) => c.id === bob15)!;
    // her own DM (stored when sent, and seen again in her outbox) once, and bob's answer
    expect(withBob).toMatchObject({ state: 'accepted', messages: 2 });
    // his answer quotes her message: her own copy of it, by its id here
    const inAlice = (await cli(['message', 'list', bob15, '--json'], 'alice')).json.result.messages as {
      text: string;
      quote: unknown;
    }[];
    expect(inAlice.find((m) => m.text === 'hi alice')!.quote).toEqual({
      id: sent.id,
      author: net.ids.alice,
      text: 'hi bob, privately',
    });
    // she quotes her own message: on the wire by her 15 id, as bob has it, so he finds his copy
    const self = await cli(
      ['community', 'dm', 'lobby', bob15, 'as I said', '--reply-to', sent.id as string, '--direct'],
      'alice',
    );
    expect(self.code, self.stderr).toBe(0);
    const w3 = await cli(['community', 'watch', '--direct', '--timeout', '4s', '--interval', '1'], 'bob');
    expect(w3.code, w3.stderr).toBe(0);
    const bobSees = (await cli(['message', 'list', alice15, '--json'], 'bob')).json.result.messages as {
      text: string;
      quote: unknown;
    }[];
    expect(bobSees.find((m) => m.text === 'as I said')!.quote).toEqual({
      id: hers.id,
      author: alice15,
      text: 'hi bob, privately',
    });
    // bob's outbox copy does not make his conversation a request or a second message, and the
    // next watch does not show alice's DM again
    const again = await cli(['community', 'watch', '--direct', '--timeout', '3s', '--interval', '1'], 'bob');
    expect(again.code).toBe(0);
    expect(shown(again.stdout)).toEqual([]);
    const bobConv = ((await cli(['conversation', 'list'], 'bob')).json.result.conversations as Conv[]).find(
      (c) => c.id === alice15,
    )!;
    expect(bobConv.messages).toBe(3);

    // a reply quotes a message of that very conversation, named by an id (else exit 2)
    const note = await cli(['message', 'send', net.ids.alice!, 'note to self', '--json'], 'alice');
    expect(note.code, note.stderr).toBe(0);
    for (const ref of [note.json.result.id as string, 'yesterday']) {
      const wrong = await cli(
        ['community', 'dm', 'lobby', bob15, 'x', '--reply-to', ref, '--direct'],
        'alice',
      );
      expect(wrong.code, wrong.stderr).toBe(2);
    }
  }, 150_000);

  it('a DM request is declined and accepted by its 15 id; blocking a 15 id blocks the person behind it, whose DMs are dropped', async () => {
    const pk = net.dn.descriptor.community.pubkey;
    const requestsOf = async (p: string) =>
      ((await cli(['request', 'list'], p)).json.result.requests as Conv[]).map((c) => c.id);
    const watch = async (p: string) => {
      const w = await cli(['community', 'watch', '--direct', '--timeout', '3s', '--interval', '1'], p);
      expect(w.code, w.stderr).toBe(0);
    };
    // (bob has alice's DM as a request since the round trip)
    const alice15 = (await requestsOf('bob')).find((id) => id.startsWith('15'))!;
    expect(await blind15IdsFromSessionId(net.ids.alice!, pk)).toContain(alice15);
    const declined = await cli(['request', 'decline', alice15], 'bob');
    expect(declined.code, declined.stderr).toBe(0);
    expect(await requestsOf('bob')).not.toContain(alice15);
    const accepted = await cli(['request', 'accept', alice15], 'bob');
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(accepted.json.result).toMatchObject({ accountId: alice15, state: 'accepted', responseHash: null });
    const convs = (await cli(['conversation', 'list'], 'bob')).json.result.conversations as Conv[];
    expect(convs.find((c) => c.id === alice15)).toMatchObject({ state: 'accepted' });
    // read here and, in ConvoInfoVolatile `b` (pushed), on bob's other devices: nothing unread
    const read = await cli(['conversation', 'mark-read', alice15], 'bob');
    expect(read.code, read.stderr).toBe(0);
    expect(read.json.result).toMatchObject({ conversation: alice15, pushed: true });
    expect(read.json.result.marked).toBeGreaterThan(0);
    expect((await cli(['conversation', 'mark-read', '15' + '4'.repeat(64)], 'bob')).code).toBe(6);
    const after = (await cli(['conversation', 'list'], 'bob')).json.result.conversations as (Conv & {
      unread: number;
    })[];
    expect(after.find((c) => c.id === alice15)!.unread).toBe(0);
    expect((await cli(['request', 'accept', '15' + '4'.repeat(64)], 'bob')).code).toBe(6);

    // bob's second device: the configs bring the room (UserGroups) and the read position (`b`);
    // the DMs its first poll of the server's inbox stores arrive read
    const phrase = (await cli(['identity', 'export', '--yes'], 'bob')).json.result.recoveryPassword as string;
    const dev2 = join(net.root, 'bob-device-2');
    const onDev2 = (args: string[], stdin?: string) =>
      runCli([...args, '--data-dir', dev2, '--json'], {
        ...(stdin === undefined ? {} : { stdin }),
        env: { SESSION_SECRET_BACKEND: 'file', SESSION_NETWORK: join(net.root, 'devnet', 'devnet.json') },
      });
    expect(
      (await onDev2(['identity', 'restore', '--name', 'bob', '--no-passphrase'], `${phrase}\n`)).code,
    ).toBe(0);
    const synced = await onDev2(['message', 'receive']);
    expect(synced.code, synced.stderr).toBe(0);
    const polled = await onDev2(['community', 'watch', '--direct', '--timeout', '3s', '--interval', '1']);
    expect(polled.code, polled.stderr).toBe(0);
    const onDev2Convs = (await onDev2(['conversation', 'list'])).json.result.conversations as (Conv & {
      unread: number;
    })[];
    const dmThere = onDev2Convs.find((c) => c.id === alice15);
    expect(dmThere?.messages).toBeGreaterThan(0);
    expect(dmThere?.unread).toBe(0);

    // pinned, hidden and back by its 15 id: Contacts `b` (synced), the list follows
    type Listed = Conv & { pinned: boolean; hidden: boolean; priority: number };
    const listed = async (all = false) =>
      (await cli(['conversation', 'list', ...(all ? ['--all'] : [])], 'bob')).json.result
        .conversations as Listed[];
    const pin = await cli(['conversation', 'pin', alice15], 'bob');
    expect(pin.code, pin.stderr).toBe(0);
    expect(pin.json.result).toMatchObject({ conversation: alice15, kind: 'direct' });
    expect(pin.json.result.priority).toBeGreaterThan(0);
    expect((await listed())[0]).toMatchObject({
      id: alice15,
      pinned: true,
      priority: pin.json.result.priority,
    });
    expect((await cli(['conversation', 'hide', alice15], 'bob')).json.result.priority).toBe(-1);
    expect((await listed()).map((c) => c.id)).not.toContain(alice15);
    expect((await listed(true)).find((c) => c.id === alice15)).toMatchObject({ hidden: true });
    expect((await cli(['conversation', 'unpin', alice15], 'bob')).json.result.priority).toBe(0);
    expect((await listed()).find((c) => c.id === alice15)).toMatchObject({ pinned: false, hidden: false });
    // no DM with that id here: nothing to pin it under; a DM has no mute setting at all
    expect((await cli(['conversation', 'pin', '15' + '4'.repeat(64)], 'bob')).code).toBe(6);
    const mute = await cli(['conversation', 'mute', alice15], 'bob');
    expect(mute.code).toBe(2);
    expect(mute.json.error).toMatchObject({ code: 'INVALID_INPUT' });
    expect(mute.json.error.message).toMatch(/no mute setting/);

    // `message send 15…` goes by the server the DM went by, as `community dm` would
    const viaSend = await cli(['message', 'send', alice15, 'sent by message send'], 'bob');
    expect(viaSend.code, viaSend.stderr).toBe(0);
    expect(viaSend.json.result).toMatchObject({
      to: alice15,
      text: 'sent by message send',
      direction: 'out',
    });
    expect(net.joinUrl().startsWith(viaSend.json.result.server as string)).toBe(true);
    await watch('alice');
    const aliceDm = ((await cli(['conversation', 'list'], 'alice')).json.result.conversations as Conv[]).find(
      (c) => c.id.startsWith('15'),
    )!.id;
    const aliceSaw = (await cli(['message', 'list', aliceDm], 'alice')).json.result.messages as {
      text: string;
    }[];
    expect(aliceSaw.map((m) => m.text)).toContain('sent by message send');
    // reactions in a DM, both ways: each side sees the other's on its own message (which it keeps
    // under its Account ID, and the other side knows by its 15 id)
    type Msg = {
      id: string;
      text: string;
      direction: string;
      reactions?: Record<string, { count: number }>;
    };
    const listOf = async (conv: string, p: string) =>
      (await cli(['message', 'list', conv], p)).json.result.messages as Msg[];
    const fromAlice = (await listOf(alice15, 'bob')).find((m) => m.direction === 'in')!;
    const bobReacts = await cli(['message', 'react', fromAlice.id, '👍'], 'bob');
    expect(bobReacts.code, bobReacts.stderr).toBe(0);
    expect(bobReacts.json.result).toMatchObject({
      type: 'reaction',
      target: fromAlice.id,
      conversation: alice15,
      emoji: '👍',
      messageHash: null,
    });
    const fromBob = (await listOf(aliceDm, 'alice')).find((m) => m.text === 'sent by message send')!;
    const aliceReacts = await cli(['message', 'react', fromBob.id, '🎉'], 'alice');
    expect(aliceReacts.code, aliceReacts.stderr).toBe(0);
    // bob on his own message: it goes out naming his 15 id, as alice knows that message
    const ownMsg = (await listOf(alice15, 'bob')).find((m) => m.text === 'sent by message send')!;
    expect((await cli(['message', 'react', ownMsg.id, '❤️'], 'bob')).code).toBe(0);
    await watch('alice');
    // bob by `message receive`: alice's reaction is one of its events, as a 1:1 reaction is
    const received = await cli(['message', 'receive'], 'bob');
    expect(received.code, received.stderr).toBe(0);
    expect(received.json.result.events).toContainEqual(
      expect.objectContaining({ type: 'reaction', from: alice15, emoji: '🎉', target: ownMsg.id }),
    );
    expect(
      (await listOf(aliceDm, 'alice')).find((m) => m.id === `${net.ids.alice}:${fromAlice.id.split(':')[1]}`)
        ?.reactions,
    ).toMatchObject({
      '👍': { count: 1 },
    });
    expect(
      (await listOf(alice15, 'bob')).find((m) => m.text === 'sent by message send')?.reactions,
    ).toMatchObject({ '🎉': { count: 1 }, '❤️': { count: 1 } });
    expect((await listOf(aliceDm, 'alice')).find((m) => m.id === fromBob.id)?.reactions).toMatchObject({
      '🎉': { count: 1 },
      '❤️': { count: 1 },
    });
    // bob's second device, polling after all this: alice's reaction (its inbox) is to bob's DM
    // (its outbox), both new to it: one poll stores both, so the reaction finds its message
    const late = await onDev2(['community', 'watch', '--direct', '--timeout', '3s', '--interval', '1']);
    expect(late.code, late.stderr).toBe(0);
    const onDev2Msgs = (await onDev2(['message', 'list', alice15])).json.result.messages as Msg[];
    expect(onDev2Msgs.find((m) => m.text === 'sent by message send')?.reactions).toMatchObject({
      '🎉': { count: 1 },
      '❤️': { count: 1 },
    });
    const reply = await cli(['message', 'send', alice15, 'a reply', '--reply-to', fromAlice.id], 'bob');
    expect(reply.code, reply.stderr).toBe(0);
    expect(reply.json.result.quote).toMatchObject({ id: fromAlice.id, author: alice15 });
    expect((await cli(['message', 'send', '15' + '4'.repeat(64), 'x'], 'bob')).code).toBe(6);
    const withFlag = await cli(['message', 'send', alice15, 'x', '--ttl', '1h'], 'bob');
    expect(withFlag.code).toBe(2);
    expect(withFlag.json.error.message).toMatch(/community DM .* takes no --ttl/);

    // alice blocks bob by his 15 id: his Account ID (learnt from his DMs) is blocked
    const aliceConvs = (await cli(['conversation', 'list'], 'alice')).json.result.conversations as Conv[];
    const bobId15 = aliceConvs.find((c) => c.id.startsWith('15'))!.id;
    const block = await cli(['contact', 'block', bobId15], 'alice');
    expect(block.code, block.stderr).toBe(0);
    expect(block.json.result).toMatchObject({ accountId: net.ids.bob, blindedId: bobId15, blocked: true });
    const blocked = (await cli(['contact', 'list', '--blocked'], 'alice')).json.result.contacts as {
      accountId: string;
    }[];
    expect(blocked.map((c) => c.accountId)).toContain(net.ids.bob);
    const texts = async () =>
      (
        (await cli(['message', 'list', bobId15, '--json'], 'alice')).json.result.messages as {
          text: string;
        }[]
      ).map((m) => m.text);
    const sent = await cli(['community', 'dm', 'lobby', alice15, 'are you there?', '--direct'], 'bob');
    expect(sent.code, sent.stderr).toBe(0);
    await watch('alice');
    expect(await texts()).not.toContain('are you there?');
    // unblocked: the next one arrives (the dropped one stays dropped)
    expect((await cli(['contact', 'unblock', bobId15], 'alice')).code).toBe(0);
    const again = await cli(['community', 'dm', 'lobby', alice15, 'hello again', '--direct'], 'bob');
    expect(again.code, again.stderr).toBe(0);
    await watch('alice');
    expect(await texts()).toContain('hello again');
    // a 15 id that never sent a DM: no one known behind it
    expect((await cli(['contact', 'block', '15' + '4'.repeat(64)], 'alice')).code).toBe(6);
  }, 150_000);

  it("community message requests off (UserProfile M): a stranger's DM is dropped, our posts say so, contacts still get through", async () => {
    const off = await cli(['profile', 'set', '--community-requests', 'off'], 'bob');
    expect(off.code, off.stderr).toBe(0);
    expect((await cli(['profile', 'show'], 'bob')).json.result.communityRequests).toBe(false);
    // his posts carry DataMessage.blocksCommunityMessageRequests, as the official clients' do
    const post = await cli(['community', 'post', 'lobby', 'no DMs please', '--direct'], 'bob');
    expect(post.code, post.stderr).toBe(0);
    const pk = net.dn.descriptor.community.pubkey;
    const raw = await sogs(
      net.dn.descriptor.community.url,
      pk,
      await blindedUser(pk),
      'GET',
      `/room/lobby/message/${post.json.result.id as string}`,
    );
    const content = SessionProtos.Content.decode(unpadMessage(Buffer.from(raw.json().data, 'base64')));
    expect(content.dataMessage!.blocksCommunityMessageRequests).toBe(true);
    // carol is a stranger: her DM is dropped; alice's conversation with him was accepted: hers arrives
    // carol read that post: her DM goes out with a warning that it may not reach him
    expect((await cli(['community', 'read', 'lobby', '--direct'], 'carol')).code).toBe(0);
    const warned = await cli(['community', 'dm', 'lobby', net.ids.bob!, 'hi stranger', '--direct'], 'carol');
    expect(warned.code, warned.stderr).toBe(0);
    expect(warned.json.warnings).toEqual([expect.stringContaining('takes no community DMs')]);
    // alice has DMs from him: no warning
    const dm = await cli(['community', 'dm', 'lobby', net.ids.bob!, 'still me', '--direct'], 'alice');
    expect(dm.code, dm.stderr).toBe(0);
    expect(dm.json.warnings).toEqual([]);
    const w = await cli(['community', 'watch', '--direct', '--timeout', '3s', '--interval', '1'], 'bob');
    expect(w.code, w.stderr).toBe(0);
    const convs = (await cli(['conversation', 'list'], 'bob')).json.result.conversations as Conv[];
    const carol15 = await blind15IdsFromSessionId(net.ids.carol!, pk);
    expect(convs.some((c) => carol15.includes(c.id))).toBe(false);
    const alice15 = (await blind15IdsFromSessionId(net.ids.alice!, pk)).find((id) =>
      convs.some((c) => c.id === id),
    )!;
    const texts = (
      (await cli(['message', 'list', alice15, '--json'], 'bob')).json.result.messages as { text: string }[]
    ).map((m) => m.text);
    expect(texts).toContain('still me');
    // on again: carol's next DM is a request
    expect((await cli(['profile', 'set', '--community-requests', 'on'], 'bob')).code).toBe(0);
    expect(
      (await cli(['community', 'dm', 'lobby', net.ids.bob!, 'hi again', '--direct'], 'carol')).code,
    ).toBe(0);
    const w2 = await cli(['community', 'watch', '--direct', '--timeout', '3s', '--interval', '1'], 'bob');
    expect(w2.code, w2.stderr).toBe(0);
    const reqs = ((await cli(['request', 'list'], 'bob')).json.result.requests as Conv[]).map((c) => c.id);
    expect(reqs.some((id) => carol15.includes(id))).toBe(true);
  }, 150_000);

  it("message receive gets the DMs of the joined rooms' servers too; a server that is down is a warning", async () => {
    // carol also joined a room on a server that is down, joined first (so polled first)
    const dataDir = join(net.root, 'data');
    const network = join(net.root, 'devnet', 'devnet.json');
    const c = await openClient({
      dataDir,
      profile: 'carol',
      network,
      passphrase: () => Promise.resolve(undefined),
    });
    const rooms = new CommunityStore(c.db);
    const lobby = rooms.rooms().find((r) => r.token === 'lobby')!;
    rooms.join({
      baseUrl: 'http://127.0.0.1:9', // discard: nothing listens there
      pubkey: lobby.pubkey,
      token: 'down',
      name: 'Down',
      watchSeqno: 0,
      now: 0,
    });
    await c.close();
    // (reading the room makes carol known to the server: a DM to her can be addressed)
    expect((await cli(['community', 'read', 'lobby', '--direct'], 'carol')).code).toBe(0);
    const dm = await cli(['community', 'dm', 'lobby', net.ids.carol!, 'via receive', '--direct'], 'alice');
    expect(dm.code, dm.stderr).toBe(0);
    const r = await cli(['message', 'receive', '--json'], 'carol');
    expect(r.code, r.stderr).toBe(0);
    const got = r.json.result.messages as {
      text: string;
      conversation: string;
      direction: string;
      id: string;
    }[];
    const pk = net.dn.descriptor.community.pubkey;
    const alice15 = await blind15IdsFromSessionId(net.ids.alice!, pk);
    const mine = got.filter((m) => m.text === 'via receive');
    // (a DM's author is their 15 id on that server, as `community watch` stores it)
    expect(mine).toEqual([
      expect.objectContaining({ direction: 'in', timestamp: dm.json.result.timestamp as number }),
    ]);
    expect(alice15).toContain(mine[0]!.conversation);
    expect(mine[0]!.id).toBe(`${mine[0]!.conversation}:${dm.json.result.timestamp as number}`);
    expect(r.json.warnings).toEqual([expect.stringMatching(/^http:\/\/127\.0\.0\.1:9: DMs not polled: /)]);
    // handed out once: the next receive has it no more
    const again = await cli(['message', 'receive', '--json'], 'carol');
    expect(again.code, again.stderr).toBe(0);
    expect((again.json.result.messages as { text: string }[]).map((m) => m.text)).not.toContain(
      'via receive',
    );
    // --follow polls them too, and says on stderr that a server is down
    const dm2 = await cli(
      ['community', 'dm', 'lobby', net.ids.carol!, 'while following', '--direct'],
      'alice',
    );
    expect(dm2.code, dm2.stderr).toBe(0);
    const f = await cli(
      [
        'message',
        'receive',
        '--follow',
        '--json',
        '--interval',
        '1',
        '--max-messages',
        '1',
        '--timeout',
        '60s',
      ],
      'carol',
    );
    expect(f.code, f.stderr).toBe(0);
    const lines = f.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; text?: string });
    expect(lines).toEqual([expect.objectContaining({ type: 'message', text: 'while following' })]);
    expect(f.stderr).toMatch(/Warning: http:\/\/127\.0\.0\.1:9: DMs not polled: /);
    // and it is in the conversation, as a DM watched by `community watch` would be
    const list = await cli(['message', 'list', mine[0]!.conversation, '--json'], 'carol');
    expect((list.json.result.messages as { text: string }[]).map((m) => m.text)).toContain('via receive');
  }, 120_000);
});
