import type { FollowRequest } from './follow.js';
import type { ClientKey, RequestContext } from './request-context.js';
import type { CommandInfo } from './schema.js';

/** Where a command's output goes, chunk by chunk, and what it looks like to the command. */
export interface CommandIo {
  onOutput: (stream: 'stdout' | 'stderr', data: Buffer) => void;
  stdin?: Buffer | undefined;
  env: NodeJS.ProcessEnv;
  tty?: { stdin?: boolean; stdout?: boolean; stderr?: boolean };
  columns?: number | undefined;
  clientFor?: RequestContext['clientFor'];
  /** The caller's Ctrl-C (cli.interrupt). */
  interrupt?: AbortSignal;
}

/**
 * What the daemon needs of the CLI layer, injected by `session daemon` (src/cli/daemon-runner.ts):
 * src/ never imports the CLI, yet the daemon runs its commands.
 */
export interface CommandHost {
  commands(): CommandInfo[];
  find(id: string): CommandInfo | undefined;
  /** Runs argv as `session` would; resolves with its exit code. */
  run(argv: readonly string[], io: CommandIo): Promise<number>;
  /** argv for a command method from its named params (throws INVALID_INPUT). */
  methodArgv(id: string, params: Record<string, unknown>): string[];
  /** The data dir, profile (undefined: the current one) and network argv + env would use. */
  target(argv: readonly string[], env: NodeJS.ProcessEnv): ClientKey;
  /** `message receive --follow` the daemon can serve from its journal, or undefined. */
  followRequest(argv: readonly string[], env: NodeJS.ProcessEnv): FollowRequest | undefined;
  version: string;
}
