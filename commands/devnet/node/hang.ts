import { resolve } from 'node:path';
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../../src/cli/base-command.js';
import { controlNode } from '../../../src/cli/devnet-control.js';

export default class DevnetNodeHang extends BaseCommand<typeof DevnetNodeHang> {
  static override summary =
    'Hang storage node K: it accepts connections and answers nothing (fault injection).';
  static override description = `Like a SIGSTOPped node: direct requests, onion requests, relayed layers and swarm
forwards all go unanswered until --resume. Relays in front of it answer 504 after their relay
timeout; a store to its swarm confirms without it.`;
  static override examples = [
    '<%= config.bin %> devnet node hang 2 --dir ./.devnet',
    '<%= config.bin %> devnet node hang 2 --resume --dir ./.devnet',
  ];
  static override args = {
    k: Args.integer({ description: 'Node index (0-based).', required: true, min: 0 }),
  };
  static override flags = {
    dir: Flags.string({ description: 'Directory of the network.', required: true }),
    resume: Flags.boolean({ description: 'Un-hang the node.', default: false }),
  };

  async run(): Promise<{ node: number; hung: boolean }> {
    const n = await controlNode(resolve(this.flags.dir), '/node/hang', this.args.k, {
      on: !this.flags.resume,
    });
    this.log(`Node ${this.args.k} is ${n.hung ? 'hung' : 'answering'}`);
    return { node: this.args.k, hung: n.hung };
  }
}
