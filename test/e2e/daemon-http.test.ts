import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daemonDatabasePath } from '../../src/daemon/paths.js';
import { tempDir } from '../helpers/cli.js';
import { startLocalNetwork, type LocalNetwork } from '../helpers/local-network.js';
import { callDaemon } from '../../src/daemon/rpc-client.js';
import { startDaemonProcess, type DaemonProcess } from '../daemon/helpers.js';

function post(url: string, body: unknown, token?: string): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined }),
        );
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** Reads an SSE stream until a message event with this text arrived; returns the events so far. */
function sse(url: string, token: string, text: string, lastEventId?: string, timeoutMs = 90_000) {
  return new Promise<{ id: string; event: string; data: any }[]>((resolve, reject) => {
    const events: { id: string; event: string; data: any }[] = [];
    const req = request(
      url,
      {
        headers: {
          authorization: `Bearer ${token}`,
          ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
        },
      },
      (res) => {
        let buf = '';
        res.on('data', (d: Buffer) => {
          buf += d.toString();
          let i: number;
          while ((i = buf.indexOf('\n\n')) !== -1) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const f: Record<string, string> = {};
            for (const line of block.split('\n')) {
              const m = /^([a-z]+): (.*)$/.exec(line);
              if (m) f[m[1]!] = m[2]!;
            }
            if (f.data) events.push({ id: f.id!, event: f.event!, data: JSON.parse(f.data) });
            if (events.some((e) => e.event === 'message' && e.data.text === text)) {
              clearTimeout(timer);
              req.destroy();
              resolve(events);
            }
          }
        });
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`SSE timeout; got ${JSON.stringify(events)}`));
    }, timeoutMs);
    req.on('error', (e) => {
      if (!events.some((x) => x.data.text === text)) reject(e);
    });
    req.end();
  });
}

