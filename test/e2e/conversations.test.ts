import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../src/devnet/index.js';
import { runCli } from '../helpers/cli.js';

/** Requests, contacts, profile and deletion through the CLI, against a local network. */
let dn: Devnet;
let network: string;
let dataDir: string;
const ids: Record<string, string> = {};
const cli = (args: string[], profile: string) =>
  runCli([...args, '--profile', profile, '--data-dir', dataDir, '--network', network, '--json']);

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'e2e-conv-'));
  dn = await startDevnet({ dir: join(root, 'devnet'), nodes: 6, swarmSize: 3, rateLimit: false });
  network = join(root, 'devnet', 'devnet.json');
  dataDir = join(root, 'data');
  for (const name of ['dave', 'erin']) {
    const r = await runCli([
      'identity',
      'create',
      '--name',
      name,
      '--no-passphrase',
      '--json',
      '--data-dir',
      dataDir,
    ]);
    ids[name] = r.json.result.accountId;
  }
});
afterAll(async () => dn?.stop());

describe('requests, contacts, profile, delete', () => {
  it('profile set changes the display name others see', async () => {
    const p = await cli(['profile', 'set', '--name', 'Dave Bot'], 'dave');
    expect(p.json.result.displayName).toBe('Dave Bot');
    expect((await cli(['profile', 'set', '--name', ' '], 'dave')).code).toBe(2);
    await cli(['message', 'send', ids.erin!, 'first contact'], 'dave');
    await cli(['message', 'receive'], 'erin');
    const reqs = await cli(['request', 'list'], 'erin');
    expect(reqs.json.result.requests).toEqual([
      expect.objectContaining({ id: ids.dave, displayName: 'Dave Bot', state: 'request' }),
    ]);
  });

  it('request accept sends a response and clears the request; decline needs a conversation', async () => {
    const a = await cli(['request', 'accept', ids.dave!], 'erin');
    expect(a.code).toBe(0);
    expect(a.json.result.state).toBe('accepted');
    expect((await cli(['request', 'list'], 'erin')).json.result.requests).toEqual([]);
    const d = await cli(['request', 'decline', '05' + '77'.repeat(32)], 'erin');
    expect(d.code).toBe(6);
    expect(d.json.error.code).toBe('NOT_FOUND');
  });

  it('a blocked contact’s messages are dropped; unblock lets them through again', async () => {
    expect((await cli(['contact', 'block', ids.dave!], 'erin')).json.result.blocked).toBe(true);
    await cli(['message', 'send', ids.erin!, 'while blocked'], 'dave');
    const r1 = await cli(['message', 'receive'], 'erin');
    expect(r1.json.result.messages.map((m: any) => m.text)).not.toContain('while blocked');
    expect((await cli(['contact', 'unblock', ids.dave!], 'erin')).json.result.blocked).toBe(false);
    await cli(['message', 'send', ids.erin!, 'after unblock'], 'dave');
    const r2 = await cli(['message', 'receive'], 'erin');
    expect(r2.json.result.messages.map((m: any) => m.text)).toEqual(['after unblock']);
  });

  it('message delete --for-everyone unsends from the recipient; a local delete only hides it here', async () => {
    const s = await cli(['message', 'send', ids.erin!, 'oops'], 'dave');
    await cli(['message', 'receive'], 'erin');
    const id = `${ids.dave}:${s.json.result.timestamp}`;
    const del = await cli(['message', 'delete', id, '--for-everyone'], 'dave');
    expect(del.code).toBe(0);
    expect(del.json.result).toMatchObject({ id, forEveryone: true });
    await cli(['message', 'receive'], 'erin');
    const list = await cli(['message', 'list', ids.dave!], 'erin');
    expect(list.json.result.messages.map((m: any) => m.text)).not.toContain('oops');
    const other = await cli(['message', 'delete', `${ids.erin}:1`], 'dave');
    expect(other.code).toBe(6);
    const listDave = await cli(['message', 'list', ids.erin!], 'dave');
    const first = listDave.json.result.messages[0];
    const local = await cli(['message', 'delete', String(first.id)], 'dave');
    expect(local.code).toBe(0);
    const after = await cli(['message', 'list', ids.erin!], 'dave');
    expect(after.json.result.messages.map((m: any) => m.id)).not.toContain(first.id);
  });

  it('opt-in typing and read receipts; after-read timers start when read; after-send sets the TTL', async () => {
    const s = await cli(
      ['message', 'send', ids.erin!, 'read me', '--typing', '--disappear', 'after-read 1h'],
      'dave',
    );
    expect(s.code).toBe(0);
    const t0 = Date.now();
    const r = await cli(['message', 'receive', '--read-receipts'], 'erin');
    expect(r.json.result.messages.map((m: any) => m.text)).toEqual(['read me']);
    const erinSide = (await cli(['message', 'list', ids.dave!], 'erin')).json.result.messages.find(
      (m: any) => m.text === 'read me',
    );
    expect(erinSide.expiresAt).toBeGreaterThan(t0 + 3_500_000);
    expect(erinSide.expiresAt).toBeLessThan(Date.now() + 3_700_000);
    await cli(['message', 'receive'], 'dave');
    const daveSide = (await cli(['message', 'list', ids.erin!], 'dave')).json.result.messages.find(
      (m: any) => m.text === 'read me',
    );
    expect(daveSide.readAt).toEqual(expect.any(Number));
    const as = await cli(
      ['message', 'send', ids.erin!, 'gone soon', '--disappear', 'after-send 30s'],
      'dave',
    );
    const mine = (await cli(['message', 'list', ids.erin!], 'dave')).json.result.messages.find(
      (m: any) => m.text === 'gone soon',
    );
    expect(mine.expiresAt).toBe(as.json.result.timestamp + 30_000);
    expect((await cli(['message', 'send', ids.erin!, 'x', '--disappear', 'sometimes 1h'], 'dave')).code).toBe(
      2,
    );
  });

  it('conversation list shows both sides', async () => {
    const c = await cli(['conversation', 'list'], 'dave');
    expect(c.json.result.conversations.map((x: any) => x.id)).toContain(ids.erin);
  });
});
