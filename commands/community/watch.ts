import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { communityFlags } from '../../src/cli/community-flags.js';
import { parseDurationFlag, parseIntegerFlag } from '../../src/cli/message-input.js';
import { exitCodeFor } from '../../src/errors.js';

export default class CommunityWatch extends BaseCommand<typeof CommunityWatch> {
  static override summary =
    'Follow joined community rooms: print new, edited and deleted messages and reactions.';
  static override description = `Polls the rooms (all joined ones without ROOM) and prints each change once: human lines, or with
--json NDJSON (one JSON object per line): "message" events are message objects; "edit" events are
message objects of the new version; "delete" and "reactions" events carry id, conversation and
cursor (the room's seqno of the change). Each room's position is saved after every event: a
watcher started again continues exactly after the last event it printed. Forged messages (bad
signature) are dropped and reported on stderr. Blinded DMs to and from you on these servers are
message objects too, of the other side's 15 conversation (also once each), and a stranger's
first one is followed by a "request" event. Ends (exit 0) after
--timeout or --max-events;
Ctrl-C ends it with exit 130.`;
  static override strict = false;
  static override args = {
    room: Args.string({
      description: 'Room tokens or URLs (default: every joined room).',
      ignoreStdin: true,
    }),
  };
  static override flags = {
    interval: Flags.string({ description: 'Seconds between polls (1-3600).', default: '5' }),
    timeout: Flags.string({ description: 'Stop after this long (e.g. 30s, 5m), exit 0.' }),
    'max-events': Flags.string({ description: 'Stop after N events, exit 0.' }),
    ...communityFlags,
  };

  async run() {
    const intervalS = parseIntegerFlag('interval', this.flags.interval, { min: 1, max: 3600 });
    const timeoutS =
      this.flags.timeout === undefined
        ? undefined
        : parseDurationFlag('timeout', this.flags.timeout, { min: 1, max: 30 * 86400 });
    const maxEvents =
      this.flags['max-events'] === undefined
        ? undefined
        : parseIntegerFlag('max-events', this.flags['max-events'], { min: 1, max: Number.MAX_SAFE_INTEGER });
    // Not strict: every positional word is a room (oclif's parse gives them all in argv).
    const { argv } = await this.parse(CommunityWatch);
    const refs = argv.map(String);
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { watchRooms } = await import('../../src/actions/community-read.js');
    const { renderCommunityEvent } = await import('../../src/communities/events.js');
    const client = await clientFromFlags(this.flags);
    const controller = new AbortController();
    let interrupted = false;
    // Our own handler: Ctrl-C lets the event being written and its cursor finish (BaseCommand
    // leaves commands with their own SIGINT handler alone).
    const stop = () => {
      interrupted = true;
      controller.abort();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    this.signal.addEventListener('abort', stop, { once: true });
    const timer = timeoutS === undefined ? undefined : setTimeout(() => controller.abort(), timeoutS * 1000);
    const json = this.jsonEnabled();
    try {
      await watchRooms(client, refs, {
        intervalMs: intervalS * 1000,
        signal: controller.signal,
        ...(maxEvents === undefined ? {} : { maxEvents }),
        emit: (e) => process.stdout.write(json ? `${JSON.stringify(e)}\n` : `${renderCommunityEvent(e)}\n`),
        onForged: (room, n) =>
          this.say(`Warning: ${room}: ${n} message(s) with an invalid signature were dropped`),
        onError: (room, e) => this.say(`[session] ${room}: poll failed: ${(e as Error).message}`),
      });
    } finally {
      clearTimeout(timer);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      await client.close();
    }
    if (interrupted) {
      this.say('Interrupted.');
      process.exitCode = exitCodeFor('INTERRUPTED');
    }
    return undefined;
  }
}
