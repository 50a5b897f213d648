import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callDaemon } from '../../src/daemon/rpc-client.js';
import { CommunityStore } from '../../src/store/communities.js';
import { openDatabase } from '../../src/store/database.js';
import { ProfileDirectory } from '../../src/store/profiles.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { startLocalNetwork, type LocalNetwork } from '../helpers/local-network.js';
import { until } from '../helpers/until.js';
import { startDaemonProcess, type DaemonProcess } from '../daemon/helpers.js';

/**
 * The daemon journals community events (issue 14): a served profile's joined room is polled with
 * its swarm, and a new post arrives at the webhook as the one message object (`conversation` the
 * room's URL), a deletion as a `delete` event. The room's history when the daemon first sees it
 * is not an event, nothing is delivered twice across a restart, and `message receive --follow`
 * through the daemon stays the account's swarm (as without a daemon). A room gone from its
 * server fails its poll without stopping the others. Built CLI, devnet.
 */
interface Hook {
  type: string;
  id: string;
  text?: string;
  conversation?: string;
  direction?: string;
}

describe('session daemon: community rooms of a served profile', () => {
  let ln: LocalNetwork;
  let daemon: DaemonProcess;
  let server: Server;
  const hits: Hook[] = [];
  let socket: string;
  let port = 0;
  let room = '';

  const start = async (): Promise<DaemonProcess> => {
    const d = startDaemonProcess([
      '--profile',
      'alice',
      '--data-dir',
      ln.dataDir,
      '--network',
      ln.network,
      '--socket',
      socket,
      '--interval',
      '1',
      '--webhook',
      `http://127.0.0.1:${port}/hook`,
    ]);
    await d.ready;
    return d;
  };
  /** Until the daemon has polled `n` more times (the rooms are polled with the swarm). */
  const polled = async (n: number): Promise<void> => {
    const polls = async () =>
      ((await callDaemon(socket, 'daemon.status', {}, 10_000)) as { profiles: { polls: number }[] })
        .profiles[0]!.polls;
    const from = await polls();
    await until(async () => (await polls()) >= from + n);
  };
  const post = async (text: string): Promise<string> => {
    const r = await ln.cli(['community', 'post', 'lobby', text, '--direct'], 'bob');
    expect(r.code, r.stderr).toBe(0);
    return r.json.result.id as string;
  };

  beforeAll(async () => {
    ln = await startLocalNetwork('daemon-community', ['alice', 'bob']);
    socket = join(tempDir('daemon-community-'), 'd.sock');
    for (const p of ['alice', 'bob']) {
      const j = await ln.cli(
        ['community', 'join', ln.dn.descriptor.community.rooms[0]!.joinUrl, '--direct'],
        p,
      );
      expect(j.code, j.stderr).toBe(0);
    }
    // history: posted before the daemon serves alice
    await post('before the daemon');
    // and a room that is gone from its server (polled first: joined earliest): its failing poll
    // must not stop the others
    const db = await openDatabase(new ProfileDirectory(ln.dataDir).databasePath('alice'));
    const rooms = new CommunityStore(db);
    const lobby = rooms.rooms()[0]!;
    rooms.join({
      baseUrl: lobby.baseUrl,
      pubkey: lobby.pubkey,
      token: 'gone',
      name: 'Gone',
      watchSeqno: 0,
      now: 0,
    });
    expect(rooms.rooms().map((r) => r.token)).toEqual(['gone', 'lobby']);
    db.close();
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        hits.push(JSON.parse(body) as Hook);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
    daemon = await start();
    await polled(2);
  }, 180_000);

  afterAll(async () => {
    if (daemon?.child.exitCode === null) {
      daemon.child.kill('SIGTERM');
      await daemon.exited;
    }
    server?.closeAllConnections();
    server?.close();
    await ln?.dn.stop();
  });

  it('a new post reaches the webhook as a message object; the history before it does not', async () => {
    const id = await post('hello daemon');
    await until(() => hits.some((h) => h.text === 'hello daemon'));
    const hit = hits.find((h) => h.text === 'hello daemon')!;
    room = hit.conversation!;
    expect(hit).toMatchObject({ type: 'message', id, direction: 'in' });
    expect(room).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/lobby$/);
    expect(hits.some((h) => h.text === 'before the daemon')).toBe(false);
  }, 120_000);

  it('a deletion is a delete event of that message', async () => {
    const id = await post('soon gone');
    await until(() => hits.some((h) => h.text === 'soon gone'));
    const del = await ln.cli(['community', 'delete', 'lobby', id, '--direct'], 'bob');
    expect(del.code, del.stderr).toBe(0);
    await until(() => hits.some((h) => h.type === 'delete' && h.id === id));
    expect(hits.find((h) => h.type === 'delete')).toMatchObject({ conversation: room });
  }, 120_000);

  it('message receive --follow through the daemon shows no room events', async () => {
    const follow = runCli(
      [
        'message',
        'receive',
        '--follow',
        '--json',
        '--timeout',
        '8s',
        '--profile',
        'alice',
        '--data-dir',
        ln.dataDir,
        '--network',
        ln.network,
      ],
      { timeoutMs: 60_000 },
    );
    await new Promise((r) => setTimeout(r, 1500));
    // a post and its deletion: a message event and a delete event in the journal
    const id = await post('not for receive');
    // (a post deleted before the next poll makes no event at all: wait for it first)
    await until(() => hits.some((h) => h.text === 'not for receive'));
    expect((await ln.cli(['community', 'delete', 'lobby', id, '--direct'], 'bob')).code).toBe(0);
    await until(() => hits.some((h) => h.type === 'delete' && h.id === id));
    const out = await follow;
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).not.toContain('not for receive');
    expect(out.stdout).not.toContain('"delete"');
  }, 120_000);

  it('a restarted daemon delivers what was posted meanwhile, once, and nothing again', async () => {
    daemon.child.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);
    await post('while it was down');
    const before = hits.length;
    daemon = await start();
    await until(() => hits.some((h) => h.text === 'while it was down'));
    await polled(2);
    const texts = hits.slice(before).map((h) => h.text ?? h.type);
    expect(texts).toEqual(['while it was down']);
  }, 120_000);
});
