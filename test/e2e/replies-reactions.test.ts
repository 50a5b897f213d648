import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openClient, type SessionClient } from '../../src/client.js';
import { startDevnet, type Devnet } from '../../src/devnet/index.js';
import { encodeOutgoing, type OutgoingContent } from '../../src/messages/one-to-one.js';
import { storeMessage } from '../../src/rpc/storage.js';
import { runCli } from '../helpers/cli.js';

/**
 * Issue 15 through the CLI on a local network: B replies to A's message with --reply-to and A
 * receives the quote; B reacts, A's receive shows the reaction event and `message list` the
 * reactions; --remove takes it back (seen by a following receive). Junk reactions are counted.
 */
let dn: Devnet;
let network: string;
let dataDir: string;
const ids: Record<string, string> = {};
const cli = (args: string[], profile: string, timeoutMs?: number) =>
  runCli(
    [...args, '--profile', profile, '--data-dir', dataDir, '--network', network, '--json'],
    timeoutMs === undefined ? {} : { timeoutMs },
  );
const noPass = () => Promise.resolve(undefined);

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'e2e-replies-'));
  dn = await startDevnet({ dir: join(root, 'devnet'), nodes: 6, swarmSize: 3, rateLimit: false });
  network = join(root, 'devnet', 'devnet.json');
  dataDir = join(root, 'data');
  for (const name of ['ann', 'ben', 'cat']) {
    const r = await runCli([
      'identity',
      'create',
      '--name',
      name,
      '--display-name',
      name.toUpperCase(),
      '--no-passphrase',
      '--json',
      '--data-dir',
      dataDir,
    ]);
    ids[name] = r.json.result.accountId;
  }
}, 120_000);
afterAll(async () => {
  await dn?.stop();
});

