-- Job state and its append-only event log.

CREATE TABLE jobs (
    id               uuid PRIMARY KEY,
    owner_id         varchar(255)  NOT NULL,
    status           varchar(16)   NOT NULL,
    progress_percent integer       NOT NULL DEFAULT 0 CHECK (progress_percent BETWEEN 0 AND 100),
    error_message    text,
    source_url       varchar(2048),
    options_json     text          NOT NULL DEFAULT '{}',
    idempotency_key  varchar(255),
    request_hash     varchar(64),
    last_seq         bigint        NOT NULL DEFAULT 0,
    created_at       timestamptz   NOT NULL,
    updated_at       timestamptz   NOT NULL,
    started_at       timestamptz,
    finished_at      timestamptz
);

CREATE INDEX jobs_owner_created_idx ON jobs (owner_id, created_at DESC, id DESC);
CREATE INDEX jobs_created_idx ON jobs (created_at DESC, id DESC);
CREATE UNIQUE INDEX jobs_owner_idempotency_key_uq ON jobs (owner_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

CREATE TABLE job_stages (
    job_id           uuid         NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    stage_id         varchar(32)  NOT NULL,
    position         integer      NOT NULL,
    status           varchar(16)  NOT NULL,
    progress_percent integer      NOT NULL DEFAULT 0 CHECK (progress_percent BETWEEN 0 AND 100),
    error_message    text,
    started_at       timestamptz,
    finished_at      timestamptz,
    PRIMARY KEY (job_id, stage_id)
);

CREATE TABLE job_thumbnails (
    id                uuid PRIMARY KEY,
    job_id            uuid             NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    position          integer          NOT NULL,
    width             integer          NOT NULL,
    height            integer          NOT NULL,
    timestamp_seconds double precision,
    storage_key       varchar(512)     NOT NULL,
    created_at        timestamptz      NOT NULL,
    UNIQUE (job_id, position)
);

CREATE TABLE job_metadata (
    job_id        uuid         NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    metadata_type varchar(16)  NOT NULL,
    content_json  text         NOT NULL,
    edited_by_user boolean     NOT NULL DEFAULT false,
    updated_at    timestamptz  NOT NULL,
    PRIMARY KEY (job_id, metadata_type)
);

-- One row per visible change, stored exactly as the WebSocket sends it.
-- seq is per job, 1..n without gaps: it is taken from jobs.last_seq under the job's row lock.
-- Ids come from a pooled sequence (Hibernate reserves 50 at a time), so they say nothing about commit order.
CREATE SEQUENCE job_events_id_seq INCREMENT BY 50;

CREATE TABLE job_events (
    id         bigint PRIMARY KEY DEFAULT nextval('job_events_id_seq'),
    job_id     uuid         NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    seq        bigint       NOT NULL,
    type       varchar(32)  NOT NULL,
    payload    text         NOT NULL,
    created_at timestamptz  NOT NULL,
    UNIQUE (job_id, seq)
);
