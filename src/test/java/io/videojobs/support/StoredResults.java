package io.videojobs.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Writes what processing would have stored for a job, with the statements the engine's {@code RunStore} uses, for
 * tests that need a transcript, a probed duration or a thumbnail without running ffmpeg (the %test engine is off).
 * The search triggers then see exactly what they see after a real run.
 */
public final class StoredResults {

    private StoredResults() {
    }

    /** A timed piece of speech. */
    public record Said(double startSeconds, double endSeconds, String text) {
    }

    /** Stores a TRANSCRIPT as the TRANSCRIPTION stage writes it. */
    public static void transcript(Pool pool, String jobId, Said... segments) {
        JsonArray list = new JsonArray();
        StringBuilder text = new StringBuilder();
        for (Said said : segments) {
            list.add(new JsonObject().put("start_seconds", said.startSeconds()).put("end_seconds", said.endSeconds())
                    .put("text", said.text()));
            text.append(text.isEmpty() ? "" : " ").append(said.text());
        }
        JsonObject content = new JsonObject().put("source", "SPEECH_RECOGNITION").put("segments", list)
                .put("text", text.toString()).put("confidence", 0.9);
        pool.preparedQuery("""
                INSERT INTO job_metadata (job_id, metadata_type, content_json, edited_by_user, updated_at)
                VALUES ($1, 'TRANSCRIPT', $2, false, now())
                ON CONFLICT (job_id, metadata_type) DO UPDATE SET content_json = excluded.content_json,
                                                                  updated_at = excluded.updated_at""")
                .executeAndAwait(Tuple.of(UUID.fromString(jobId), content.encode()));
    }

    /** Stores what probing found: a duration. */
    public static void probed(Pool pool, String jobId, double durationSeconds) {
        pool.preparedQuery("UPDATE jobs SET media_info_json = $2 WHERE id = $1")
                .executeAndAwait(Tuple.of(UUID.fromString(jobId),
                        new JsonObject().put("duration_seconds", durationSeconds).put("format_name", "mov").encode()));
    }

    /** Stores a generated thumbnail's row (no file) and returns its id. */
    public static UUID thumbnail(Pool pool, String jobId, int position) {
        UUID id = UUID.randomUUID();
        pool.preparedQuery("""
                INSERT INTO job_thumbnails (id, job_id, position, width, height, timestamp_seconds, storage_key,
                                            created_at)
                VALUES ($1, $2, $3, 320, 180, $4, $5, now())""")
                .executeAndAwait(Tuple.of(id, UUID.fromString(jobId), position, position * 2.0,
                        "thumbnails/" + jobId + "/" + position + ".jpg"));
        return id;
    }

    /** Moves the job's creation time, for filters on it (and its copy in the search document, if it has one). */
    public static void createdAt(Pool pool, String jobId, Instant createdAt) {
        pool.preparedQuery("""
                        WITH moved AS (UPDATE jobs SET created_at = $2 WHERE id = $1)
                        UPDATE job_search_documents SET created_at = $2 WHERE job_id = $1""")
                .executeAndAwait(Tuple.of(UUID.fromString(jobId), OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC)));
    }
}
