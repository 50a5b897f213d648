import { resolve } from 'node:path';
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../../src/cli/base-command.js';
import { control } from '../../../src/cli/devnet-control.js';

export default class DevnetNodeStop extends BaseCommand<typeof DevnetNodeStop> {
  static override summary = 'Stop storage node K of a running local network (fault injection).';
  static override examples = ['<%= config.bin %> devnet node stop 2 --dir ./.devnet'];
  static override args = {
    k: Args.integer({ description: 'Node index (0-based).', required: true, min: 0 }),
  };
  static override flags = { dir: Flags.string({ description: 'Directory of the network.', required: true }) };

  async run(): Promise<{ node: number; running: boolean }> {
    const s = (await control(resolve(this.flags.dir), '/node/stop', { k: this.args.k })) as {
      nodes: { index: number; running: boolean }[];
    };
    const running = s.nodes[this.args.k]?.running ?? false;
    this.log(`Node ${this.args.k} is ${running ? 'up' : 'down'}`);
    return { node: this.args.k, running };
  }
}
