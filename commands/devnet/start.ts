import { spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { control, pidAlive, readDescriptor, type DescriptorLike } from '../../src/cli/devnet-control.js';
import { SessionError } from '../../src/errors.js';

export default class DevnetStart extends BaseCommand<typeof DevnetStart> {
  static override summary = 'Start a local Session network (seed, storage nodes, file server) on loopback.';
  static override description = `Runs, in one process, a seed node, N storage nodes in swarms (HTTPS on 127.0.K.1), a file server
and ONS records, speaking the real wire formats. State lives in DIR, so a restart keeps identities
and messages. DIR/devnet.json describes the network: pass it to client commands with
--network DIR/devnet.json (or SESSION_NETWORK).

Without --detach it runs in the foreground until Ctrl-C (then it stops and exits 130). With --detach
it starts in the background (pid file DIR/devnet.pid, log DIR/devnet.log) and exits once the
network is ready.

If a network already runs in DIR (its process is alive and its control endpoint answers), start
refuses with exit 2 (DEVNET_RUNNING); with --reuse it reports the running network's descriptor and
exits 0. A devnet.json left by a process that is gone does not count: a new network starts.`;
  static override examples = [
    '<%= config.bin %> devnet start --dir ./.devnet --detach',
    '<%= config.bin %> devnet start --dir ./.devnet --nodes 12 --swarm-size 4 --json',
    '<%= config.bin %> devnet start --dir ./.devnet --detach --reuse --json   # idempotent (CI)',
    'export SESSION_NETWORK=./.devnet/devnet.json',
  ];
  // Ctrl-C stops the network cleanly (sockets, SQLite) before the process exits 130.
  protected static override interruptGraceMs = 20_000;
  static override flags = {
    dir: Flags.string({ description: 'Directory for the network state.', required: true }),
    nodes: Flags.integer({ description: 'Number of storage nodes.', default: 9, min: 1, max: 250 }),
    'swarm-size': Flags.integer({ description: 'Nodes per swarm.', default: 3, min: 1 }),
    detach: Flags.boolean({ description: 'Run in the background.', default: false }),
    reuse: Flags.boolean({
      description: 'If a network already runs in DIR, report it and exit 0 instead of failing.',
      default: false,
    }),
    'no-rate-limit': Flags.boolean({
      description: 'Disable the per-IP rate limit of direct requests.',
      default: false,
    }),
  };

  async run(): Promise<Record<string, unknown>> {
    const f = this.flags;
    const dir = resolve(f.dir);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const running = await liveDevnet(dir);
    if (running) {
      if (!f.reuse) {
        throw new SessionError('DEVNET_RUNNING', `a devnet already runs in ${dir} (pid ${running.pid})`, {
          hint: `use it (--network ${join(dir, 'devnet.json')}), stop it with \`session devnet stop --dir ${dir}\`, or pass --reuse`,
          details: { pid: running.pid },
        });
      }
      this.log(
        `Devnet already running in ${dir} (pid ${running.pid}); descriptor: ${join(dir, 'devnet.json')}`,
      );
      return running;
    }
    if (f.detach) return this.detach(dir);
    const { startDevnet } = await import('../../src/devnet/index.js');
    const devnet = await startDevnet({
      dir,
      nodes: f.nodes,
      swarmSize: f['swarm-size'],
      rateLimit: !f['no-rate-limit'],
    });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'devnet.pid'), `${process.pid}\n`);
    const d = devnet.descriptor;
    if (this.jsonEnabled())
      process.stdout.write(`${JSON.stringify({ ok: true, result: d, warnings: [] })}\n`);
    else {
      this.log(
        `Devnet running: ${d.nodes.length} nodes, seed ${d.seeds[0]!.url}, file server ${d.fileServer.url}`,
      );
      this.log(`Use it with: --network ${join(dir, 'devnet.json')}   (Ctrl-C stops it)`);
    }
    // Ctrl-C aborts this.signal (BaseCommand): stop cleanly, then exit 130 (INTERRUPTED).
    // SIGTERM (`devnet stop`) is the ordinary way to end a detached network: exit 0.
    const how = await new Promise<'interrupted' | 'terminated'>((done) => {
      const onTerm = (): void => done('terminated');
      process.once('SIGTERM', onTerm);
      this.signal.addEventListener('abort', () => {
        process.off('SIGTERM', onTerm);
        done('interrupted');
      });
    });
    await devnet.stop();
    if (!this.quiet) process.stderr.write('Devnet stopped.\n');
    if (how === 'interrupted') throw new SessionError('INTERRUPTED', 'interrupted (the devnet was stopped)');
    // The JSON document was already printed at start (a stream consumer needs it then).
    return undefined as unknown as Record<string, unknown>;
  }

  private async detach(dir: string): Promise<Record<string, unknown>> {
    const f = this.flags;
    const log = openSync(join(dir, 'devnet.log'), 'a');
    const args = [
      process.argv[1]!,
      'devnet',
      'start',
      '--dir',
      dir,
      '--nodes',
      String(f.nodes),
      '--swarm-size',
      String(f['swarm-size']),
      ...(f['no-rate-limit'] ? ['--no-rate-limit'] : []),
    ];
    const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', log, log] });
    child.unref();
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      if (!pidAlive(child.pid!)) break;
      try {
        const d = JSON.parse(await readFile(join(dir, 'devnet.json'), 'utf8')) as { pid: number };
        if (d.pid === child.pid) {
          this.log(
            `Devnet started in the background (pid ${child.pid}); descriptor: ${join(dir, 'devnet.json')}`,
          );
          return d;
        }
      } catch {
        // not written yet
      }
    }
    throw new SessionError('INTERNAL', `the devnet did not start; see ${join(dir, 'devnet.log')}`);
  }
}

/**
 * The network running in `dir`, if any: its process is alive and its control endpoint answers
 * (a pid alone could have been reused by an unrelated process after a crash).
 */
async function liveDevnet(dir: string): Promise<DescriptorLike | undefined> {
  let d: DescriptorLike;
  try {
    d = await readDescriptor(dir);
  } catch {
    return undefined;
  }
  if (typeof d.pid !== 'number' || !pidAlive(d.pid)) return undefined;
  try {
    await control(dir, '/status');
    return d;
  } catch {
    return undefined;
  }
}
