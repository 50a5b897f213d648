import { describe, expect, it } from 'vitest';
import { lineWriter } from '../../src/daemon/line-writer.js';

function sink() {
  const writes: string[] = [];
  return { writes, output: { destroyed: false, write: (c: string) => writes.push(c) } };
}

/** A writer on an open connection whose scheduled turns the test runs itself. */
function onOpenConnection() {
  const { writes, output } = sink();
  const queued: (() => void)[] = [];
  const w = lineWriter(
    output,
    () => true,
    (fn) => queued.push(fn),
  );
  return { writes, queued, w };
}

describe('lineWriter (daemon connections)', () => {
  it('writes the output of a request and its response in one write when flushed', () => {
    const { writes, queued, w } = onOpenConnection();
    w.send({ method: 'cli.output', params: { data: 'aGk=' } });
    w.send({ id: 1, result: { exitCode: 0 } });
    expect(writes).toEqual([]);
    w.flush();
    expect(writes).toEqual([
      '{"method":"cli.output","params":{"data":"aGk="}}\n{"id":1,"result":{"exitCode":0}}\n',
    ]);
    // the scheduled turn finds nothing left
    for (const fn of queued) fn();
    expect(writes).toHaveLength(1);
  });

  it('writes what is not flushed (a --follow stream) on the next turn, in order', () => {
    const { writes, queued, w } = onOpenConnection();
    w.send({ n: 1 });
    w.send({ n: 2 });
    expect(queued).toHaveLength(1);
    queued.shift()!();
    expect(writes).toEqual(['{"n":1}\n{"n":2}\n']);
    w.send({ n: 3 });
    expect(queued).toHaveLength(1);
    queued.shift()!();
    expect(writes).toEqual(['{"n":1}\n{"n":2}\n', '{"n":3}\n']);
  });

  it('drops what is queued for a connection that closed or a stream that is destroyed', () => {
    const { writes, output } = sink();
    let open = true;
    const w = lineWriter(
      output,
      () => open,
      () => undefined,
    );
    w.send({ n: 1 });
    open = false;
    w.flush();
    w.send({ n: 2 });
    w.flush();
    const d = sink();
    const w2 = lineWriter(
      d.output,
      () => true,
      () => undefined,
    );
    w2.send({ n: 1 });
    d.output.destroyed = true;
    w2.flush();
    expect([...writes, ...d.writes]).toEqual([]);
  });

  it('uses the event loop when no scheduler is given', async () => {
    const { writes, output } = sink();
    lineWriter(output, () => true).send({ n: 1 });
    expect(writes).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(writes).toEqual(['{"n":1}\n']);
  });
});
