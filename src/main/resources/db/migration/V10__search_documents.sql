-- Search at scale (src/docs/search.md, figures in src/docs/benchmarks.md). V5 matched the transcript segment by
-- segment through GIN indexes on (owner_id, document) over every segment of every owner: a common word read and
-- ranked thousands of segments per query, and a prefix (light*) read the posting lists of every owner's words that
-- start with it. Now:
--   * a job matches through ONE document per job, in its own table: its title (A), tags (B) and description (C), the
--     same weighted vector as before, followed by its whole transcript (D). The segments keep their own vectors,
--     without an index: they are read only for the jobs of the page a search answers;
--   * the index holds each word twice, as itself (for an admin, who searches everyone's jobs) and prefixed by a tag
--     of its owner: a user's word, and a user's prefix, read that user's entries only;
--   * a phrase is found without reading every document that holds its words: each document keeps the buckets of its
--     adjacent word pairs, and only a document with every bucket of the phrase's pairs is read to check it.
-- The documents live apart from jobs so that the engine's many updates of a job row never write a job's whole
-- transcript into a GIN index again (a non-HOT update inserts every entry of every indexed vector anew), and so that
-- jobs keeps no GIN index at all: a submission (POST /api/jobs) wrote an entry into jobs_owner_document_idx and
-- jobs_owner_tags_idx for a job without any text yet, and those two, with the webhook outbox trigger, lowered the
-- pgbench submit ceiling from about 11.5k to 8.8k tps (src/docs/benchmarks.md). The tag filter reads the documents'
-- copy of the tags instead; a job that has no title, tags, description or transcript has no document and touches no
-- GIN index.
CREATE TABLE job_search_documents (
    job_id     uuid         PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    owner_id   varchar(255) NOT NULL,
    -- A copy of jobs.created_at, which never changes: a search ranks the newest matching jobs first without a join.
    created_at timestamptz  NOT NULL,
    -- Title A, tags B, description C: ranked for every matching job, so small and kept in the row.
    written    tsvector     NOT NULL,
    -- written || the transcript as D: what a query must match, and what the transcript's rank is taken from.
    document   tsvector     NOT NULL,
    -- job_search_pairs(document): a small, lossy summary of which words are adjacent in it.
    pairs      smallint[]   NOT NULL,
    -- A copy of jobs.tags (which the list shows), for GET /api/jobs?tag=.
    tags       text[]       NOT NULL
);

DROP INDEX job_transcript_segments_owner_document_idx;
DROP INDEX jobs_owner_tags_idx;
ALTER TABLE jobs DROP COLUMN document;

-- What makes an owner's index keys their own: '#' and 8 hex digits. No word of a document or a query starts with '#'
-- (the parser never makes one), so a tagged key never meets an untagged one; two owners sharing a tag only share
-- candidates, which the owner_id condition then tells apart.
CREATE FUNCTION job_search_tag(owner varchar) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT '#' || left(md5(owner), 8)
$$;

-- The index keys of a document: each word as itself and as '<tag>:word'. No positions: a phrase is checked on the
-- document itself (job_search_key_query makes its words a conjunction).
CREATE FUNCTION job_search_keys(owner varchar, document tsvector) RETURNS tsvector
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    tag text := job_search_tag(owner) || ':';
BEGIN
    RETURN array_to_tsvector(ARRAY(SELECT word FROM unnest(tsvector_to_array(document)) AS word
                                   UNION ALL
                                   SELECT tag || word FROM unnest(tsvector_to_array(document)) AS word));
END
$$;

-- The query on job_search_keys for these terms: an owner's (tagged) or everyone's (NULL owner), with each phrase's
-- words required without their order.
CREATE FUNCTION job_search_key_query(owner varchar, terms tsquery) RETURNS tsquery
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT regexp_replace(regexp_replace(terms::text, ' <[0-9-]+> ', ' & ', 'g'),
                          '''([^'']*)''', '''' || coalesce(job_search_tag(owner) || ':', '') || '\1''', 'g')::tsquery
$$;

-- The bucket (0..4095) of two words said one right after the other. hashtextextended is the hash that hash
-- partitioning relies on, kept the same across PostgreSQL versions.
CREATE FUNCTION job_search_pair(first text, second text) RETURNS smallint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (hashtextextended(first || ' ' || second, 0) & 4095)::smallint
$$;

-- The buckets of a document's adjacent words (positions p and p + 1), sorted and distinct.
CREATE FUNCTION job_search_pairs(document tsvector) RETURNS smallint[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT job_search_pair(previous, word)), '{}')
      FROM (SELECT word, position, lag(word) OVER (ORDER BY position) AS previous,
                   lag(position) OVER (ORDER BY position) AS previous_position
              FROM unnest(document) AS entry (word, positions, weights), unnest(entry.positions) AS position) AS said
     WHERE previous_position = position - 1
