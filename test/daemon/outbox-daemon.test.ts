import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { startLocalNetwork, type LocalNetwork } from '../helpers/local-network.js';
import { startDaemonProcess, type DaemonProcess } from './helpers.js';

/**
 * A running daemon delivers what `message send --wait queued` left in the outbox of a profile it
 * serves: queued by a CLI run without the daemon before it started, and queued through it.
 */
let ln: LocalNetwork;
let daemon: DaemonProcess | undefined;
let env: Record<string, string>;

const cli = (args: string[], profile: string) =>
  runCli([...args, '--profile', profile, '--data-dir', ln.dataDir, '--network', ln.network, '--json'], {
    env,
    timeoutMs: 90_000,
  });

async function until(what: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await what()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 500));
  }
}

beforeAll(async () => {
  ln = await startLocalNetwork('outbox-daemon', ['alice', 'bob'], { rateLimit: false });
  env = { XDG_RUNTIME_DIR: tempDir('outbox-daemon-run-') };
}, 120_000);
afterAll(async () => {
  if (daemon?.child.exitCode === null) {
    daemon.child.kill('SIGTERM');
    await daemon.exited;
  }
  await ln?.dn.stop();
});

describe('the daemon and queued sends', () => {
  it('delivers a message queued before it started, and one queued through it', async () => {
    const before = await cli(
      ['message', 'send', ln.ids.bob!, 'queued while no daemon ran', '--wait', 'queued', '--no-daemon'],
      'alice',
    );
    expect(before.code, before.stderr).toBe(0);
    expect(before.json.result.queued).toBe(true);
    const pending = async () =>
      (await cli(['message', 'resend', '--list', '--no-daemon'], 'alice')).json.result.pending.map(
        (m: { id: string }) => m.id,
      ) as string[];
    expect(await pending()).toEqual([before.json.result.id]);
    const listed = await cli(['message', 'resend', '--list', '--no-daemon'], 'alice');
    expect(listed.json.result.pending[0]).toMatchObject({ queued: true, copies: ['recipient', 'sync'] });

    // serves alice only; a long poll interval: only the outbox runner's own start or kick sends
    daemon = startDaemonProcess(
      ['--profile', 'alice', '--data-dir', ln.dataDir, '--network', ln.network, '--interval', '3600'],
      env,
    );
    await daemon.ready;
    expect(await until(async () => (await pending()).length === 0, 60_000), daemon.stderr()).toBe(true);

    const through = await cli(
      ['message', 'send', ln.ids.bob!, 'queued through the daemon', '--wait', 'queued'],
      'alice',
    );
    expect(through.code, through.stderr).toBe(0);
    expect(through.json.result.queued).toBe(true);
    expect(await until(async () => (await pending()).length === 0, 60_000), daemon.stderr()).toBe(true);

    const got = await cli(['message', 'receive'], 'bob');
    expect(got.code, got.stderr).toBe(0);
    const texts = got.json.result.messages.map((m: { text: string }) => m.text);
    expect(texts.filter((t: string) => t === 'queued while no daemon ran')).toHaveLength(1);
    expect(texts.filter((t: string) => t === 'queued through the daemon')).toHaveLength(1);
  }, 240_000);

  it('a send through it returns once bob has it; its sync copy reaches a second device of alice', async () => {
    expect(daemon?.child.exitCode).toBeNull();
    const sent = await cli(['message', 'send', ln.ids.bob!, 'sync copy via the daemon'], 'alice');
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.json.result.confirmations).toBeGreaterThan(0);
    // the daemon's outbox runner stores the sync copy after the answer (a 3600 s interval: only
    // the send's kick runs it)
    const pending = async () =>
      (await cli(['message', 'resend', '--list', '--no-daemon'], 'alice')).json.result.pending.length;
    expect(await until(async () => (await pending()) === 0, 60_000), daemon!.stderr()).toBe(true);

    const phrase = (
      await runCli(['identity', 'export', '--yes', '--json', '--profile', 'alice', '--data-dir', ln.dataDir])
    ).json.result.recoveryPassword as string;
    const dir2 = tempDir('outbox-daemon-dev2-');
    const restored = await runCli(['identity', 'restore', '--no-passphrase', '--json', '--data-dir', dir2], {
      stdin: phrase,
    });
    expect(restored.code, restored.stderr).toBe(0);
    const got = await runCli(['message', 'receive', '--json', '--data-dir', dir2, '--network', ln.network], {
      env,
    });
    expect(got.code, got.stderr).toBe(0);
    const mine = got.json.result.messages.filter(
      (m: { text: string; direction: string }) => m.text === 'sync copy via the daemon',
    );
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      direction: 'out',
      conversation: ln.ids.bob,
      hash: sent.json.result.hash,
    });
  }, 240_000);

  it('SIGTERM stores what is queued before it exits (a sync copy, a queued send it was not told of)', async () => {
    expect(daemon?.child.exitCode).toBeNull();
    // queued behind the daemon's back (--no-daemon): its runner is not kicked, and its interval
    // is an hour, so only the drain at stop can deliver it
    const q = await cli(
      ['message', 'send', ln.ids.bob!, 'delivered at shutdown', '--wait', 'queued', '--no-daemon'],
      'alice',
    );
    expect(q.code, q.stderr).toBe(0);
    daemon!.child.kill('SIGTERM');
    expect(await daemon!.exited).toBe(0);
    const left = await cli(['message', 'resend', '--list', '--no-daemon'], 'alice');
    expect(left.json.result.pending).toEqual([]);
    const got = await cli(['message', 'receive', '--no-daemon'], 'bob');
    expect(got.json.result.messages.map((m: { text: string }) => m.text)).toContain('delivered at shutdown');
  }, 240_000);
});
