package io.videojobs.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.PreparedQuery;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.videojobs.error.ServiceException;
import io.videojobs.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads one job with its stages, metadata and thumbnails in a single statement, for the hottest read path
 * ({@code GET /api/jobs/{id}}): one round trip instead of four. The result is detached: nothing is managed.
 */
@ApplicationScoped
public class JobReader {

    private static final String QUERY = """
            SELECT j.id, j.owner_id, j.status, j.progress_percent, j.error_message, j.source_url, j.options_json,
                   j.created_at, j.updated_at, j.started_at, j.finished_at, j.last_seq, j.media_key,
                   (SELECT json_agg(json_build_object('stage_id', s.stage_id, 'status', s.status,
                                                      'progress_percent', s.progress_percent,
                                                      'error_message', s.error_message) ORDER BY s.position)::text
                      FROM job_stages s WHERE s.job_id = j.id) AS stages,
                   (SELECT json_agg(json_build_object('type', m.metadata_type, 'content', m.content_json::json))::text
                      FROM job_metadata m WHERE m.job_id = j.id) AS metadata,
                   (SELECT json_agg(json_build_object('id', t.id, 'position', t.position, 'width', t.width,
                                                      'height', t.height, 'timestamp_seconds', t.timestamp_seconds,
                                                      'storage_key', t.storage_key) ORDER BY t.position)::text
                      FROM job_thumbnails t WHERE t.job_id = j.id) AS thumbnails
              FROM jobs j
             WHERE j.id = $1
            """;

    private final Pool pool;
    private final ObjectMapper mapper;

    public JobReader(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    /** The job if the caller may see it; otherwise NOT_FOUND, the same as for a missing job. */
    public Uni<JobDetails> get(Caller caller, UUID jobId) {
        PreparedQuery<RowSet<Row>> query = pool.preparedQuery(QUERY);
        return query.execute(Tuple.of(jobId)).map(rows -> {
            Row row = rows.iterator().hasNext() ? rows.iterator().next() : null;
            if (row == null || !caller.canAccess(row.getString("owner_id"))) {
                throw ServiceException.notFound("Job");
            }
            return details(row);
        });
    }

    private JobDetails details(Row row) {
        Job job = new Job();
        job.id = row.getUUID("id");
        job.ownerId = row.getString("owner_id");
        job.status = JobStatus.valueOf(row.getString("status"));
        job.progressPercent = row.getInteger("progress_percent");
        job.errorMessage = row.getString("error_message");
        job.sourceUrl = row.getString("source_url");
        job.optionsJson = row.getString("options_json");
        job.createdAt = instant(row, "created_at");
        job.updatedAt = instant(row, "updated_at");
        job.startedAt = instant(row, "started_at");
        job.finishedAt = instant(row, "finished_at");
        job.lastSeq = row.getLong("last_seq");
        job.mediaKey = row.getString("media_key");
        return new JobDetails(job, stages(job.id, json(row, "stages")), metadata(job.id, json(row, "metadata")),
                thumbnails(job.id, json(row, "thumbnails")));
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
            stages.add(stage);
        }
        return stages;
    }

    private List<JobMetadata> metadata(UUID jobId, JsonNode array) {
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

    private JsonNode json(Row row, String column) {
        String value = row.getString(column);
        if (value == null) {
            return mapper.createArrayNode();
        }
        try {
            return mapper.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.time.Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
