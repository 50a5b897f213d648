/**
 * The composer's `/commands`: parsed here (pure), carried out by App.tsx. A line that starts
 * with `//` is text that starts with `/`.
 */
export type SlashCommand =
  | { name: 'accept' }
  | { name: 'block' }
  | { name: 'leave' }
  | { name: 'mute'; seconds: number | null }
  | { name: 'unmute' }
  | { name: 'react'; emoji: string; nth: number }
  | { name: 'reply'; nth: number }
  | { name: 'attach'; path: string }
  | { name: 'search'; query: string }
  | { name: 'help' }
  | { name: 'quit' };

export const SLASH_HELP: readonly [string, string][] = [
  ['/accept', 'accept this message request'],
  ['/block', 'block this contact'],
  ['/leave', 'leave this group or community'],
  ['/mute [1h|8h|1d|forever]', 'mute notifications (/unmute)'],
  ['/react EMOJI [N]', 'react to the Nth newest message (1)'],
  ['/reply [N]', 'quote the Nth newest message (1)'],
  ['/attach PATH', 'attach a file to the next message'],
  ['/search TEXT', 'search this conversation (Ctrl-F)'],
  ['/help', 'this help (also ?)'],
  ['/quit', 'quit (also Ctrl-C)'],
];

export type Parsed =
  | { kind: 'text'; text: string }
  | { kind: 'command'; command: SlashCommand }
  | { kind: 'error'; message: string };

const DURATION = /^(\d+)([smhd])$/;
const UNIT_S: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

function nth(word: string | undefined): number | undefined {
  if (word === undefined) return 1;
  return /^[1-9]\d{0,5}$/.test(word) ? Number(word) : undefined;
}

export function parseComposerLine(line: string): Parsed {
  if (!line.startsWith('/')) return { kind: 'text', text: line };
  if (line.startsWith('//')) return { kind: 'text', text: line.slice(1) };
  const [head = '', ...rest] = line.slice(1).trim().split(/\s+/);
  const arg = line.slice(1).trim().slice(head.length).trim();
  switch (head.toLowerCase()) {
    case 'accept':
    case 'block':
    case 'leave':
    case 'help':
    case 'unmute':
      return { kind: 'command', command: { name: head.toLowerCase() as 'accept' } };
    case 'quit':
    case 'q':
      return { kind: 'command', command: { name: 'quit' } };
    case 'mute': {
      if (arg === '' || arg === 'forever')
        return { kind: 'command', command: { name: 'mute', seconds: null } };
      const m = DURATION.exec(arg);
      if (!m) return { kind: 'error', message: 'usage: /mute [30m|1h|8h|1d|forever]' };
      return { kind: 'command', command: { name: 'mute', seconds: Number(m[1]) * UNIT_S[m[2]!]! } };
    }
    case 'react': {
      const n = nth(rest[1]);
      if (rest[0] === undefined || n === undefined || rest.length > 2)
        return { kind: 'error', message: 'usage: /react EMOJI [N]' };
      return { kind: 'command', command: { name: 'react', emoji: rest[0], nth: n } };
    }
    case 'reply': {
      const n = nth(rest[0]);
      if (n === undefined || rest.length > 1) return { kind: 'error', message: 'usage: /reply [N]' };
      return { kind: 'command', command: { name: 'reply', nth: n } };
    }
    case 'attach':
      if (arg === '') return { kind: 'error', message: 'usage: /attach PATH' };
      return { kind: 'command', command: { name: 'attach', path: arg } };
    case 'search':
      return { kind: 'command', command: { name: 'search', query: arg } };
    default:
      return { kind: 'error', message: `unknown command /${head} (/help lists them; // sends a leading /)` };
  }
}
