import type { Database } from '../store/database.js';

/** The groups table (migration 7): what this profile knows of each 03 group it is in. */
export type GroupRowState = 'invited' | 'joined' | 'kicked' | 'destroyed';

export interface GroupRow {
  id: string;
  name: string;
  seed: Uint8Array | null;
  authData: Uint8Array | null;
  state: GroupRowState;
  invitedBy: string | null;
  keysDump: Uint8Array | null;
  createdAt: number;
  updatedAt: number;
}

const blob = (b: unknown): Uint8Array | null => (b instanceof Uint8Array ? new Uint8Array(b) : null);

function toRow(r: Record<string, unknown>): GroupRow {
  return {
    id: r.id as string,
    name: r.name as string,
    seed: blob(r.seed),
    authData: blob(r.auth_data),
    state: r.state as GroupRowState,
    invitedBy: r.invited_by as string | null,
    keysDump: blob(r.keys_dump),
    createdAt: r.created_at as number,
    updatedAt: r.updated_at as number,
  };
}

const buf = (b: Uint8Array | null) => (b ? Buffer.from(b) : null);

export class GroupStore {
  constructor(private readonly db: Database) {}

  get(id: string): GroupRow | undefined {
    const r = this.db.prepare('SELECT * FROM groups WHERE id = ?').get(id) as
      Record<string, unknown> | undefined;
    return r ? toRow(r) : undefined;
  }

  list(): GroupRow[] {
    return (
      this.db.prepare('SELECT * FROM groups ORDER BY created_at').all() as Record<string, unknown>[]
    ).map(toRow);
  }

  put(row: GroupRow): void {
    this.db
      .prepare(
        `INSERT INTO groups (id, name, seed, auth_data, state, invited_by, keys_dump, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, seed = excluded.seed, auth_data = excluded.auth_data,
           state = excluded.state, invited_by = excluded.invited_by, keys_dump = excluded.keys_dump,
           updated_at = excluded.updated_at`,
      )
      .run(
        row.id,
        row.name,
        buf(row.seed),
        buf(row.authData),
        row.state,
        row.invitedBy,
        buf(row.keysDump),
        row.createdAt,
        row.updatedAt,
      );
    // the conversation of a group is a group conversation (message list, conversation list)
    this.db
      .prepare(
        `INSERT INTO conversations (id, kind, display_name, state, created_at) VALUES (?, 'group', ?, 'accepted', ?)
         ON CONFLICT (id) DO UPDATE SET kind = 'group', display_name = excluded.display_name`,
      )
      .run(row.id, row.name || null, row.createdAt);
  }

  /** Forgets a group: its row, its config dumps and its poll cursors (messages stay). */
  remove(id: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM groups WHERE id = ?').run(id);
      this.db.prepare('DELETE FROM config_dumps WHERE account = ?').run(id);
      this.db.prepare('DELETE FROM config_seen WHERE account = ?').run(id);
      this.db.prepare('DELETE FROM cursors WHERE swarm_pubkey = ?').run(id);
    })();
  }
}
