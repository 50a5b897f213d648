import { Args, Flags } from '@oclif/core';
import { readFile } from 'node:fs/promises';
import { BaseCommand } from '../../src/cli/base-command.js';
import { communityFlags } from '../../src/cli/community-flags.js';
import { parseDurationFlag, parseIntegerFlag } from '../../src/cli/message-input.js';
import { SessionError, exitCodeFor } from '../../src/errors.js';

export default class CommunityBot extends BaseCommand<typeof CommunityBot> {
  static override summary =
    'Run a moderation bot over joined community rooms, by the rules in a YAML/JSON file.';
  static override description = `Watches the rooms (every joined room without ROOM) and checks every new or edited post against
the rules (regular expressions, links, attachments, floods, repeated messages, new members;
see examples/bot-rules.yaml). Each decision is printed as one NDJSON line on stdout: the rule
that fired, why, the post, and the outcome of each action (done, refused with the server's
reason, skipped when done before, or dry-run). Errors and back-off go to stderr as NDJSON.
The profile must be a moderator of the rooms. What the bot judged and did is kept in the
profile: started again, it continues after the last post it judged and never acts twice.
By default the posts already in a room when the bot first starts are not judged (--backlog
judges them). Ends after --timeout or --max-decisions (exit 0); Ctrl-C exits 130.

Exit codes: 2 bad rules file (names the rule and field) or flags, 6 nothing joined.`;
  static override strict = false;
  static override args = {
    room: Args.string({
      description: 'Room tokens or URLs (default: every joined room).',
      ignoreStdin: true,
    }),
  };
  static override flags = {
    rules: Flags.string({ description: 'The rules file (YAML or JSON).', required: true }),
    'dry-run': Flags.boolean({ description: 'Only print what would be done.', default: false }),
    backlog: Flags.boolean({
      description: 'On the first start, also judge posts already in the rooms.',
      default: false,
    }),
    interval: Flags.string({ description: 'Seconds between polls (1-3600).', default: '5' }),
    timeout: Flags.string({ description: 'Stop after this long (e.g. 30s, 5m), exit 0.' }),
    'max-decisions': Flags.string({ description: 'Stop after N decisions, exit 0.' }),
    ...communityFlags,
  };

  async run() {
    const intervalS = parseIntegerFlag('interval', this.flags.interval, { min: 1, max: 3600 });
    const timeoutS =
      this.flags.timeout === undefined
        ? undefined
        : parseDurationFlag('timeout', this.flags.timeout, { min: 1, max: 365 * 86400 });
    const maxDecisions =
      this.flags['max-decisions'] === undefined
        ? undefined
        : parseIntegerFlag('max-decisions', this.flags['max-decisions'], {
            min: 1,
            max: Number.MAX_SAFE_INTEGER,
          });
    let text: string;
    try {
      text = await readFile(this.flags.rules, 'utf8');
    } catch (cause) {
      throw new SessionError('INVALID_INPUT', `cannot read the rules file ${this.flags.rules}`, { cause });
    }
    const { parseRules } = await import('../../src/communities/bot/rules.js');
    const rules = parseRules(text);
    const { argv } = await this.parse(CommunityBot);
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { runBot } = await import('../../src/actions/community-bot.js');
    const client = await clientFromFlags(this.flags);
    const controller = new AbortController();
    let interrupted = false;
    const stop = () => {
      interrupted = true;
      controller.abort();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    this.signal.addEventListener('abort', stop, { once: true });
    const timer = timeoutS === undefined ? undefined : setTimeout(() => controller.abort(), timeoutS * 1000);
    try {
      await runBot(client, {
        rules,
        rooms: argv.map(String),
        dryRun: this.flags['dry-run'],
        backlog: this.flags.backlog,
        intervalMs: intervalS * 1000,
        direct: this.flags.direct,
        signal: controller.signal,
        ...(maxDecisions === undefined ? {} : { maxDecisions }),
        emit: (line) => process.stdout.write(`${JSON.stringify(line)}\n`),
        log: (line) => process.stderr.write(`${JSON.stringify(line)}\n`),
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