$$;

-- The buckets every document holding these terms' phrases has: one per pair of words a phrase puts right after each
-- other (<->), leaving out prefixes. A query without such pairs gives none, and then every candidate is checked.
CREATE FUNCTION job_search_query_pairs(terms tsquery) RETURNS smallint[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT job_search_pair(token.previous, token.word)), '{}')
      FROM (SELECT part[1] AS word, part[2] AS prefix, lag(part[3]) OVER read AS operator,
                   lag(part[1], 2) OVER read AS previous, lag(part[2], 2) OVER read AS previous_prefix
              FROM regexp_matches(terms::text, '''([^'']*)''(:\*)?|(<[0-9-]+>|[&|!()])', 'g')
                   WITH ORDINALITY AS parts (part, n)
            WINDOW read AS (ORDER BY n)) AS token
     WHERE token.operator = '<->' AND token.word IS NOT NULL AND token.previous IS NOT NULL
       AND token.prefix IS NULL AND token.previous_prefix IS NULL
$$;

-- The triggers become statement-level and the functions set-based: one statement writing the metadata of many jobs
-- (a backfill, a data load) refreshes each job once, not once per row, and PL/pgSQL keeps the statements' plans for
-- the session where SQL functions planned them again at every call.
DROP TRIGGER job_metadata_search_insert ON job_metadata;
DROP TRIGGER job_metadata_search_update ON job_metadata;
DROP FUNCTION job_document_refresh(uuid);
DROP FUNCTION job_segments_refresh(uuid, text);

-- Copies the jobs' TITLE and TAGS onto their rows (the list shows them) and writes their search documents from their
-- TITLE, TAGS, DESCRIPTION and transcript segments, with the tags (the list filters by them). The writers of job_metadata hold each job's row lock
-- already, so neither write waits for anything.
CREATE FUNCTION job_document_refresh(jobs uuid[]) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    WITH items AS (
        SELECT j.id,
               (SELECT job_metadata_text(m.content_json) FROM job_metadata m
                 WHERE m.job_id = j.id AND m.metadata_type = 'TITLE') AS title,
               (SELECT job_metadata_text(m.content_json) FROM job_metadata m
                 WHERE m.job_id = j.id AND m.metadata_type = 'DESCRIPTION') AS description,
               coalesce((SELECT job_metadata_tags(m.content_json) FROM job_metadata m
                          WHERE m.job_id = j.id AND m.metadata_type = 'TAGS'), '{}'::text[]) AS tags,
               (SELECT string_agg(s.text, ' ' ORDER BY s.position) FROM job_transcript_segments s
                 WHERE s.job_id = j.id) AS spoken
          FROM jobs j
         WHERE j.id = ANY (jobs)
    ),
    job_rows AS (
        UPDATE jobs j SET title = items.title, tags = items.tags
          FROM items
         WHERE j.id = items.id
        RETURNING j.id, j.owner_id, j.created_at, j.tags,
                  setweight(to_tsvector('english', coalesce(items.title, '')), 'A')
                  || setweight(to_tsvector('english', array_to_string(items.tags, ' ')), 'B')
                  || setweight(to_tsvector('english', coalesce(items.description, '')), 'C') AS written,
                  to_tsvector('english', coalesce(items.spoken, '')) AS spoken
    ),
    documents AS (SELECT id, owner_id, created_at, tags, written, written || spoken AS document FROM job_rows)
    INSERT INTO job_search_documents (job_id, owner_id, created_at, written, document, pairs, tags)
    SELECT id, owner_id, created_at, written, document, job_search_pairs(document), tags FROM documents
    ON CONFLICT (job_id) DO UPDATE SET written = excluded.written, document = excluded.document,
                                       pairs = excluded.pairs, tags = excluded.tags;
END
$$;

-- Replaces the jobs' transcript segments with those of their TRANSCRIPT content ({segments: [{start_seconds,
-- end_seconds, text}]}), leaving out segments without words.
CREATE FUNCTION job_segments_refresh(jobs uuid[]) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM job_transcript_segments WHERE job_id = ANY (jobs);
    INSERT INTO job_transcript_segments (job_id, position, owner_id, start_seconds, end_seconds, text, document)
    SELECT m.job_id, s.ordinality - 1, j.owner_id, coalesce((s.segment ->> 'start_seconds')::float8, 0),
           coalesce((s.segment ->> 'end_seconds')::float8, 0), s.segment ->> 'text',
           to_tsvector('english', s.segment ->> 'text')
      FROM job_metadata m
      JOIN jobs j ON j.id = m.job_id,
           jsonb_array_elements(CASE WHEN jsonb_typeof(m.content_json::jsonb -> 'segments') = 'array'
                                     THEN m.content_json::jsonb -> 'segments' ELSE '[]'::jsonb END)
               WITH ORDINALITY AS s (segment, ordinality)
     WHERE m.job_id = ANY (jobs) AND m.metadata_type = 'TRANSCRIPT'
       AND coalesce(btrim(s.segment ->> 'text'), '') <> '';
END
$$;

-- After a statement that wrote metadata: the jobs whose TRANSCRIPT changed get new segments, then every job whose
-- TITLE, DESCRIPTION, TAGS or TRANSCRIPT changed gets its row and search document rewritten, in the same transaction,
-- so an edit is found as soon as it is committed.
CREATE OR REPLACE FUNCTION job_metadata_search_sync() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    transcripts uuid[];
    searchable  uuid[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(c.job_id) FILTER (WHERE c.metadata_type = 'TRANSCRIPT'), array_agg(DISTINCT c.job_id)
          INTO transcripts, searchable
          FROM changed c
         WHERE c.metadata_type IN ('TITLE', 'DESCRIPTION', 'TAGS', 'TRANSCRIPT');
    ELSE
        SELECT array_agg(c.job_id) FILTER (WHERE c.metadata_type = 'TRANSCRIPT'), array_agg(DISTINCT c.job_id)
          INTO transcripts, searchable
          FROM changed c
         WHERE c.metadata_type IN ('TITLE', 'DESCRIPTION', 'TAGS', 'TRANSCRIPT')
           AND NOT EXISTS (SELECT FROM previous p
                            WHERE p.job_id = c.job_id AND p.metadata_type = c.metadata_type
                              AND p.content_json IS NOT DISTINCT FROM c.content_json);
    END IF;
    IF transcripts IS NOT NULL THEN
        PERFORM job_segments_refresh(transcripts);
    END IF;
    IF searchable IS NOT NULL THEN
        PERFORM job_document_refresh(searchable);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER job_metadata_search_insert
    AFTER INSERT ON job_metadata
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION job_metadata_search_sync();

CREATE TRIGGER job_metadata_search_update
    AFTER UPDATE ON job_metadata
    REFERENCING OLD TABLE AS previous NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION job_metadata_search_sync();

-- The jobs that existed before this migration (their segments are V5's already), then the indexes: built once over
-- them rather than entry by entry.
SELECT job_document_refresh(array_agg(job_id))
  FROM (SELECT job_id FROM job_metadata WHERE metadata_type IN ('TITLE', 'DESCRIPTION', 'TAGS', 'TRANSCRIPT')
        GROUP BY job_id) AS searchable
HAVING count(*) > 0;

CREATE INDEX job_search_documents_keys_idx ON job_search_documents USING gin (job_search_keys(owner_id, document));
-- Only documents with tags: most jobs have none, and a tag filter asks for one. btree_gin (V5) puts the owner beside
-- the tags, so a user's filter reads only that user's entries.
CREATE INDEX job_search_documents_owner_tags_idx ON job_search_documents USING gin (owner_id, tags)
    WHERE tags <> '{}';
