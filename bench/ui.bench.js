// The chat UI (issue 15): time from render to the first full frame with 100 conversations and
// 10,000 stored messages, and the longest frame while 100 messages/s stream in. Rendered by Ink
// exactly as `session chat` renders it (dist/src/ui/App.js, maxFps 30) onto a terminal-like
// stdout; the backend is in memory so the numbers are the UI's own.
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const OWN = `05${'a'.repeat(64)}`;
const peer = (i) => `05${i.toString(16).padStart(64, '0')}`;

function message(conversation, from, text, cursor) {
  const timestamp = 1_700_000_000_000 + cursor * 1000;
  return {
    type: 'message',
    id: `${from}:${timestamp}`,
    cursor,
    hash: null,
    from,
    conversation,
    direction: from === OWN ? 'out' : 'in',
    timestamp,
    text,
    attachments: [],
    expiresAt: null,
    readAt: null,
  };
}

class MemoryBackend {
  own = OWN;
  capabilities = { quote: false, react: false, mute: false, leave: false };
  queue = [];
  wake = undefined;
  constructor(conversations, perConversation) {
    let cursor = 0;
    this.convs = [];
    this.history = new Map();
    for (let i = 0; i < conversations; i++) {
      const id = peer(i + 1);
      const msgs = [];
      for (let k = 0; k < perConversation; k++)
        msgs.push(message(id, k % 2 ? OWN : id, `message ${k} in conversation ${i}`, ++cursor));
      this.history.set(id, msgs);
      this.convs.push({
        id,
        kind: 'direct',
        name: `Contact ${i}`,
        noteToSelf: false,
        state: 'accepted',
        blocked: false,
        unread: i % 3,
        lastMessageAt: msgs.at(-1).timestamp,
        mutedUntil: null,
      });
    }
    this.cursor = cursor;
  }
  conversations() {
    return Promise.resolve(this.convs.map((c) => ({ ...c })));
  }
  messages(conversation, page) {
    const all = (this.history.get(conversation) ?? []).filter(
      (m) => page.before === undefined || m.cursor < page.before,
    );
    return Promise.resolve(all.slice(-page.limit));
  }
  send(conversation, text) {
    return Promise.resolve(message(conversation, OWN, text, ++this.cursor));
  }
  accept() {
    return Promise.resolve();
  }
  block() {
    return Promise.resolve();
  }
  markRead() {
    return Promise.resolve();
  }
  push(e) {
    this.queue.push(e);
    this.wake?.();
  }
  async *events(signal) {
    while (!signal.aborted) {
      if (this.queue.length === 0) await new Promise((r) => (this.wake = r));
      this.wake = undefined;
      yield* this.queue.splice(0);
    }
  }
  close() {
    this.push({ type: 'conversations-changed' });
    return Promise.resolve();
  }
}

class Terminal extends EventEmitter {
  columns = 80;
  rows = 24;
  writes = 0;
  lastWrite = '';
  write = (s) => {
    this.writes++;
    this.lastWrite = s;
    this.emit('frame');
    return true;
  };
}

class Input extends EventEmitter {
  isTTY = true;
  setRawMode() {}
  setEncoding() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read() {
    return null;
  }
}

export default async function ({ repoRoot }) {
  const dist = (p) => pathToFileURL(join(repoRoot, 'dist', p)).href;
  // The bundle `session chat` loads (dist/bundle/ui.js: ink and react inside), else dist/src.
  const bundled = existsSync(join(repoRoot, 'dist', 'bundle', 'ui.js'));
  const t0 = performance.now();
  const { mountChat } = await import(dist(bundled ? 'bundle/ui.js' : 'src/ui/run.js'));
  const loadMs = performance.now() - t0;
  const backend = new MemoryBackend(100, 100);
  const term = new Terminal();
  const start = performance.now();
  const firstFrame = new Promise((resolve) => {
    const check = () => {
      if (/Contact 0/.test(term.lastWrite)) {
        term.off('frame', check);
        resolve(performance.now() - start);
      }
    };
    term.on('frame', check);
  });
  const ink = mountChat({ backend, color: false, stdout: term, stdin: new Input(), patchConsole: false });
  const firstMs = await firstFrame;

  // 100 messages a second for 3 s into the first conversation; the longest event-loop block is an
  // upper bound of the longest frame (a frame is one synchronous render + write)
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const conv = backend.convs[0].id;
  const framesBefore = term.writes;
  for (let i = 0; i < 300; i++) {
    backend.push(message(conv, conv, `streamed ${i}`, ++backend.cursor));
    await new Promise((r) => setTimeout(r, 10));
  }
  await new Promise((r) => setTimeout(r, 300));
  h.disable();
  const frames = term.writes - framesBefore;
  ink.unmount();
  await backend.close();
  return [
    {
      group: 'chat',
      name: 'load UI + first frame (100 conversations, 10,000 messages)',
      value: loadMs + firstMs,
      unit: 'ms',
      target: '< 500 ms',
      note: `load ${loadMs.toFixed(0)} ms (${bundled ? 'bundled' : 'dist/src'}) + render ${firstMs.toFixed(0)} ms; node start-up and opening the profile not included`,
    },
    {
      group: 'chat',
      name: 'longest frame while 100 msg/s stream in (event-loop block)',
      value: h.max / 1e6,
      unit: 'ms',
      target: '< 50 ms',
      note: `${frames} frames for 300 messages in 3 s`,
    },
  ];
}
