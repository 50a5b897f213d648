import { describe, expect, it } from 'vitest';
import { blame, type AttemptFailure, type Verdict } from '../../src/network/policy/blame.js';

/**
 * Every field of every verdict of blame() (network.md §4.9, errata E10): a reaction test that
 * checks only the field it is about lets a wrong strike or a lost retry elsewhere go unseen.
 */
const G = 'a'.repeat(64);
const R1 = 'b'.repeat(64);
const D = 'd'.repeat(64);
const X = 'e'.repeat(64);
const path = { guard: G, relays: [R1], destination: D };
const noDest = { guard: G, relays: [R1], destination: undefined };

const none: Omit<Verdict, 'error'> = {
  strikeNodes: [],
  dropNodes: [],
  strikePath: false,
  abandonPath: false,
  excludeNodes: [],
  avoidDestination: false,
  suspectDestination: false,
  resyncClock: false,
  redirect: false,
  retry: false,
  mayHaveReachedDestination: false,
};

function expectVerdict(
  f: AttemptFailure,
  p: typeof path | typeof noDest,
  fields: Partial<Omit<Verdict, 'error'>>,
  code: string,
  message?: string,
) {
  const { error, ...rest } = blame(f, p);
  expect(rest).toEqual({ ...none, ...fields });
  expect(error.code).toBe(code);
  if (message !== undefined) expect(error.message).toBe(message);
  return error;
}

const hop = (status: number, text: string): AttemptFailure => ({ kind: 'hop', status, text });
const dest = (status: number, text = ''): AttemptFailure => ({ kind: 'destination', status, text });

