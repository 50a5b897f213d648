import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBot, type BotDecisionLine } from '../../../src/actions/community-bot.js';
import { pollCommunityDms } from '../../../src/actions/community-dm.js';
import { banUser } from '../../../src/actions/community-mod.js';
import { communityStore } from '../../../src/actions/community-client.js';
import { exitCodeFor, isSessionError } from '../../../src/errors.js';
import { joinCommunity } from '../../../src/actions/community-join.js';
import { postToRoom } from '../../../src/actions/community-post.js';
import { readRoom } from '../../../src/actions/community-read.js';
import { openClient, type SessionClient } from '../../../src/client.js';
import { parseRules } from '../../../src/communities/bot/rules.js';
import { startDevnet, type Devnet } from '../../../src/devnet/index.js';
import { createIdentity } from '../../../src/identity/account.js';

/**
 * runBot against the devnet community server, in process: through an outage (a TCP relay the
 * test takes down) it logs each failure with a growing back-off and acts once the server is
 * back; the acted-on record keeps a bot whose cursor was lost from acting twice.
 */
let dn: Devnet;
let root: string;
let relay: Server;
let relayPort = 0;
let relayUp = true;
const sockets = new Set<Socket>();
const clients: Record<string, SessionClient> = {};

function startRelay(target: number): Promise<void> {
  relay = createServer((s) => {
    if (!relayUp) return s.destroy();
    const up = connect(target, '127.0.0.1');
    sockets.add(s).add(up);
    s.pipe(up).pipe(s);
    const drop = () => {
      s.destroy();
      up.destroy();
      sockets.delete(s);
      sockets.delete(up);
    };
    s.on('error', drop).on('close', drop);
    up.on('error', drop).on('close', drop);
  });
  return new Promise((resolve) =>
    relay.listen(relayPort, '127.0.0.1', () => {
      relayPort = (relay.address() as { port: number }).port;
      resolve();
    }),
  );
}

function relayDown(): void {
  relayUp = false;
  for (const s of sockets) s.destroy();
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'bot-runner-'));
  dn = await startDevnet({ dir: join(root, 'devnet'), nodes: 6, swarmSize: 3, rateLimit: false });
  const dataDir = join(root, 'data');
  const passphrase = () => Promise.resolve(undefined);
  for (const name of ['bot', 'spammer']) {
    await createIdentity({ dataDir, name, displayName: name, backend: 'plaintext', passphrase });
    clients[name] = await openClient({
      dataDir,
      profile: name,
      passphrase,
      network: join(root, 'devnet', 'devnet.json'),
    });
  }
  const url = new URL(dn.descriptor.community.url);
  await startRelay(Number(url.port));
  const pk = dn.descriptor.community.pubkey;
  await joinCommunity(clients.bot!, `http://127.0.0.1:${relayPort}/lobby?public_key=${pk}`, { direct: true });
  await joinCommunity(clients.spammer!, `${dn.descriptor.community.url}/lobby?public_key=${pk}`, {
    direct: true,
  });
  await dn.addModerator('lobby', clients.bot!.info.accountId, { admin: false, hidden: false });
}, 120_000);

afterAll(async () => {
  for (const c of Object.values(clients)) await c.close();
  relayDown();
  relay?.close();
  await dn?.stop();
  rmSync(root, { recursive: true, force: true });
});

const rules = parseRules(`
rules:
  - {name: no-spam, match: {regex: "(?i)buy now"}, action: delete}
  - {name: greet, match: {regex: "hello bot"}, action: {reply: "hi, I am the bot"}}
  - {name: shush, match: {regex: "mute me"}, actions: [{mute: 1h}, {dm: "you are muted for an hour"}]}
  - {name: no-links, match: {regex: "spamlink"}, actions: [delete, {reply: "links are not allowed"}]}
`);

/** Runs the bot until it has emitted `count` decisions (or `maxCycles` polls went by). */
async function botUntil(count: number, maxCycles = 40): Promise<BotDecisionLine[]> {
  const out: BotDecisionLine[] = [];
  const ac = new AbortController();
  let cycles = 0;
  await runBot(clients.bot!, {
    rules,
    rooms: [],
    dryRun: false,
    direct: true,
    intervalMs: 50,
    signal: ac.signal,
    emit: (d) => {
      out.push(d);
      if (out.length >= count) ac.abort();
    },
    log: () => undefined,
    sleep: async () => {
      if (++cycles >= maxCycles) ac.abort();
      await new Promise((r) => setTimeout(r, 20));
    },
  });
  return out;
}

