import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sendMessage } from '../../src/actions/send-message.js';
import { SessionError } from '../../src/errors.js';
import { deriveIdentity } from '../../src/identity/keys.js';
import { decodeIncoming, type WireAttachment } from '../../src/messages/one-to-one.js';
import type { SessionNetwork } from '../../src/network/session-network.js';
import { openDatabase } from '../../src/store/database.js';
import { MessageStore } from '../../src/store/messages.js';
import { Outbox } from '../../src/store/outbox.js';
import { tempDir } from '../helpers/cli.js';

/**
 * The pointers are part of the bytes the outbox keeps: a send whose outcome is unknown leaves
 * them in its pending copies, so `message resend` sends the same pointers and never uploads again.
 */
describe('attachments and the outbox', () => {
  it('a send that fails keeps the pointers in its pending wire bytes and in its record', async () => {
    const alice = await deriveIdentity(new Uint8Array(32).fill(1));
    const bob = await deriveIdentity(new Uint8Array(32).fill(2));
    const store = new MessageStore(await openDatabase(join(tempDir(), 'session.db')));
    const net = {
      bootstrap: async () => undefined,
      now: () => 1_760_000_000_000,
      rpcToSwarm: async () => {
        throw new SessionError('DELIVERY_UNKNOWN', 'lost');
      },
    } as unknown as SessionNetwork;
    const pointer: WireAttachment = {
      id: 42n,
      url: 'http://127.0.0.1:9/file/42',
      key: new Uint8Array(64).fill(3),
      digest: new Uint8Array(32).fill(4),
      size: 10,
      contentType: 'text/plain',
      fileName: 'a.txt',
    };
    await expect(
      sendMessage({ keys: alice, net, store }, { to: bob.accountId, text: '', attachments: [pointer] }),
    ).rejects.toMatchObject({ code: 'DELIVERY_UNKNOWN' });
    const [pending] = new Outbox(store.db).list();
    expect(pending).toBeDefined();
    const toBob = await decodeIncoming(pending!.wire!, bob);
    expect(toBob.content.kind === 'visible' && toBob.content.attachments).toEqual([pointer]);
    const sync = await decodeIncoming(pending!.syncWire, alice);
    expect(sync.content.kind === 'visible' && sync.content.attachments).toEqual([pointer]);
    expect(pending!.record.extras).toMatchObject({
      attachments: [{ id: '42', fileName: 'a.txt', size: 10 }],
    });
    store.db.close();
  });
});
