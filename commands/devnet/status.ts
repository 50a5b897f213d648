import { resolve } from 'node:path';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { control, pidAlive, readDescriptor } from '../../src/cli/devnet-control.js';

interface NodeStatus {
  index: number;
  running: boolean;
  ip: string;
  port_https: number;
  pubkey_ed25519: string;
  swarm_id: string;
}

export default class DevnetStatus extends BaseCommand<typeof DevnetStatus> {
  static override summary = 'Show whether a local network runs, and the state of each node.';
  static override examples = ['<%= config.bin %> devnet status --dir ./.devnet --json'];
  static override flags = { dir: Flags.string({ description: 'Directory of the network.', required: true }) };

  async run(): Promise<{ running: boolean; pid: number; nodes: NodeStatus[] }> {
    const dir = resolve(this.flags.dir);
    const d = await readDescriptor(dir);
    if (!pidAlive(d.pid)) {
      this.log('Not running.');
      return { running: false, pid: d.pid, nodes: [] };
    }
    const s = (await control(dir, '/status')) as { nodes: NodeStatus[] };
    this.log(`Running (pid ${d.pid}), ${s.nodes.filter((n) => n.running).length}/${s.nodes.length} nodes up`);
    for (const n of s.nodes) {
      this.log(
        `  ${n.index}  ${n.running ? 'up  ' : 'DOWN'}  ${n.ip}:${n.port_https}  swarm ${n.swarm_id}  ${n.pubkey_ed25519}`,
      );
    }
    return { running: true, pid: d.pid, nodes: s.nodes };
  }
}
