-- The statement one POST /api/jobs runs (io.videojobs.job.NewJobWriter): the job, its five stages and its first
-- event, written together by one statement.
\set owner random(1, 100)
\set id random(1, 1000000000)
WITH job AS (
    INSERT INTO jobs (id, owner_id, status, progress_percent, source_url, options_json, idempotency_key,
                      request_hash, media_key, source_name, last_seq, created_at, updated_at)
    VALUES (md5(:id::text || clock_timestamp()::text)::uuid, 'pgbench-' || :owner, 'PENDING', 0,
            'https://videos.example.com/bench.mp4', '{}', NULL,
            'f3b1c0a4e0e54f43a7e04c6b9d3c2a1f00112233445566778899aabbccddeeff', NULL, NULL, 1, now(), now())
    RETURNING id
), stages AS (
    INSERT INTO job_stages (job_id, stage_id, position, status, progress_percent)
    SELECT job.id, stage.id, stage.position, 'PENDING', 0
      FROM job, unnest('{METADATA_EXTRACTION,THUMBNAIL_GENERATION,TRANSCRIPTION,CHAPTERS,METADATA_GENERATION}'::varchar[],
                       '{0,1,2,3,4}'::integer[]) AS stage (id, position)
)
INSERT INTO job_events (job_id, seq, type, payload, created_at)
SELECT job.id, 1, 'JOB_UPDATE',
       '{"type":"JOB_UPDATE","job_id":"' || job.id || '","data":{"status":"PENDING","progress_percent":0},"timestamp":"2026-01-01T00:00:00Z","seq":1}',
       now()
  FROM job;
