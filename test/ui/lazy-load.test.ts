import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { repoRoot } from '../helpers/spec.js';

/**
 * Ink and React load only for `chat`: loading the command classes (what oclif does for --help and
 * for every other command) never resolves them. Runs the built modules (dist/) under a module
 * resolve hook that records every module Node loads.
 */
const dist = join(repoRoot, 'dist');

function loadedBy(modules: string[]): string[] {
  const dir = tempDir('lazy-load-');
  const log = join(dir, 'resolved.log');
  writeFileSync(log, '');
  writeFileSync(
    join(dir, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, r.url + '\\n');
  return r;
}`,
  );
  writeFileSync(
    join(dir, 'register.mjs'),
    `import { register } from 'node:module';
register(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});`,
  );
  const imports = modules
    .map((m) => `await import(${JSON.stringify(pathToFileURL(join(dist, m)).href)});`)
    .join('');
  execFileSync(
    process.execPath,
    ['--import', pathToFileURL(join(dir, 'register.mjs')).href, '--input-type=module', '-e', imports],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

const isUi = (url: string) => /\/node_modules\/(ink|react|react-reconciler)\//.test(url);

describe.skipIf(!existsSync(join(dist, 'commands', 'chat.js')))(
  'ink and react load only for chat (built dist/)',
  () => {
    it('loading the chat command class and the message commands does not load them', () => {
      const urls = loadedBy(['commands/chat.js', 'commands/message/send.js', 'commands/message/receive.js']);
      expect(urls.some((u) => u.endsWith('/commands/chat.js'))).toBe(true);
      expect(urls.filter(isUi)).toEqual([]);
    }, 60_000);

    it('the UI itself does load them (the check can fail)', () => {
      const urls = loadedBy(['src/ui/run.js']);
      expect(urls.some(isUi)).toBe(true);
    }, 60_000);
  },
);