describe('runBot', () => {
  it('keeps going through an outage (logged, growing back-off) and acts when the server is back', async () => {
    const decisions: BotDecisionLine[] = [];
    const logs: Record<string, unknown>[] = [];
    const waits: number[] = [];
    const ac = new AbortController();
    let spamId: string | undefined;
    const run = runBot(clients.bot!, {
      rules,
      rooms: [],
      dryRun: false,
      direct: true,
      intervalMs: 100,
      maxBackoffMs: 1000,
      signal: ac.signal,
      emit: (d) => {
        decisions.push(d);
        if (d.id === spamId) ac.abort();
      },
      log: (l) => logs.push(l),
      // after the first good poll the relay goes down; it comes back after three failures
      sleep: async (ms) => {
        waits.push(ms);
        if (waits.length === 1) {
          relayDown();
          spamId = (await postToRoom(clients.spammer!, 'lobby', 'Buy now! limited offer', { direct: true }))
            .id;
        }
        if (logs.length >= 3) relayUp = true;
        await new Promise((r) => setTimeout(r, 20));
      },
    });
    await run;
    expect(logs.length).toBeGreaterThanOrEqual(3);
    expect(logs[0]).toMatchObject({ type: 'error', room: expect.stringContaining('/lobby') });
    const backoffs = logs.map((l) => l.retryInMs as number);
    expect(backoffs[1]!).toBeGreaterThan(backoffs[0]!);
    expect(Math.max(...backoffs)).toBeLessThanOrEqual(1000);
    expect(waits).toEqual(expect.arrayContaining(backoffs.slice(0, 2)));
    expect(decisions.map((d) => [d.rule, d.id, d.actions[0]!.outcome])).toEqual([
      ['no-spam', spamId, 'done'],
    ]);
    // (read by the bot: the spammer's own copy of its post is not told of the deletion)
    const seen = await readRoom(clients.bot!, 'lobby', { direct: true });
    expect(seen.messages.some((m) => m.id === spamId)).toBe(false);
  }, 120_000);

  it('never acts twice on a message, even when its cursor is lost', async () => {
    const hello = await postToRoom(clients.spammer!, 'lobby', 'hello bot', { direct: true });
    // each run stops after two polls
    const once = (maxCycles: number) => botUntil(Infinity, maxCycles);
    const first = await once(2);
    expect(first.map((d) => [d.rule, d.actions[0]!.outcome])).toEqual([['greet', 'done']]);
    // a restart: nothing new, nothing done
    expect(await once(2)).toEqual([]);
    // the cursor lost (as if the process died after acting, before saving it)
    clients.bot!.db.prepare('UPDATE community_bot_cursors SET seqno = 0').run();
    const again = await once(2);
    expect(again.map((d) => [d.rule, d.actions[0]!.outcome])).toEqual([['greet', 'skipped']]);
    const replies = (await readRoom(clients.spammer!, 'lobby', { direct: true })).messages.filter(
      (m) => m.text === 'hi, I am the bot',
    );
    expect(replies).toHaveLength(1);
    // the reply quotes the post it answers: its author (as the room shows them) and its text
    expect(replies[0]!.quote).toEqual({ id: hello.id, author: hello.from, text: 'hello bot' });
  }, 120_000);

  it('a reply in a decision that deletes the post does not quote it (its text is not posted again)', async () => {
    const spam = await postToRoom(clients.spammer!, 'lobby', 'visit spamlink dot example', { direct: true });
    const out = await botUntil(1);
    expect(out.map((d) => [d.rule, d.id, d.actions.map((a) => `${a.kind}:${a.outcome}`)])).toEqual([
      ['no-links', spam.id, ['delete:done', 'reply:done']],
    ]);
    const room = await readRoom(clients.spammer!, 'lobby', { direct: true });
    const reply = room.messages.filter((m) => m.text === 'links are not allowed');
    expect(reply).toHaveLength(1);
    expect(reply[0]!.quote).toBeNull();
  }, 120_000);

  it('mute and DM actions: the author cannot post, and has the warning as a message request', async () => {
    await postToRoom(clients.spammer!, 'lobby', 'please mute me', { direct: true });
    const out = await botUntil(1);
    expect(out.map((d) => [d.rule, d.actions.map((a) => `${a.kind}:${a.outcome}`)])).toEqual([
      ['shush', ['mute:done', 'dm:done']],
    ]);
    const refused = await postToRoom(clients.spammer!, 'lobby', 'can I talk?', { direct: true }).catch(
      (e: unknown) => e,
    );
    expect(isSessionError(refused, 'PERMISSION_DENIED')).toBe(true);
    const spammer = clients.spammer!;
    await pollCommunityDms(spammer, communityStore(spammer).rooms(), { direct: true });
    const req = spammer.store.requests();
    expect(req).toHaveLength(1);
    // the conversation is the bot's 15 id on this server
    expect(req[0]!.id).toMatch(/^15[0-9a-f]{64}$/);
    expect(spammer.store.messages(req[0]!.id, 10).map((m) => m.text)).toEqual(['you are muted for an hour']);
  }, 120_000);

  it('a server that does not answer: exit 3', async () => {
    relayDown();
    try {
      const e = await banUser(clients.bot!, clients.spammer!.info.accountId, {
        room: 'lobby',
        direct: true,
      }).catch((x: unknown) => x);
      expect(isSessionError(e)).toBe(true);
      expect(exitCodeFor((e as { code: 'NETWORK_UNREACHABLE' }).code)).toBe(3);
    } finally {
      relayUp = true;
    }
  }, 60_000);
});
