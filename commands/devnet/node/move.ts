import { resolve } from 'node:path';
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../../src/cli/base-command.js';
import { controlNode } from '../../../src/cli/devnet-control.js';

export default class DevnetNodeMove extends BaseCommand<typeof DevnetNodeMove> {
  static override summary = 'Move storage node K to another swarm (kept across restarts).';
  static override description = `The members of the new swarm push their records to K, so it serves its new
accounts at once; for accounts it no longer holds it answers 421 with their swarm. The old swarm
keeps its data. Swarm ids are hex, as \`devnet status\` shows them.`;
  static override examples = ['<%= config.bin %> devnet node move 4 5555555555555555 --dir ./.devnet'];
  static override args = {
    k: Args.integer({ description: 'Node index (0-based).', required: true, min: 0 }),
    swarm: Args.string({ description: 'Target swarm id (hex, up to 16 digits).', required: true }),
  };
  static override flags = { dir: Flags.string({ description: 'Directory of the network.', required: true }) };

  async run(): Promise<{ node: number; swarm_id: string }> {
    const n = await controlNode(resolve(this.flags.dir), '/node/move', this.args.k, {
      swarmId: this.args.swarm,
    });
    this.log(`Node ${this.args.k} is in swarm ${n.swarm_id}`);
    return { node: this.args.k, swarm_id: n.swarm_id };
  }
}
