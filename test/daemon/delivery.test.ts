import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import {
  Consumer,
  DEFAULT_BACKOFF,
  backoffDelay,
  execSink,
  webhookSignature,
  webhookSink,
  type BackoffPolicy,
  type Sink,
} from '../../src/daemon/delivery.js';
import { Journal } from '../../src/daemon/journal.js';

interface Received {
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A webhook receiver on a fixed loopback port; `status` decides what it answers. */
function receiver(port = 0, status: () => number = () => 200) {
  const got: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const code = status();
      if (code >= 200 && code < 300) got.push({ body, headers: req.headers });
      res.writeHead(code).end();
    });
  });
  return {
    got,
    server,
    listen: () =>
      new Promise<number>((resolve) =>
        server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
      ),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A fake clock whose sleep advances it (and yields, so sockets and timers still run). */
function fakeTime(start = 1_800_000_000_000) {
  const t = {
    now: start,
    sleeps: [] as number[],
    onSleep: undefined as undefined | ((now: number) => Promise<void> | void),
    sleep: async (ms: number, signal: AbortSignal) => {
      if (signal.aborted) return;
      t.now += ms;
      t.sleeps.push(ms);
      await t.onSleep?.(t.now);
      await new Promise((r) => setTimeout(r, 1));
    },
  };
  return t;
}

async function until(cond: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function openJournal(): Promise<Journal> {
  const j = await Journal.open(join(tempDir('daemon-journal-'), 'daemon.db'));
  cleanups.push(() => j.close());
  return j;
}

function message(i: number) {
  return { type: 'message', id: `05aa:${i}`, cursor: i, text: `event ${i}`, direction: 'in' };
}

describe('backoffDelay', () => {
  it('doubles from the base, is capped, and keeps 50-100 % of the step (equal jitter)', () => {
    const p = { baseMs: 1000, maxMs: 60_000, maxAttempts: 10 };
    expect(backoffDelay(p, 1, () => 0)).toBe(500);
    expect(backoffDelay(p, 1, () => 1)).toBe(1000);
    expect(backoffDelay(p, 3, () => 1)).toBe(4000);
    expect(backoffDelay(p, 20, () => 1)).toBe(60_000);
    expect(backoffDelay(p, 20, () => 0)).toBe(30_000);
    expect(backoffDelay(p, 4, () => 0.5)).toBe(6000);
  });

  it('the default retries for more than an hour even at the lowest jitter', () => {
    let total = 0;
    for (let a = 1; a < DEFAULT_BACKOFF.maxAttempts; a++) total += backoffDelay(DEFAULT_BACKOFF, a, () => 0);
    expect(total).toBeGreaterThan(3600_000);
  });
});

describe('Journal', () => {
  it('journals an event once per source and never moves a cursor back', async () => {
    const j = await openJournal();
    expect(j.db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL, as the profile store
    const first = j.append('alice', [{ type: 'message', source: 'message:1', body: message(1) }], 1, 10);
    const again = j.append('alice', [{ type: 'message', source: 'message:1', body: message(1) }], 1, 11);
    expect(first).toHaveLength(1);
    expect(again).toHaveLength(0);
    expect(j.after(0)).toHaveLength(1);
    expect(j.storeCursor('alice')).toBe(1);
    // A new consumer starts at the end: what happened before it existed is not its.
    expect(j.consumerCursor('c', 0)).toBe(first[0]!.seq);
    const [second] = j.append('alice', [{ type: 'message', source: 'message:2', body: message(2) }], 2, 12);
    expect(j.depth('c', 0)).toBe(1);
    expect(j.ack('c', second!.seq, 0)).toBe(second!.seq);
    expect(j.ack('c', first[0]!.seq, 0)).toBe(second!.seq);
    expect(j.depth('c', 0)).toBe(0);
    // a consumer whose first word is an ack starts at the end too, then moves (never back)
    expect(j.ack('fresh', first[0]!.seq, 0)).toBe(second!.seq);
    j.append('alice', [{ type: 'message', source: 'message:3', body: message(3) }], 3, 13);
    expect(j.consumerCursor('fresh', 0)).toBe(second!.seq); // asking does not move it
    expect(j.depth('fresh', 0)).toBe(1);
  });
});

/** A consumer of `sink` on `j`, started, with one event (message 1) journaled and announced. */
function consumeOne(
  j: Journal,
  time: ReturnType<typeof fakeTime>,
  sink: Sink,
  backoff: BackoffPolicy,
): Consumer {
  const consumer = new Consumer({
    journal: j,
    sink,
    backoff,
    now: () => time.now,
    sleep: time.sleep,
    idleMs: 10,
  });
  consumer.start();
  cleanups.push(() => consumer.stop());
  j.append('alice', [{ type: 'message', source: 'message:1', body: message(1) }], 1, time.now);
  consumer.notify();
  return consumer;
}

describe('webhook consumer', () => {
  it('a receiver down for an hour misses nothing and gets nothing twice, in order, signed', async () => {
    const j = await openJournal();
    const time = fakeTime();
    const secret = 'hook secret';
    // A port with nothing behind it: connections are refused while the receiver is "down".
    const probe = receiver();
    const port = await probe.listen();
    await probe.close();
    const hook = receiver(port);
    cleanups.push(() => hook.close());
    const consumer = new Consumer({
      journal: j,
      sink: webhookSink({ url: `http://127.0.0.1:${port}/hook`, secret: () => secret, now: () => time.now }),
      now: () => time.now,
      sleep: time.sleep,
      // the lowest jitter: the shortest total retry time the policy can give
      random: () => 0,
      idleMs: 10,
    });
    consumer.start();
    cleanups.push(() => consumer.stop());
    const started = time.now;
    let up = false;
    time.onSleep = async (now) => {
      if (!up && now - started >= 3600_000) {
        up = true;
        await hook.listen();
      }
    };
    for (let i = 1; i <= 5; i++)
      j.append('alice', [{ type: 'message', source: `message:${i}`, body: message(i) }], i, time.now);
    consumer.notify();
    await until(() => hook.got.length >= 5);
    // Everything is delivered once more would have been a duplicate: give it time to misbehave.
    await new Promise((r) => setTimeout(r, 200));
    expect(up).toBe(true);
    expect(time.now - started).toBeGreaterThanOrEqual(3600_000);
    expect(hook.got.map((g) => JSON.parse(g.body).text)).toEqual([1, 2, 3, 4, 5].map((i) => `event ${i}`));
    for (const g of hook.got) {
      const ts = String(g.headers['x-session-timestamp']);
      const expected = `sha256=${createHmac('sha256', secret).update(`${ts}.${g.body}`).digest('hex')}`;
      expect(g.headers['x-session-signature']).toBe(expected);
      expect(g.headers['x-session-profile']).toBe('alice');
      // The body is the one message object, nothing wrapped around it.
      expect(Object.keys(JSON.parse(g.body)).sort()).toEqual(Object.keys(message(1)).sort());
    }
    expect(new Set(hook.got.map((g) => g.headers['x-session-event'])).size).toBe(5);
    expect(j.deadLetters()).toEqual([]);
    expect(consumer.depth()).toBe(0);
  }, 60_000);

  it('parks an event after its attempts, moves on, and delivers it again on replay', async () => {
    const j = await openJournal();
    const time = fakeTime();
    let failing = true;
    const hook = receiver(0, () => (failing ? 500 : 200));
    const port = await hook.listen();
    cleanups.push(() => hook.close());
    const consumer = consumeOne(
      j,
      time,
      webhookSink({ url: `http://127.0.0.1:${port}/`, secret: () => undefined, now: () => time.now }),
      { baseMs: 1000, maxMs: 8000, maxAttempts: 3 },
    );
    await until(() => j.deadLetters().length === 1);
    const [dead] = j.deadLetters();
    expect(dead!.attempts).toBe(3);
    expect(dead!.lastError).toBe('HTTP 500');
    expect(dead!.event?.body.text).toBe('event 1');
    // The queue is not stuck behind it.
    failing = false;
    j.append('alice', [{ type: 'message', source: 'message:2', body: message(2) }], 2, time.now);
    consumer.notify();
    await until(() => hook.got.length === 1);
    expect(JSON.parse(hook.got[0]!.body).text).toBe('event 2');
    expect(hook.got[0]!.headers['x-session-signature']).toBeUndefined();
    // Replay: delivered again, and gone from the dead letters.
    expect(j.requestReplay()).toBe(1);
    consumer.notify();
    await until(() => hook.got.length === 2);
    expect(JSON.parse(hook.got[1]!.body).text).toBe('event 1');
    await until(() => j.deadLetters().length === 0);
  }, 60_000);

  it('a redirect is a failure, not followed: the event never reaches the other URL', async () => {
    const j = await openJournal();
    const time = fakeTime();
    const elsewhere = receiver();
    const elsewherePort = await elsewhere.listen();
    cleanups.push(() => elsewhere.close());
    const moved = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(307, { location: `http://127.0.0.1:${elsewherePort}/hook` }).end());
    });
    await new Promise<void>((ok) => moved.listen(0, '127.0.0.1', ok));
    cleanups.push(() => void moved.close());
    const url = `http://127.0.0.1:${(moved.address() as AddressInfo).port}/hook`;
    consumeOne(j, time, webhookSink({ url, secret: () => 's', now: () => time.now }), {
      baseMs: 1000,
      maxMs: 1000,
      maxAttempts: 2,
    });
    await until(() => j.deadLetters().length === 1);
    expect(j.deadLetters()[0]!.lastError).toBe('HTTP 307');
    expect(elsewhere.got).toEqual([]);
  }, 60_000);

  it('a receiver that never answers times the delivery out and it is retried', async () => {
    const j = await openJournal();
    const time = fakeTime();
    let calls = 0;
    const hung = createServer((req) => {
      calls++;
      req.resume(); // and never a response
    });
    await new Promise<void>((ok) => hung.listen(0, '127.0.0.1', ok));
    cleanups.push(() => {
      hung.closeAllConnections();
      hung.close();
    });
    const url = `http://127.0.0.1:${(hung.address() as AddressInfo).port}/`;
    consumeOne(j, time, webhookSink({ url, secret: () => undefined, now: () => time.now, timeoutMs: 100 }), {
      baseMs: 1000,
      maxMs: 1000,
      maxAttempts: 2,
    });
    await until(() => j.deadLetters().length === 1);
    expect(calls).toBe(2);
    expect(j.deadLetters()[0]!.lastError).toMatch(/timed out|abort/i);
  }, 60_000);
});

