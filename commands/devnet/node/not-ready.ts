import { resolve } from 'node:path';
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../../src/cli/base-command.js';
import { controlNode } from '../../../src/cli/devnet-control.js';

export default class DevnetNodeNotReady extends BaseCommand<typeof DevnetNodeNotReady> {
  static override summary = 'Make storage node K not ready: it answers 503 until --ready (fault injection).';
  static override description = `Direct requests and onion requests with K as guard get
"503 Service node is not ready: <reason>"; onion layers reaching K as a later hop or destination get
"503 Snode not ready: <K's ed25519 key>" (network.md §4.5).`;
  static override examples = [
    '<%= config.bin %> devnet node not-ready 2 --dir ./.devnet',
    '<%= config.bin %> devnet node not-ready 2 --reason "not done syncing" --dir ./.devnet',
    '<%= config.bin %> devnet node not-ready 2 --ready --dir ./.devnet',
  ];
  static override args = {
    k: Args.integer({ description: 'Node index (0-based).', required: true, min: 0 }),
  };
  static override flags = {
    dir: Flags.string({ description: 'Directory of the network.', required: true }),
    reason: Flags.string({ description: 'Reason in the 503 text (default "not done syncing").' }),
    ready: Flags.boolean({ description: 'Make the node ready again.', default: false }),
  };

  async run(): Promise<{ node: number; ready: boolean }> {
    const n = await controlNode(resolve(this.flags.dir), '/node/not-ready', this.args.k, {
      on: !this.flags.ready,
      ...(this.flags.reason === undefined ? {} : { reason: this.flags.reason }),
    });
    this.log(`Node ${this.args.k} is ${n.ready ? 'ready' : 'not ready'}`);
    return { node: this.args.k, ready: n.ready };
  }
}
