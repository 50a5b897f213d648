import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startModNet, type ModNet } from './community-mod-cli.js';

/**
 * `community bot` of the built CLI against the devnet community server, the bot's profile a room
 * moderator: a bad rules file exits 2 naming rule and field; --dry-run reports and deletes
 * nothing; the bot deletes a "buy now" post and a flood, one NDJSON decision each with the rule
 * that fired; restarted, it continues after what it judged and never acts twice.
 */
let net: ModNet;
let rulesFile: string;
const cli = (args: string[], profile: string) => net.cli(args, profile);
const post = async (profile: string, text: string): Promise<string> => {
  let r = await cli(['community', 'post', 'lobby', text, '--direct'], profile);
  // the server's 5 posts per 16 s (exit 7): wait and post again
  for (let k = 0; r.code === 7 && k < 10; k++) {
    await new Promise((res) => setTimeout(res, 4000));
    r = await cli(['community', 'post', 'lobby', text, '--direct'], profile);
  }
  expect(r.code, r.stderr).toBe(0);
  return r.json.result.id as string;
};
const roomTexts = async () => {
  const r = await cli(['community', 'read', 'lobby', '--direct', '--limit', '100'], 'friend');
  expect(r.code, r.stderr).toBe(0);
  return (r.json.result.messages as { text: string; id: string }[]).map((m) => m.text);
};
type Line = {
  type: string;
  rule: string;
  id: string;
  dryRun: boolean;
  actions: { kind: string; outcome: string }[];
};
const decisions = (lines: Record<string, unknown>[]) =>
  lines.filter((l) => l.type === 'decision') as unknown as Line[];

beforeAll(async () => {
  net = await startModNet('e2e-community-bot', ['bot', 'spammer', 'friend']);
  for (const p of ['bot', 'spammer', 'friend']) {
    const j = await cli(['community', 'join', net.joinUrl(), '--direct'], p);
    expect(j.code, j.stderr).toBe(0);
  }
  await net.dn.addModerator('lobby', net.ids.bot!, { admin: false, hidden: false });
  rulesFile = join(net.root, 'rules.yaml');
  writeFileSync(
    rulesFile,
    `rules:
  - {name: no-spam, match: {regex: "(?i)buy now"}, action: delete}
  - {name: flood, match: {flood: {max: 4, window: 10m}}, action: delete}
`,
  );
}, 120_000);

afterAll(async () => {
  await net?.stop();
});

describe('community bot (built CLI, devnet)', () => {
  it('a bad rules file exits 2 with the rule name and field, before any traffic', async () => {
    const bad = join(net.root, 'bad.yaml');
    writeFileSync(bad, 'rules: [{name: broken, match: {regex: "(?i)["}, action: delete}]\n');
    const r = await cli(['community', 'bot', '--rules', bad, '--direct'], 'bot');
    expect(r.code).toBe(2);
    expect(r.json.error).toMatchObject({
      code: 'INVALID_RULES',
      details: { rule: 'broken', field: 'match.regex' },
    });
  }, 60_000);

  it('dry run deletes nothing; the bot deletes spam and a flood; a restarted bot does not act twice', async () => {
    await post('friend', 'hello everyone');
    const spam = await post('spammer', 'BUY NOW cheap pills');

    const dry = await cli(
      [
        'community',
        'bot',
        '--rules',
        rulesFile,
        '--dry-run',
        '--backlog',
        '--interval',
        '1',
        '--max-decisions',
        '1',
        '--timeout',
        '60s',
        '--direct',
      ],
      'bot',
    );
    expect(dry.code, dry.stderr).toBe(0);
    const dryLines = dry.stdout
      .split('\n')
      .filter((l) => l.startsWith('{"type":"decision"'))
      .map((l) => JSON.parse(l) as Line);
    expect(dryLines).toEqual([
      expect.objectContaining({
        rule: 'no-spam',
        id: spam,
        dryRun: true,
        actions: [{ kind: 'delete', outcome: 'dry-run' }],
      }),
    ]);
    expect(await roomTexts()).toContain('BUY NOW cheap pills');

    const bot = net.spawnCli(
      ['community', 'bot', '--rules', rulesFile, '--backlog', '--interval', '1', '--direct'],
      'bot',
    );
    await bot.until((l) => decisions(l).some((d) => d.id === spam), 90_000);
    expect(decisions(bot.lines)[0]).toMatchObject({
      rule: 'no-spam',
      id: spam,
      dryRun: false,
      actions: [{ kind: 'delete', outcome: 'done' }],
    });

    // the flood: the spammer's 5th post within the window (the deleted spam counts: it was posted)
    const ids: string[] = [];
    for (const k of [1, 2, 3, 4]) ids.push(await post('spammer', `message ${k}`));
    await bot.until((l) => decisions(l).some((d) => d.rule === 'flood'), 90_000);
    bot.stop('SIGINT');
    expect(await bot.exited).toBe(130);
    expect(decisions(bot.lines).map((d) => [d.rule, d.id])).toEqual([
      ['no-spam', spam],
      ['flood', ids[3]],
    ]);
    const texts = await roomTexts();
    expect(texts).not.toContain('BUY NOW cheap pills');
    expect(texts).not.toContain('message 4');
    expect(texts).toEqual(expect.arrayContaining(['hello everyone', 'message 1', 'message 2', 'message 3']));

    // while the bot is stopped: new spam; the restarted bot judges only that
    const spam2 = await post('spammer', 'buy now, again');
    const again = await cli(
      [
        'community',
        'bot',
        '--rules',
        rulesFile,
        '--interval',
        '1',
        '--max-decisions',
        '1',
        '--timeout',
        '60s',
        '--direct',
      ],
      'bot',
    );
    expect(again.code, again.stderr).toBe(0);
    const againLines = again.stdout
      .split('\n')
      .filter((l) => l.startsWith('{"type":"decision"'))
      .map((l) => JSON.parse(l) as Line);
    expect(againLines.map((d) => [d.rule, d.id, d.actions[0]!.outcome])).toEqual([
      ['no-spam', spam2, 'done'],
    ]);
    const after = await roomTexts();
    expect(after).not.toContain('buy now, again');
    expect(after).toContain('hello everyone');
  }, 240_000);
});
