import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Vitest global setup: every temporary directory of a test run (profiles, devnets, daemons) goes
 * under one run directory, removed when the run ends, so repeated runs do not fill /tmp. Workers
 * are forked after this runs and inherit TMPDIR; `os.tmpdir()` reads it. SESSION_KEEP_TEST_TMP=1
 * keeps the directory for a post-mortem (its path is printed).
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'session-cli-tests-'));
  const before = { TMPDIR: process.env.TMPDIR, XDG_CACHE_HOME: process.env.XDG_CACHE_HOME };
  process.env.TMPDIR = root;
  // the CLI's V8 code cache (bin/code-cache.js) of test runs stays out of the developer's ~/.cache
  process.env.XDG_CACHE_HOME = join(root, 'cache');
  return () => {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    if (process.env.SESSION_KEEP_TEST_TMP === '1') {
      console.error(`test temporary files kept in ${root}`);
      return;
    }
    rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };
}
