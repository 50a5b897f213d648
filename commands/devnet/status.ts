import { resolve } from 'node:path';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { control, pidAlive, readDescriptor, type DevnetNodeStatus } from '../../src/cli/devnet-control.js';
import { SessionError } from '../../src/errors.js';

export default class DevnetStatus extends BaseCommand<typeof DevnetStatus> {
  static override summary = 'Show whether a local network runs, and the state of each node.';
  static override description = `Exit 0 when the network in DIR runs and answers; exit 6 (NO_NETWORK) when nothing runs there:
no devnet.json, or one left by a process that is gone (error.details.running is false).`;
  static override examples = [
    '<%= config.bin %> devnet status --dir ./.devnet --json',
    '<%= config.bin %> devnet status --dir ./.devnet --quiet || <%= config.bin %> devnet start --dir ./.devnet --detach',
  ];
  static override flags = { dir: Flags.string({ description: 'Directory of the network.', required: true }) };

  async run(): Promise<{ running: true; pid: number; nodes: DevnetNodeStatus[] }> {
    const dir = resolve(this.flags.dir);
    const d = await readDescriptor(dir);
    if (!pidAlive(d.pid)) {
      throw new SessionError('NO_NETWORK', `the devnet in ${dir} is not running (process ${d.pid} is gone)`, {
        hint: `start it with \`session devnet start --dir ${dir} --detach\``,
        details: { running: false, pid: d.pid },
      });
    }
    const s = (await control(dir, '/status')) as { nodes: DevnetNodeStatus[] };
    this.log(`Running (pid ${d.pid}), ${s.nodes.filter((n) => n.running).length}/${s.nodes.length} nodes up`);
    for (const n of s.nodes) {
      this.log(
        `  ${n.index}  ${n.running ? 'up  ' : 'DOWN'}  ${n.ip}:${n.port_https}  swarm ${n.swarm_id}  ${n.pubkey_ed25519}`,
      );
    }
    return { running: true, pid: d.pid, nodes: s.nodes };
  }
}
