-- The webhook outbox at no cost to a submission (issue 23's "no regression" in the REST benchmark).
-- V8/V9's statement-level trigger ran for every INSERT on job_events, a job's submission included: it captured a
-- transition table and ran PL/pgSQL with two lookups even when nobody subscribed. Now:
--   * NewJobWriter, the hottest path, writes the deliveries of the events it inserts itself, in the same statement,
--     and marks those events (deliveries_written); the trigger skips a marked event in its WHEN clause, so a
--     submission runs no trigger at all;
--   * every other writer (the engine's RunStore, the owners' edits and cancels through Hibernate, and any future
--     one that does not know about the mark, which defaults to false) still has its deliveries written by the
--     trigger, now per row: its job by primary key, then its owner's enabled endpoints by index;
--   * both build the deliveries with one function, webhook_outbox_rows.
ALTER TABLE job_events ADD COLUMN deliveries_written boolean NOT NULL DEFAULT false;

DROP TRIGGER job_events_webhook_outbox ON job_events;
DROP FUNCTION webhook_outbox();

-- The deliveries one event makes: one per enabled endpoint of its job's owner subscribed to one of its webhook event
-- types. A JOB_UPDATE is always job.updated, and also job.completed, job.failed or job.cancelled when it ends the job.
-- Only small fields go into data; links are added when sending, from the configured public base URL. The body is
-- built as json, in the order written (jsonb would sort its keys). A single SELECT in SQL, so that the planner
-- inlines it into the caller's query: an owner with no endpoint costs one probe of webhook_endpoints_enabled_owner_idx,
-- and the event's payload is parsed only for an endpoint that wants it.
CREATE FUNCTION webhook_outbox_rows(event_owner_id varchar, event_job_id uuid, event_seq bigint, event_type varchar,
                                    event_payload text, event_created_at timestamptz, job_status varchar,
                                    job_progress_percent integer)
    RETURNS TABLE (endpoint_id uuid, message_id text, webhook_event_type text, payload text)
    LANGUAGE sql STABLE AS $$
    SELECT w.id,
           'msg_' || md5(w.id::text || ':' || event_job_id::text || ':' || event_seq::text || ':' || t.webhook_type),
           t.webhook_type,
           json_build_object(
               'type', t.webhook_type,
               'timestamp', to_char(event_created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
               'data', json_strip_nulls(json_build_object(
                   'job_id', event_job_id,
                   'seq', event_seq,
                   'status', CASE WHEN event_type = 'JOB_UPDATE' THEN p.d ->> 'status' ELSE job_status END,
                   'progress_percent', CASE WHEN event_type = 'JOB_UPDATE' THEN (p.d ->> 'progress_percent')::int
                                            ELSE job_progress_percent END,
                   'error_message', CASE WHEN event_type = 'JOB_UPDATE' THEN p.d ->> 'error_message' END,
                   'stage', CASE WHEN event_type = 'STAGE_UPDATE' THEN json_strip_nulls(json_build_object(
                       'stage_id', p.d ->> 'stage_id', 'status', p.d ->> 'status',
                       'progress_percent', (p.d ->> 'progress_percent')::int,
                       'error_message', p.d ->> 'error_message')) END,
                   'metadata_type', CASE WHEN event_type = 'METADATA_UPDATE' THEN p.d ->> 'metadata_type' END,
                   'thumbnail', CASE WHEN event_type = 'THUMBNAIL_GENERATED' THEN json_strip_nulls(json_build_object(
                       'thumbnail_id', p.d ->> 'thumbnail_id', 'width', (p.d ->> 'width')::int,
                       'height', (p.d ->> 'height')::int,
                       'timestamp_seconds', (p.d ->> 'timestamp_seconds')::double precision)) END))
           )::text
      FROM webhook_endpoints w
      CROSS JOIN LATERAL (SELECT event_payload::jsonb -> 'data' AS d) p
      CROSS JOIN LATERAL (
          SELECT 'job.updated' WHERE event_type = 'JOB_UPDATE'
          UNION ALL
          SELECT 'job.' || lower(p.d ->> 'status')
           WHERE event_type = 'JOB_UPDATE' AND p.d ->> 'status' IN ('COMPLETED', 'FAILED', 'CANCELLED')
          UNION ALL
          SELECT 'job.stage.updated' WHERE event_type = 'STAGE_UPDATE'
          UNION ALL
          SELECT 'job.metadata.updated' WHERE event_type = 'METADATA_UPDATE'
          UNION ALL
          SELECT 'job.thumbnail.generated' WHERE event_type = 'THUMBNAIL_GENERATED'
      ) t(webhook_type)
     WHERE w.owner_id = event_owner_id AND w.enabled AND t.webhook_type = ANY (w.event_types)
$$;

-- The outbox for the events whose writer did not write their deliveries. After the statement, like V8's, so that
-- the job's row is the one the statement left (the engine updates it in the same statement as its events).
CREATE FUNCTION webhook_outbox_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO webhook_deliveries (endpoint_id, message_id, event_type, job_id, seq, payload, status,
                                    next_attempt_at, created_at)
    SELECT o.endpoint_id, o.message_id, o.webhook_event_type, NEW.job_id, NEW.seq, o.payload, 'PENDING', now(), now()
      FROM jobs j
     CROSS JOIN LATERAL webhook_outbox_rows(j.owner_id, NEW.job_id, NEW.seq, NEW.type, NEW.payload, NEW.created_at,
                                            j.status, j.progress_percent) o
     WHERE j.id = NEW.job_id
    ON CONFLICT (endpoint_id, message_id) DO NOTHING;
    RETURN NULL;
END
$$;

CREATE TRIGGER job_events_webhook_outbox
    AFTER INSERT ON job_events
    FOR EACH ROW WHEN (NOT NEW.deliveries_written) EXECUTE FUNCTION webhook_outbox_event();
