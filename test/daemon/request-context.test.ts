import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/spec.js';

// In a child process: routing replaces process.stdout/stderr/env for good, which the test
// runner's own worker must not get.
const SCRIPT = `
import { Writable, Readable } from 'node:stream';
const { requestStorage, routeProcessStreams, currentRequest } = await import(${JSON.stringify(
  join(repoRoot, 'dist/src/daemon/request-context.js'),
)});
routeProcessStreams();
routeProcessStreams(); // idempotent
const sink = (into) => Object.assign(new Writable({ write(c, _e, cb) { into.push(c.toString()); cb(); } }), { isTTY: false });
const outs = { a: [], b: [] };
const run = (name) => requestStorage().run(
  { stdout: sink(outs[name]), stderr: sink(outs[name]), stdin: Readable.from([name]), env: { WHO: name } },
  async () => {
    for (let i = 0; i < 5; i++) {
      process.stdout.write(name + i + ':' + process.env.WHO + ';');
      await new Promise((r) => setTimeout(r, Math.random() * 5));
    }
    let input = '';
    for await (const c of process.stdin) input += c;
    process.stderr.write('stdin=' + input + ';keys=' + Object.keys(process.env).join(','));
  });
await Promise.all([run('a'), run('b')]);
process.stdout.write(JSON.stringify({ outs, outside: currentRequest() === undefined, path: typeof process.env.PATH }));
`;

describe('request context (commands inside the daemon)', () => {
  it("routes stdout, stderr, stdin and env per request, even interleaved; outside a request they are the process's", async () => {
    const out = await new Promise<string>((resolve, reject) => {
      const c = spawn(process.execPath, ['--input-type=module', '-e', SCRIPT], { cwd: repoRoot });
      let s = '';
      let e = '';
      c.stdout.on('data', (d: Buffer) => (s += d.toString()));
      c.stderr.on('data', (d: Buffer) => (e += d.toString()));
      c.on('close', (code) => (code === 0 ? resolve(s) : reject(new Error(e))));
    });
    const r = JSON.parse(out);
    for (const name of ['a', 'b']) {
      const text = r.outs[name].join('');
      expect(text).toBe(
        `${[0, 1, 2, 3, 4].map((i) => `${name}${i}:${name};`).join('')}stdin=${name};keys=WHO`,
      );
    }
    expect(r.outside).toBe(true);
    expect(r.path).toBe('string');
  });
});
