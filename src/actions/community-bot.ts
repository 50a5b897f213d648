import type { SessionClient } from '../client.js';
import { decide, PostHistory, type BotMessage, type Decision } from '../communities/bot/decide.js';
import type { BotAction, BotRules } from '../communities/bot/rules.js';
import { BotState } from '../communities/bot/state.js';
import { conversationOf } from '../communities/events.js';
import { blind15IdsFromSessionId } from '../crypto/blinding.js';
import { SessionError, exitCodeFor, isSessionError } from '../errors.js';
import type { CommunityMessageRow, JoinedRoom } from '../store/communities.js';
import { communityStore, ownIdsFor, sogsForRoom, type CommunityOptions } from './community-client.js';
import { sendCommunityDm } from './community-dm.js';
import { banUser, muteUser } from './community-mod.js';
import { deleteInRoom, postToRoom } from './community-post.js';
import { pollRoom } from './community-read.js';

/**
 * `community bot --rules FILE`: the watch loop around the pure rules engine. Each room is polled
 * as `community watch` polls it; every new or edited post after the bot's own cursor is judged
 * (decide.ts) and the decisions carried out (or only reported with `dryRun`). Each decision is
 * one NDJSON object through `emit`. What was done is recorded before the cursor moves on, so a
 * restarted bot neither skips a post nor acts twice on one. A network failure is logged and the
 * room retried with exponential back-off; the post it happened on is judged again then.
 */

export interface BotActionOutcome {
  kind: BotAction['kind'];
  seconds?: number;
  purge?: boolean;
  /** done: carried out; refused: the server said no (not retried); skipped: done before. */
  outcome: 'done' | 'refused' | 'skipped' | 'dry-run';
  error?: { code: string; message: string };
}

export interface BotDecisionLine {
  type: 'decision';
  rule: string;
  reason: string;
  room: string;
  id: string;
  author: string;
  text: string;
  dryRun: boolean;
  actions: BotActionOutcome[];
  at: string;
}

export interface BotOptions extends CommunityOptions {
  rules: BotRules;
  /** Room refs (default: every joined room). */
  rooms: string[];
  dryRun: boolean;
  intervalMs: number;
  emit: (line: BotDecisionLine) => void;
  /** Errors and back-off, as NDJSON objects (the CLI writes them to stderr). */
  log: (line: Record<string, unknown>) => void;
  /** Also judge what is already in the room when the bot first starts (default: only new posts). */
  backlog?: boolean;
  /** Injected for tests. */
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  maxBackoffMs?: number;
  /** Stop after this many decisions (tests, `--max-decisions`). */
  maxDecisions?: number;
}

/** Failures worth retrying: the server was not reached or asked us to wait. */
function retryable(e: unknown): boolean {
  if (!isSessionError(e)) return true;
  const exit = exitCodeFor(e.code);
  return exit === 3 || exit === 7 || e.code === 'NO_NETWORK';
}

function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const wake = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', wake);
      resolve();
    };
    const t = setTimeout(wake, ms);
    signal?.addEventListener('abort', wake, { once: true });
  });
}

const actionKey = (a: BotAction) => a.kind;

/**
 * The post a `reply` action quotes: the one it answers, as a person's reply would, unless the same
 * decision takes that post away (delete, ban and purge: the quote would post its text again) or
 * it is gone already (a quote of a deleted post is refused).
 */
export function replyQuoteOf(
  actions: readonly BotAction[],
  post: CommunityMessageRow | undefined,
): string | undefined {
  const removes = actions.some((a) => a.kind === 'delete' || (a.kind === 'ban' && a.purge));
  return removes || !post || post.deleted ? undefined : String(post.serverId);
}

async function carryOut(
  client: SessionClient,
  room: JoinedRoom,
  m: CommunityMessageRow,
  a: BotAction,
  opts: BotOptions,
  decided: readonly BotAction[],
): Promise<void> {
  const ref = conversationOf(room);
  const o = { direct: opts.direct, signal: opts.signal };
  switch (a.kind) {
    case 'delete':
      try {
        await deleteInRoom(client, ref, String(m.serverId), o);
      } catch (e) {
        // Gone already (its author or another moderator was quicker): what we wanted.
        if (!(isSessionError(e, 'REMOTE_REJECTED') && e.details?.status === 404)) throw e;
      }
      return;
    case 'mute':
      await muteUser(client, ref, m.author, a.seconds, o);
      return;
    case 'ban':
      await banUser(client, m.author, { ...o, room: ref, durationS: a.seconds, purge: a.purge });
      return;
    case 'reply': {
      const replyTo = replyQuoteOf(decided, communityStore(client).message(room.id, m.serverId));
      await postToRoom(client, ref, a.text, { ...o, replyTo });
      return;
    }
    case 'dm':
      await sendCommunityDm(client, ref, m.author, a.text, o);
      return;
  }
}

class RetryLater extends Error {
  constructor(readonly reason: unknown) {
    super('retry later');
  }
}

