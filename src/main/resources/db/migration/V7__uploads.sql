-- Resumable direct uploads (POST /api/uploads): the file goes in parts straight to the store (presigned S3 UploadPart
-- URLs, or the service's own signed part URLs with local storage), then `complete` joins the parts into the object
-- storage_key and creates the job. Which parts are stored is never kept here: the store itself is asked (ListParts).
-- An upload still UPLOADING after expires_at is abandoned: the sweep aborts it in the store and marks it ABORTED.

CREATE TABLE uploads (
    id              uuid          PRIMARY KEY,
    owner_id        varchar(255)  NOT NULL,
    storage_key     text          NOT NULL,
    store_upload_id text          NOT NULL,
    file_name       text,
    content_type    text          NOT NULL,
    size_bytes      bigint        NOT NULL CHECK (size_bytes > 0),
    part_size       bigint        NOT NULL CHECK (part_size > 0),
    part_count      integer       NOT NULL CHECK (part_count > 0),
    stages          text          NOT NULL,
    options_json    text          NOT NULL,
    status          varchar(16)   NOT NULL DEFAULT 'UPLOADING',
    job_id          uuid          REFERENCES jobs (id) ON DELETE SET NULL,
    created_at      timestamptz   NOT NULL DEFAULT now(),
    expires_at      timestamptz   NOT NULL
);

CREATE INDEX uploads_abandoned_idx ON uploads (expires_at) WHERE status = 'UPLOADING';
