import { resolve } from 'node:path';
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../../src/cli/base-command.js';
import { controlNode } from '../../../src/cli/devnet-control.js';

export default class DevnetNodeDeregister extends BaseCommand<typeof DevnetNodeDeregister> {
  static override summary =
    'Take storage node K out of the service-node list (or put it back with --register).';
  static override description = `A deregistered node keeps running but the seed, oxend_request and swarms no longer
list it, and relays answer "502 Next node not found" for its key.`;
  static override examples = [
    '<%= config.bin %> devnet node deregister 3 --dir ./.devnet',
    '<%= config.bin %> devnet node deregister 3 --register --dir ./.devnet',
  ];
  static override args = {
    k: Args.integer({ description: 'Node index (0-based).', required: true, min: 0 }),
  };
  static override flags = {
    dir: Flags.string({ description: 'Directory of the network.', required: true }),
    register: Flags.boolean({ description: 'Register the node again.', default: false }),
  };

  async run(): Promise<{ node: number; registered: boolean }> {
    const n = await controlNode(resolve(this.flags.dir), '/node/deregister', this.args.k, {
      on: !this.flags.register,
    });
    this.log(`Node ${this.args.k} is ${n.registered ? 'registered' : 'deregistered'}`);
    return { node: this.args.k, registered: n.registered };
  }
}
