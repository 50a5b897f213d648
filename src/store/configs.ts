import type { Database } from './database.js';
import { storedJson } from './stored-json.js';

/**
 * Persistence of config objects (migration 6): each (account, namespace) keeps its ConfigState
 * dump, plus what `sync status` shows (the push awaiting confirmation, the last push and merge)
 * and the storage hashes already merged, so a poll does not decrypt the same payload twice.
 */
export interface ConfigSyncRow {
  namespace: number;
  pendingSeqno: number | null;
  lastPushAt: number | null;
  lastPushSeqno: number | null;
  lastPushHashes: string[];
  lastMergeAt: number | null;
  lastMergeResult: string | null;
}

interface SyncRow {
  namespace: number;
  pending_seqno: number | null;
  last_push_at: number | null;
  last_push_seqno: number | null;
  last_push_hashes: string | null;
  last_merge_at: number | null;
  last_merge_result: string | null;
}

export class ConfigStore {
  constructor(private readonly db: Database) {}

  dump(account: string, namespace: number): Uint8Array | undefined {
    const r = this.db
      .prepare('SELECT dump FROM config_dumps WHERE account = ? AND namespace = ?')
      .get(account, namespace) as { dump: Buffer } | undefined;
    return r ? new Uint8Array(r.dump) : undefined;
  }

  saveDump(account: string, namespace: number, dump: Uint8Array, now: number): void {
    this.db
      .prepare(
        `INSERT INTO config_dumps (account, namespace, dump, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (account, namespace) DO UPDATE SET dump = excluded.dump, updated_at = excluded.updated_at`,
      )
      .run(account, namespace, Buffer.from(dump), now);
  }

  /** Sizes of the stored dumps, by namespace. */
  dumpSizes(account: string): Map<number, number> {
    const rows = this.db
      .prepare('SELECT namespace, length(dump) AS n FROM config_dumps WHERE account = ?')
      .all(account) as { namespace: number; n: number }[];
    return new Map(rows.map((r) => [r.namespace, r.n]));
  }

  private ensure(account: string, namespace: number): void {
    this.db
      .prepare('INSERT OR IGNORE INTO config_sync (account, namespace) VALUES (?, ?)')
      .run(account, namespace);
  }

  recordPushStarted(account: string, namespace: number, seqno: number): void {
    this.ensure(account, namespace);
    this.db
      .prepare('UPDATE config_sync SET pending_seqno = ? WHERE account = ? AND namespace = ?')
      .run(seqno, account, namespace);
  }

  recordPushConfirmed(
    account: string,
    namespace: number,
    seqno: number,
    hashes: string[],
    now: number,
  ): void {
    this.ensure(account, namespace);
    this.db
      .prepare(
        `UPDATE config_sync SET pending_seqno = NULL, last_push_at = ?, last_push_seqno = ?, last_push_hashes = ?
         WHERE account = ? AND namespace = ?`,
      )
      .run(now, seqno, JSON.stringify(hashes), account, namespace);
  }

  recordMerge(account: string, namespace: number, result: string, now: number): void {
    this.ensure(account, namespace);
    this.db
      .prepare(
        'UPDATE config_sync SET last_merge_at = ?, last_merge_result = ? WHERE account = ? AND namespace = ?',
      )
      .run(now, result, account, namespace);
  }

  syncRows(account: string): ConfigSyncRow[] {
    const rows = this.db
      .prepare('SELECT * FROM config_sync WHERE account = ? ORDER BY namespace')
      .all(account) as SyncRow[];
    return rows.map((r) => ({
      namespace: r.namespace,
      pendingSeqno: r.pending_seqno,
      lastPushAt: r.last_push_at,
      lastPushSeqno: r.last_push_seqno,
      lastPushHashes: r.last_push_hashes
        ? storedJson<string[]>(r.last_push_hashes, 'the last pushed hashes of a config')
        : [],
      lastMergeAt: r.last_merge_at,
      lastMergeResult: r.last_merge_result,
    }));
  }

  isSeen(account: string, namespace: number, hash: string): boolean {
    return (
      this.db
        .prepare('SELECT 1 FROM config_seen WHERE account = ? AND namespace = ? AND hash = ?')
        .get(account, namespace, hash) !== undefined
    );
  }

  /** The dump and the merged hashes in one transaction: a crash cannot keep one without the other. */
  saveMerged(account: string, namespace: number, dump: Uint8Array, seen: string[], now: number): void {
    this.db.transaction(() => {
      this.saveDump(account, namespace, dump, now);
      const ins = this.db.prepare(
        'INSERT OR IGNORE INTO config_seen (account, namespace, hash, seen_at) VALUES (?, ?, ?, ?)',
      );
      for (const h of seen) ins.run(account, namespace, h, now);
    })();
  }
}
