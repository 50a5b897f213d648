import { Flags } from '@oclif/core';
import { isSessionError } from '../errors.js';
import { secretFlags } from './context.js';

/**
 * What a command that changed one of our configs does right after: push it (best-effort, no
 * poll) so our other devices see it promptly. A push that fails or is cut short is not lost: the
 * config stays "needs push" and every later `message receive` / `sync now` pushes it until it is
 * confirmed. The command itself never fails because of it.
 */
export const configPushFlags = {
  ...secretFlags,
  push: Flags.boolean({
    description: 'Push the change to your other devices now (else the next sync or receive does).',
    default: true,
    allowNo: true,
  }),
};

/** Bounded, so a command never hangs on the network (SESSION_CONFIG_PUSH_TIMEOUT_MS, default 15 s). */
function pushTimeoutMs(): number {
  const v = Number(process.env.SESSION_CONFIG_PUSH_TIMEOUT_MS);
  return Number.isFinite(v) && v > 0 ? v : 15_000;
}

export interface PushOutcome {
  /** true: confirmed by the swarm; false: left for the next sync (see `warning`). */
  pushed: boolean;
  warning?: string;
}

export async function pushConfigChanges(
  flags: {
    'data-dir'?: string | undefined;
    profile?: string | undefined;
    network?: string | undefined;
    verbose?: boolean;
    'passphrase-file'?: string | undefined;
    push?: boolean;
  },
  signal?: AbortSignal,
): Promise<PushOutcome> {
  if (flags.push === false)
    return { pushed: false, warning: 'not pushed (--no-push): the next sync pushes it' };
  const timeout = AbortSignal.timeout(pushTimeoutMs());
  const both = signal ? AbortSignal.any([signal, timeout]) : timeout;
  try {
    // loaded only now: the network stack is not needed to record a change
    const { clientFromFlags } = await import('./client-flags.js');
    const client = await clientFromFlags(flags);
    try {
      const { pushPending } = await import('../actions/sync.js');
      const r = await pushPending(client, { signal: both });
      return r.warnings.length > 0 ? { pushed: true, warning: r.warnings.join('; ') } : { pushed: true };
    } finally {
      await client.close();
    }
  } catch (e) {
    if (signal?.aborted) throw e;
    const why = isSessionError(e) ? e.message : timeout.aborted ? 'timed out' : String(e);
    return { pushed: false, warning: `not pushed yet (${why}): the next sync or message receive pushes it` };
  }
}
