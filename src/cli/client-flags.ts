import type { SessionClient } from '../client.js';
import { openClient } from '../client.js';
import { dataDirFrom, passphraseSource } from './context.js';

/** Opens the profile's client from the global flags (lazily imported by messaging commands). */
export async function clientFromFlags(flags: {
  'data-dir'?: string | undefined;
  profile?: string | undefined;
  network?: string | undefined;
  verbose?: boolean;
  'passphrase-file'?: string | undefined;
}): Promise<SessionClient> {
  return openClient({
    dataDir: dataDirFrom(flags['data-dir']),
    profile: flags.profile,
    network: flags.network,
    passphrase: passphraseSource({ file: flags['passphrase-file'] }),
    ...(flags.verbose ? { logger: (l: string) => process.stderr.write(`[session] ${l}\n`) } : {}),
  });
}
