import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { allocateMessageTimestamp } from '../../src/store/message-timestamps.js';
import { MessageStore } from '../../src/store/messages.js';
import { tempDir } from '../helpers/cli.js';

describe('message timestamp allocator (one profile database, several connections)', () => {
  it('two connections with the same network time never get the same T', async () => {
    const path = join(tempDir(), 'session.db');
    const a = await openDatabase(path);
    const b = await openDatabase(path);
    try {
      const now = 1_800_000_000_000;
      const got: number[] = [];
      for (let i = 0; i < 50; i++) {
        got.push(allocateMessageTimestamp(a, now));
        got.push(allocateMessageTimestamp(b, now));
      }
      expect(new Set(got).size).toBe(100);
      // Strictly increasing in allocation order, starting at the network time.
      expect(got[0]).toBe(now);
      for (let i = 1; i < got.length; i++) expect(got[i]).toBe(got[i - 1]! + 1);
    } finally {
      a.close();
      b.close();
    }
  });

  it('takes the network time when it is ahead, and survives reopening', async () => {
    const path = join(tempDir(), 'session.db');
    const a = await openDatabase(path);
    expect(allocateMessageTimestamp(a, 1000)).toBe(1000);
    expect(allocateMessageTimestamp(a, 5000)).toBe(5000);
    a.close();
    const b = await openDatabase(path);
    // The clock went back (or another process used it): still after the last one handed out.
    expect(new MessageStore(b).allocateTimestamp(10)).toBe(5001);
    b.close();
  });

  it('allocates under the write lock: while another connection holds it, it waits or fails, never reads stale', async () => {
    const path = join(tempDir(), 'session.db');
    const a = await openDatabase(path);
    const b = await openDatabase(path);
    try {
      a.pragma('busy_timeout = 50');
      b.exec('BEGIN IMMEDIATE');
      b.prepare("INSERT INTO meta (key, value) VALUES ('last_message_timestamp', '9000')").run();
      expect(() => allocateMessageTimestamp(a, 1000)).toThrow(/busy|locked/i);
      b.exec('COMMIT');
      expect(allocateMessageTimestamp(a, 1000)).toBe(9001);
    } finally {
      a.close();
      b.close();
    }
  });
});