describe('session daemon over HTTP (bearer token, SSE) and stdio', () => {
  let ln: LocalNetwork;
  let daemon: DaemonProcess;
  let base: string;
  let socket: string;
  const token = 'a-bearer-token';

  beforeAll(async () => {
    ln = await startLocalNetwork('daemon-http', ['alice', 'bob']);
    const dir = tempDir('daemon-http-');
    writeFileSync(join(dir, 'token'), `${token}\n`);
    socket = join(dir, 'd.sock');
    daemon = startDaemonProcess([
      '--profile',
      'alice',
      '--data-dir',
      ln.dataDir,
      '--network',
      ln.network,
      '--socket',
      socket,
      '--http',
      '127.0.0.1:0',
      '--http-token-file',
      join(dir, 'token'),
      '--interval',
      '1',
    ]);
    await daemon.ready;
    base = /(http:\/\/127\.0\.0\.1:\d+)/.exec(daemon.stderr())![1]!;
  }, 120_000);

  afterAll(async () => {
    if (daemon?.child.exitCode === null) {
      daemon.child.kill('SIGTERM');
      await daemon.exited;
    }
    await ln?.dn.stop();
  });

  /** bob sends alice a message, as a CLI process of its own. */
  const send = (text: string) => ln.cli(['message', 'send', ln.ids.alice!, text], 'bob');

  it('refuses to listen beyond loopback without a token', async () => {
    const d = startDaemonProcess([
      '--data-dir',
      ln.dataDir,
      '--network',
      ln.network,
      '--socket',
      join(tempDir('x-'), 's'),
      '--http',
      '0.0.0.0:0',
      '--json',
    ]);
    expect(await d.exited).toBe(2);
    expect(JSON.parse(d.stdout()).error.message).toMatch(/not a loopback address/);
  }, 60_000);

  it('requires the bearer token; answers JSON-RPC; has no cli.run over HTTP', async () => {
    const status = { jsonrpc: '2.0', id: 1, method: 'daemon.status' };
    expect((await post(`${base}/rpc`, status)).status).toBe(401);
    expect((await post(`${base}/rpc`, status, 'wrong-token-of-same-len')).status).toBe(401);
    const ok = await post(`${base}/rpc`, status, token);
    expect(ok.status).toBe(200);
    expect(ok.json.result.http).toBe(base);
    expect(ok.json.result.profiles.map((p: any) => p.name)).toEqual(['alice']);
    const run = await post(
      `${base}/rpc`,
      { jsonrpc: '2.0', id: 2, method: 'cli.run', params: { argv: ['message', 'list'] } },
      token,
    );
    expect(run.json.error.code).toBe(-32601);
    // A batch answers each request.
    const batch = await post(`${base}/rpc`, [status, { jsonrpc: '2.0', id: 3, method: 'nope' }], token);
    expect(batch.json.map((r: any) => r.id)).toEqual([1, 3]);
    expect(batch.json[1].error.code).toBe(-32601);
  });

  it('streams journaled events as SSE; Last-Event-ID resumes after the last one seen; consumers ack by cursor', async () => {
    const stream = sse(`${base}/events?profile=alice`, token, 'sse one');
    await new Promise((r) => setTimeout(r, 300));
    expect((await send('sse one')).code).toBe(0);
    const got = await stream;
    const first = got.find((e) => e.event === 'message');
    expect(first!.id).toMatch(/^\d+$/);
    expect(first!.data.text).toBe('sse one');
    expect(first!.data.profile).toBe('alice');
    expect((await send('sse two')).code).toBe(0);
    const last = got[got.length - 1]!.id;
    const resumed = await sse(`${base}/events?profile=alice`, token, 'sse two', last);
    // Nothing seen before Last-Event-ID comes again.
    expect(resumed.every((e) => Number(e.id) > Number(last))).toBe(true);
    expect(resumed.filter((e) => e.event === 'message').map((e) => e.data.text)).toEqual(['sse two']);

    // A named consumer acknowledges by cursor over the socket.
    const c0 = (await callDaemon(socket, 'events.cursor', { consumer: 'script' })) as { cursor: number };
    const two = resumed.find((e) => e.event === 'message')!;
    const acked = (await callDaemon(socket, 'events.ack', {
      consumer: 'script',
      cursor: Number(two.id),
    })) as { cursor: number };
    expect(acked.cursor).toBe(Math.max(c0.cursor, Number(two.id)));
    const back = (await callDaemon(socket, 'events.ack', { consumer: 'script', cursor: 0 })) as {
      cursor: number;
    };
    expect(back.cursor).toBe(acked.cursor);
    const listed = (await callDaemon(socket, 'events.list', {
      after: Number(first!.id) - 1,
      profile: 'alice',
    })) as any[];
    expect(listed.filter((e) => e.type === 'message').map((e) => e.body.text)).toEqual([
      'sse one',
      'sse two',
    ]);
  }, 180_000);

  it('SSE goes past a journal row that can no longer be read (the daemon warns, and lives)', async () => {
    const before = sse(`${base}/events?profile=alice`, token, 'sse damaged');
    await new Promise((r) => setTimeout(r, 300));
    expect((await send('sse damaged')).code).toBe(0);
    const damaged = (await before).find((e) => e.data.text === 'sse damaged')!;
    const db = new Sqlite(daemonDatabasePath(ln.dataDir));
    db.pragma('busy_timeout = 5000');
    const good = db.prepare('SELECT body FROM events WHERE seq = ?').get(Number(damaged.id)) as {
      body: string;
    };
    db.prepare("UPDATE events SET body = '{' WHERE seq = ?").run(Number(damaged.id));
    try {
      const after = sse(
        `${base}/events?profile=alice`,
        token,
        'sse behind it',
        String(Number(damaged.id) - 1),
      );
      await new Promise((r) => setTimeout(r, 300));
      expect((await send('sse behind it')).code).toBe(0);
      const got = await after;
      expect(got.map((e) => e.id)).not.toContain(damaged.id);
      expect(got.filter((e) => e.event === 'message').map((e) => e.data.text)).toEqual(['sse behind it']);
      expect(daemon.child.exitCode).toBeNull();
      expect(daemon.stderr()).toContain(
        `Warning: event ${damaged.id} (alice, message) cannot be read; streams skip it`,
      );
    } finally {
      db.prepare('UPDATE events SET body = ? WHERE seq = ?').run(good.body, Number(damaged.id));
      db.close();
    }
  }, 180_000);

  it('--stdio answers JSON-RPC lines on stdout and exits 0 when stdin ends', async () => {
    daemon.child.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);
    const d = startDaemonProcess([
      '--profile',
      'alice',
      '--data-dir',
      ln.dataDir,
      '--network',
      ln.network,
      '--socket',
      socket,
      '--stdio',
    ]);
    await d.ready;
    d.child.stdin!.write(
      `${JSON.stringify({ jsonrpc: '2.0', id: 'a', method: 'message.list', params: { conversation: ln.ids.bob, profile: 'alice' } })}\n`,
    );
    d.child.stdin!.write('not json\n');
    const until = Date.now() + 60_000;
    while (d.stdout().split('\n').filter(Boolean).length < 2 && Date.now() < until)
      await new Promise((r) => setTimeout(r, 50));
    const lines = d
      .stdout()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    const list = lines.find((l) => l.id === 'a');
    expect(list.error, JSON.stringify(list)).toBeUndefined();
    expect(list.result.messages.map((m: any) => m.text)).toEqual(
      expect.arrayContaining(['sse one', 'sse two']),
    );
    expect(lines.find((l) => l.id === null).error.code).toBe(-32700);
    d.child.stdin!.end();
    expect(await d.exited).toBe(0);
  }, 120_000);
});
