import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { startLocalNetwork, type LocalNetwork } from '../helpers/local-network.js';
import { until } from '../helpers/until.js';
import { callDaemon } from '../../src/daemon/rpc-client.js';
import { runDaemonCommand, startDaemonProcess, type DaemonProcess } from '../daemon/helpers.js';

interface Hit {
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

describe('session daemon --webhook / --exec: journaled messages delivered, dead letters, replay', () => {
  let ln: LocalNetwork;
  let daemon: DaemonProcess;
  let server: Server;
  let status = 200;
  const hits: Hit[] = [];
  let dir: string;
  let socket: string;
  let execOut: string;
  const secret = 's3cret for the hook';

  beforeAll(async () => {
    ln = await startLocalNetwork('daemon-hook', ['alice', 'bob']);
    dir = tempDir('daemon-hook-');
    socket = join(dir, 'd.sock');
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        if (status === 200) hits.push({ body, headers: req.headers });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    writeFileSync(join(dir, 'secret'), `${secret}\n`);
    execOut = join(dir, 'exec.ndjson');
    daemon = startDaemonProcess([
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
      '--webhook-secret-file',
      join(dir, 'secret'),
      '--exec',
      `cat >> ${execOut}`,
      '--retry-policy',
      '50:100:3',
    ]);
    await daemon.ready;
  }, 120_000);

  afterAll(async () => {
    if (daemon?.child.exitCode === null) {
      daemon.child.kill('SIGTERM');
      await daemon.exited;
    }
    server?.closeAllConnections();
    server?.close();
    await ln?.dn.stop();
  });

  /** bob sends alice a message, as a CLI process of its own. */
  const send = (text: string) => ln.cli(['message', 'send', ln.ids.alice!, text], 'bob');

  it('posts each received message as the one message object, signed over timestamp and body', async () => {
    const r = await send('hook me');
    expect(r.code, r.stderr).toBe(0);
    await until(() => hits.some((h) => JSON.parse(h.body).text === 'hook me'));
    const hit = hits.find((h) => JSON.parse(h.body).text === 'hook me')!;
    const body = JSON.parse(hit.body);
    expect(body.type).toBe('message');
    expect(body.from).toBe(ln.ids.bob);
    expect(body.id).toBe(r.json.result.id);
    const ts = String(hit.headers['x-session-timestamp']);
    expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(600);
    expect(hit.headers['x-session-signature']).toBe(
      `sha256=${createHmac('sha256', secret).update(`${ts}.${hit.body}`).digest('hex')}`,
    );
    // --exec got the same event on stdin.
    const { readFileSync } = await import('node:fs');
    await until(() => {
      try {
        return readFileSync(execOut, 'utf8').includes('hook me');
      } catch {
        return false;
      }
    });
  }, 120_000);

  it('a daemon on a --socket of its own is found through daemon.json; profiles it does not serve run locally', async () => {
    const count = async () =>
      ((await callDaemon(socket, 'daemon.status')) as any).requests.forwarded as number;
    const before = await count();
    const flags = ['--data-dir', ln.dataDir, '--network', ln.network, '--json'];
    const mine = await runCli(['message', 'list', ln.ids.bob!, '--profile', 'alice', ...flags]);
    expect(mine.code, mine.stderr).toBe(0);
    expect(await count()).toBe(before + 1);
    const notServed = await runCli(['message', 'list', ln.ids.alice!, '--profile', 'bob', ...flags]);
    expect(notServed.code, notServed.stderr).toBe(0);
    expect(await count()).toBe(before + 1);
  }, 60_000);

  it('parks what the receiver refuses (daemon deadletters) and delivers it again (daemon replay)', async () => {
    status = 500;
    const r = await send('refused at first');
    expect(r.code, r.stderr).toBe(0);
    const env = {};
    await until(async () => {
      const d = await runDaemonCommand('daemon:deadletters', ['--data-dir', ln.dataDir, '--json'], env);
      return d.json?.result.deadLetters.some((x: any) => x.event?.body.text === 'refused at first');
    });
    const listed = await runDaemonCommand('daemon:deadletters', ['--data-dir', ln.dataDir, '--json'], env);
    const dead = listed.json.result.deadLetters.find((x: any) => x.event?.body.text === 'refused at first');
    expect(dead.attempts).toBe(3);
    expect(dead.lastError).toBe('HTTP 500');
    expect(dead.consumer).toMatch(/^webhook:/);
    const st = (await callDaemon(socket, 'daemon.status')) as any;
    expect(st.queues.find((q: any) => q.consumer.startsWith('webhook:')).deadLetters).toBeGreaterThanOrEqual(
      1,
    );

    status = 200;
    const rep = await runDaemonCommand(
      'daemon:replay',
      ['--data-dir', ln.dataDir, '--id', String(dead.id), '--json'],
      env,
    );
    expect(rep.code, rep.stderr).toBe(0);
    expect(rep.json.result.replaying).toBe(1);
    await until(() => hits.some((h) => JSON.parse(h.body).text === 'refused at first'));
    expect(hits.filter((h) => JSON.parse(h.body).text === 'refused at first')).toHaveLength(1);
    await until(async () => {
      const d = await runDaemonCommand('daemon:deadletters', ['--data-dir', ln.dataDir, '--json'], env);
      return !d.json.result.deadLetters.some((x: any) => x.id === dead.id);
    });
  }, 180_000);

  it('SIGHUP reloads (a rotated secret signs the next delivery)', async () => {
    const rotated = 'rotated secret';
    writeFileSync(join(dir, 'secret'), `${rotated}\n`);
    daemon.child.kill('SIGHUP');
    await new Promise((r) => setTimeout(r, 500));
    const r = await send('after rotation');
    expect(r.code, r.stderr).toBe(0);
    await until(() => hits.some((h) => JSON.parse(h.body).text === 'after rotation'));
    const hit = hits.find((h) => JSON.parse(h.body).text === 'after rotation')!;
    const ts = String(hit.headers['x-session-timestamp']);
    expect(hit.headers['x-session-signature']).toBe(
      `sha256=${createHmac('sha256', rotated).update(`${ts}.${hit.body}`).digest('hex')}`,
    );
    daemon.child.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);
  }, 120_000);
});
