import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationMute } from '../../src/actions/conversation-mute.js';
import { createGroup, listGroups } from '../../src/actions/group-manage.js';
import { readUserConfig } from '../../src/actions/sync.js';
import { sendMessage } from '../../src/actions/send-message.js';
import { openClient, type SessionClient } from '../../src/client.js';
import { MUTED_FOREVER_S } from '../../src/config/mute.js';
import { SessionError } from '../../src/errors.js';
import { USER_GROUPS, UserGroupsView } from '../../src/config/user-groups.js';
import type { ChatBackend } from '../../src/ui/backend.js';
import { findDaemon, openDaemonBackend } from '../../src/ui/daemon-backend.js';
import { createLocalBackend } from '../../src/ui/local-backend.js';
import { tempDir } from '../helpers/cli.js';
import { startLocalNetwork, type LocalNetwork } from '../helpers/local-network.js';
import { startDaemonProcess, type DaemonProcess } from '../daemon/helpers.js';

/**
 * The chat's /mute and /leave through both real backends: the local one runs the actions (the
 * mute lands in the configs, a group is left), the daemon one calls conversation.mute|unmute,
 * group.leave and community.leave (checked with a recording seam and against a real daemon).
 */
let net: LocalNetwork;
const noPass = () => Promise.resolve(undefined);
const open = (profile: string) =>
  openClient({ dataDir: net.dataDir, profile, network: net.network, passphrase: noPass });

beforeAll(async () => {
  net = await startLocalNetwork('chat-mute', ['alice', 'bob']);
}, 120_000);
afterAll(async () => net?.dn.stop());

