-- One owner's title edit as the service commits it (JobMetadataStore): BEGIN with the job's row lock, then the item,
-- its METADATA_UPDATE event and the job's new last_seq in one statement, then COMMIT. Client n edits the job of
-- writer n (bench_job_ids), looked up once per client (run with -D fetched=0). The event's payload and the item are
-- built here in SQL, where the service builds them in Java and sends them as parameters. The service sends BEGIN with
-- the lock and COMMIT with the write, two round trips where pgbench makes four; the read of the job after the commit
-- and the coalesced NOTIFY, which the service does outside this transaction, are not here: this is the commit's
-- ceiling.
\if :fetched = 0
select id as job from bench_job_ids where n = :client_id \gset
\set fetched 1
\endif
BEGIN;
SELECT owner_id, last_seq FROM jobs WHERE id = :job FOR NO KEY UPDATE \gset j_
\set seq :j_last_seq + 1
WITH items AS (
    INSERT INTO job_metadata (job_id, metadata_type, content_json, edited_by_user, updated_at)
    SELECT :job, i.metadata_type, i.content_json, true, now()
      FROM unnest(ARRAY['TITLE']::varchar[], ARRAY['"pgbench ' || :seq::text || '"']::text[])
           AS i (metadata_type, content_json)
        ON CONFLICT (job_id, metadata_type) DO UPDATE
       SET content_json = excluded.content_json, edited_by_user = true, updated_at = excluded.updated_at
), events AS (
    INSERT INTO job_events (job_id, seq, type, payload, created_at)
    SELECT :job, e.seq, 'METADATA_UPDATE', e.payload, e.created_at
      FROM unnest(ARRAY[:seq::bigint], ARRAY['{"type":"METADATA_UPDATE","job_id":"' || :job::text
                  || '","data":{"metadata_type":"TITLE","content":"pgbench ' || :seq::text || '"},"timestamp":'
                  || to_json(now())::text || ',"seq":' || :seq::text || '}'], ARRAY[now()])
           AS e (seq, payload, created_at)
)
UPDATE jobs SET last_seq = :seq, updated_at = now() WHERE id = :job;
COMMIT;
