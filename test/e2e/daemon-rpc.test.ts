import { connect } from 'node:net';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { startLocalNetwork, type LocalNetwork } from '../helpers/local-network.js';
import Sqlite from 'better-sqlite3';
import { daemonDatabasePath, defaultSocketPath } from '../../src/daemon/paths.js';
import { callDaemon } from '../../src/daemon/rpc-client.js';
import { closestSwarm, swarmIdFromHex, swarmSpace } from '../../src/network/swarm.js';
import {
  runDaemonCommand,
  spawnDaemonCommand,
  startDaemonProcess,
  type DaemonProcess,
} from '../daemon/helpers.js';

/** Notifications and the response of one JSON-RPC request on a fresh connection. */
function rpcSession(
  socket: string,
  request: unknown,
  until: (msgs: any[]) => boolean,
  timeoutMs = 60_000,
): Promise<any[]> {
  return new Promise((resolve, reject) => {
    const s = connect(socket);
    const msgs: any[] = [];
    let buf = '';
    const timer = setTimeout(() => {
      s.destroy();
      reject(new Error(`timeout; got ${JSON.stringify(msgs)}`));
    }, timeoutMs);
    s.setEncoding('utf8');
    s.on('error', reject);
    s.on('data', (d: string) => {
      buf += d;
      let nl: number;
      while ((nl = buf.indexOf('\n')) !== -1) {
        msgs.push(JSON.parse(buf.slice(0, nl)));
        buf = buf.slice(nl + 1);
      }
      if (until(msgs)) {
        clearTimeout(timer);
        s.destroy();
        resolve(msgs);
      }
    });
    s.write(`${JSON.stringify(request)}\n`);
  });
}

