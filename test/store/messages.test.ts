import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { MessageStore, type NewMessage } from '../../src/store/messages.js';
import { tempDir } from '../helpers/cli.js';

const B = '05' + 'bb'.repeat(32);
const msg = (over: Partial<NewMessage>): NewMessage => ({
  conversation: B,
  hash: null,
  author: B,
  timestamp: 1000,
  direction: 'in',
  text: 'hello',
  ...over,
});

async function store(): Promise<MessageStore> {
  return new MessageStore(await openDatabase(join(tempDir(), 'session.db')));
}

describe('message store', () => {
  it('same author and timestamp with different text: both kept, and the conflict is reported', async () => {
    const s = await store();
    const conflicts: NewMessage[] = [];
    s.saveBatch({ seen: [], messages: [msg({ hash: 'h1' })] }, 1, (m) => conflicts.push(m));
    const second = s.saveBatch({ seen: [], messages: [msg({ hash: 'h2', text: 'different' })] }, 2, (m) =>
      conflicts.push(m),
    );
    expect(second).toHaveLength(1);
    expect(conflicts.map((m) => m.text)).toEqual(['different']);
    expect(s.messages(B, 10).map((m) => m.text)).toEqual(['hello', 'different']);
  });

  it('same author, timestamp and text is the same message (another copy): stored once, no warning', async () => {
    const s = await store();
    const conflicts: NewMessage[] = [];
    s.saveBatch({ seen: [], messages: [msg({ hash: 'h1' }), msg({ hash: 'h2' })] }, 1, (m) =>
      conflicts.push(m),
    );
    expect(s.messages(B, 10)).toHaveLength(1);
    expect(conflicts).toEqual([]);
  });

  it('a message deleted for everyone does not come back with another copy', async () => {
    const s = await store();
    s.saveBatch({ seen: [], messages: [msg({ hash: 'h1' })] }, 1);
    expect(s.markDeleted(B, 1000)).toBe(1);
    expect(s.markDeleted(B, 1000)).toBe(0);
    expect(s.saveBatch({ seen: [], messages: [msg({ hash: 'h2', text: 'other' })] }, 2)).toEqual([]);
  });

  it('a read position starts the timers of after-read messages it marks read, and only theirs', async () => {
    const s = await store();
    const afterRead = { expiration: { mode: 'after-read', seconds: 3600 } };
    s.saveBatch(
      {
        seen: [],
        messages: [
          msg({ hash: 'a', timestamp: 1000, extras: afterRead }),
          msg({ hash: 'b', timestamp: 2000, text: 'plain' }),
          msg({ hash: 'c', timestamp: 3000, text: 'after the position', extras: afterRead }),
          msg({
            hash: 'd',
            timestamp: 1500,
            text: 'after-send',
            extras: { expiration: { mode: 'after-send', seconds: 60 } },
            expiresAt: 61_500,
          }),
        ],
      },
      1,
    );
    // a row whose extras cannot be parsed any more: it is read, starts nothing, breaks nothing
    s.db.prepare("UPDATE messages SET extras = '{not json' WHERE hash = 'b'").run();
    const at = Date.now();
    expect(s.markReadUpTo(B, 2500, at)).toBe(3);
    const byHash = new Map(
      (
        s.db.prepare('SELECT hash, expires_at, read_at FROM messages').all() as {
          hash: string;
          expires_at: number | null;
          read_at: number | null;
        }[]
      ).map((r) => [r.hash, r]),
    );
    expect(byHash.get('a')).toMatchObject({ expires_at: at + 3_600_000, read_at: at });
    expect(byHash.get('b')).toMatchObject({ expires_at: null, read_at: at });
    expect(byHash.get('d')).toMatchObject({ expires_at: 61_500 }); // after-send: its own timer
    expect(byHash.get('c')).toMatchObject({ expires_at: null, read_at: null }); // not read yet
    // marking again restarts nothing
    expect(s.markReadUpTo(B, 2500, at + 5000)).toBe(0);
    expect(
      (s.db.prepare("SELECT expires_at FROM messages WHERE hash = 'a'").get() as { expires_at: number })
        .expires_at,
    ).toBe(at + 3_600_000);
  });

  it('display names: older profile data (lastProfileUpdateSeconds) never overwrites newer', async () => {
    const s = await store();
    s.saveBatch({ seen: [], messages: [msg({ displayName: 'New', profileUpdatedSeconds: 200 })] }, 1);
    s.saveBatch(
      { seen: [], messages: [msg({ timestamp: 2000, displayName: 'Old', profileUpdatedSeconds: 100 })] },
      2,
    );
    expect(s.conversation(B)?.displayName).toBe('New');
    s.saveBatch({ seen: [], messages: [msg({ timestamp: 3000, displayName: 'Untimed' })] }, 3);
    expect(s.conversation(B)?.displayName).toBe('New');
    s.saveBatch(
      { seen: [], messages: [msg({ timestamp: 4000, displayName: 'Newer', profileUpdatedSeconds: 300 })] },
      4,
    );
    expect(s.conversation(B)?.displayName).toBe('Newer');
  });

  it('read receipts return the messages newly read, once', async () => {
    const s = await store();
    const A = '05' + 'aa'.repeat(32);
    s.saveBatch({ seen: [], messages: [msg({ author: A, direction: 'out', hash: 'x' })] }, 1);
    expect(s.markRead(B, A, [1000], 5).map((m) => m.readAt)).toEqual([5]);
    expect(s.markRead(B, A, [1000], 6)).toEqual([]);
  });

  it('approvedMe is per contact and shows on the conversation', async () => {
    const s = await store();
    s.saveBatch({ seen: [], messages: [msg({})] }, 1);
    expect(s.conversation(B)?.approvedMe).toBe(false);
    s.setApprovedMe(B);
    expect(s.conversation(B)?.approvedMe).toBe(true);
  });
});
