-- The statements one GET /api/jobs/{id} runs: the job, then its stages, metadata and thumbnails.
\set k random(1, :jobs)
SELECT id AS job_id FROM bench_job_ids WHERE n = :k \gset
SELECT * FROM jobs WHERE id = :'job_id';
SELECT * FROM job_stages WHERE job_id = :'job_id' ORDER BY position;
SELECT * FROM job_metadata WHERE job_id = :'job_id';
SELECT * FROM job_thumbnails WHERE job_id = :'job_id' ORDER BY position;
