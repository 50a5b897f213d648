import { createRequire } from 'node:module';
import type * as NodeCrypto from 'node:crypto';

/**
 * SHA-256 (hex) of a string, with node:crypto loaded only when it is first called: importing
 * node:crypto costs ~7 ms of start-up, and the process that only forwards a command to a running
 * daemon (src/cli/forward-entry.ts) reaches the modules that use this without needing it.
 */
export function sha256Hex(text: string): string {
  const { createHash } = createRequire(import.meta.url)('node:crypto') as typeof NodeCrypto;
  return createHash('sha256').update(text).digest('hex');
}
