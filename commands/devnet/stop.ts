import { resolve } from 'node:path';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { pidAlive, readDescriptor } from '../../src/cli/devnet-control.js';

export default class DevnetStop extends BaseCommand<typeof DevnetStop> {
  static override summary = 'Stop a running local network.';
  static override examples = ['<%= config.bin %> devnet stop --dir ./.devnet'];
  static override flags = { dir: Flags.string({ description: 'Directory of the network.', required: true }) };

  async run(): Promise<{ stopped: boolean; pid: number }> {
    const d = await readDescriptor(resolve(this.flags.dir));
    if (!pidAlive(d.pid)) {
      this.log('The devnet is not running.');
      return { stopped: false, pid: d.pid };
    }
    process.kill(d.pid, 'SIGTERM');
    const deadline = Date.now() + 10_000;
    while (pidAlive(d.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (pidAlive(d.pid)) process.kill(d.pid, 'SIGKILL');
    this.log('Devnet stopped.');
    return { stopped: true, pid: d.pid };
  }
}
