/**
 * Versioned schema migrations, applied in order inside one transaction each; the database's
 * `user_version` is the number of migrations applied. Never edit a released migration: append.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: the local store of a profile.
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE conversations (
    id TEXT PRIMARY KEY,                 -- other party's Account ID; our own for Note to Self
    kind TEXT NOT NULL DEFAULT 'direct',
    display_name TEXT,
    state TEXT NOT NULL DEFAULT 'accepted' CHECK (state IN ('accepted', 'request', 'declined')),
    blocked INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    last_message_at INTEGER,
    unread INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT, -- local id; also the resume cursor of receive streams
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    hash TEXT UNIQUE,                     -- storage-server hash (the copy we sent or retrieved)
    author TEXT NOT NULL,
    sent_timestamp INTEGER NOT NULL,      -- the sender's T: a message's identity across devices
    received_at INTEGER NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    body TEXT,
    extras TEXT,                          -- JSON: expiration settings, profile, etc.
    expires_at INTEGER,
    read_at INTEGER,
    deleted INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX messages_by_conversation ON messages (conversation_id, sent_timestamp);
  CREATE UNIQUE INDEX messages_by_author_time ON messages (author, sent_timestamp, conversation_id);
  CREATE TABLE cursors (
    swarm_pubkey TEXT NOT NULL,
    namespace INTEGER NOT NULL,
    node_ed25519 TEXT NOT NULL,
    last_hash TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (swarm_pubkey, namespace, node_ed25519)
  );
  CREATE TABLE seen_hashes (hash TEXT PRIMARY KEY, seen_at INTEGER NOT NULL);
  CREATE TABLE contacts (
    account_id TEXT PRIMARY KEY,
    name TEXT,
    blocked INTEGER NOT NULL DEFAULT 0,
    approved INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE kv_cache (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER NOT NULL);
  `,
  // 2: (author, timestamp) with different content is kept, not silently dropped (two rows, one
  // warning), so the unique index becomes a plain one; "they approved us" (messages.md §4); the
  // profile time of the display name we hold, so older profile data never overwrites newer.
  `
  DROP INDEX messages_by_author_time;
  CREATE INDEX messages_by_author_time ON messages (author, sent_timestamp, conversation_id);
  ALTER TABLE contacts ADD COLUMN approved_me INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE conversations ADD COLUMN profile_updated_s INTEGER;
  `,
  // 3: sends not yet confirmed, with their exact bytes, so they can be sent again unchanged.
  `
  CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    recipient TEXT NOT NULL,
    wire BLOB,
    ttl INTEGER NOT NULL,
    sync_wire BLOB NOT NULL,
    sync_ttl INTEGER NOT NULL,
    record TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  `,
  // 4: the contact's profile picture (messages.md §5.7), kept with the display name it came with.
  `
  ALTER TABLE conversations ADD COLUMN avatar_url TEXT;
  ALTER TABLE conversations ADD COLUMN avatar_key TEXT;
  `,
  // 5: joined communities (communities.md §15): servers with their key and capabilities, rooms
  // with the poll cursor (seqno) and the watch cursor (what `community watch` has emitted), and
  // the rooms' messages in their current version, so `read` and `watch` can resume.
  `
  CREATE TABLE community_servers (
    base_url TEXT PRIMARY KEY,
    pubkey TEXT NOT NULL,
    capabilities TEXT
  );
  CREATE TABLE community_rooms (
    id TEXT PRIMARY KEY,                  -- base_url/room_key
    base_url TEXT NOT NULL REFERENCES community_servers(base_url),
    token TEXT NOT NULL,
    name TEXT,
    joined_at INTEGER NOT NULL,
    seqno INTEGER NOT NULL DEFAULT 0,
    fetched INTEGER NOT NULL DEFAULT 0,   -- polled at least once
    watch_seqno INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE community_messages (
    local_id INTEGER PRIMARY KEY AUTOINCREMENT,
    room_id TEXT NOT NULL REFERENCES community_rooms(id) ON DELETE CASCADE,
    server_id INTEGER NOT NULL,
    author TEXT NOT NULL,
    display_name TEXT,
    posted_ms INTEGER NOT NULL,
    edited_ms INTEGER,
    body TEXT,
    attachments TEXT,
    reactions TEXT,
    deleted INTEGER NOT NULL DEFAULT 0,
    seqno INTEGER NOT NULL,
    first_seqno INTEGER NOT NULL,
    data_seqno INTEGER NOT NULL,
    reactions_seqno INTEGER NOT NULL DEFAULT 0,
    UNIQUE (room_id, server_id)
  );
  CREATE INDEX community_messages_by_seqno ON community_messages (room_id, seqno);
  `,
  // 6: config messages (groups-and-config.md §2.7): one dump per (account, namespace), the push
  // awaiting confirmation, sync bookkeeping for `sync status`, and config hashes already merged.
  `
  CREATE TABLE config_dumps (
    account TEXT NOT NULL,
    namespace INTEGER NOT NULL,
    dump BLOB NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (account, namespace)
  );
  CREATE TABLE config_sync (
    account TEXT NOT NULL,
    namespace INTEGER NOT NULL,
    pending_seqno INTEGER,                -- pushed, not yet confirmed
    last_push_at INTEGER,
    last_push_seqno INTEGER,
    last_push_hashes TEXT,                -- JSON list of storage hashes
    last_merge_at INTEGER,
    last_merge_result TEXT,
    PRIMARY KEY (account, namespace)
  );
  CREATE TABLE config_seen (
    account TEXT NOT NULL,
    namespace INTEGER NOT NULL,
    hash TEXT NOT NULL,
    seen_at INTEGER NOT NULL,
    PRIMARY KEY (account, namespace, hash)
  );
  `,
  // groups (groups-and-config.md §4): one row per new closed group (03…) this profile knows, with
  // the admin seed or the member's subaccount auth data and the Keys state; Info/Members dumps
  // live in config_dumps under the group id.
  `
  CREATE TABLE groups (
    id TEXT PRIMARY KEY,                  -- 03…
    name TEXT NOT NULL DEFAULT '',
    seed BLOB,                            -- admins only: the group's Ed25519 seed
    auth_data BLOB,                       -- members: swarm_make_subaccount output (100 bytes)
    state TEXT NOT NULL CHECK (state IN ('invited', 'joined', 'kicked', 'destroyed')),
    invited_by TEXT,
    keys_dump BLOB,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  `,
  // alert policies (`message send --dedupe-key/--throttle`): the dedupe keys sent and the recent
  // throttled sends per recipient, checked and written in one write transaction (store/alerts.ts);
  // and which outbox entries were queued (`--wait queued`, store/outbox-queue.ts).
  `
  CREATE TABLE alert_dedupe (
    key TEXT PRIMARY KEY,
    message_id TEXT NOT NULL,             -- AUTHOR:TIMESTAMP of the message sent under the key
    sent_at INTEGER NOT NULL
  );
  CREATE TABLE alert_sends (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient TEXT NOT NULL,
    message_id TEXT,                      -- null while the send is in progress
    sent_at INTEGER NOT NULL
  );
  CREATE INDEX alert_sends_recipient ON alert_sends (recipient, sent_at);
  -- outbox entries made by message send --wait queued: the daemon's outbox runner delivers these
  CREATE TABLE outbox_queued (id TEXT PRIMARY KEY, queued_at INTEGER NOT NULL);
  `,
  // 1:1 reactions (messages.md §3.4, DataMessage.reaction): one row per (message, reactor, emoji)
  // with the T of the latest REACT or REMOVE, so actions that arrive out of order end in the state
  // of the newest one (a removal is kept as removed = 1, not deleted, for that reason).
  `
  CREATE TABLE message_reactions (
    target_author TEXT NOT NULL,          -- the reacted message's author
    target_timestamp INTEGER NOT NULL,    -- and its sent timestamp T
    reactor TEXT NOT NULL,                -- who reacted
    emoji TEXT NOT NULL,
    at INTEGER NOT NULL,                  -- T of the reaction message that set this state
    removed INTEGER NOT NULL DEFAULT 0,
    mine INTEGER NOT NULL DEFAULT 0,      -- the reactor is this profile's account
    PRIMARY KEY (target_author, target_timestamp, reactor, emoji)
  );
  `,
  // Community replies (communities.md §8.5: DataMessage.quote): the quoted post by its author and
  // posted time (desktop's sent_at of a community message), found again by the index.
  `
  ALTER TABLE community_messages ADD COLUMN quote_author TEXT;
  ALTER TABLE community_messages ADD COLUMN quote_ms INTEGER;
  ALTER TABLE community_messages ADD COLUMN quote_text TEXT;
  CREATE INDEX community_messages_by_author_time ON community_messages (room_id, author, posted_ms);
  `,
  // DataMessage.blocksCommunityMessageRequests of a post: its author takes no DMs from strangers
  // (`community dm` warns before sending one that would be dropped).
  `
  ALTER TABLE community_messages ADD COLUMN blocks_requests INTEGER NOT NULL DEFAULT 0;
  `,
];
