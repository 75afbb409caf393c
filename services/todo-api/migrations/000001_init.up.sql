-- Users own todos and API tokens. Email is unique case-insensitively.
CREATE TABLE users (
    id           uuid        PRIMARY KEY,
    email        text        NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254),
    display_name text        NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 100),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

-- API tokens are stored only as SHA-256 hashes of the secret.
CREATE TABLE api_tokens (
    id           uuid        PRIMARY KEY,
    user_id      uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash   bytea       NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
    name         text        NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);
CREATE INDEX api_tokens_user_id_idx ON api_tokens (user_id);

-- Todos. DELETE through the API soft-deletes (deleted_at); todo-batch's purge_deleted job
-- hard-deletes rows soft-deleted more than 30 days ago. reminded_due_at is the due_at value a
-- reminder mail was sent for (todo-batch's due_reminders job): moving due_at makes the todo
-- eligible for a new reminder.
CREATE TABLE todos (
    id              uuid        PRIMARY KEY,
    owner_id        uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title           text        NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    notes           text        NOT NULL DEFAULT '' CHECK (char_length(notes) <= 10000),
    status          text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
    due_at          timestamptz,
    version         bigint      NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    deleted_at      timestamptz,
    reminded_due_at timestamptz
);
-- Keyset pagination per owner (ids are UUIDv7, so id order is creation order).
CREATE INDEX todos_owner_id_idx ON todos (owner_id, id) WHERE deleted_at IS NULL;
-- The due_reminders job scans open, live todos by due time.
CREATE INDEX todos_due_at_idx ON todos (due_at)
    WHERE deleted_at IS NULL AND status = 'open' AND due_at IS NOT NULL;
-- The purge_deleted job scans soft-deleted todos by deletion time.
CREATE INDEX todos_deleted_at_idx ON todos (deleted_at) WHERE deleted_at IS NOT NULL;

-- Idempotency-Key records for POST: the first response is replayed for the same key and body.
CREATE TABLE idempotency_keys (
    owner_id      uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key           text        NOT NULL CHECK (char_length(key) BETWEEN 1 AND 255),
    request_hash  bytea       NOT NULL,
    status_code   integer,
    response_body bytea,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (owner_id, key)
);
CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at);
