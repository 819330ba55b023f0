-- Webhooks: endpoints users register, and a transactional outbox of deliveries filled by a trigger on the event log,
-- so that every path that writes job_events (NewJobWriter's batches, the engine's RunStore, Hibernate's user
-- actions) writes its deliveries in the same transaction: committed means delivered at least once, rolled back
-- means never sent.

CREATE TABLE webhook_endpoints (
    id                         uuid PRIMARY KEY,
    owner_id                   varchar(255)  NOT NULL,
    url                        varchar(2048) NOT NULL,
    description                varchar(500),
    event_types                varchar(48)[] NOT NULL,
    enabled                    boolean       NOT NULL DEFAULT true,
    disabled_reason            varchar(16),
    secret                     varchar(128)  NOT NULL,
    previous_secret            varchar(128),
    previous_secret_expires_at timestamptz,
    -- since when every attempt failed (null once one succeeds); past video-jobs.webhooks.disable-after it is disabled
    failing_since              timestamptz,
    created_at                 timestamptz   NOT NULL,
    updated_at                 timestamptz   NOT NULL
);

CREATE INDEX webhook_endpoints_owner_idx ON webhook_endpoints (owner_id, created_at DESC, id DESC);
CREATE INDEX webhook_endpoints_created_idx ON webhook_endpoints (created_at DESC, id DESC);

-- One message to one endpoint. It keeps its own payload and has no foreign key to jobs: deleting a job must not
-- drop its pending job.failed. message_id is the webhook-id header: the same on every attempt, and built from
-- endpoint, job, seq and event type, so a crash that sends it twice sends the same id.
CREATE TABLE webhook_deliveries (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    endpoint_id      uuid         NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    message_id       varchar(64)  NOT NULL,
    event_type       varchar(48)  NOT NULL,
    job_id           uuid,
    seq              bigint,
    payload          text         NOT NULL,
    -- PENDING (due at next_attempt_at), SUCCEEDED, FAILED (schedule exhausted, endpoint gone or disabled)
    status           varchar(16)  NOT NULL,
    attempts         integer      NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz  NOT NULL,
    lease_owner      varchar(128),
    lease_expires_at timestamptz,
    last_status_code integer,
    last_error       text,
    created_at       timestamptz  NOT NULL,
    finished_at      timestamptz,
    UNIQUE (endpoint_id, message_id)
);

CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, id DESC);

CREATE TABLE webhook_attempts (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id   bigint       NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempted_at  timestamptz  NOT NULL,
    duration_ms   integer      NOT NULL,
    status_code   integer,
    error         text,
    response_body text
);

CREATE INDEX webhook_attempts_delivery_idx ON webhook_attempts (delivery_id, id);

-- The outbox: once per INSERT statement on job_events, the new events become deliveries to the enabled endpoints
-- of the job's owner that subscribe to their webhook event types. A JOB_UPDATE is always job.updated, and also
-- job.completed, job.failed or job.cancelled when it ends the job. Only small fields go into data; links are
-- added when sending, from the configured public base URL.
CREATE FUNCTION webhook_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM webhook_endpoints WHERE enabled) THEN
        RETURN NULL;
    END IF;
    INSERT INTO webhook_deliveries (endpoint_id, message_id, event_type, job_id, seq, payload, status,
                                    next_attempt_at, created_at)
    SELECT w.id,
           'msg_' || md5(w.id::text || ':' || e.job_id::text || ':' || e.seq::text || ':' || t.event_type),
           t.event_type, e.job_id, e.seq,
           jsonb_build_object(
               'type', t.event_type,
               'timestamp', to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
               'data', jsonb_strip_nulls(jsonb_build_object(
                   'job_id', e.job_id,
                   'seq', e.seq,
                   'status', CASE WHEN e.type = 'JOB_UPDATE' THEN d ->> 'status' ELSE j.status END,
                   'progress_percent', CASE WHEN e.type = 'JOB_UPDATE' THEN (d ->> 'progress_percent')::int
                                            ELSE j.progress_percent END,
                   'error_message', CASE WHEN e.type = 'JOB_UPDATE' THEN d ->> 'error_message' END,
                   'stage', CASE WHEN e.type = 'STAGE_UPDATE' THEN jsonb_strip_nulls(jsonb_build_object(
                       'stage_id', d ->> 'stage_id', 'status', d ->> 'status',
                       'progress_percent', (d ->> 'progress_percent')::int,
                       'error_message', d ->> 'error_message')) END,
                   'metadata_type', CASE WHEN e.type = 'METADATA_UPDATE' THEN d ->> 'metadata_type' END,
                   'thumbnail', CASE WHEN e.type = 'THUMBNAIL_GENERATED' THEN jsonb_strip_nulls(jsonb_build_object(
                       'thumbnail_id', d ->> 'thumbnail_id', 'width', (d ->> 'width')::int,
                       'height', (d ->> 'height')::int,
                       'timestamp_seconds', (d ->> 'timestamp_seconds')::double precision)) END))
           )::text,
           'PENDING', now(), now()
      FROM new_events e
      JOIN jobs j ON j.id = e.job_id
      CROSS JOIN LATERAL (SELECT e.payload::jsonb -> 'data' AS d) p(d)
      CROSS JOIN LATERAL (
          SELECT 'job.updated' WHERE e.type = 'JOB_UPDATE'
          UNION ALL
          SELECT 'job.' || lower(d ->> 'status')
           WHERE e.type = 'JOB_UPDATE' AND d ->> 'status' IN ('COMPLETED', 'FAILED', 'CANCELLED')
          UNION ALL
          SELECT 'job.stage.updated' WHERE e.type = 'STAGE_UPDATE'
          UNION ALL
          SELECT 'job.metadata.updated' WHERE e.type = 'METADATA_UPDATE'
          UNION ALL
          SELECT 'job.thumbnail.generated' WHERE e.type = 'THUMBNAIL_GENERATED'
      ) t(event_type)
      JOIN webhook_endpoints w ON w.owner_id = j.owner_id AND w.enabled AND t.event_type = ANY (w.event_types)
    ON CONFLICT (endpoint_id, message_id) DO NOTHING;
    RETURN NULL;
END
$$;

CREATE TRIGGER job_events_webhook_outbox
    AFTER INSERT ON job_events
    REFERENCING NEW TABLE AS new_events
    FOR EACH STATEMENT EXECUTE FUNCTION webhook_outbox();
