-- Stage timings: when each stage could run, how often it was started and the CPU it used, for the job page's
-- waterfall and the operator's per-stage percentiles. started_at and finished_at exist since V1: the first start
-- and the last end of the stage.

ALTER TABLE job_stages
    ADD COLUMN runnable_at timestamptz,
    ADD COLUMN attempts    integer          NOT NULL DEFAULT 0,
    ADD COLUMN cpu_seconds double precision NOT NULL DEFAULT 0;

-- The operator's percentiles read the stages that finished in the last hour.
CREATE INDEX job_stages_finished_idx ON job_stages (finished_at) WHERE finished_at IS NOT NULL;
