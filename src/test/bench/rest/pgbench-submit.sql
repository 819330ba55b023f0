-- The statement one POST /api/jobs runs when it is written alone (io.videojobs.job.NewJobWriter): the job, its
-- five stages, its first event and that event's webhook deliveries (V11), written together by one statement from
-- one-element arrays. Under load the app writes the submissions that arrive while earlier ones are being written
-- together, in one statement; this ceiling is one submission per statement and commit.
\set owner random(1, 100)
\set id random(1, 9000000000000000000)
WITH job AS (
    INSERT INTO jobs (id, owner_id, status, progress_percent, source_url, options_json, idempotency_key,
                      request_hash, media_key, source_name, last_seq, created_at, updated_at)
    SELECT j.id, j.owner_id, j.status, 0, j.source_url, j.options_json, j.idempotency_key, j.request_hash,
           j.media_key, j.source_name, j.last_seq, j.created_at, j.updated_at
      FROM unnest(ARRAY[lpad(to_hex(:id::bigint), 32, '0')::uuid], ARRAY['pgbench-' || :owner]::varchar[],
                  '{PENDING}'::varchar[], '{https://videos.example.com/bench.mp4}'::varchar[], '{"{}"}'::text[],
                  '{NULL}'::varchar[], '{NULL}'::varchar[], '{NULL}'::varchar[], '{NULL}'::varchar[],
                  '{1}'::bigint[], ARRAY[now()], ARRAY[now()])
           AS j (id, owner_id, status, source_url, options_json, idempotency_key, request_hash, media_key,
                 source_name, last_seq, created_at, updated_at)
), stages AS (
    INSERT INTO job_stages (job_id, stage_id, position, status, progress_percent)
    SELECT s.job_id, s.stage_id, s.position, 'PENDING', 0
      FROM unnest(array_fill(lpad(to_hex(:id::bigint), 32, '0')::uuid, ARRAY[5]),
                  '{METADATA_EXTRACTION,THUMBNAIL_GENERATION,TRANSCRIPTION,CHAPTERS,METADATA_GENERATION}'::varchar[],
                  '{0,1,2,3,4}'::integer[]) AS s (job_id, stage_id, position)
), events AS (
    SELECT e.job_id, e.seq, e.type, e.payload, e.created_at
      FROM unnest(ARRAY[lpad(to_hex(:id::bigint), 32, '0')::uuid], '{1}'::bigint[], '{JOB_UPDATE}'::varchar[],
              ARRAY['{"type":"JOB_UPDATE","job_id":"' || lpad(to_hex(:id::bigint), 32, '0')::uuid
                    || '","data":{"status":"PENDING","progress_percent":0},"timestamp":"2026-01-01T00:00:00Z","seq":1}'],
                  ARRAY[now()]) AS e (job_id, seq, type, payload, created_at)
), deliveries AS (
    INSERT INTO webhook_deliveries (endpoint_id, message_id, event_type, job_id, seq, payload, status,
                                    next_attempt_at, created_at)
    SELECT o.endpoint_id, o.message_id, o.webhook_event_type, e.job_id, e.seq, o.payload, 'PENDING', now(), now()
      FROM events e
     CROSS JOIN LATERAL webhook_outbox_rows('pgbench-' || :owner, e.job_id, e.seq, e.type, e.payload, e.created_at,
                                            'PENDING', 0) o
)
INSERT INTO job_events (job_id, seq, type, payload, created_at, deliveries_written)
SELECT e.job_id, e.seq, e.type, e.payload, e.created_at, true FROM events e;
