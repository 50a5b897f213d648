/** What the schema needs of a command (oclif's Command.Loadable has it; src/ stays oclif-free). */
export interface CommandInfo {
  id: string;
  summary?: string | undefined;
  description?: string | undefined;
  args?:
    | Record<string, { name: string; description?: string | undefined; required?: boolean | undefined }>
    | undefined;
  flags: Record<
    string,
    {
      type: 'boolean' | 'option';
      description?: string | undefined;
      multiple?: boolean | undefined;
      options?: readonly string[] | undefined;
      required?: boolean | undefined;
    }
  >;
}

/** A JSON-RPC method name for a command id: `message:send` -> `message.send`. */
export function methodName(id: string): string {
  return id.split(':').join('.');
}

/**
 * The daemon's own methods (not commands). `cli.run` and `cli.interrupt` are the CLI's forwarding
 * protocol: published so that nothing on the socket is undocumented, not meant for scripts.
 */
export const DAEMON_METHODS: {
  name: string;
  summary: string;
  params: Record<string, { type: string; description: string; required?: boolean }>;
}[] = [
  { name: 'rpc.discover', summary: 'This OpenRPC document.', params: {} },
  { name: 'daemon.status', summary: 'Uptime, profiles, queue depths, paths.', params: {} },
  { name: 'daemon.schema', summary: 'This OpenRPC document.', params: {} },
  {
    name: 'daemon.deadletters',
    summary: 'Events a consumer could not take after its retries, with their last error.',
    params: { consumer: { type: 'string', description: 'Only this consumer (e.g. "webhook:URL").' } },
  },
  {
    name: 'daemon.replay',
    summary: 'Deliver dead letters again (the given ids, or all).',
    params: {
      id: { type: 'array', description: 'Dead-letter ids.' },
      all: { type: 'boolean', description: 'Every dead letter.' },
    },
  },
  {
    name: 'events.list',
    summary:
      'Journaled events after a cursor (journal order across profiles); a row that can no longer be read comes with `unreadable` (the error) instead of `body`.',
    params: {
      after: { type: 'integer', description: 'Cursor (journal seq) to read after; 0 for all.' },
      profile: { type: 'string', description: 'Only this profile.' },
      limit: { type: 'integer', description: 'At most this many (default 100, up to 1000).' },
    },
  },
  {
    name: 'events.subscribe',
    summary:
      'Notifications "event" for every event after a cursor (backlog first), until the connection closes.',
    params: {
      after: { type: 'integer', description: 'Cursor to start after (default: now).' },
      profile: { type: 'string', description: 'Only this profile.' },
    },
  },
  {
    name: 'events.ack',
    summary: "Acknowledge a named consumer's events up to a cursor (never moves back).",
    params: {
      consumer: { type: 'string', description: 'Consumer name.', required: true },
      cursor: { type: 'integer', description: 'Journal seq.', required: true },
    },
  },
  {
    name: 'events.cursor',
    summary: "A named consumer's acknowledged cursor (created at the journal's end).",
    params: { consumer: { type: 'string', description: 'Consumer name.', required: true } },
  },
  {
    name: 'cli.run',
    summary:
      'Internal (CLI forwarding): run argv as the session CLI would; output as "cli.output" notifications.',
    params: { argv: { type: 'array', description: 'The command line.', required: true } },
  },
  { name: 'cli.interrupt', summary: 'Internal (CLI forwarding): Ctrl-C for a running cli.run.', params: {} },
];

interface FlagLike {
  type: 'boolean' | 'option';
  description?: string;
  multiple?: boolean;
  options?: readonly string[];
  required?: boolean;
  default?: unknown;
}

function flagSchema(f: FlagLike): Record<string, unknown> {
  if (f.type === 'boolean') return { type: 'boolean' };
  const one: Record<string, unknown> = { type: 'string', ...(f.options ? { enum: [...f.options] } : {}) };
  return f.multiple ? { oneOf: [one, { type: 'array', items: one }] } : { oneOf: [one, { type: 'number' }] };
}

/**
 * The OpenRPC document: one method per command (its id with dots, its arguments and flags as named
 * params, its `--json` result) plus the daemon's own methods.
 */
export function openRpcDocument(commands: readonly CommandInfo[], version: string): Record<string, unknown> {
  const own = new Set(DAEMON_METHODS.map((m) => m.name));
  const methods = [
    ...commands
      // `daemon` is the daemon itself; `daemon status` etc. are answered by the daemon's own methods.
      .filter((c) => c.id !== 'daemon' && !own.has(methodName(c.id)))
      .map((c) => {
        const args = Object.values(c.args ?? {}).map((a) => ({
          name: a.name,
          ...(a.description ? { description: a.description } : {}),
          required: a.required === true,
          schema: { type: 'string' },
        }));
        const flags = Object.entries(c.flags)
          .filter(([name]) => name !== 'json')
          .map(([name, f]) => ({
            name,
            ...(f.description ? { description: f.description } : {}),
            required: f.required === true,
            schema: flagSchema(f as FlagLike),
          }));
        return {
          name: methodName(c.id),
          summary: c.summary ?? c.description?.split('\n')[0] ?? '',
          paramStructure: 'by-name',
          params: [...args, ...flags],
          result: {
            name: 'result',
            description: `What \`session ${c.id.split(':').join(' ')} --json\` puts under "result".`,
            schema: {},
          },
        };
      }),
    ...DAEMON_METHODS.map((m) => ({
      name: m.name,
      summary: m.summary,
      paramStructure: 'by-name',
      params: Object.entries(m.params).map(([name, p]) => ({
        name,
        description: p.description,
        required: p.required === true,
        schema: { type: p.type },
      })),
      result: { name: 'result', schema: {} },
    })),
  ];
  return {
    openrpc: '1.3.2',
    info: {
      title: 'session-cli daemon',
      version,
      description:
        'JSON-RPC 2.0 over a UNIX socket (newline-delimited), stdin/stdout (--stdio) or HTTP POST (--http; GET /events is a server-sent event stream). A failed command answers error -32000 with its error JSON (code, message, hint, exitCode) as data.',
    },
    methods,
  };
}
