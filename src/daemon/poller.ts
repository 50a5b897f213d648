import { createHash } from 'node:crypto';
import { pollCommunityDms } from '../actions/community-dm.js';
import { receiveMessages } from '../actions/receive.js';
import type { SessionClient } from '../client.js';
import {
  toMessageObject,
  type GroupEvent,
  type ReactionEvent,
  type RequestEvent,
  type StreamEvent,
} from '../messages/message-object.js';
import { journalCommunities } from './community-events.js';
import type { Journal, JournalEvent } from './journal.js';
import { CommunityStore } from '../store/communities.js';

export interface PollerOptions {
  profile: string;
  client: SessionClient;
  journal: Journal;
  intervalMs: number;
  now?: () => number;
  onEvents: (events: JournalEvent[]) => void;
  log?: (line: string) => void;
  /** The community step of a poll (community-events.ts); a test gives one that fails. */
  journalRooms?: typeof journalCommunities;
  /** The blinded DM step (inbox and outbox of the rooms' servers); a test gives one that fails. */
  pollDms?: typeof pollCommunityDms;
}

/**
 * Polls one profile's swarm (the same receive action `message receive` uses) and journals what is
 * new in its store: what this poll received, and also what other processes (a CLI run with
 * --no-daemon, a send) put there, so the journal misses nothing the store has.
 */
export class ProfilePoller {
  private readonly stopper = new AbortController();
  private running: Promise<void> | undefined;
  private kick = new AbortController();
  lastPollAt: number | undefined;
  lastError: string | undefined;
  polls = 0;
  private lock: Promise<void> = Promise.resolve();

  constructor(private readonly o: PollerOptions) {
    // History before the daemon first served this profile is not an event.
    if (o.journal.storeCursor(o.profile) === undefined)
      o.journal.append(o.profile, [], o.client.store.maxCursor(), this.now());
  }

  private now(): number {
    return (this.o.now ?? Date.now)();
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    await this.running;
  }

  /** Runs fn while no poll of this profile runs (and none starts). */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Poll now instead of at the next interval. */
  pollSoon(): void {
    this.kick.abort();
  }

  /** Journals what the store holds beyond the journaled cursor, plus other stream events. */
  journalNew(others: (Exclude<StreamEvent, { type: 'message' }> | GroupEvent)[] = []): JournalEvent[] {
    const { journal, client, profile } = this.o;
    const from = journal.storeCursor(profile) ?? 0;
    const rows = client.store.since(from);
    const events = [
      ...rows.map((r) => ({ type: 'message', source: `message:${r.id}`, body: toMessageObject(r) })),
      ...others.map((e) => ({
        type: e.type,
        source: `${e.type}:${createHash('sha256').update(JSON.stringify(e)).digest('hex')}`,
        body: e,
      })),
    ];
    const cursor = rows.length > 0 ? rows[rows.length - 1]!.id : from;
    if (events.length === 0) return [];
    const added = journal.append(profile, events, cursor, this.now());
    if (added.length > 0) this.o.onEvents(added);
    return added;
  }

  pollOnce(): Promise<JournalEvent[]> {
    return this.exclusive(() => this.pollUnlocked());
  }

  private async pollUnlocked(): Promise<JournalEvent[]> {
    const stop = this.stopper.signal;
    let added: JournalEvent[];
    try {
      const r = await receiveMessages(this.o.client, { signal: stop });
      this.lastError = undefined;
      for (const w of r.warnings) this.o.log?.(`${this.o.profile}: ${w}`);
      // group control events (joined, removed, kicked, …) are events too, for webhooks and --follow
      added = this.journalNew([...r.events, ...r.groupEvents]);
    } catch (e) {
      if (stop.aborted) return [];
      this.lastError = (e as Error).message;
      this.o.log?.(`${this.o.profile}: poll failed: ${this.lastError}`);
      // What others stored still counts.
      added = this.journalNew();
    } finally {
      this.polls++;
      this.lastPollAt = this.now();
    }
    // The joined community rooms, on their own servers: the swarm being unreachable does not
    // stop them (nor the other way round).
    try {
      const rooms = await (this.o.journalRooms ?? journalCommunities)({
        profile: this.o.profile,
        client: this.o.client,
        journal: this.o.journal,
        now: this.now(),
        signal: stop,
        log: this.o.log,
      });
      if (rooms.length > 0) this.o.onEvents(rooms);
      added = [...added, ...rooms];
    } catch (e) {
      if (!stop.aborted) this.o.log?.(`${this.o.profile}: community poll failed: ${(e as Error).message}`);
    }
    // Blinded DMs (§13) on those rooms' servers go to the message store: journaled from there as
    // message events (a DM's conversation is the other side's 15 id), like the swarm's messages.
    const dmRequests: (RequestEvent | ReactionEvent)[] = [];
    try {
      const joined = new CommunityStore(this.o.client.db).rooms();
      if (joined.length > 0)
        for (const r of await (this.o.pollDms ?? pollCommunityDms)(this.o.client, joined, {
          signal: stop,
          // one server that fails does not keep the others' DMs from the journal
          onError: (server, e) => {
            if (!stop.aborted)
              this.o.log?.(`${this.o.profile}: ${server}: community DM poll failed: ${(e as Error).message}`);
          },
        }))
          dmRequests.push(...r.requests, ...r.reactions);
    } catch (e) {
      if (!stop.aborted) this.o.log?.(`${this.o.profile}: community DM poll failed: ${(e as Error).message}`);
    }
    return [...added, ...this.journalNew(dmRequests)];
  }

  private async loop(): Promise<void> {
    const stop = this.stopper.signal;
    while (!stop.aborted) {
      await this.pollOnce();
      if (stop.aborted) break;
      this.kick = new AbortController();
      const wait = AbortSignal.any([stop, this.kick.signal]);
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(t);
          wait.removeEventListener('abort', done);
          resolve();
        };
        const t = setTimeout(done, this.o.intervalMs);
        wait.addEventListener('abort', done, { once: true });
      });
    }
  }
}