export async function runBot(
  client: SessionClient,
  opts: BotOptions,
): Promise<{ decisions: number; actions: number }> {
  const now = opts.now ?? (() => Date.now());
  const sleep = opts.sleep ?? sleepFor;
  const maxBackoff = opts.maxBackoffMs ?? 5 * 60_000;
  const store = communityStore(client);
  const state = new BotState(client.db);
  const rooms = opts.rooms.length > 0 ? opts.rooms.map((r) => store.resolve(r)) : store.rooms();
  if (rooms.length === 0)
    throw new SessionError('NOT_FOUND', 'no community joined: nothing to moderate', {
      hint: 'join one first: `community join URL`',
    });
  // Never judged: the bot itself (every id of ours) and the file's exempt ids (both 15
  // candidates of a 05 id on each server).
  const exempt = new Map<string, Set<string>>();
  for (const r of rooms) {
    if (exempt.has(r.pubkey)) continue;
    const set = new Set(await ownIdsFor(client, r.pubkey));
    for (const id of opts.rules.exempt) {
      set.add(id);
      if (id.startsWith('05')) for (const c of await blind15IdsFromSessionId(id, r.pubkey)) set.add(c);
    }
    exempt.set(r.pubkey, set);
  }
  const clients = new Map(rooms.map((r) => [r.id, sogsForRoom(client, store, r, opts)]));
  const history = new PostHistory(opts.rules);
  // What the store already has gives the flood/repeat windows and first-seen times their past.
  for (const r of rooms)
    for (const m of store.recent(r.id, 1000))
      history.add({
        room: r.token.toLowerCase(),
        author: m.author,
        id: m.serverId,
        postedMs: m.postedMs,
        text: m.body ?? '',
      });
  const cursors = new Map<string, number | undefined>(rooms.map((r) => [r.id, state.cursor(r.id)]));
  const failures = new Map<string, number>();
  let decisions = 0;
  let actions = 0;
  const done = () =>
    opts.signal?.aborted === true || (opts.maxDecisions !== undefined && decisions >= opts.maxDecisions);

  const setCursor = (r: JoinedRoom, seqno: number) => {
    cursors.set(r.id, Math.max(cursors.get(r.id) ?? 0, seqno));
    if (!opts.dryRun) state.setCursor(r.id, seqno);
  };

  const judge = async (r: JoinedRoom, m: CommunityMessageRow, d: Decision): Promise<void> => {
    const outcomes: BotActionOutcome[] = [];
    for (const a of d.actions) {
      const base: BotActionOutcome = {
        kind: a.kind,
        ...('seconds' in a && a.seconds !== undefined ? { seconds: a.seconds } : {}),
        ...(a.kind === 'ban' ? { purge: a.purge } : {}),
        outcome: 'dry-run',
      };
      if (opts.dryRun) {
        outcomes.push(base);
        continue;
      }
      if (state.acted(r.id, m.serverId, d.rule, actionKey(a))) {
        outcomes.push({ ...base, outcome: 'skipped' });
        continue;
      }
      try {
        await carryOut(client, r, m, a, opts, d.actions);
        outcomes.push({ ...base, outcome: 'done' });
        state.record(r.id, m.serverId, d.rule, actionKey(a), now(), 'done');
        actions++;
      } catch (e) {
        if (opts.signal?.aborted || retryable(e)) throw new RetryLater(e);
        const err = isSessionError(e)
          ? { code: e.code, message: e.message }
          : { code: 'INTERNAL', message: String(e) };
        outcomes.push({ ...base, outcome: 'refused', error: err });
        state.record(r.id, m.serverId, d.rule, actionKey(a), now(), `refused: ${err.code}`);
      }
    }
    decisions++;
    opts.emit({
      type: 'decision',
      rule: d.rule,
      reason: d.reason,
      room: conversationOf(r),
      id: String(m.serverId),
      author: m.author,
      text: (m.body ?? '').slice(0, 200),
      dryRun: opts.dryRun,
      actions: outcomes,
      at: new Date(now()).toISOString(),
    });
  };

  const cycle = async (r: JoinedRoom): Promise<void> => {
    await pollRoom(store, clients.get(r.id)!, r, opts.signal);
    const fresh = store.room(r.id)!;
    let cursor = cursors.get(r.id);
    if (cursor === undefined) {
      // First start: posts already there are context, not judged (unless --backlog).
      cursor = opts.backlog ? 0 : fresh.seqno;
      for (const m of store.recent(r.id, 1000))
        history.add({
          room: r.token.toLowerCase(),
          author: m.author,
          id: m.serverId,
          postedMs: m.postedMs,
          text: m.body ?? '',
        });
      setCursor(r, cursor);
    }
    const own = exempt.get(r.pubkey)!;
    for (const m of store.changedSince(r.id, cursor)) {
      if (done()) return;
      const judged = !m.deleted && (m.firstSeqno > cursor || m.dataSeqno > cursor);
      if (judged && !own.has(m.author)) {
        const msg: BotMessage = {
          room: r.token.toLowerCase(),
          id: m.serverId,
          author: m.author,
          text: m.body ?? '',
          attachments: m.attachments.map((a) => ({ contentType: a.contentType })),
          postedMs: m.postedMs,
        };
        const list = decide(opts.rules, msg, history.of(msg.room, msg.author), own);
        history.add(msg);
        for (const d of list) await judge(r, m, d);
      }
      setCursor(r, m.seqno);
    }
  };

  while (!done()) {
    let wait = opts.intervalMs;
    for (const r of rooms) {
      if (done()) break;
      try {
        await cycle(r);
        failures.delete(r.id);
      } catch (e) {
        if (opts.signal?.aborted) break;
        const cause = e instanceof RetryLater ? e.reason : e;
        // A bug or a refused poll is not going to heal by waiting, but the bot must keep
        // moderating its other rooms: logged and retried like a network failure.
        const n = (failures.get(r.id) ?? 0) + 1;
        failures.set(r.id, n);
        const backoff = Math.min(maxBackoff, opts.intervalMs * 2 ** Math.min(n, 20));
        wait = Math.max(wait, backoff);
        opts.log({
          type: 'error',
          room: conversationOf(r),
          code: isSessionError(cause) ? cause.code : 'INTERNAL',
          message: cause instanceof Error ? cause.message : String(cause),
          attempt: n,
          retryInMs: backoff,
          at: new Date(now()).toISOString(),
        });
      }
    }
    history.prune(now());
    if (done()) break;
    await sleep(wait, opts.signal);
  }
  return { decisions, actions };
}
