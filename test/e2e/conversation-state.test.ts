import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../src/devnet/index.js';
import { runCli, tempDir, type CliResult } from '../helpers/cli.js';

/**
 * `conversation list` shows what `conversation pin|hide` set through the synced configs (Contacts
 * `+`: pinned > 0, hidden < 0): pinned first, hidden left out unless `--all`; and a second device
 * of the same account (restored from the Recovery Password on stdin) shows the same after
 * `sync now`. The built CLI against a devnet.
 */
let dn: Devnet;
let root: string;
let network: string;
const dirA = (): string => join(root, 'a');
const dirB = (): string => join(root, 'b');
const peers: Record<'p' | 'q' | 'r', string> = { p: '', q: '', r: '' };

interface Listed {
  id: string;
  priority: number;
  pinned: boolean;
  hidden: boolean;
  mutedUntil: number | null;
}

function cli(args: string[], dataDir: string, json = true): Promise<CliResult> {
  const full = [...args, '--data-dir', dataDir, '--network', network, ...(json ? ['--json'] : [])];
  return runCli(full, { timeoutMs: 90_000 });
}

async function listed(dataDir: string, extra: string[] = []): Promise<Listed[]> {
  const r = await cli(['conversation', 'list', ...extra], dataDir);
  expect(r.code, r.stderr).toBe(0);
  return r.json.result.conversations as Listed[];
}

beforeAll(async () => {
  root = tempDir('e2e-conv-state-');
  dn = await startDevnet({ dir: join(root, 'devnet'), nodes: 6, swarmSize: 3 });
  network = join(root, 'devnet', 'devnet.json');
  await runCli(['identity', 'create', '--name', 'me', '--no-passphrase', '--json', '--data-dir', dirA()]);
  for (const k of ['p', 'q', 'r'] as const) {
    const r = await runCli([
      'identity',
      'create',
      '--name',
      k,
      '--no-passphrase',
      '--json',
      '--data-dir',
      join(root, 'peers'),
    ]);
    peers[k] = r.json.result.accountId as string;
  }
  // oldest first: p, then q, then r (the store lists the newest first)
  for (const k of ['p', 'q', 'r'] as const) {
    const s = await cli(['message', 'send', peers[k], `hello ${k}`], dirA());
    expect(s.code, s.stderr).toBe(0);
  }
}, 180_000);
afterAll(async () => dn?.stop());

describe('conversation list: pinned, hidden', () => {
  it('before any pin: every conversation normal, newest first', async () => {
    const l = await listed(dirA());
    expect(l.map((c) => c.id)).toEqual([peers.r, peers.q, peers.p]);
    expect(l.every((c) => c.priority === 0 && !c.pinned && !c.hidden && c.mutedUntil === null)).toBe(true);
  }, 60_000);

  it('pin one, hide another: pinned first (pinned: true), hidden left out unless --all (hidden: true)', async () => {
    const pin = await cli(['conversation', 'pin', peers.p], dirA());
    expect(pin.code, pin.stderr).toBe(0);
    expect(pin.json.result).toMatchObject({ pushed: true });
    const hide = await cli(['conversation', 'hide', peers.q], dirA());
    expect(hide.code, hide.stderr).toBe(0);
    expect(hide.json.result).toMatchObject({ priority: -1, pushed: true });

    const l = await listed(dirA());
    expect(l.map((c) => c.id)).toEqual([peers.p, peers.r]);
    expect(l[0]).toMatchObject({ pinned: true, hidden: false });
    expect(l[0]!.priority).toBeGreaterThan(0);
    expect(l[1]).toMatchObject({ priority: 0, pinned: false, hidden: false });

    const all = await listed(dirA(), ['--all']);
    expect(all.map((c) => c.id)).toEqual([peers.p, peers.r, peers.q]);
    expect(all[2]).toMatchObject({ priority: -1, pinned: false, hidden: true });
  }, 120_000);

  it('human output marks the pinned one, and with --all the hidden one', async () => {
    const h = await cli(['conversation', 'list'], dirA(), false);
    expect(h.code, h.stderr).toBe(0);
    const lines = h.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\[pinned\] /);
    expect(lines[1]).not.toMatch(/\[(pinned|hidden)\]/);
    expect(h.stdout).not.toContain('[hidden]');
    const all = await cli(['conversation', 'list', '--all'], dirA(), false);
    const allLines = all.stdout.trim().split('\n');
    expect(allLines).toHaveLength(3);
    expect(allLines[2]).toMatch(/^\[hidden\] /);
  }, 60_000);

  it('unpin: back to normal, in the store order', async () => {
    const other = await cli(['conversation', 'pin', peers.r], dirA());
    expect(other.code, other.stderr).toBe(0);
    // the later pin is above the earlier one
    expect((await listed(dirA())).map((c) => c.id)).toEqual([peers.r, peers.p]);
    expect((await cli(['conversation', 'unpin', peers.r], dirA())).code).toBe(0);
    const l = await listed(dirA());
    expect(l.map((c) => c.id)).toEqual([peers.p, peers.r]);
    expect(l[1]).toMatchObject({ priority: 0, pinned: false });
  }, 120_000);

  it('a second device of the account (restored from stdin, `sync now`) shows the same flags', async () => {
    const phrase = (await runCli(['identity', 'export', '--yes', '--json', '--data-dir', dirA()])).json.result
      .recoveryPassword as string;
    const restored = await runCli(
      ['identity', 'restore', '--no-passphrase', '--json', '--data-dir', dirB()],
      {
        stdin: phrase,
      },
    );
    expect(restored.code, restored.stderr).toBe(0);
    const s = await cli(['sync', 'now'], dirB());
    expect(s.code, s.stderr).toBe(0);

    const a = await listed(dirA(), ['--all']);
    const b = await listed(dirB());
    // (flags per conversation; the order of unpinned ones is by last message, which a restored
    // device without the history may not share)
    const pick = (l: Listed[]) =>
      l
        .map(({ id, priority, pinned, hidden }) => ({ id, priority, pinned, hidden }))
        .sort((x, y) => x.id.localeCompare(y.id));
    expect(b[0]).toMatchObject({ id: peers.p, pinned: true });
    expect(b.map((c) => c.id)).not.toContain(peers.q);
    const bAll = await listed(dirB(), ['--all']);
    expect(bAll.find((c) => c.id === peers.q)).toMatchObject({ hidden: true, priority: -1 });
    // the same flags as on device A for every conversation B knows
    const known = new Set(bAll.map((c) => c.id));
    expect(pick(bAll)).toEqual(pick(a.filter((c) => known.has(c.id))));
  }, 180_000);
});
