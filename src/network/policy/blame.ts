import { SessionError } from '../../errors.js';

/**
 * Where a failed onion request is charged (network.md §4.9, errata E10), as one pure function so
 * that each rule has a test. The rules follow the most recent clients (Android, libsession):
 * a failed connection to the guard is the guard's; a hop's error names the node or charges the
 * path, never the guard; a destination's error is the destination's; a node that names another
 * node as missing gets that node dropped.
 */
export type AttemptFailure =
  /** No HTTP exchange with the guard: refused, reset, TLS failure or connect timeout. */
  | { kind: 'connect'; reason: string; sent?: boolean }
  /** Connected and sent, but no answer within the attempt's time. */
  | { kind: 'timeout' }
  /** A non-200 answer from the guard: an error raised by some hop (plain text). */
  | { kind: 'hop'; status: number; text: string }
  /** HTTP 200 whose body cannot be opened with the destination key. */
  | { kind: 'undecryptable' }
  /** The destination's own answer (decrypted), not 2xx. */
  | { kind: 'destination'; status: number; text: string }
  /** A 2xx from the destination whose body is not a valid reply. */
  | { kind: 'bad-reply'; reason: string };

export interface PathNodes {
  guard: string;
  relays: string[];
  destination: string | undefined;
  /** The destination is an HTTP server (file server, SOGS) behind the last hop. */
  server?: boolean;
}

/** What storage nodes themselves answer with a 400 (§4.8); anything else came from the server. */
const NODE_400 =
  /^(Invalid ciphertext|Error parsing onion request|onion request max path length exceeded|Invalid json)/;

export interface Verdict {
  /** Node strikes (3 drop a node from the pool, its swarms and every path). */
  strikeNodes: string[];
  /** Nodes dropped at once (named as missing by a relay). */
  dropNodes: string[];
  /** One strike for the path (3 and it is replaced; its nodes stay in the pool). */
  strikePath: boolean;
  /** Stop using this path in this chain (its guard cannot be reached). */
  abandonPath: boolean;
  /** Nodes not to put in a path again in this chain (not ready now). */
  excludeNodes: string[];
  /** The destination failed: do not ask it again in this chain. */
  avoidDestination: boolean;
  /** The destination may be the slow part: prefer other members, but it may be asked again. */
  suspectDestination: boolean;
  /** Resynchronise the clock, then retry (once per chain). */
  resyncClock: boolean;
  /** The answer is a 421 with the account's new swarm. */
  redirect: boolean;
  /** Another attempt may succeed. */
  retry: boolean;
  /** The destination may have executed the request although we saw no success. */
  mayHaveReachedDestination: boolean;
  error: SessionError;
}

const NEXT_NODE = /^Next node (?:not found|is currently unreachable): ([0-9a-fA-F]{64})/;
const NOT_READY = /^Snode not ready: ([0-9a-fA-F]{64})/;

function verdict(error: SessionError, v: Partial<Omit<Verdict, 'error'>>): Verdict {
  return {
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
    ...v,
    error,
  };
}

