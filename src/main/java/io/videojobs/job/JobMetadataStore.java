package io.videojobs.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.videojobs.error.ServiceException;
import io.videojobs.job.event.EventType;
import io.videojobs.job.event.JobEvent;
import io.videojobs.job.event.JobEventLog;
import io.videojobs.job.event.MetadataUpdateData;
import io.videojobs.security.Caller;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes the owner's edits of a job's metadata, each with its {@code METADATA_UPDATE}, and marks them edited:
 * the engine ({@code RunStore}) never overwrites an edited item. An edit is one transaction of two round trips
 * ({@link PipelinedTransaction}): the job's row lock, then the items, their events and the job's new
 * {@code last_seq} in one statement with the COMMIT. Through Hibernate an edit took seven round trips and half of
 * the instance's CPU per edit (the multi-instance benchmark, src/docs/scaling.md).
 */
@ApplicationScoped
public class JobMetadataStore {

    private static final String LOCK = "SELECT owner_id, last_seq FROM jobs WHERE id = $1 FOR NO KEY UPDATE";

    private static final String WRITE = """
            WITH items AS (
                INSERT INTO job_metadata (job_id, metadata_type, content_json, edited_by_user, updated_at)
                SELECT $1, i.metadata_type, i.content_json, true, $2
                  FROM unnest($3::varchar[], $4::text[]) AS i (metadata_type, content_json)
                    ON CONFLICT (job_id, metadata_type) DO UPDATE
                   SET content_json = excluded.content_json, edited_by_user = true, updated_at = excluded.updated_at
            ), events AS (
                INSERT INTO job_events (job_id, seq, type, payload, created_at)
                SELECT $1, e.seq, $5, e.payload, e.created_at
                  FROM unnest($6::bigint[], $7::text[], $8::timestamptz[]) AS e (seq, payload, created_at)
            )
            UPDATE jobs SET last_seq = $9, updated_at = $10 WHERE id = $1""";

    private final Pool pool;
    private final JobEventLog eventLog;
    private final JsonText json;

    public JobMetadataStore(Pool pool, JobEventLog eventLog, JsonText json) {
        this.pool = pool;
        this.eventLog = eventLog;
        this.json = json;
    }

    /** Stores the edits of a job the caller may see; a job that is missing or not theirs is NOT_FOUND. */
    public Uni<Void> edit(Caller caller, UUID jobId, Map<MetadataType, JsonNode> edits) {
        return PipelinedTransaction.run(pool,
                connection -> connection.preparedQuery(LOCK).execute(Tuple.of(jobId)).map(rows -> {
                    Row row = rows.iterator().hasNext() ? rows.iterator().next() : null;
                    if (row == null || !caller.canAccess(row.getString("owner_id"))) {
                        throw ServiceException.notFound("Job");
                    }
                    Job job = new Job();
                    job.id = jobId;
                    job.lastSeq = row.getLong("last_seq");
                    return job;
                }),
                (connection, job) -> Uni.createFrom().voidItem(),
                (connection, job) -> write(connection, job, edits));
    }

    private Uni<Void> write(SqlConnection connection, Job job, Map<MetadataType, JsonNode> edits) {
        Instant at = Timestamps.now();
        List<String> types = new ArrayList<>();
        List<String> contents = new ArrayList<>();
        List<JobEvent> events = new ArrayList<>();
        edits.forEach((type, content) -> {
            types.add(type.name());
            contents.add(json.write(content));
            events.add(eventLog.record(job, EventType.METADATA_UPDATE, new MetadataUpdateData(type, content)));
        });
        Tuple params = Tuple.of(job.id, Timestamps.utc(at))
                .addArrayOfString(types.toArray(String[]::new))
                .addArrayOfString(contents.toArray(String[]::new))
                .addString(EventType.METADATA_UPDATE.name())
                .addArrayOfLong(events.stream().map(event -> event.seq).toArray(Long[]::new))
                .addArrayOfString(events.stream().map(event -> event.payload).toArray(String[]::new))
                .addArrayOfOffsetDateTime(events.stream().map(event -> Timestamps.utc(event.createdAt))
                        .toArray(OffsetDateTime[]::new))
                .addLong(job.lastSeq)
                .addOffsetDateTime(Timestamps.utc(job.updatedAt));
        return connection.preparedQuery(WRITE).execute(params).replaceWithVoid();
    }
}
