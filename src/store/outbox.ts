import type { Database } from './database.js';
import { storedJson } from './stored-json.js';

/**
 * Messages whose encrypted bytes are made but whose stores are not all confirmed. A send writes
 * its row before the first store and removes it once every copy is confirmed, so a send that
 * failed — or whose outcome is unknown (DELIVERY_UNKNOWN) — can be sent again with the very same
 * bytes: the swarm keeps one message per hash, so a resend can never make a second copy.
 */
export interface PendingMessage {
  /** `AUTHOR:TIMESTAMP`, the message's id on every device. */
  id: string;
  to: string;
  /** The recipient's copy; undefined for Note to Self. */
  wire: Uint8Array | undefined;
  ttl: number;
  /** The sync copy for our other devices. */
  syncWire: Uint8Array;
  syncTtl: number;
  /** What the local record of the sent message needs once it is sent. */
  record: PendingRecord;
  createdAt: number;
}

export interface PendingRecord {
  conversation: string;
  author: string;
  timestamp: number;
  text: string;
  expiresAt: number | null;
  extras: Record<string, unknown>;
}

interface Row {
  id: string;
  recipient: string;
  wire: Buffer | null;
  ttl: number;
  sync_wire: Buffer;
  sync_ttl: number;
  record: string;
  created_at: number;
}

const fromRow = (r: Row): PendingMessage => ({
  id: r.id,
  to: r.recipient,
  wire: r.wire ? new Uint8Array(r.wire) : undefined,
  ttl: r.ttl,
  syncWire: new Uint8Array(r.sync_wire),
  syncTtl: r.sync_ttl,
  record: storedJson<PendingRecord>(r.record, 'a message waiting in the outbox'),
  createdAt: r.created_at,
});

export class Outbox {
  constructor(private readonly db: Database) {}

  put(m: PendingMessage): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO outbox (id, recipient, wire, ttl, sync_wire, sync_ttl, record, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        m.id,
        m.to,
        m.wire ? Buffer.from(m.wire) : null,
        m.ttl,
        Buffer.from(m.syncWire),
        m.syncTtl,
        JSON.stringify(m.record),
        m.createdAt,
      );
  }

  get(id: string): PendingMessage | undefined {
    const r = this.db.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as Row | undefined;
    return r && fromRow(r);
  }

  list(): PendingMessage[] {
    return (this.db.prepare('SELECT * FROM outbox ORDER BY created_at, id').all() as Row[]).map(fromRow);
  }

  remove(id: string): void {
    this.db.prepare('DELETE FROM outbox WHERE id = ?').run(id);
  }
}
