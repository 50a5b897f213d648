import { Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { dataDirFrom } from '../../src/cli/context.js';

interface Status {
  pid: number;
  uptimeSeconds: number;
  socket: string | null;
  http: string | null;
  dataDir: string;
  database: string;
  profiles: {
    name: string;
    accountId: string;
    network: string;
    lastPollAt: number | null;
    lastPollError: string | null;
  }[];
  queues: {
    consumer: string;
    depth: number;
    deadLetters: number;
    retrying: { attempts: number; lastError: string } | null;
  }[];
}

export default class DaemonStatus extends BaseCommand<typeof DaemonStatus> {
  static override summary = "Show the data directory's daemon: uptime, profiles, queue depths, paths.";
  static override description = `Asks the daemon on its socket (daemon.status). Exit 6 (DAEMON_NOT_RUNNING) when none answers.`;
  static override examples = [
    '<%= config.bin %> daemon status',
    '<%= config.bin %> daemon status --json | jq .result.queues',
  ];
  static override flags = {
    socket: Flags.string({ description: "The daemon socket (default: the data directory's)." }),
  };

  async run(): Promise<Status> {
    const { callDaemon } = await import('../../src/daemon/rpc-client.js');
    const { defaultSocketPath } = await import('../../src/daemon/paths.js');
    const socket = this.flags.socket ?? defaultSocketPath(dataDirFrom(this.flags['data-dir']));
    const s = (await callDaemon(socket, 'daemon.status')) as Status;
    this.log(`Daemon ${s.pid}, up ${s.uptimeSeconds}s`);
    this.log(`  socket    ${s.socket ?? '-'}`);
    if (s.http) this.log(`  http      ${s.http}`);
    this.log(`  data dir  ${s.dataDir}`);
    this.log(`  journal   ${s.database}`);
    for (const p of s.profiles)
      this.log(
        `  profile   ${p.name} ${p.accountId} (${p.network})${p.lastPollError ? ` last poll failed: ${p.lastPollError}` : ''}`,
      );
    for (const q of s.queues)
      this.log(
        `  queue     ${q.consumer}: ${q.depth} waiting, ${q.deadLetters} dead letter(s)${q.retrying ? `, retrying (${q.retrying.attempts}: ${q.retrying.lastError})` : ''}`,
      );
    return s;
  }
}
