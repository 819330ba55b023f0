package io.videojobs.job;

import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * The one mapping of a {@code jobs} row to a detached {@link Job}, for the statements that read jobs without the
 * ORM (the read model, the engine's recorder). It maps the columns the statement selected and leaves the others
 * unset.
 */
public final class JobRows {

    private JobRows() {
    }

    public static Job job(Row row) {
        Job job = new Job();
        job.id = row.getUUID("id");
        job.ownerId = row.getString("owner_id");
        job.status = JobStatus.valueOf(row.getString("status"));
        job.progressPercent = row.getInteger("progress_percent");
        job.errorMessage = row.getString("error_message");
        job.lastSeq = row.getLong("last_seq");
        job.updatedAt = instant(row, "updated_at");
        job.startedAt = instant(row, "started_at");
        job.finishedAt = instant(row, "finished_at");
        job.leaseOwner = row.getString("lease_owner");
        job.mediaKey = row.getString("media_key");
        if (selected(row, "source_url")) {
            job.sourceUrl = row.getString("source_url");
            job.optionsJson = row.getString("options_json");
            job.createdAt = instant(row, "created_at");
            job.sourceName = row.getString("source_name");
        }
        if (selected(row, "attempts")) {
            job.leaseExpiresAt = instant(row, "lease_expires_at");
            job.attempts = row.getInteger("attempts");
            job.nextAttemptAt = instant(row, "next_attempt_at");
        }
        if (selected(row, "media_info_json")) {
            job.mediaInfoJson = row.getString("media_info_json");
        }
        return job;
    }

    /** A {@code timestamptz} column as an instant, or null. */
    public static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static boolean selected(Row row, String column) {
        return row.getColumnIndex(column) >= 0;
    }
}