describe('local backend: mute and leave', () => {
  let alice: SessionClient;
  let backend: ChatBackend;
  beforeAll(async () => {
    alice = await open('alice');
    backend = createLocalBackend({ client: alice, network: net.network, intervalMs: 300 });
    await sendMessage(alice, { to: net.ids.bob!, text: 'hi bob' });
  }, 120_000);
  afterAll(async () => backend?.close());

  it('says it can mute and leave', () => {
    expect(backend.capabilities).toMatchObject({ mute: true, leave: true });
  });

  it('mute for 1 h lands in Contacts `!` and the list shows it; forever is Infinity; unmute clears', async () => {
    const bob = net.ids.bob!;
    const until = Date.now() + 3_600_000;
    await backend.mute!(bob, until);
    const s = await conversationMute(alice.db, alice.keys.accountId, { kind: 'direct', id: bob });
    expect(s).toBe(Math.ceil(until / 1000));
    const row = (await backend.conversations()).find((c) => c.id === bob)!;
    expect(row.mutedUntil).toBe(s * 1000);

    await backend.mute!(bob, Infinity);
    expect(await conversationMute(alice.db, alice.keys.accountId, { kind: 'direct', id: bob })).toBe(
      MUTED_FOREVER_S,
    );
    expect((await backend.conversations()).find((c) => c.id === bob)!.mutedUntil).toBe(Infinity);

    await backend.mute!(bob, null);
    expect(await conversationMute(alice.db, alice.keys.accountId, { kind: 'direct', id: bob })).toBe(0);
    expect((await backend.conversations()).find((c) => c.id === bob)!.mutedUntil).toBeNull();
  }, 120_000);

  it('leave: a 1:1 conversation is refused; a 03 group is left (gone from our groups and configs)', async () => {
    await expect(backend.leave!(net.ids.bob!)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const g = await createGroup(alice, { name: 'Team', members: [net.ids.bob!] });
    await backend.mute!(g.groupId, Date.now() + 60_000);
    expect(
      await conversationMute(alice.db, alice.keys.accountId, { kind: 'group', id: g.groupId }),
    ).toBeGreaterThan(0);
    await backend.leave!(g.groupId);
    expect((await listGroups(alice)).map((x) => x.groupId)).not.toContain(g.groupId);
    const groups = new UserGroupsView(
      await readUserConfig(alice.keys.accountId, alice.db, USER_GROUPS.namespace),
    );
    expect(groups.group(g.groupId)).toBeUndefined();
  }, 180_000);
});

/**
 * A daemon backend whose daemon is a recorder: each call's method and params are kept, and
 * `answer` gives the reply.
 */
async function recordingBackend(
  answer: (params: Record<string, unknown>) => unknown,
  opts: { readReceipts?: boolean } = {},
) {
  const calls: { method: string; params: Record<string, unknown> }[] = [];
  const backend = await openDaemonBackend({
    target: { socketPath: '/nonexistent', profile: 'alice', accountId: net.ids.alice! },
    dataDir: net.dataDir,
    ...opts,
    call: (method, params) => {
      calls.push({ method, params });
      return Promise.resolve(answer(params));
    },
  });
  return { calls, backend };
}

describe('daemon backend: mute and leave are daemon methods', () => {
  it('maps /mute, /unmute and /leave to conversation.mute|unmute, group.leave, community.leave', async () => {
    const { calls, backend } = await recordingBackend(() => ({}));
    try {
      expect(backend.capabilities).toMatchObject({ mute: true, leave: true });
      const bob = net.ids.bob!;
      await backend.mute!(bob, Date.now() + 3_600_000);
      await backend.mute!(bob, Infinity);
      await backend.mute!(bob, null);
      const group = '03' + 'e'.repeat(64);
      await backend.leave!(group);
      await backend.leave!('http://127.0.0.1:1234/lobby');
      await expect(backend.leave!(bob)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      expect(calls.map((c) => c.method)).toEqual([
        'conversation.mute',
        'conversation.mute',
        'conversation.unmute',
        'group.leave',
        'community.leave',
      ]);
      const seconds = Number(/^(\d+)s$/.exec(calls[0]!.params.for as string)?.[1]);
      // generous: the machine may be slow between the two Date.now() calls
      expect(seconds).toBeGreaterThan(3500);
      expect(seconds).toBeLessThanOrEqual(3600);
      expect(calls[0]!.params).toMatchObject({ profile: 'alice', conversation: bob });
      expect(calls[1]!.params).toEqual({ profile: 'alice', conversation: bob, forever: true });
      expect(calls[2]!.params).toEqual({ profile: 'alice', conversation: bob });
      expect(calls[3]!.params).toEqual({ profile: 'alice', group });
      expect(calls[4]!.params).toEqual({ profile: 'alice', room: 'http://127.0.0.1:1234/lobby' });
    } finally {
      await backend.close();
    }
  });

  it('markRead: a person, a group or a room is conversation.mark-read; a left group is no error, a room not joined is', async () => {
    const bob = net.ids.bob!;
    const left = '03' + 'd'.repeat(64);
    const room = 'http://127.0.0.1:1234/lobby';
    const { calls, backend } = await recordingBackend(
      (params) => {
        if (params.conversation === left || params.conversation === room)
          throw new SessionError('NOT_FOUND', `no ${String(params.conversation)} in your configs`);
        return {};
      },
      { readReceipts: true },
    );
    try {
      await backend.markRead(bob);
      await backend.markRead(left);
      await expect(backend.markRead(room)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      // read receipts go with a person's conversation only
      expect(calls.map((c) => c.params)).toEqual([
        { profile: 'alice', conversation: bob, push: false, 'read-receipts': true },
        { profile: 'alice', conversation: left, push: false },
        { profile: 'alice', conversation: room, push: false },
      ]);
    } finally {
      await backend.close();
    }
  });

  it('in a community room: send is community.post, markRead is conversation.mark-read, a file community.post --attach, a reply --reply-to, a reaction community.react', async () => {
    const { calls, backend } = await recordingBackend((params) => ({
      type: 'message',
      id: '7',
      conversation: params.room,
    }));
    const room = 'http://127.0.0.1:1234/lobby';
    try {
      expect(await backend.send(room, 'hello room')).toMatchObject({ id: '7', conversation: room });
      await backend.markRead(room);
      // a file is `community post --attach` there, by absolute path (the daemon has its own cwd)
      await backend.send(room, 'file', { attachments: ['x.txt'] });
      // a reply is `community post --reply-to` the quoted post's id
      type Quoted = NonNullable<NonNullable<Parameters<typeof backend.send>[2]>['quote']>;
      await backend.send(room, 'yes', { quote: { id: '7' } as Quoted });
      type Shown = Parameters<NonNullable<typeof backend.react>>[1];
      // a reaction is `community react`; our own emoji again takes it back (--remove)
      expect(await backend.react!(room, { id: '7' } as Shown, '👍')).toBeUndefined();
      await backend.react!(
        room,
        { id: '7', reactions: { '👍': { count: 1, you: true } } } as unknown as Shown,
        '👍',
      );
      expect(calls).toEqual([
        { method: 'community.post', params: { profile: 'alice', room, text: 'hello room' } },
        { method: 'conversation.mark-read', params: { profile: 'alice', conversation: room, push: false } },
        {
          method: 'community.post',
          params: { profile: 'alice', room, text: 'file', attach: [resolve('x.txt')] },
        },
        { method: 'community.post', params: { profile: 'alice', room, text: 'yes', 'reply-to': '7' } },
        { method: 'community.react', params: { profile: 'alice', room, id: '7', emoji: '👍' } },
        { method: 'community.react', params: { profile: 'alice', room, id: '7', emoji: '👍', remove: true } },
      ]);
    } finally {
      await backend.close();
    }
  });

  it('in a community DM (15…): send is community.dm through the server its messages came by, a reply --reply-to', async () => {
    const conv = '15' + 'b'.repeat(64);
    const server = 'http://127.0.0.1:1234';
    const c = await open('alice');
    try {
      c.store.insert(
        {
          conversation: conv,
          hash: null,
          author: conv,
          timestamp: 1_700_000_000_000,
          direction: 'in',
          text: 'psst',
          extras: { community: server, inboxId: 1 },
          state: 'request',
        },
        Date.now(),
      );
    } finally {
      await c.close();
    }
    const { calls, backend } = await recordingBackend(() => ({
      type: 'message',
      id: 'x',
      conversation: conv,
      to: conv,
      server,
      inboxId: 3,
    }));
    try {
      type Quoted = NonNullable<NonNullable<Parameters<typeof backend.send>[2]>['quote']>;
      // what the chat shows is the message object alone
      expect(await backend.send(conv, 'hi', { quote: { id: `${conv}:1700000000000` } as Quoted })).toEqual({
        type: 'message',
        id: 'x',
        conversation: conv,
      });
      await expect(backend.send(conv, 'f', { attachments: ['x.txt'] })).rejects.toMatchObject({
        code: 'INVALID_INPUT',
      });
      await expect(backend.send('15' + 'c'.repeat(64), 'nobody')).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      expect(calls).toEqual([
        {
          method: 'community.dm',
          params: { profile: 'alice', server, id: conv, text: 'hi', 'reply-to': `${conv}:1700000000000` },
        },
      ]);
    } finally {
      await backend.close();
    }
  });

  describe('against a running daemon', () => {
    let daemon: DaemonProcess | undefined;
    const runtime = tempDir('chat-mute-run-');
    afterAll(async () => {
      if (daemon?.child.exitCode === null) {
        daemon.child.kill('SIGTERM');
        await daemon.exited;
      }
    });

    it('conversation.mute / unmute run in the daemon and the list shows them', async () => {
      daemon = startDaemonProcess(
        ['--profile', 'alice', '--data-dir', net.dataDir, '--network', net.network, '--interval', '5'],
        { XDG_RUNTIME_DIR: runtime },
      );
      await daemon.ready;
      const target = await findDaemon({
        dataDir: net.dataDir,
        profile: 'alice',
        network: net.network,
        env: { XDG_RUNTIME_DIR: runtime },
      });
      expect(target).toBeDefined();
      const backend = await openDaemonBackend({ target: target!, dataDir: net.dataDir });
      try {
        const bob = net.ids.bob!;
        const until = Date.now() + 8 * 3_600_000;
        await backend.mute!(bob, until);
        const row = (await backend.conversations()).find((c) => c.id === bob)!;
        expect(row.mutedUntil).not.toBeNull();
        expect(Math.abs(row.mutedUntil! - until)).toBeLessThan(120_000);
        await backend.mute!(bob, Infinity);
        expect((await backend.conversations()).find((c) => c.id === bob)!.mutedUntil).toBe(Infinity);
        await backend.mute!(bob, null);
        expect((await backend.conversations()).find((c) => c.id === bob)!.mutedUntil).toBeNull();
      } finally {
        await backend.close();
      }
    }, 180_000);
  });
});
