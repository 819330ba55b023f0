-- The statements one POST /api/jobs runs: the job, its five stages, its first event, in one transaction.
\set owner random(1, 100)
BEGIN;
INSERT INTO jobs (id, owner_id, status, progress_percent, source_url, options_json, last_seq, created_at, updated_at)
  VALUES (gen_random_uuid(), 'pgbench-' || :owner, 'PENDING', 0, 'https://videos.example.com/bench.mp4', '{}', 0, now(), now())
  RETURNING id AS job_id \gset
INSERT INTO job_stages (job_id, stage_id, position, status, progress_percent) VALUES
  (:job_id, 'METADATA_EXTRACTION', 0, 'PENDING', 0), (:job_id, 'THUMBNAIL_GENERATION', 1, 'PENDING', 0),
  (:job_id, 'TRANSCRIPTION', 2, 'PENDING', 0), (:job_id, 'CHAPTERS', 3, 'PENDING', 0),
  (:job_id, 'METADATA_GENERATION', 4, 'PENDING', 0);
INSERT INTO job_events (job_id, seq, type, payload, created_at)
  VALUES (:job_id, 1, 'JOB_UPDATE', '{"type":"JOB_UPDATE","job_id":"' || :job_id || '","data":{"status":"PENDING","progress_percent":0},"timestamp":"2026-01-01T00:00:00Z","seq":1}', now());
UPDATE jobs SET last_seq = 1 WHERE id = :job_id;
COMMIT;
