-- Processing engine: leases, retries, the stored source media and what ffprobe found in it.

ALTER TABLE jobs
    ADD COLUMN lease_owner      varchar(128),
    ADD COLUMN lease_expires_at timestamptz,
    ADD COLUMN attempts         integer      NOT NULL DEFAULT 0,
    ADD COLUMN next_attempt_at  timestamptz,
    ADD COLUMN source_name      varchar(512),
    ADD COLUMN media_key        varchar(512),
    ADD COLUMN media_info_json  text;

-- Claiming scans only runnable jobs: PENDING ones in submission order, PROCESSING ones by lease expiry.
CREATE INDEX jobs_pending_idx ON jobs (created_at) WHERE status = 'PENDING';
CREATE INDEX jobs_lease_idx ON jobs (lease_expires_at) WHERE status = 'PROCESSING';
CREATE INDEX jobs_finished_idx ON jobs (finished_at) WHERE finished_at IS NOT NULL;