export function blame(f: AttemptFailure, p: PathNodes): Verdict {
  const dest = p.destination;
  const short = (s: string) => s.slice(0, 160);
  switch (f.kind) {
    case 'connect':
      return verdict(new SessionError('PATH_FAILED', `guard unreachable: ${f.reason}`), {
        strikeNodes: [p.guard],
        abandonPath: true,
        retry: true,
        // a connection reset after the request went out: the guard may have forwarded it
        mayHaveReachedDestination: f.sent === true,
      });
    case 'timeout':
      // The guard took the request; something beyond it is silent (a dead relay makes a real
      // relay answer 504 only after 30 s). Charge the path and the destination, not the guard.
      return verdict(new SessionError('TIMEOUT', 'no answer through the onion path in time'), {
        strikePath: true,
        strikeNodes: dest ? [dest] : [],
        suspectDestination: dest !== undefined,
        retry: true,
        mayHaveReachedDestination: true,
      });
    case 'undecryptable':
      return verdict(new SessionError('PATH_FAILED', 'the onion reply could not be decrypted'), {
        strikePath: true,
        retry: true,
        mayHaveReachedDestination: true,
      });
    case 'bad-reply':
      return verdict(new SessionError('BAD_REPLY', f.reason), {
        strikeNodes: dest ? [dest] : [],
        avoidDestination: dest !== undefined,
        retry: true,
        mayHaveReachedDestination: true,
      });
    case 'hop': {
      const text = f.text.trim();
      const named = NEXT_NODE.exec(text)?.[1]?.toLowerCase();
      if (f.status === 502 && named) {
        // A relay does not know the next node: drop it. The path is charged too, so a relay
        // that names healthy nodes cannot empty the pool without losing its own place.
        return verdict(
          new SessionError('PATH_FAILED', `a relay could not find node ${named.slice(0, 12)}…`),
          {
            dropNodes: [named],
            strikePath: named !== dest,
            avoidDestination: named === dest,
            retry: true,
          },
        );
      }
      const notReady = NOT_READY.exec(text)?.[1]?.toLowerCase();
      if (f.status === 503 && notReady) {
        return verdict(new SessionError('PATH_FAILED', `node ${notReady.slice(0, 12)}… is not ready`), {
          strikeNodes: [notReady],
          avoidDestination: notReady === dest,
          excludeNodes: notReady === dest ? [] : [notReady],
          retry: true,
        });
      }
      if (f.status === 503 && /^Service node is not ready/.test(text)) {
        return verdict(new SessionError('PATH_FAILED', 'the guard is not ready'), {
          strikeNodes: [p.guard],
          abandonPath: true,
          retry: true,
        });
      }
      if (f.status === 406 || f.status === 425) {
        return verdict(new SessionError('CLOCK_SKEW', `clock rejected: ${short(text)}`), {
          resyncClock: true,
          retry: true,
        });
      }
      if (f.status === 413) {
        return verdict(new SessionError('TOO_LARGE', 'the request is too large for the network'), {});
      }
      if (p.server && f.status === 400 && !NODE_400.test(text)) {
        // The last hop relays the server's own plain 400 unchanged (errata E7): the server could
        // not decrypt our request — a wrong server key or address, not a broken path.
        return verdict(
          new SessionError(
            'REMOTE_REJECTED',
            'the server could not read the request: wrong server key or URL?',
            {
              details: { status: 400, text: short(text) },
            },
          ),
          {},
        );
      }
      // 504 Request time out, 500 Invalid response from snode, 400 Invalid ciphertext, … : some
      // hop failed; whether the destination already ran the request is unknown for 5xx.
      return verdict(new SessionError('PATH_FAILED', `onion path failed: ${f.status} ${short(text)}`), {
        strikePath: true,
        ...(f.status === 504 && dest ? { strikeNodes: [dest], suspectDestination: true } : {}),
        retry: true,
        mayHaveReachedDestination: f.status >= 500,
      });
    }
    case 'destination': {
      const text = f.text.trim();
      const status = f.status;
      const named = NEXT_NODE.exec(text)?.[1]?.toLowerCase();
      if (named) {
        return verdict(new SessionError('PATH_FAILED', `node ${named.slice(0, 12)}… not found`), {
          dropNodes: [named],
          avoidDestination: true,
          retry: true,
        });
      }
      if (status === 421) {
        return verdict(new SessionError('WRONG_SWARM', 'the node is not in the account’s swarm'), {
          redirect: true,
          retry: true,
        });
      }
      if (status === 406 || status === 425) {
        return verdict(new SessionError('CLOCK_SKEW', `the node rejected our clock: ${short(text)}`), {
          resyncClock: true,
          retry: true,
        });
      }
      if (status === 429) {
        return verdict(
          new SessionError('RATE_LIMITED', 'rate limited by the node', { hint: 'retry later' }),
          {
            avoidDestination: true,
            retry: true,
          },
        );
      }
      if (status >= 500) {
        return verdict(
          new SessionError('REMOTE_REJECTED', `node answered ${status}: ${short(text)}`, {
            details: { status },
          }),
          { strikeNodes: dest ? [dest] : [], avoidDestination: true, retry: true },
        );
      }
      // 400, 401, 403, 404, 413: the request itself is refused; another node would say the same.
      return verdict(
        new SessionError(
          status === 413 ? 'TOO_LARGE' : 'REMOTE_REJECTED',
          `refused: ${status} ${short(text)}`,
          {
            details: { status, text: short(text) },
          },
        ),
        {},
      );
    }
  }
}
