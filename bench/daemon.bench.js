// Sends through a warm daemon (issue 14), against a local network started here: `session message
// send` as a new process that forwards to the daemon (client process included), next to a bare
// `node -e 0`; a raw JSON-RPC `message.send` over the daemon's UNIX socket (a small client in this
// process: connect, one request, its response); and webhook fan-out, from the moment the daemon
// journals an event (its `createdAt`, same machine clock) to the webhook's arrival at a local HTTP
// receiver, for our own sent messages (journaled when the send returns) and received ones
// (journaled by the poll). Medians, taken in turns so that load from elsewhere hits all alike.
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { startDevnet } from '../dist/src/devnet/index.js';
import { defaultSocketPath } from '../dist/src/daemon/paths.js';

/** The webhook receiver's program (node -e): prints its port, then serves. */
const RECEIVER = `
const arrivals = [];
const server = require('node:http').createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    if (req.method === 'GET') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(arrivals));
    arrivals.push({ at: Date.now(), body: JSON.parse(body) });
    res.writeHead(204).end();
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** One process to its exit, in ms (asynchronous: the devnet here keeps serving meanwhile). */
function timeOnce(args, env) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${args.slice(1).join(' ')} exited ${code}: ${out.slice(0, 300)}`));
      else resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, out });
    });
  });
}

/** A new connection to the socket, one JSON-RPC request, its response: { ms, response }. */
function rawRpc(socketPath, request) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const s = connect(socketPath);
    let buffered = '';
    s.setEncoding('utf8');
    s.once('error', reject);
    s.on('connect', () => s.write(`${JSON.stringify(request)}\n`));
    s.on('data', (chunk) => {
      buffered += String(chunk);
      const nl = buffered.indexOf('\n');
      if (nl === -1) return;
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      s.destroy();
      const response = JSON.parse(buffered.slice(0, nl));
      if (response.error) reject(new Error(`rpc ${request.method}: ${JSON.stringify(response.error)}`));
      else resolve({ ms, response });
    });
  });
}

async function createIdentity(binPath, env, name) {
  const { out } = await timeOnce(
    [binPath, 'identity', 'create', '--name', name, '--no-passphrase', '--json', '--no-daemon'],
    env,
  );
  return JSON.parse(out).result.accountId;
}

