import { describe, expect, it } from 'vitest';
import { replyQuoteOf } from '../../../src/actions/community-bot.js';
import type { BotAction } from '../../../src/communities/bot/rules.js';
import type { CommunityMessageRow } from '../../../src/store/communities.js';

/** Which post a bot's `reply` quotes (the devnet run is in runner.integration.test.ts). */
describe('replyQuoteOf', () => {
  const post = { serverId: 42, deleted: false } as CommunityMessageRow;
  const reply: BotAction = { kind: 'reply', text: 'hi' };

  it('quotes the post it answers', () => {
    expect(replyQuoteOf([reply], post)).toBe('42');
    expect(replyQuoteOf([{ kind: 'ban', purge: false }, reply], post)).toBe('42');
  });

  it('not when the decision takes the post away: its text would be posted again', () => {
    expect(replyQuoteOf([{ kind: 'delete' }, reply], post)).toBeUndefined();
    expect(replyQuoteOf([reply, { kind: 'ban', purge: true }], post)).toBeUndefined();
  });

  it('not when the post is gone already (a quote of it would be refused) or not stored', () => {
    expect(replyQuoteOf([reply], { ...post, deleted: true })).toBeUndefined();
    expect(replyQuoteOf([reply], undefined)).toBeUndefined();
  });
});
