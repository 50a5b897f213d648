import { describe, expect, it } from 'vitest';
import {
  checkAccountArg,
  checkAccountArgs,
  describeAccountArg,
  namesField,
  resolveAccountArgs,
  type NameNetwork,
} from '../../src/cli/account-arg.js';
import { SessionError } from '../../src/errors.js';
import type { SessionNetwork } from '../../src/network/session-network.js';

/** The shared "Account ID or Session name" argument (issue 10): offline checks, lazy resolution. */
const BOB = '05' + 'ab'.repeat(32);
const CAROL = '05' + 'cd'.repeat(32);

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof SessionError ? e.code : `not a SessionError: ${String(e)}`;
  }
  return undefined;
}

/** A network that must never be asked for (its getter counts), and a resolver from a table. */
function fakeResolver(table: Record<string, string>) {
  const calls: string[] = [];
  let opened = 0;
  const net = {} as SessionNetwork;
  return {
    calls,
    opened: () => opened,
    network: (): NameNetwork => {
      opened++;
      return { net };
    },
    resolve: async (_n: SessionNetwork, name: string) => {
      calls.push(name);
      const accountId = table[name];
      if (accountId === undefined) throw new SessionError('NAME_NOT_FOUND', `no Session name "${name}"`);
      return { name, accountId, source: 'network' as const };
    },
  };
}

describe('checkAccountArg (offline)', () => {
  it('an Account ID is parsed as today (lower-cased, trimmed)', () => {
    expect(checkAccountArg(` ${BOB.toUpperCase()} `)).toEqual({
      input: ` ${BOB.toUpperCase()} `,
      accountId: BOB,
    });
  });

  it('a name is normalised (lower case) and left to resolve', () => {
    expect(checkAccountArg('Bobby')).toEqual({ input: 'Bobby', name: 'bobby' });
  });

  it('a mistyped ID is an ID error, not a name lookup; other junk is refused too (exit 2 codes)', () => {
    expect(codeOf(() => checkAccountArg('05abc'))).toBe('INVALID_ACCOUNT_ID');
    expect(codeOf(() => checkAccountArg('-bad-'))).toBe('INVALID_ACCOUNT_ID');
    expect(codeOf(() => checkAccountArg('bad.name'))).toBe('INVALID_ACCOUNT_ID');
    // a group ID is not a person's Account ID
    expect(codeOf(() => checkAccountArg('03' + 'ab'.repeat(32)))).toBe('INVALID_ACCOUNT_ID');
    // non-ASCII: refused by the name check itself
    expect(codeOf(() => checkAccountArg('bøb'))).toBe('INVALID_ACCOUNT_ID');
    expect(codeOf(() => checkAccountArgs([BOB, 'x'.repeat(65)]))).toBe('INVALID_ACCOUNT_ID');
  });
});

describe('resolveAccountArgs', () => {
  it('opens no network when no name is given', async () => {
    const f = fakeResolver({});
    const r = await resolveAccountArgs([BOB, CAROL.toUpperCase()], f);
    expect(r).toEqual([
      { input: BOB, accountId: BOB },
      { input: CAROL.toUpperCase(), accountId: CAROL },
    ]);
    expect(f.opened()).toBe(0);
    expect(f.calls).toEqual([]);
  });

  it('resolves each distinct name once, keeps argument order, and says which name meant what', async () => {
    const f = fakeResolver({ bobby: BOB, carol: CAROL });
    const r = await resolveAccountArgs(['Bobby', CAROL, 'bobby', 'carol'], f);
    expect(r.map((a) => a.accountId)).toEqual([BOB, CAROL, BOB, CAROL]);
    expect(r[0]).toEqual({ input: 'Bobby', accountId: BOB, name: 'bobby' });
    expect(r[1]).toEqual({ input: CAROL, accountId: CAROL });
    expect(f.calls).toEqual(['bobby', 'carol']);
    expect(f.opened()).toBe(1);
    expect(namesField(r)).toEqual({ names: { bobby: BOB, carol: CAROL } });
    expect(describeAccountArg(r[0]!)).toBe(`bobby (${BOB})`);
    expect(describeAccountArg(r[1]!)).toBe(CAROL);
  });

  it('an invalid argument anywhere fails before the network is opened', async () => {
    const f = fakeResolver({ bobby: BOB });
    await expect(resolveAccountArgs(['bobby', 'bad.name'], f)).rejects.toMatchObject({
      code: 'INVALID_ACCOUNT_ID',
    });
    expect(f.opened()).toBe(0);
    expect(f.calls).toEqual([]);
  });

  it('an unknown name fails the whole call (NAME_NOT_FOUND)', async () => {
    const f = fakeResolver({ bobby: BOB });
    await expect(resolveAccountArgs(['bobby', 'nobody'], f)).rejects.toMatchObject({
      code: 'NAME_NOT_FOUND',
    });
  });

  it('a resolver answer that is not a 05 Account ID is refused, never passed on', async () => {
    const f = fakeResolver({ group: '03' + 'ab'.repeat(32) });
    await expect(resolveAccountArgs(['group'], f)).rejects.toMatchObject({ code: 'INVALID_ACCOUNT_ID' });
  });

  it('namesField is empty when no name was given (ID-only output unchanged)', () => {
    expect(namesField([{ input: BOB, accountId: BOB as never }])).toEqual({});
  });
});