describe('replies and reactions (1:1, DataMessage quote 8 and reaction 11)', () => {
  let original: { id: string; timestamp: number };

  it('B replies with --reply-to: the send shows the quote and A receives it', async () => {
    const s = await cli(['message', 'send', ids.ben!, 'deploy finished'], 'ann');
    expect(s.code).toBe(0);
    original = s.json.result;
    const got = await cli(['message', 'receive'], 'ben');
    expect(got.code).toBe(0);
    expect(got.json.result.messages.map((m: { id: string }) => m.id)).toContain(original.id);

    const reply = await cli(['message', 'send', ids.ann!, 'great, thanks', '--reply-to', original.id], 'ben');
    expect(reply.code, reply.stderr).toBe(0);
    expect(reply.json.result.quote).toEqual({ id: original.id, author: ids.ann, text: 'deploy finished' });

    const a = await cli(['message', 'receive'], 'ann');
    expect(a.code).toBe(0);
    const m = a.json.result.messages.find((x: { text: string }) => x.text === 'great, thanks');
    expect(m.quote).toEqual({ id: original.id, author: ids.ann, text: 'deploy finished' });
    // a message without a reply shows quote: null, and list shows the same object
    const list = (await cli(['message', 'list', ids.ben!], 'ann')).json.result.messages;
    expect(list.find((x: { id: string }) => x.id === original.id).quote).toBeNull();
    expect(list.find((x: { id: string }) => x.id === m.id).quote).toEqual(m.quote);
  }, 120_000);

  it('bad ids and emoji are usage errors (exit 2) before any traffic; an unknown message is NOT_FOUND', async () => {
    // a network file that does not exist: any attempt at traffic would fail differently
    const offline = (args: string[]) =>
      runCli([
        ...args,
        '--profile',
        'ben',
        '--data-dir',
        dataDir,
        '--network',
        '/nonexistent/devnet.json',
        '--json',
      ]);
    for (const args of [
      ['message', 'send', ids.ann!, 'x', '--reply-to', 'not-an-id'],
      ['message', 'react', 'not-an-id', '👍'],
      ['message', 'react', `${ids.ann}:abc`, '👍'],
      ['message', 'react', original.id, ''],
      ['message', 'react', original.id, 'x'.repeat(13)],
    ]) {
      const r = await offline(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.json.error.code).toBe('INVALID_INPUT');
    }
    const unknown = `${ids.ann}:1234567890123`;
    const r = await cli(['message', 'react', unknown, '👍'], 'ben');
    expect(r.code).toBe(6);
    expect(r.json.error.code).toBe('NOT_FOUND');
    expect(r.json.error.message).toContain(unknown);
    const q = await cli(['message', 'send', ids.ann!, 'x', '--reply-to', unknown], 'ben');
    expect(q.code).toBe(6);
    expect(q.json.error.code).toBe('NOT_FOUND');
    // a message of another conversation cannot be quoted here
    const other = await cli(['message', 'send', ids.ben!, 'x', '--reply-to', original.id], 'ben');
    expect(other.code).toBe(2);
    expect(other.json.error.message).toMatch(/not in the conversation/);
  }, 120_000);

  it("B reacts: A's receive shows a reaction event (not a message), message list the reactions", async () => {
    const r = await cli(['message', 'react', original.id, '👍'], 'ben');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.result).toMatchObject({
      type: 'reaction',
      target: original.id,
      from: ids.ben,
      conversation: ids.ann,
      emoji: '👍',
      action: 'react',
      reactions: { '👍': { count: 1, you: true, from: [ids.ben] } },
      messageHash: expect.any(String),
    });
    // B's own list shows it at once
    const bl = (await cli(['message', 'list', ids.ann!], 'ben')).json.result.messages;
    expect(bl.find((x: { id: string }) => x.id === original.id).reactions).toEqual({
      '👍': { count: 1, you: true, from: [ids.ben] },
    });

    const a = await cli(['message', 'receive'], 'ann');
    expect(a.code).toBe(0);
    expect(a.json.result.messages).toEqual([]); // a reaction is not a text message
    const ev = a.json.result.events.find((e: { type: string }) => e.type === 'reaction');
    expect(ev).toMatchObject({
      type: 'reaction',
      id: expect.stringMatching(new RegExp(`^${ids.ben}:\\d+$`)),
      cursor: expect.any(Number),
      target: original.id,
      from: ids.ben,
      conversation: ids.ben,
      emoji: '👍',
      action: 'react',
    });
    const list = (await cli(['message', 'list', ids.ben!], 'ann')).json.result.messages;
    expect(list.find((x: { id: string }) => x.id === original.id).reactions).toEqual({
      '👍': { count: 1, from: [ids.ben] },
    });
    // a second poll does not see it again
    const again = await cli(['message', 'receive'], 'ann');
    expect(again.json.result.events.filter((e: { type: string }) => e.type === 'reaction')).toEqual([]);
  }, 120_000);

  it('--remove takes it back: a following receive --json emits the removal, the list has no reactions', async () => {
    const follow = cli(
      ['message', 'receive', '--follow', '--interval', '1', '--timeout', '20s'],
      'ann',
      90_000,
    );
    await new Promise((r) => setTimeout(r, 1500));
    const r = await cli(['message', 'react', original.id, '👍', '--remove'], 'ben');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.result).toMatchObject({ action: 'remove', reactions: {} });
    const f = await follow;
    expect(f.code).toBe(0);
    const events = f.stdout
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { type: string; action?: string; target?: string; reactions?: object });
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'reaction', action: 'remove', target: original.id, reactions: {} }),
    );
    const list = (await cli(['message', 'list', ids.ben!], 'ann')).json.result.messages;
    expect(list.find((x: { id: string }) => x.id === original.id)).not.toHaveProperty('reactions');
  }, 120_000);

  it('junk reactions (unknown message, empty or huge emoji, another chat) are ignored and counted', async () => {
    // cat's message to ann: stored by ann, but not in her conversation with ben
    const fromCat = (await cli(['message', 'send', ids.ann!, 'cat here'], 'cat')).json.result;
    expect((await cli(['message', 'receive'], 'ann')).json.result.messages).toHaveLength(1);
    const ben: SessionClient = await openClient({ dataDir, profile: 'ben', network, passphrase: noPass });
    try {
      await ben.net.bootstrap();
      const sender = { ed25519Sk: ben.keys.ed25519Sk, ed25519Pk: ben.keys.ed25519Pk };
      const base = Date.now();
      const junk: OutgoingContent[] = [
        { kind: 'reaction', reaction: { timestamp: 1234, author: ids.ann!, emoji: '👍', action: 'react' } },
        {
          kind: 'reaction',
          reaction: { timestamp: original.timestamp, author: ids.ann!, emoji: '', action: 'react' },
        },
        {
          kind: 'reaction',
          reaction: {
            timestamp: original.timestamp,
            author: ids.ann!,
            emoji: '🔥'.repeat(500),
            action: 'react',
          },
        },
        {
          kind: 'reaction',
          reaction: { timestamp: fromCat.timestamp, author: ids.cat!, emoji: '👍', action: 'react' },
        },
        // not junk: a reply whose quoted text is not what ann wrote; her stored copy's text is shown
        {
          kind: 'visible',
          body: 'forged quote',
          quote: { timestamp: original.timestamp, author: ids.ann!, text: 'something ann never said' },
        },
      ];
      for (const [i, content] of junk.entries()) {
        const data = await encodeOutgoing({ content, timestamp: base + i, sender, recipient: ids.ann! });
        await storeMessage(ben.net, { to: ids.ann!, namespace: 0, data, ttl: 3_600_000 });
      }
    } finally {
      await ben.close();
    }
    const a = await cli(['message', 'receive'], 'ann');
    expect(a.code, a.stderr).toBe(0);
    expect(a.json.result.ignored).toBe(4);
    expect(a.json.result.messages.map((m: { text: string }) => m.text)).toEqual(['forged quote']);
    expect(a.json.result.messages[0].quote).toEqual({
      id: original.id,
      author: ids.ann,
      text: 'deploy finished',
    });
    expect(a.json.result.events.filter((e: { type: string }) => e.type === 'reaction')).toEqual([]);
    const list = (await cli(['message', 'list', ids.ben!], 'ann')).json.result.messages;
    expect(list.find((x: { id: string }) => x.id === original.id)).not.toHaveProperty('reactions');
    const catList = (await cli(['message', 'list', ids.cat!], 'ann')).json.result.messages;
    expect(catList.find((x: { id: string }) => x.id === fromCat.id)).not.toHaveProperty('reactions');
  }, 120_000);
});
