-- Deletes of stored objects (a deleted job's source and thumbnails, an unused upload) that have not succeeded yet.
-- A row is written in the transaction that makes the objects unneeded (or just before an unused upload is removed)
-- and deleted once the store confirms the delete, so a store that is briefly unreachable leaves no orphan: the
-- service tries again until it succeeds (storage/StoredObjectDeletes). Whoever writes a row tries it first; the
-- retry sweep takes a row only once next_attempt_at has passed, which a new row sets two minutes ahead.

CREATE TABLE stored_object_deletes (
    storage_prefix  text        PRIMARY KEY,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now() + interval '2 minutes',
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX stored_object_deletes_due_idx ON stored_object_deletes (next_attempt_at);