export default async function daemonBench({ binPath, tmpDir, runs }) {
  // 41 rounds (~4 s): the two medians are ~15 ms apart, and with 11 one busy second on a shared
  // machine moved their ratio by 0.3
  const rounds = Math.max(runs, 41);
  const dn = await startDevnet({ dir: join(tmpDir, 'devnet'), nodes: 9, swarmSize: 3, rateLimit: false });
  // The webhook receiver is a process of its own, as a real one is: in this one, which also runs
  // the devnet and starts every measured process, its answers would wait for that work, and a
  // burst of events (delivered one after another) would measure this process, not the daemon.
  // It notes each arrival's time; GET /arrivals hands them over at the end.
  const receiver = spawn(process.execPath, ['-e', RECEIVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const receiverPort = await new Promise((ok, fail) => {
    receiver.stdout.once('data', (d) => ok(Number(String(d).trim())));
    receiver.once('error', fail);
  });
  const hook = `http://127.0.0.1:${receiverPort}/hook`;
  let arrivals = [];
  const env = {
    SESSION_DATA_DIR: join(tmpDir, 'data'),
    SESSION_SECRET_BACKEND: 'file',
    SESSION_NETWORK: join(tmpDir, 'devnet', 'devnet.json'),
    XDG_RUNTIME_DIR: join(tmpDir, 'run'),
  };
  let daemon;
  try {
    const ids = {};
    for (const name of ['ann', 'ben']) ids[name] = await createIdentity(binPath, env, name);
    daemon = spawn(process.execPath, [binPath, 'daemon', '--all', '--webhook', hook, '--interval', '1'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let daemonErr = '';
    await new Promise((ok, fail) => {
      daemon.stderr.on('data', (d) => {
        daemonErr += d;
        if (daemonErr.includes('listening on')) ok();
      });
      daemon.once('close', (code) => fail(new Error(`daemon exited ${code}: ${daemonErr.slice(0, 300)}`)));
    });
    const socketPath = defaultSocketPath(env.SESSION_DATA_DIR, env);
    let rpcId = 0;
    const rpcSend = (text) =>
      rawRpc(socketPath, {
        jsonrpc: '2.0',
        id: ++rpcId,
        method: 'message.send',
        params: { to: ids.ben, text, profile: 'ann' },
      });
    // Warm: the daemon's pool and paths, and this process's socket client.
    await rpcSend('warm-up');
    await timeOnce([binPath, 'message', 'send', ids.ben, 'warm-up cli', '--profile', 'ann'], env);

    const nodeSamples = [];
    const cliSamples = [];
    const rpcSamples = [];
    for (let i = 0; i < rounds; i++) {
      nodeSamples.push((await timeOnce(['-e', '0'], {})).ms);
      cliSamples.push(
        (await timeOnce([binPath, 'message', 'send', ids.ben, `cli ${i}`, '--profile', 'ann', '--json'], env))
          .ms,
      );
      rpcSamples.push((await rpcSend(`rpc ${i}`)).ms);
    }
    // Let the poll journal ben's incoming copies and the webhook deliver them.
    const sentTexts = new Set([...cliSamples.keys()].flatMap((i) => [`cli ${i}`, `rpc ${i}`]));
    const want = 2 * sentTexts.size; // each message: ann's outgoing event, ben's incoming one
    const deadline = Date.now() + 60_000;
    const matching = () => arrivals.filter((a) => sentTexts.has(a.body.text));
    for (;;) {
      arrivals = await (await fetch(`http://127.0.0.1:${receiverPort}/arrivals`)).json();
      if (matching().length >= want || Date.now() >= deadline) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    // The journal's own time of each event (events.list), matched by message id and direction.
    const journaled = new Map();
    let after = 0;
    for (;;) {
      const { response } = await rawRpc(socketPath, {
        jsonrpc: '2.0',
        id: ++rpcId,
        method: 'events.list',
        params: { after, limit: 1000 },
      });
      const events = response.result;
      if (events.length === 0) break;
      for (const e of events) journaled.set(`${e.body.id}/${e.body.direction}`, e.createdAt);
      after = events[events.length - 1].seq;
    }
    const lag = (direction) =>
      matching()
        .filter((a) => a.body.direction === direction)
        .map((a) => a.at - journaled.get(`${a.body.id}/${direction}`))
        .filter((x) => Number.isFinite(x));
    const outLag = lag('out');
    const inLag = lag('in');
    const base = median(nodeSamples);
    const cli = median(cliSamples);
    const g = 'daemon';
    return [
      { group: g, name: 'node -e 0', value: base, unit: 'ms', note: `medians of ${rounds}` },
      { group: g, name: 'message send via warm daemon (CLI process)', value: cli, unit: 'ms' },
      {
        group: g,
        name: 'message send via daemon / node -e 0',
        value: cli / base,
        unit: 'x',
        target: '≤ 1.5x',
      },
      {
        group: g,
        name: 'raw JSON-RPC message.send (socket)',
        value: median(rpcSamples),
        unit: 'ms',
        target: '< 15 ms',
        note: `connect + request + response; max ${Math.max(...rpcSamples).toFixed(0)} ms`,
      },
      {
        group: g,
        name: 'webhook after journal (sent message)',
        value: outLag.length ? median(outLag) : NaN,
        unit: 'ms',
        target: '< 50 ms',
        note: `${outLag.length} events; max ${outLag.length ? Math.max(...outLag) : NaN} ms`,
      },
      {
        group: g,
        name: 'webhook after journal (received message)',
        value: inLag.length ? median(inLag) : NaN,
        unit: 'ms',
        target: '< 50 ms',
        note: `${inLag.length}/${sentTexts.size} events; max ${inLag.length ? Math.max(...inLag) : NaN} ms`,
      },
    ];
  } finally {
    if (daemon && daemon.exitCode === null) {
      const exited = new Promise((ok) => daemon.once('close', ok));
      daemon.kill('SIGTERM');
      await exited;
    }
    receiver.kill();
    await dn.stop();
  }
}
