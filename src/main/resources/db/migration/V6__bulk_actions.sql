-- Bulk actions (POST /api/jobs/bulk): the jobs a request chose, fixed when it was made, and each one's outcome.
-- An instance runs a bulk in batches under a lease; when it stops, the lease expires and another instance goes on
-- from the first item without an outcome.

CREATE TABLE bulk_actions (
    id               uuid PRIMARY KEY,
    owner_id         varchar(255) NOT NULL,
    -- The requester was an admin: each job is checked as that admin would be, at run time.
    admin            boolean      NOT NULL,
    action           varchar(16)  NOT NULL,
    status           varchar(16)  NOT NULL,
    total            integer      NOT NULL,
    lease_owner      varchar(128),
    lease_expires_at timestamptz,
    created_at       timestamptz  NOT NULL,
    finished_at      timestamptz
);

CREATE INDEX bulk_actions_running_idx ON bulk_actions (created_at) WHERE status = 'RUNNING';

CREATE TABLE bulk_action_items (
    bulk_id  uuid        NOT NULL REFERENCES bulk_actions (id) ON DELETE CASCADE,
    position integer     NOT NULL,
    -- No foreign key: a job deleted meanwhile is an item skipped as not found, not a lost item.
    job_id   uuid        NOT NULL,
    outcome  varchar(16),
    reason   text,
    PRIMARY KEY (bulk_id, position)
);

CREATE INDEX bulk_action_items_todo_idx ON bulk_action_items (bulk_id, position) WHERE outcome IS NULL;