describe('blame: every field of every verdict', () => {
  it('connect: the guard is struck and its path abandoned; reached only when sent', () => {
    const base = { strikeNodes: [G], abandonPath: true, retry: true };
    expectVerdict(
      { kind: 'connect', reason: 'ECONNREFUSED' },
      path,
      base,
      'PATH_FAILED',
      'guard unreachable: ECONNREFUSED',
    );
    expectVerdict({ kind: 'connect', reason: 'r', sent: false }, path, base, 'PATH_FAILED');
    expectVerdict(
      { kind: 'connect', reason: 'r', sent: true },
      path,
      { ...base, mayHaveReachedDestination: true },
      'PATH_FAILED',
    );
  });

  it('timeout: path and destination struck, the destination suspect; without one, only the path', () => {
    expectVerdict(
      { kind: 'timeout' },
      path,
      {
        strikePath: true,
        strikeNodes: [D],
        suspectDestination: true,
        retry: true,
        mayHaveReachedDestination: true,
      },
      'TIMEOUT',
      'no answer through the onion path in time',
    );
    expectVerdict(
      { kind: 'timeout' },
      noDest,
      { strikePath: true, retry: true, mayHaveReachedDestination: true },
      'TIMEOUT',
    );
  });

  it('undecryptable and bad-reply', () => {
    expectVerdict(
      { kind: 'undecryptable' },
      path,
      { strikePath: true, retry: true, mayHaveReachedDestination: true },
      'PATH_FAILED',
      'the onion reply could not be decrypted',
    );
    expectVerdict(
      { kind: 'bad-reply', reason: 'why' },
      path,
      { strikeNodes: [D], avoidDestination: true, retry: true, mayHaveReachedDestination: true },
      'BAD_REPLY',
      'why',
    );
    expectVerdict(
      { kind: 'bad-reply', reason: 'why' },
      noDest,
      { retry: true, mayHaveReachedDestination: true },
      'BAD_REPLY',
    );
  });

  it('hop 502 Next node: drops the named node (lower case); the path is charged unless it is the destination', () => {
    expectVerdict(
      hop(502, `  Next node not found: ${X.toUpperCase()}  `),
      path,
      { dropNodes: [X], strikePath: true, retry: true },
      'PATH_FAILED',
      `a relay could not find node ${X.slice(0, 12)}…`,
    );
    expectVerdict(
      hop(502, `Next node is currently unreachable: ${D}`),
      path,
      { dropNodes: [D], avoidDestination: true, retry: true },
      'PATH_FAILED',
    );
    // not at the start, or another status: a generic hop failure
    expectVerdict(
      hop(502, `oops Next node not found: ${X}`),
      path,
      { strikePath: true, retry: true, mayHaveReachedDestination: true },
      'PATH_FAILED',
    );
    expectVerdict(
      hop(500, `Next node not found: ${X}`),
      path,
      { strikePath: true, retry: true, mayHaveReachedDestination: true },
      'PATH_FAILED',
    );
  });

  it('hop 503 Snode not ready: strikes it; excluded from paths unless it is the destination', () => {
    expectVerdict(
      hop(503, `Snode not ready: ${X.toUpperCase()}`),
      path,
      { strikeNodes: [X], excludeNodes: [X], retry: true },
      'PATH_FAILED',
      `node ${X.slice(0, 12)}… is not ready`,
    );
    expectVerdict(
      hop(503, `Snode not ready: ${D}`),
      path,
      { strikeNodes: [D], avoidDestination: true, retry: true },
      'PATH_FAILED',
    );
    expectVerdict(
      hop(503, `x Snode not ready: ${X}`),
      path,
      { strikePath: true, retry: true, mayHaveReachedDestination: true },
      'PATH_FAILED',
    );
    expectVerdict(
      hop(502, `Snode not ready: ${X}`),
      path,
      { strikePath: true, retry: true, mayHaveReachedDestination: true },
      'PATH_FAILED',
    );
  });

  it('hop 503 Service node is not ready: the guard', () => {
    expectVerdict(
      hop(503, 'Service node is not ready: syncing'),
      path,
      { strikeNodes: [G], abandonPath: true, retry: true },
      'PATH_FAILED',
      'the guard is not ready',
    );
    expectVerdict(
      hop(503, 'x Service node is not ready'),
      path,
      { strikePath: true, retry: true, mayHaveReachedDestination: true },
      'PATH_FAILED',
    );
    expectVerdict(
      hop(502, 'Service node is not ready'),
      path,
      { strikePath: true, retry: true, mayHaveReachedDestination: true },
      'PATH_FAILED',
    );
  });

  it('hop 406/425 resync; 413 is final; 504 strikes the destination; 4xx did not reach it', () => {
    for (const s of [406, 425])
      expectVerdict(
        hop(s, ' skew '),
        path,
        { resyncClock: true, retry: true },
        'CLOCK_SKEW',
        'clock rejected: skew',
      );
    expectVerdict(hop(413, ''), path, {}, 'TOO_LARGE', 'the request is too large for the network');
    expectVerdict(
      hop(504, 'Request time out'),
      path,
      {
        strikePath: true,
        strikeNodes: [D],
        suspectDestination: true,
        retry: true,
        mayHaveReachedDestination: true,
      },
      'PATH_FAILED',
      'onion path failed: 504 Request time out',
    );
    expectVerdict(
      hop(504, 'Request time out'),
      noDest,
      { strikePath: true, retry: true, mayHaveReachedDestination: true },
      'PATH_FAILED',
    );
    expectVerdict(hop(400, 'Invalid ciphertext'), path, { strikePath: true, retry: true }, 'PATH_FAILED');
    expectVerdict(hop(499, ''), path, { strikePath: true, retry: true }, 'PATH_FAILED');
    expectVerdict(
      hop(500, ''),
      path,
      { strikePath: true, retry: true, mayHaveReachedDestination: true },
      'PATH_FAILED',
    );
    const long = blame(hop(500, 'z'.repeat(400)), path).error;
    expect(long.message).toBe(`onion path failed: 500 ${'z'.repeat(160)}`);
  });

  it('destination: Next node, 421, 406/425, 429, 5xx, other refusals', () => {
    expectVerdict(
      dest(502, ` Next node not found: ${X.toUpperCase()}`),
      path,
      { dropNodes: [X], avoidDestination: true, retry: true },
      'PATH_FAILED',
      `node ${X.slice(0, 12)}… not found`,
    );
    expectVerdict(
      dest(421, '{}'),
      path,
      { redirect: true, retry: true },
      'WRONG_SWARM',
      'the node is not in the account’s swarm',
    );
    for (const s of [406, 425])
      expectVerdict(
        dest(s, ' late '),
        path,
        { resyncClock: true, retry: true },
        'CLOCK_SKEW',
        'the node rejected our clock: late',
      );
    const rl = expectVerdict(
      dest(429),
      path,
      { avoidDestination: true, retry: true },
      'RATE_LIMITED',
      'rate limited by the node',
    );
    expect(rl.hint).toBe('retry later');
    const e5 = expectVerdict(
      dest(500, 'boom'),
      path,
      { strikeNodes: [D], avoidDestination: true, retry: true },
      'REMOTE_REJECTED',
      'node answered 500: boom',
    );
    expect(e5.details).toEqual({ status: 500 });
    expectVerdict(dest(503, 'x'), noDest, { avoidDestination: true, retry: true }, 'REMOTE_REJECTED');
    const r = expectVerdict(
      dest(401, ` ${'q'.repeat(300)} `),
      path,
      {},
      'REMOTE_REJECTED',
      `refused: 401 ${'q'.repeat(160)}`,
    );
    expect(r.details).toEqual({ status: 401, text: 'q'.repeat(160) });
    expectVerdict(dest(499, ''), path, {}, 'REMOTE_REJECTED');
    expectVerdict(dest(413, 'big'), path, {}, 'TOO_LARGE', 'refused: 413 big');
  });
});
