import { BaseCommand } from '../../src/cli/base-command.js';

export default class DaemonSchema extends BaseCommand<typeof DaemonSchema> {
  static override summary = "Print the daemon's JSON-RPC methods as an OpenRPC document.";
  static override description = `One method per command (its id with dots, e.g. message.send; its arguments and flags as
named params; its --json result) plus the daemon's own (daemon.status, events.list, events.ack,
events.subscribe, …). Needs no running daemon.`;
  static override examples = ['<%= config.bin %> daemon schema > openrpc.json'];

  async run(): Promise<Record<string, unknown>> {
    const { openRpcDocument } = await import('../../src/daemon/schema.js');
    const commands = this.config.commands.filter((c) => !c.hidden);
    const doc = openRpcDocument(commands, this.config.version);
    if (!this.jsonEnabled()) process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    return doc;
  }
}
