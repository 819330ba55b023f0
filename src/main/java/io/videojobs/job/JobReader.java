package io.videojobs.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.videojobs.error.ServiceException;
import io.videojobs.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The read side of jobs. "A job in full" (its row with stages, metadata and thumbnails) is read in a single
 * statement with one mapping, for {@code GET /api/jobs/{id}}, the WebSocket snapshot and the start of an engine
 * run alike: one round trip instead of four, and, being one statement, one consistent view of the database, so
 * its {@code last_seq} matches its state exactly. The result is detached: nothing is managed.
 */
@ApplicationScoped
public class JobReader {

    private static final String IN_FULL = """
            SELECT j.id, j.owner_id, j.status, j.progress_percent, j.error_message, j.source_url, j.options_json,
                   j.created_at, j.updated_at, j.started_at, j.finished_at, j.last_seq, j.lease_owner, j.source_name,
                   j.media_key,
                   (SELECT json_agg(json_build_object('stage_id', s.stage_id, 'status', s.status,
                                                      'progress_percent', s.progress_percent,
                                                      'error_message', s.error_message,
                                                      'runnable_at', s.runnable_at, 'started_at', s.started_at,
                                                      'finished_at', s.finished_at, 'attempts', s.attempts,
                                                      'cpu_seconds', s.cpu_seconds) ORDER BY s.position)::text
                      FROM job_stages s WHERE s.job_id = j.id) AS stages,
                   (SELECT json_agg(json_build_object('type', m.metadata_type, 'content', m.content_json::json)
                                    ORDER BY m.metadata_type)::text
                      FROM job_metadata m WHERE m.job_id = j.id) AS metadata,
                   (SELECT json_agg(json_build_object('id', t.id, 'position', t.position, 'width', t.width,
                                                      'height', t.height, 'timestamp_seconds', t.timestamp_seconds,
                                                      'storage_key', t.storage_key) ORDER BY t.position)::text
                      FROM job_thumbnails t WHERE t.job_id = j.id) AS thumbnails
              FROM jobs j
             WHERE %s
            """;
    /**
     * One job is read with {@code = $1}, several with {@code = ANY($1)}: for an array parameter PostgreSQL's
     * generic plan assumes several rows and costs more than a one-row custom plan, so every execution was
     * planned again, which doubled the database's CPU per {@code GET /api/jobs/{id}}.
     */
    private static final String ONE_IN_FULL = IN_FULL.formatted("j.id = $1");
    private static final String SOME_IN_FULL = IN_FULL.formatted("j.id = ANY($1)");

    private final Pool pool;
    private final JsonText json;

    public JobReader(Pool pool, JsonText json) {
        this.pool = pool;
        this.json = json;
    }

    /** The job if the caller may see it; otherwise NOT_FOUND, the same as for a missing job. */
    public Uni<JobDetails> get(Caller caller, UUID jobId) {
        return find(jobId).map(details -> {
            if (details == null || !caller.canAccess(details.job().ownerId)) {
                throw ServiceException.notFound("Job");
            }
            return details;
        });
    }

    /** The job in full, or null when there is none. */
    public Uni<JobDetails> find(UUID jobId) {
        return inFull(pool, List.of(jobId)).map(jobs -> jobs.get(jobId));
    }

    /** The existing ones of these jobs in full, read on {@code client} (a pool or connection of the caller's). */
    public Uni<Map<UUID, JobDetails>> inFull(SqlClient client, Collection<UUID> jobIds) {
        if (jobIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Tuple params = jobIds.size() == 1 ? Tuple.of(jobIds.iterator().next()) : Tuple.of(jobIds.toArray(new UUID[0]));
        return client.preparedQuery(jobIds.size() == 1 ? ONE_IN_FULL : SOME_IN_FULL).execute(params).map(rows -> {
            Map<UUID, JobDetails> jobs = new LinkedHashMap<>();
            for (Row row : rows) {
                JobDetails details = details(row);
                jobs.put(details.job().id, details);
            }
            return jobs;
        });
    }

    /** Whether the job still exists (a deleted job's late files must be removed). */
    public Uni<Boolean> exists(UUID jobId) {
        return pool.preparedQuery("SELECT 1 FROM jobs WHERE id = $1").execute(Tuple.of(jobId))
                .map(rows -> rows.size() > 0);
    }

    /** A committed metadata item's content. */
    public Uni<Optional<JsonNode>> metadata(UUID jobId, MetadataType type) {
        return pool.preparedQuery("SELECT content_json FROM job_metadata WHERE job_id = $1 AND metadata_type = $2")
                .execute(Tuple.of(jobId, type.name()))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(json.read(rows.iterator().next().getString(0))));
    }

    private JobDetails details(Row row) {
        Job job = JobRows.job(row);
        return new JobDetails(job, stages(job.id, array(row, "stages")), metadata(job.id, array(row, "metadata")),
                thumbnails(job.id, array(row, "thumbnails")));
    }

    private static List<JobStage> stages(UUID jobId, JsonNode array) {
        List<JobStage> stages = new ArrayList<>();
        for (JsonNode node : array) {
            JobStage stage = new JobStage();
            stage.key = new JobStage.Key(jobId, StageId.valueOf(node.get("stage_id").asText()));
            stage.position = stage.key.stageId().ordinal();
            stage.status = StageStatus.valueOf(node.get("status").asText());
            stage.progressPercent = node.get("progress_percent").asInt();
            stage.errorMessage = text(node.get("error_message"));
            stage.runnableAt = instant(node.get("runnable_at"));
            stage.startedAt = instant(node.get("started_at"));
            stage.finishedAt = instant(node.get("finished_at"));
            stage.attempts = node.path("attempts").asInt();
            stage.cpuSeconds = node.path("cpu_seconds").asDouble();
            stages.add(stage);
        }
        return stages;
    }

    private static List<JobMetadata> metadata(UUID jobId, JsonNode array) {
        List<JobMetadata> items = new ArrayList<>();
        for (JsonNode node : array) {
            JobMetadata item = new JobMetadata();
            item.key = new JobMetadata.Key(jobId, MetadataType.valueOf(node.get("type").asText()));
            item.contentJson = node.get("content").toString();
            items.add(item);
        }
        return items;
    }

    private static List<JobThumbnail> thumbnails(UUID jobId, JsonNode array) {
        List<JobThumbnail> thumbnails = new ArrayList<>();
        for (JsonNode node : array) {
            JobThumbnail thumbnail = new JobThumbnail();
            thumbnail.id = UUID.fromString(node.get("id").asText());
            thumbnail.jobId = jobId;
            thumbnail.position = node.get("position").asInt();
            thumbnail.width = node.get("width").asInt();
            thumbnail.height = node.get("height").asInt();
            JsonNode at = node.get("timestamp_seconds");
            thumbnail.timestampSeconds = at == null || at.isNull() ? null : at.asDouble();
            thumbnail.storageKey = node.get("storage_key").asText();
            thumbnails.add(thumbnail);
        }
        return thumbnails;
    }

    private JsonNode array(Row row, String column) {
        String value = row.getString(column);
        return value == null ? json.read("[]") : json.read(value);
    }


    /** A timestamp as json_build_object writes a timestamptz (ISO 8601 with an offset). */
    private static Instant instant(JsonNode node) {
        return node == null || node.isNull() ? null : OffsetDateTime.parse(node.asText()).toInstant();
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