describe('exec consumer', () => {
  it('runs the command per event with the event on stdin; a failing command is retried', async () => {
    const j = await openJournal();
    const time = fakeTime();
    const dir = tempDir('daemon-exec-');
    const out = join(dir, 'events.ndjson');
    const flag = join(dir, 'fail-once');
    // Fails the first time (creating the flag file), then appends stdin to the output.
    const cmd = `if [ ! -e ${flag} ]; then touch ${flag}; exit 3; fi; cat >> ${out}`;
    const sink: Sink = execSink(cmd);
    const consumer = new Consumer({ journal: j, sink, now: () => time.now, sleep: time.sleep, idleMs: 10 });
    consumer.start();
    cleanups.push(() => consumer.stop());
    j.append('bob', [{ type: 'message', source: 'message:1', body: message(7) }], 1, time.now);
    consumer.notify();
    await until(() => {
      try {
        return readFileSync(out, 'utf8').includes('\n');
      } catch {
        return false;
      }
    });
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).text)).toEqual(['event 7']);
    expect(time.sleeps.length).toBeGreaterThanOrEqual(1);
    await until(() => consumer.depth() === 0);
  }, 60_000);
});

describe('webhookSignature', () => {
  it('is HMAC-SHA256 over TIMESTAMP.BODY in hex', () => {
    const sig = webhookSignature('k', '1700000000', '{"a":1}');
    expect(sig).toBe(`sha256=${createHmac('sha256', 'k').update('1700000000.{"a":1}').digest('hex')}`);
  });
});

