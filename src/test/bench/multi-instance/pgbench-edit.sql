-- One owner's title edit as the service commits it (JobService.editMetadata, Hibernate's statements as
-- PostgreSQL's log shows them): lock the job, read the item, insert the METADATA_UPDATE event, write back the job
-- with its new last_seq and the item. Client n edits the job of writer n (bench_job_ids), looked up once per client
-- (run with -D fetched=0). Differences, none of them in the service's favour: the job's other columns are written
-- back from the row rather than as parameters, and the event's id is the column default (one nextval per event,
-- where Hibernate takes one per 50). The coalesced NOTIFY and the read of the job after the commit, which the
-- service does outside this transaction, are not here: this is the commit's ceiling.
\if :fetched = 0
select id as job from bench_job_ids where n = :client_id \gset
\set fetched 1
\endif
BEGIN;
select j1_0.id,j1_0.attempts,j1_0.created_at,j1_0.error_message,j1_0.finished_at,j1_0.idempotency_key,j1_0.last_seq,j1_0.lease_expires_at,j1_0.lease_owner,j1_0.media_info_json,j1_0.media_key,j1_0.next_attempt_at,j1_0.options_json,j1_0.owner_id,j1_0.progress_percent,j1_0.request_hash,j1_0.source_name,j1_0.source_url,j1_0.started_at,j1_0.status,j1_0.updated_at from jobs j1_0 where j1_0.id=:job for no key update of j1_0 \gset j_
select jm1_0.job_id,jm1_0.metadata_type,jm1_0.content_json,jm1_0.edited_by_user,jm1_0.updated_at from job_metadata jm1_0 where (jm1_0.job_id,jm1_0.metadata_type) in ((:job,'TITLE'));
\set seq :j_last_seq + 1
insert into job_events (created_at,job_id,payload,seq,type) values (now(),:job,'{"type":"METADATA_UPDATE","job_id":"' || :job::text || '","data":{"metadata_type":"TITLE","content":"pgbench ' || :seq::text || '"},"timestamp":' || to_json(now())::text || ',"seq":' || :seq::text || '}',:seq,'METADATA_UPDATE');
update jobs set attempts=attempts,created_at=created_at,error_message=error_message,finished_at=finished_at,idempotency_key=idempotency_key,last_seq=:seq,lease_expires_at=lease_expires_at,lease_owner=lease_owner,media_info_json=media_info_json,media_key=media_key,next_attempt_at=next_attempt_at,options_json=options_json,owner_id=owner_id,progress_percent=progress_percent,request_hash=request_hash,source_name=source_name,source_url=source_url,started_at=started_at,status=status,updated_at=now() where id=:job;
update job_metadata set content_json='"pgbench ' || :seq::text || '"',edited_by_user=true,updated_at=now() where job_id=:job and metadata_type='TITLE';
COMMIT;
