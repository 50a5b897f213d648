import { resolve } from 'node:path';
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../../src/cli/base-command.js';
import { controlNode } from '../../../src/cli/devnet-control.js';

export default class DevnetNodeDelay extends BaseCommand<typeof DevnetNodeDelay> {
  static override summary = 'Slow storage node K down: every request waits MS milliseconds (0 = off).';
  static override examples = ['<%= config.bin %> devnet node delay 2 800 --dir ./.devnet'];
  static override args = {
    k: Args.integer({ description: 'Node index (0-based).', required: true, min: 0 }),
    ms: Args.integer({ description: 'Delay in milliseconds.', required: true, min: 0 }),
  };
  static override flags = { dir: Flags.string({ description: 'Directory of the network.', required: true }) };

  async run(): Promise<{ node: number; delayMs: number }> {
    const n = await controlNode(resolve(this.flags.dir), '/node/delay', this.args.k, { ms: this.args.ms });
    this.log(`Node ${this.args.k} delay: ${n.delayMs} ms`);
    return { node: this.args.k, delayMs: n.delayMs };
  }
}