describe('a damaged journal', () => {
  function collecting(j: Journal, time: ReturnType<typeof fakeTime>) {
    const delivered: unknown[] = [];
    const logged: string[] = [];
    const sink: Sink = {
      name: 'test',
      kind: 'exec',
      deliver: (e) => {
        delivered.push(e.body);
        return Promise.resolve();
      },
    };
    const consumer = new Consumer({
      journal: j,
      sink,
      now: () => time.now,
      sleep: time.sleep,
      idleMs: 10,
      log: (l) => logged.push(l),
    });
    consumer.start();
    cleanups.push(() => consumer.stop());
    return { consumer, delivered, logged };
  }

  it('an event that cannot be read is parked at once; the events behind it are delivered', async () => {
    const j = await openJournal();
    const time = fakeTime();
    const { consumer, delivered, logged } = collecting(j, time);
    const [bad] = j.append(
      'alice',
      [{ type: 'message', source: 'message:1', body: message(1) }],
      1,
      time.now,
    );
    j.db.prepare("UPDATE events SET body = '{' WHERE source = 'message:1'").run();
    j.append('alice', [{ type: 'message', source: 'message:2', body: message(2) }], 2, time.now);
    consumer.notify();
    await until(() => delivered.length === 1);
    expect(delivered).toEqual([message(2)]);
    const error = `the daemon's database is damaged: journaled event ${bad!.seq} cannot be read`;
    expect(logged).toEqual([`test: event ${bad!.seq} cannot be read, parked as a dead letter: ${error}`]);
    const [dl] = j.deadLetters('test');
    expect(dl).toMatchObject({
      seq: bad!.seq,
      attempts: 0,
      state: 'parked',
      lastError: error,
      unreadable: error,
    });
    expect(dl!.event).toBeUndefined();

    // replayed while still damaged: parked again, not dropped
    j.requestReplay();
    consumer.notify();
    await until(() => logged.length === 2);
    expect(logged[1]).toBe(`test: event ${bad!.seq} still cannot be read: parked again`);
    expect(j.deadLetters('test')).toMatchObject([{ seq: bad!.seq, state: 'parked' }]);

    // repaired, then replayed: delivered, and the dead letter is gone
    j.db.prepare('UPDATE events SET body = ? WHERE source = ?').run(JSON.stringify(message(1)), 'message:1');
    expect(j.deadLetters('test')[0]!.unreadable).toBeUndefined();
    j.requestReplay();
    consumer.notify();
    await until(() => delivered.length === 2);
    expect(delivered).toEqual([message(2), message(1)]);
    expect(j.deadLetters('test')).toEqual([]);
  }, 60_000);

  it('a journal that cannot be read at all is logged once and read again until it can', async () => {
    const j = await openJournal();
    const time = fakeTime();
    const { consumer, delivered, logged } = collecting(j, time);
    j.db.exec('ALTER TABLE events RENAME TO events_away');
    consumer.notify();
    await until(() => time.sleeps.length >= 5);
    expect(logged).toEqual(['test: cannot read the journal: no such table: events']);
    j.db.exec('ALTER TABLE events_away RENAME TO events');
    j.append('alice', [{ type: 'message', source: 'message:1', body: message(1) }], 1, time.now);
    consumer.notify();
    await until(() => delivered.length === 1);
    expect(delivered).toEqual([message(1)]);
  }, 60_000);
});
