import { spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { pidAlive } from '../../src/cli/devnet-control.js';
import { SessionError } from '../../src/errors.js';

export default class DevnetStart extends BaseCommand<typeof DevnetStart> {
  static override summary = 'Start a local Session network (seed, storage nodes, file server) on loopback.';
  static override description = `Runs, in one process, a seed node, N storage nodes in swarms (HTTPS on 127.0.K.1), a file server
and ONS records, speaking the real wire formats. State lives in DIR, so a restart keeps identities
and messages. DIR/devnet.json describes the network: pass it to client commands with
--network DIR/devnet.json (or SESSION_NETWORK).

Without --detach it runs in the foreground until Ctrl-C. With --detach it starts in the background
(pid file DIR/devnet.pid, log DIR/devnet.log) and exits once the network is ready.`;
  static override examples = [
    '<%= config.bin %> devnet start --dir ./.devnet --detach',
    '<%= config.bin %> devnet start --dir ./.devnet --nodes 12 --swarm-size 4 --json',
    'export SESSION_NETWORK=./.devnet/devnet.json',
  ];
  static override flags = {
    dir: Flags.string({ description: 'Directory for the network state.', required: true }),
    nodes: Flags.integer({ description: 'Number of storage nodes.', default: 9, min: 1, max: 250 }),
    'swarm-size': Flags.integer({ description: 'Nodes per swarm.', default: 3, min: 1 }),
    detach: Flags.boolean({ description: 'Run in the background.', default: false }),
    'no-rate-limit': Flags.boolean({
      description: 'Disable the per-IP rate limit of direct requests.',
      default: false,
    }),
  };

  async run(): Promise<Record<string, unknown>> {
    const f = this.flags;
    const dir = resolve(f.dir);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
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
    await new Promise<void>((done) => {
      const stop = () => void devnet.stop().then(done, done);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    if (!this.jsonEnabled()) this.log('Devnet stopped.');
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
