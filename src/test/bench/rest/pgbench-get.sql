-- The statement one GET /api/jobs/{id} runs (io.videojobs.job.JobReader), for a random job.
\set k random(1, :jobs)
SELECT id AS job_id FROM bench_job_ids WHERE n = :k \gset
SELECT j.id, j.owner_id, j.status, j.progress_percent, j.error_message, j.source_url, j.options_json,
       j.created_at, j.updated_at, j.started_at, j.finished_at, j.last_seq, j.lease_owner, j.source_name,
       j.media_key,
       (SELECT json_agg(json_build_object('stage_id', s.stage_id, 'status', s.status,
                                          'progress_percent', s.progress_percent,
                                          'error_message', s.error_message) ORDER BY s.position)::text
          FROM job_stages s WHERE s.job_id = j.id) AS stages,
       (SELECT json_agg(json_build_object('type', m.metadata_type, 'content', m.content_json::json)
                        ORDER BY m.metadata_type)::text
          FROM job_metadata m WHERE m.job_id = j.id) AS metadata,
       (SELECT json_agg(json_build_object('id', t.id, 'position', t.position, 'width', t.width,
                                          'height', t.height, 'timestamp_seconds', t.timestamp_seconds,
                                          'storage_key', t.storage_key) ORDER BY t.position)::text
          FROM job_thumbnails t WHERE t.job_id = j.id) AS thumbnails
  FROM jobs j
 WHERE j.id = :job_id;
