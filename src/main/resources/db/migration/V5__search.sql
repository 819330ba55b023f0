-- Search and list filters (src/docs/search.md). A job's title, description and tags are copied onto its row as a
-- weighted tsvector (title A, tags B, description C), and its transcript is split into one row per segment with its
-- own tsvector, so a hit can say where in the video the words were said. Triggers on job_metadata keep both current
-- in the transaction that writes the metadata (the engine's and the owner's edits alike), so an edit is found at once.
-- Creating a job touches none of this: a new job has no metadata yet.
--
-- btree_gin lets one GIN index hold the owner beside the words, so a user's search reads only that user's entries.
-- It is a trusted extension (PostgreSQL 13+): a database owner may create it without being a superuser.
CREATE EXTENSION IF NOT EXISTS btree_gin;

ALTER TABLE jobs
    ADD COLUMN title    text,
    ADD COLUMN tags     text[]   NOT NULL DEFAULT '{}',
    ADD COLUMN document tsvector NOT NULL DEFAULT ''::tsvector;

CREATE INDEX jobs_owner_document_idx ON jobs USING gin (owner_id, document);
CREATE INDEX jobs_owner_tags_idx ON jobs USING gin (owner_id, tags);

CREATE TABLE job_transcript_segments (
    job_id        uuid             NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    position      integer          NOT NULL,
    owner_id      varchar(255)     NOT NULL,
    start_seconds double precision NOT NULL,
    end_seconds   double precision NOT NULL,
    text          text             NOT NULL,
    document      tsvector         NOT NULL,
    PRIMARY KEY (job_id, position)
);

CREATE INDEX job_transcript_segments_owner_document_idx ON job_transcript_segments USING gin (owner_id, document);

-- A metadata item's content_json as text (TITLE and DESCRIPTION are JSON strings) or as a text array (TAGS).
CREATE FUNCTION job_metadata_text(content text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN jsonb_typeof(content::jsonb) = 'string' THEN content::jsonb #>> '{}' END
$$;

CREATE FUNCTION job_metadata_tags(content text) RETURNS text[]
    LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN jsonb_typeof(content::jsonb) = 'array'
                THEN ARRAY(SELECT jsonb_array_elements_text(content::jsonb))
                ELSE '{}'::text[] END
$$;

-- Copies a job's TITLE, DESCRIPTION and TAGS onto its row with their weighted tsvector. The writers of job_metadata
-- hold the job's row lock already, so this update waits for nothing.
CREATE FUNCTION job_document_refresh(job uuid) RETURNS void
    LANGUAGE sql AS $$
    UPDATE jobs j
       SET title = items.title,
           tags = items.tags,
           document = setweight(to_tsvector('english', coalesce(items.title, '')), 'A')
                   || setweight(to_tsvector('english', array_to_string(items.tags, ' ')), 'B')
                   || setweight(to_tsvector('english', coalesce(items.description, '')), 'C')
      FROM (SELECT (SELECT job_metadata_text(m.content_json) FROM job_metadata m
                     WHERE m.job_id = job AND m.metadata_type = 'TITLE') AS title,
                   (SELECT job_metadata_text(m.content_json) FROM job_metadata m
                     WHERE m.job_id = job AND m.metadata_type = 'DESCRIPTION') AS description,
                   coalesce((SELECT job_metadata_tags(m.content_json) FROM job_metadata m
                              WHERE m.job_id = job AND m.metadata_type = 'TAGS'), '{}'::text[]) AS tags) AS items
     WHERE j.id = job
$$;

-- Replaces a job's transcript segments with those of its TRANSCRIPT content ({segments: [{start_seconds, end_seconds,
-- text}]}); a segment without words is left out.
CREATE FUNCTION job_segments_refresh(job uuid, content text) RETURNS void
    LANGUAGE sql AS $$
    DELETE FROM job_transcript_segments WHERE job_id = job;
    INSERT INTO job_transcript_segments (job_id, position, owner_id, start_seconds, end_seconds, text, document)
    SELECT job, s.ordinality - 1, j.owner_id, coalesce((s.segment ->> 'start_seconds')::float8, 0),
           coalesce((s.segment ->> 'end_seconds')::float8, 0), s.segment ->> 'text',
           to_tsvector('english', s.segment ->> 'text')
      FROM jobs j,
           jsonb_array_elements(CASE WHEN jsonb_typeof(content::jsonb -> 'segments') = 'array'
                                     THEN content::jsonb -> 'segments' ELSE '[]'::jsonb END)
               WITH ORDINALITY AS s (segment, ordinality)
     WHERE j.id = job AND coalesce(btrim(s.segment ->> 'text'), '') <> '';
$$;

CREATE FUNCTION job_metadata_search_sync() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.metadata_type = 'TRANSCRIPT' THEN
        PERFORM job_segments_refresh(NEW.job_id, NEW.content_json);
    ELSE
        PERFORM job_document_refresh(NEW.job_id);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER job_metadata_search_insert
    AFTER INSERT ON job_metadata
    FOR EACH ROW WHEN (NEW.metadata_type IN ('TITLE', 'DESCRIPTION', 'TAGS', 'TRANSCRIPT'))
    EXECUTE FUNCTION job_metadata_search_sync();

CREATE TRIGGER job_metadata_search_update
    AFTER UPDATE OF content_json ON job_metadata
    FOR EACH ROW WHEN (NEW.metadata_type IN ('TITLE', 'DESCRIPTION', 'TAGS', 'TRANSCRIPT')
                       AND NEW.content_json IS DISTINCT FROM OLD.content_json)
    EXECUTE FUNCTION job_metadata_search_sync();

-- The jobs that existed before this migration.
SELECT job_document_refresh(job_id)
  FROM (SELECT DISTINCT job_id FROM job_metadata WHERE metadata_type IN ('TITLE', 'DESCRIPTION', 'TAGS')) AS edited;
SELECT job_segments_refresh(job_id, content_json) FROM job_metadata WHERE metadata_type = 'TRANSCRIPT';
