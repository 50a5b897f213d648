import { SessionError } from '../errors.js';
import { flagPart } from './settings.js';
import { editDistance } from './suggest.js';

/**
 * Which command argv names. oclif's own lookup glues every leading word onto the command id
 * (`identity restore w1 w2` becomes the id `identity:restore:w1:w2`) and prints it back in "command
 * not found"; a Recovery Password typed as arguments would be echoed. This lookup takes the longest
 * prefix of words that is a command, and never puts a typed word in an error.
 */
export type Resolution =
  | { kind: 'command'; id: string; rest: string[] }
  /** Help for the root (`subject` undefined), a topic or a command (colon ids). */
  | { kind: 'help'; subject?: string };

export interface CommandTable {
  /** Command ids in colon form (`message:send`). */
  ids: readonly string[];
  /** Topic names in colon form (`devnet:node`). */
  topics: readonly string[];
}

export const HELP_FLAGS = ['--help', '-h'];

function isFlag(token: string): boolean {
  return token.startsWith('-');
}

export function resolveArgv(argv: readonly string[], table: CommandTable): Resolution {
  const flags = flagPart(argv);
  const wantsHelp = flags.some((a) => HELP_FLAGS.includes(a));
  const words: string[] = [];
  for (const a of argv) {
    if (isFlag(a)) break;
    words.push(a);
  }
  if (words.length === 0) {
    if (argv.length === 0 || wantsHelp) return { kind: 'help' };
    if (argv[0] === '--version') return { kind: 'command', id: 'version', rest: argv.slice(1) };
    throw new SessionError('INVALID_INPUT', 'the command must come before any flag', {
      hint: 'see `session help` for the commands',
    });
  }
  const found = longestPrefix(words, table.ids);
  if (found > 0) {
    const id = words.slice(0, found).join(':');
    if (wantsHelp) return { kind: 'help', subject: id };
    return { kind: 'command', id, rest: argv.slice(found) };
  }
  const topicWords = longestPrefix(words, table.topics);
  if (topicWords > 0 && topicWords === words.length) {
    return { kind: 'help', subject: words.join(':') };
  }
  throw unknownCommand(words, topicWords > 0 ? words.slice(0, topicWords).join(' ') : undefined, table);
}

/** The help subject for `session help WORDS…` (a command, a topic, or the root). */
export function resolveHelpSubject(words: readonly string[], table: CommandTable): string | undefined {
  if (words.length === 0) return undefined;
  const found = longestPrefix(words, table.ids);
  if (found > 0) return words.slice(0, found).join(':');
  const topicWords = longestPrefix(words, table.topics);
  if (topicWords > 0 && topicWords === words.length) return words.join(':');
  throw unknownCommand(words, topicWords > 0 ? words.slice(0, topicWords).join(' ') : undefined, table);
}

function longestPrefix(words: readonly string[], ids: readonly string[]): number {
  const set = new Set(ids);
  for (let n = words.length; n > 0; n--) {
    if (set.has(words.slice(0, n).join(':'))) return n;
  }
  return 0;
}

/** The command id (space form) closest to the typed words, compared word count for word count. */
export function suggestCommand(words: readonly string[], ids: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const id of ids) {
    const candidate = id.split(':');
    if (candidate.length > words.length) continue;
    const typed = words.slice(0, candidate.length).join(' ');
    const want = candidate.join(' ');
    const dist = editDistance(typed, want);
    if (dist < bestDistance || (dist === bestDistance && best !== undefined && want.length > best.length)) {
      best = want;
      bestDistance = dist;
    }
  }
  if (best === undefined || bestDistance === 0) return undefined;
  return bestDistance <= Math.max(2, Math.floor(best.length / 4)) ? best : undefined;
}

function unknownCommand(
  words: readonly string[],
  topic: string | undefined,
  table: CommandTable,
): SessionError {
  const suggestion = suggestCommand(words, table.ids);
  // Only known names (a topic, a suggested command) appear: the typed words may be a secret.
  const message = topic === undefined ? 'unknown command' : `unknown command in topic "${topic}"`;
  const see = topic === undefined ? '`session help`' : `\`session help ${topic}\``;
  return new SessionError('UNKNOWN_COMMAND', message, {
    hint:
      suggestion === undefined
        ? `see ${see} for the commands`
        : `did you mean \`session ${suggestion}\`? (see ${see})`,
    ...(suggestion === undefined ? {} : { details: { suggestion } }),
  });
}
