import type { SessionClient } from '../client.js';
import { openClient } from '../client.js';
import { currentRequest } from '../daemon/request-context.js';
import { dataDirFrom, passphraseSource } from './context.js';

/** Opens the profile's client from the global flags (lazily imported by messaging commands). */
export async function clientFromFlags(flags: {
  'data-dir'?: string | undefined;
  profile?: string | undefined;
  network?: string | undefined;
  verbose?: boolean;
  'passphrase-file'?: string | undefined;
}): Promise<SessionClient> {
  // Inside the daemon: its warm client for this profile (its close() is a no-op), if it serves it.
  const served = await currentRequest()?.clientFor?.({
    dataDir: dataDirFrom(flags['data-dir']),
    profile: flags.profile,
    network: flags.network,
  });
  if (served) return served;
  return openClient({
    dataDir: dataDirFrom(flags['data-dir']),
    profile: flags.profile,
    network: flags.network,
    passphrase: passphraseSource({ file: flags['passphrase-file'] }),
    ...(flags.verbose ? { logger: verboseLogger() } : {}),
  });
}

/** `--verbose` lines on stderr, with the time since the process started (where did it go?). */
export function verboseLogger(): (line: string) => void {
  return (line) => process.stderr.write(`[session +${Math.round(performance.now())}ms] ${line}\n`);
}
