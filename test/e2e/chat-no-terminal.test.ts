import { describe, expect, it } from 'vitest';
import { runDaemonCommand } from '../daemon/helpers.js';
import { tempDir } from '../helpers/cli.js';

/**
 * `session chat` needs a terminal: piped, it says what to use instead and exits 2 before opening
 * anything. (Run from dist/commands as test/daemon does, until oclif.manifest.json lists chat.)
 */
describe('session chat without a terminal', () => {
  it('exits 2 with a hint, touching no profile', async () => {
    const dataDir = tempDir('chat-pipe-');
    const r = await runDaemonCommand('chat', ['--data-dir', dataDir, '--profile', 'nobody'], {
      XDG_CONFIG_HOME: tempDir('chat-pipe-xdg-'),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('session chat needs a terminal');
    expect(r.stderr).toContain('message receive --follow');
  }, 60_000);

  it('a bad --interval is a usage error too', async () => {
    const r = await runDaemonCommand('chat', ['--interval', '0'], {
      XDG_CONFIG_HOME: tempDir('chat-pipe-xdg-'),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/interval/);
  }, 60_000);
});