describe('session daemon: JSON-RPC, CLI forwarding, status, signals', () => {
  let ln: LocalNetwork;
  let runtime: string;
  let socket: string;
  let daemon: DaemonProcess;
  let env: Record<string, string>;
  let alice: string;
  let bob: string;
  /** The flags that put a command on this network's data directory, for `profile` (and --json). */
  const on = (profile: string, json = true) => [
    '--profile',
    profile,
    '--data-dir',
    ln.dataDir,
    '--network',
    ln.network,
    ...(json ? ['--json'] : []),
  ];
  /** `session ARGS --profile P` on this network (`--json` unless json: false). */
  const run = (
    args: string[],
    profile: string,
    o: { json?: boolean; env?: Record<string, string>; stdin?: string } = {},
  ) =>
    runCli([...args, ...on(profile, o.json !== false)], {
      env: { ...env, ...o.env },
      ...(o.stdin === undefined ? {} : { stdin: o.stdin }),
      timeoutMs: 90_000,
    });
  const cli = (args: string[], profile: string, extra: Record<string, string> = {}) =>
    run(args, profile, { env: extra });

  beforeAll(async () => {
    ln = await startLocalNetwork('daemon-rpc', ['alice', 'bob']);
    alice = ln.ids.alice!;
    bob = ln.ids.bob!;
    runtime = tempDir('daemon-run-');
    env = { XDG_RUNTIME_DIR: runtime };
    socket = defaultSocketPath(ln.dataDir, env);
    daemon = startDaemonProcess(
      ['--all', '--data-dir', ln.dataDir, '--network', ln.network, '--interval', '1'],
      env,
    );
    await daemon.ready;
  }, 120_000);

  afterAll(async () => {
    if (daemon?.child.exitCode === null) {
      daemon.child.kill('SIGTERM');
      await daemon.exited;
    }
    await ln?.dn.stop();
  });

  it('listens on a 0600 socket in $XDG_RUNTIME_DIR and reports status', async () => {
    expect(socket.startsWith(runtime)).toBe(true);
    expect(statSync(socket).mode & 0o777).toBe(0o600);
    const r = await runDaemonCommand('daemon:status', ['--data-dir', ln.dataDir, '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const s = r.json.result;
    expect(s.socket).toBe(socket);
    expect(s.profiles.map((p: { name: string }) => p.name).sort()).toEqual(['alice', 'bob']);
    expect(s.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(s.database).toBe(join(ln.dataDir, 'daemon.db'));
  });

  it('makes onion layer keys while idle, and its requests use them (daemon status)', async () => {
    // its polls (every second) and this send build onions over the same paths again and again
    await callDaemon(socket, 'message.send', { to: bob, text: 'layers', profile: 'alice' }, 90_000);
    let keys: { hits: number; misses: number; prepared: number } | null = null;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const r = await runDaemonCommand('daemon:status', ['--data-dir', ln.dataDir, '--json'], env);
      keys = r.json.result.profiles.find((p: { name: string }) => p.name === 'alice').hopKeys;
      if (keys !== null && keys.hits > 0) break;
      await new Promise((ok) => setTimeout(ok, 500));
    }
    expect(keys?.prepared).toBeGreaterThan(0);
    expect(keys?.hits).toBeGreaterThan(0);
  });

  it('answers a command method with the command --json result, and its error JSON on failure', async () => {
    const sent = (await callDaemon(
      socket,
      'message.send',
      { to: bob, text: 'hello over rpc', profile: 'alice' },
      90_000,
    )) as { id: string; to: string; confirmations: number };
    expect(sent.to).toBe(bob);
    expect(sent.id.startsWith(`${alice}:`)).toBe(true);
    expect(sent.confirmations).toBeGreaterThan(0);

    const bad = await rpcSession(
      socket,
      { jsonrpc: '2.0', id: 7, method: 'message.send', params: { to: '05abc', text: 'x', profile: 'alice' } },
      (m) => m.some((x) => x.id === 7),
    );
    const err = bad.find((x) => x.id === 7).error;
    expect(err.code).toBe(-32000);
    expect(err.data.code).toBe('INVALID_ACCOUNT_ID');
    expect(err.data.exitCode).toBe(2);

    const unknown = await rpcSession(
      socket,
      { jsonrpc: '2.0', id: 8, method: 'message.sendd', params: {} },
      (m) => m.some((x) => x.id === 8),
    );
    expect(unknown.find((x) => x.id === 8).error.code).toBe(-32601);
    const badParam = await rpcSession(
      socket,
      { jsonrpc: '2.0', id: 9, method: 'message.send', params: { to: bob, bogus: 1 } },
      (m) => m.some((x) => x.id === 9),
    );
    expect(badParam.find((x) => x.id === 9).error.code).toBe(-32602);
  }, 120_000);

  it('runs CLI commands for a served profile in the daemon, and locally with --no-daemon', async () => {
    const before = ((await callDaemon(socket, 'daemon.status')) as any).requests.forwarded;
    const r = await cli(['message', 'send', alice, 'hello through the daemon'], 'bob');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.ok).toBe(true);
    expect(r.json.result.to).toBe(alice);
    const mid = ((await callDaemon(socket, 'daemon.status')) as any).requests.forwarded;
    expect(mid).toBe(before + 1);

    // Text from standard input reaches the command in the daemon.
    const piped = await run(['message', 'send', alice], 'bob', { stdin: 'piped text\n' });
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.json.result.text).toBe('piped text');

    const local = await cli(['message', 'list', alice, '--no-daemon'], 'bob');
    expect(local.code, local.stderr).toBe(0);
    const after = ((await callDaemon(socket, 'daemon.status')) as any).requests.forwarded;
    expect(after).toBe(before + 2);

    // A usage error inside the daemon has the same envelope and exit code as a local one.
    const usage = await cli(['message', 'send', '05abc', 'x'], 'bob');
    expect(usage.code).toBe(2);
    expect(usage.json.ok).toBe(false);
    expect(usage.json.error.code).toBe('INVALID_ACCOUNT_ID');
    // Without --json, the error reaches the caller's standard error, and nothing its stdout.
    const human = await run(['message', 'send', '05abc', 'x'], 'bob', { json: false });
    expect(human.code).toBe(2);
    expect(human.stdout).toBe('');
    expect(human.stderr).toMatch(/^Error \[INVALID_ACCOUNT_ID\]: /);
    expect(((await callDaemon(socket, 'daemon.status')) as any).requests.forwarded).toBe(before + 4);
  }, 180_000);

  it('human output of forwarded commands reaches the caller, every time (not only the first)', async () => {
    const forwarded = async () =>
      ((await callDaemon(socket, 'daemon.status')) as { requests: { forwarded: number } }).requests.forwarded;
    const before = await forwarded();
    for (let i = 0; i < 3; i++) {
      const r = await run(['message', 'send', alice, `human ${i}`], 'bob', { json: false });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Sent ${bob}:\\d+ to ${alice} `));
    }
    expect(await forwarded()).toBe(before + 3); // the daemon ran them
  }, 240_000);

  it("a forwarded command's output and its exit code reach the caller in one write", async () => {
    const argv = ['message', 'list', alice, ...on('bob')];
    for (let i = 0; i < 3; i++) {
      const chunks = await new Promise<string[]>((resolve, reject) => {
        const s = connect(socket);
        const got: string[] = [];
        s.setEncoding('utf8');
        s.on('error', reject);
        s.on('data', (d: string) => {
          got.push(d);
          if (d.includes('"result"')) {
            s.destroy();
            resolve(got);
          }
        });
        const params = { argv, cwd: process.cwd(), env: { ...process.env, ...env }, tty: {} };
        s.write(`${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'cli.run', params })}\n`);
      });
      expect(chunks).toHaveLength(1);
      const lines = chunks[0]!
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines.map((l) => l.method ?? 'result')).toEqual(['cli.output', 'result']);
      expect(lines[1].result).toEqual({ exitCode: 0 });
    }
  }, 60_000);

  it('message receive through the daemon hands out what the daemon already polled', async () => {
    const text = `for alice ${Date.now()}`;
    const s = await cli(['message', 'send', alice, text], 'bob');
    expect(s.code, s.stderr).toBe(0);
    let found = false;
    for (let i = 0; i < 20 && !found; i++) {
      const r = await cli(['message', 'receive'], 'alice');
      expect(r.code, r.stderr).toBe(0);
      found = r.json.result.messages.some((m: { text: string }) => m.text === text);
    }
    expect(found).toBe(true);
    // ... and not again.
    const again = await cli(['message', 'receive'], 'alice');
    expect(again.json.result.messages.some((m: { text: string }) => m.text === text)).toBe(false);
  }, 240_000);

  it('what the daemon polled is read when `message receive` hands it out: after-read timers start', async () => {
    const text = `read me ${Date.now()}`;
    const s = await cli(['message', 'send', alice, text, '--disappear', 'after-read:1h'], 'bob');
    expect(s.code, s.stderr).toBe(0);
    const stored = async () => {
      const l = await cli(['message', 'list', bob, '--no-daemon'], 'alice');
      expect(l.code, l.stderr).toBe(0);
      return l.json.result.messages.find((x: { text: string }) => x.text === text);
    };
    // first the daemon's own poll stores it (unread, its timer not started) ...
    let polled;
    for (let i = 0; i < 60 && !(polled = await stored()); i++) await new Promise((r) => setTimeout(r, 500));
    expect(polled?.expiresAt).toBeNull();
    // ... then `message receive` hands it out from the store
    const r = await cli(['message', 'receive'], 'alice');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.result.messages.some((m: { text: string }) => m.text === text)).toBe(true);
    const list = await cli(['message', 'list', bob, '--no-daemon'], 'alice');
    expect(list.code, list.stderr).toBe(0);
    const m = list.json.result.messages.find((x: { text: string }) => x.text === text);
    // the timer started when it was handed out (about an hour from now), not left waiting
    expect(m.expiresAt).toBeGreaterThan(Date.now() + 30 * 60_000);
    expect(m.expiresAt).toBeLessThan(Date.now() + 2 * 3600_000);
  }, 240_000);

  it('message.receive over RPC hands out what the daemon polled, once; follow is refused', async () => {
    const text = `rpc receive ${Date.now()}`;
    expect((await cli(['message', 'send', alice, text], 'bob')).code).toBe(0);
    let found = false;
    for (let i = 0; i < 20 && !found; i++) {
      const r = (await callDaemon(socket, 'message.receive', { profile: 'alice' }, 90_000)) as {
        messages: { text: string }[];
      };
      found = r.messages.some((m) => m.text === text);
    }
    expect(found).toBe(true);
    const again = (await callDaemon(socket, 'message.receive', { profile: 'alice' }, 90_000)) as {
      messages: { text: string }[];
    };
    expect(again.messages.some((m) => m.text === text)).toBe(false);
    await expect(callDaemon(socket, 'message.receive', { profile: 'alice', follow: true })).rejects.toThrow(
      /events.subscribe/,
    );
  }, 240_000);

  it('message receive --follow through the daemon reads its journal', async () => {
    const follow = runCli(
      ['message', 'receive', '--follow', '--max-messages', '1', '--timeout', '2m', ...on('bob')],
      { env, timeoutMs: 150_000 },
    );
    await new Promise((r) => setTimeout(r, 1500));
    const text = `follow ${Date.now()}`;
    const sent = await cli(['message', 'send', bob, text], 'alice');
    expect(sent.code, sent.stderr).toBe(0);
    const r = await follow;
    expect(r.code, r.stderr).toBe(0);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events).toHaveLength(1);
    expect(events[0].type).toBe('message');
    expect(events[0].text).toBe(text);
    const status = (await callDaemon(socket, 'events.list', {
      profile: 'bob',
      after: 0,
      limit: 1000,
    })) as any[];
    expect(status.some((e) => e.body.text === text)).toBe(true);
  }, 200_000);

  it('group control events are journaled too: the daemon journal of bob gets the invite', async () => {
    const created = await cli(['group', 'create', `daemon group ${Date.now()}`, bob], 'alice');
    expect(created.code, created.stderr).toBe(0);
    const groupId = created.json.result.groupId ?? created.json.result.id;
    let found: any;
    for (let i = 0; i < 60 && !found; i++) {
      const events = (await callDaemon(socket, 'events.list', {
        profile: 'bob',
        after: 0,
        limit: 1000,
      })) as any[];
      found = events.find((e) => e.body.type === 'group');
      if (!found) await new Promise((r) => setTimeout(r, 1000));
    }
    expect(found, 'no group event in the journal').toBeDefined();
    expect(found.body.action).toBe('invited');
    if (typeof groupId === 'string') expect(found.body.conversation).toBe(groupId);
  }, 200_000);

  it('two CLI sends and the daemon run together without locking each other out', async () => {
    const [r1, r2, r3, r5, rpc] = await Promise.all([
      cli(['message', 'send', bob, 'together 1'], 'alice'),
      cli(['message', 'send', bob, 'together 2', '--no-daemon'], 'alice'),
      cli(['message', 'send', alice, 'together 3', '--no-daemon'], 'bob'),
      // a second forwarded one at the same time: each gets its own output, never the other's
      cli(['message', 'send', bob, 'together 5'], 'alice'),
      callDaemon(socket, 'message.send', { to: bob, text: 'together 4', profile: 'alice' }, 90_000),
    ]);
    const results = [r1, r2, r3, r5];
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    expect(results.map((r) => r.json.result.text)).toEqual([
      'together 1',
      'together 2',
      'together 3',
      'together 5',
    ]);
    const ids = new Set([...results.map((r) => r.json.result.id as string), (rpc as { id: string }).id]);
    expect(ids.size).toBe(5);
    const list = await cli(['message', 'list', bob, '--no-daemon'], 'alice');
    const texts = list.json.result.messages.map((m: { text: string }) => m.text);
    for (const t of ['together 1', 'together 2', 'together 4', 'together 5']) expect(texts).toContain(t);
  }, 180_000);

  it('a stale socket (no daemon behind it) falls back to running locally', async () => {
    const dir = tempDir('daemon-stale-');
    const staleEnv = { XDG_RUNTIME_DIR: dir };
    const data = join(dir, 'data');
    mkdirSync(data);
    const path = defaultSocketPath(data, staleEnv);
    mkdirSync(join(dir, 'session-cli'), { recursive: true });
    // A socket file whose listener is gone: what a daemon killed with SIGKILL leaves.
    const { spawn } = await import('node:child_process');
    const holder = spawn(process.execPath, [
      '-e',
      `require('net').createServer().listen(${JSON.stringify(path)}, () => console.log('up'))`,
    ]);
    await new Promise<void>((r) => holder.stdout.once('data', () => r()));
    holder.kill('SIGKILL');
    await new Promise((r) => holder.once('close', r));
    expect(statSync(path).isSocket()).toBe(true);
    const r = await runCli(['message', 'list', bob, '--data-dir', data, '--network', ln.network, '--json'], {
      env: staleEnv,
    });
    // Locally: no identity in that data dir, so NO_IDENTITY (exit 6) — not a hang, not a daemon error.
    expect(r.code).toBe(6);
    expect(r.json.error.code).toBe('NO_IDENTITY');
    expect(existsSync(path)).toBe(true);
  }, 60_000);

  it('Ctrl-C of a forwarded send stops it in the daemon too: exit 130 at once', async () => {
    // alice's swarm hangs (guards and relays answer): the send can only wait for it
    const all = ln.dn.descriptor.nodes;
    const target = closestSwarm(
      swarmSpace(Buffer.from(alice, 'hex')),
      all.map((n) => swarmIdFromHex(n.swarm_id)),
    );
    const hung = all.flatMap((n, k) => (swarmIdFromHex(n.swarm_id) === target ? [k] : []));
    for (const k of hung) ln.dn.hangNode(k, true);
    try {
      const child = spawnDaemonCommand(
        'message:send',
        [alice, `never ${Date.now()}`, '--profile', 'bob', '--data-dir', ln.dataDir, '--network', ln.network],
        env,
      );
      let stderr = '';
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
      // wait until the daemon runs it, then press Ctrl-C once
      const forwarded = async () =>
        ((await callDaemon(socket, 'daemon.status')) as { requests: { forwarded: number } }).requests
          .forwarded;
      const before = await forwarded();
      let running = false;
      for (let i = 0; i < 100 && !running; i++) {
        running = (await forwarded()) > before;
        if (!running) await new Promise((r) => setTimeout(r, 100));
      }
      expect(running, `${stderr} exit ${child.exitCode}`).toBe(true);
      await new Promise((r) => setTimeout(r, 500)); // into the store
      const t0 = Date.now();
      child.kill('SIGINT');
      // 130 comes from the daemon's run of the command, which the interrupt stopped; without it the
      // client would wait for the send's own budget and its DELIVERY_UNKNOWN
      expect(await exited, stderr).toBe(130);
      expect(Date.now() - t0).toBeLessThan(10_000);
    } finally {
      for (const k of hung) ln.dn.hangNode(k, false);
    }
  }, 120_000);

  it('a journal row that can no longer be read: listed as unreadable, skipped by streams, the daemon lives', async () => {
    const first = await cli(['message', 'send', bob, `to be damaged ${Date.now()}`], 'alice');
    expect(first.code, first.stderr).toBe(0);
    const journaled = (await callDaemon(socket, 'events.list', {
      profile: 'alice',
      after: 0,
      limit: 1000,
    })) as any[];
    const damaged = journaled.find((e) => e.body?.id === first.json.result.id);
    expect(damaged, 'the sent message is journaled').toBeDefined();
    const db = new Sqlite(daemonDatabasePath(ln.dataDir));
    db.pragma('busy_timeout = 5000');
    const good = db.prepare('SELECT body FROM events WHERE seq = ?').get(damaged.seq) as { body: string };
    db.prepare("UPDATE events SET body = '{' WHERE seq = ?").run(damaged.seq);
    try {
      const text = `after the damage ${Date.now()}`;
      const stream = rpcSession(
        socket,
        {
          jsonrpc: '2.0',
          id: 1,
          method: 'events.subscribe',
          params: { profile: 'alice', after: damaged.seq - 1 },
        },
        (msgs) => msgs.some((m) => m.method === 'event' && m.params.body.text === text),
      );
      const later = await cli(['message', 'send', bob, text], 'alice');
      expect(later.code, later.stderr).toBe(0);
      const msgs = await stream;
      // nothing was sent for the damaged row, and the stream went on past it
      expect(msgs.filter((m) => m.method === 'event').map((m) => m.params.seq)).not.toContain(damaged.seq);
      const listed = (await callDaemon(socket, 'events.list', {
        profile: 'alice',
        after: damaged.seq - 1,
        limit: 1000,
      })) as any[];
      expect(listed[0]).toMatchObject({ seq: damaged.seq, profile: 'alice', type: 'message' });
      expect(listed[0].unreadable).toMatch(
        /daemon's database is damaged: journaled event \d+ cannot be read/,
      );
      expect(listed[0].body).toBeUndefined();
      expect(listed.some((e) => e.body?.text === text)).toBe(true);
      expect(daemon.child.exitCode).toBeNull();
      expect(daemon.stderr()).toContain(
        `event ${damaged.seq} (alice, message) cannot be read; streams skip it`,
      );
    } finally {
      db.prepare('UPDATE events SET body = ? WHERE seq = ?').run(good.body, damaged.seq);
      db.close();
    }
  }, 200_000);

  it('SIGTERM finishes an in-flight request and exits 0; the socket is removed', async () => {
    const pending = callDaemon(
      socket,
      'message.send',
      { to: bob, text: 'in flight', profile: 'alice' },
      90_000,
    );
    await new Promise((r) => setTimeout(r, 200));
    daemon.child.kill('SIGTERM');
    const sent = (await pending) as { confirmations: number };
    expect(sent.confirmations).toBeGreaterThan(0);
    expect(await daemon.exited).toBe(0);
    expect(existsSync(socket)).toBe(false);
    // Without a daemon, the CLI works on its own.
    const r = await cli(['message', 'list', bob], 'alice');
    expect(r.code, r.stderr).toBe(0);
    const st = await runDaemonCommand('daemon:status', ['--data-dir', ln.dataDir, '--json'], env);
    expect(st.code).toBe(6);
    expect(st.json.error.code).toBe('DAEMON_NOT_RUNNING');
  }, 120_000);
});
