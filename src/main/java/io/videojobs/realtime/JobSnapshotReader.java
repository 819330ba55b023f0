package io.videojobs.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.videojobs.job.JobStatus;
import io.videojobs.job.MetadataType;
import io.videojobs.job.StageId;
import io.videojobs.job.StageStatus;
import io.videojobs.job.event.EventType;
import io.videojobs.job.event.JobUpdateData;
import io.videojobs.job.event.MetadataUpdateData;
import io.videojobs.job.event.StageUpdateData;
import io.videojobs.job.event.ThumbnailGeneratedData;
import io.videojobs.security.ThumbnailLinks;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads what a subscription needs from PostgreSQL: each job's owner and log bounds, and snapshots of
 * current state. A snapshot is read in one REPEATABLE READ transaction, so the state and the
 * {@code last_seq} it is stamped with come from the same moment: live delivery resumes exactly after it.
 */
@ApplicationScoped
public class JobSnapshotReader {

    /** A job's owner and event log bounds; {@code firstKeptSeq} is null when no event is kept. */
    record JobHead(UUID id, String ownerId, long lastSeq, Long firstKeptSeq) {
    }

    /** The messages that render a job as of {@code lastSeq}. */
    record JobSnapshot(UUID jobId, long lastSeq, List<WsMessage> messages) {
    }

    private static final String HEADS = """
            select j.id, j.owner_id, j.last_seq,
                   (select min(e.seq) from job_events e where e.job_id = j.id) as first_kept_seq
            from jobs j where j.id = any($1)""";
    private static final String JOBS = "select id, status, progress_percent, error_message, last_seq from jobs where id = any($1)";
    private static final String STAGES = """
            select job_id, stage_id, status, progress_percent, error_message from job_stages
            where job_id = any($1) order by job_id, position""";
    private static final String METADATA = """
            select job_id, metadata_type, content_json from job_metadata
            where job_id = any($1) order by job_id, metadata_type""";
    private static final String THUMBNAILS = """
            select id, job_id, width, height, timestamp_seconds from job_thumbnails
            where job_id = any($1) order by job_id, position""";

    private final Pool pool;
    private final ObjectMapper mapper;
    private final ThumbnailLinks thumbnailLinks;

    public JobSnapshotReader(RealtimeDatabase database, ObjectMapper mapper, ThumbnailLinks thumbnailLinks) {
        this.pool = database.pool();
        this.mapper = mapper;
        this.thumbnailLinks = thumbnailLinks;
    }

    Uni<Map<UUID, JobHead>> heads(Collection<UUID> jobIds) {
        return pool.preparedQuery(HEADS).execute(Tuple.of(jobIds.toArray(new UUID[0]))).map(rows -> {
            Map<UUID, JobHead> heads = new HashMap<>();
            for (Row row : rows) {
                UUID id = row.getUUID("id");
                heads.put(id, new JobHead(id, row.getString("owner_id"), row.getLong("last_seq"), row.getLong("first_kept_seq")));
            }
            return heads;
        });
    }

    Uni<Map<UUID, JobSnapshot>> snapshots(Collection<UUID> jobIds) {
        if (jobIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Tuple ids = Tuple.of(jobIds.toArray(new UUID[0]));
        return pool.withTransaction(conn -> conn.query("set transaction isolation level repeatable read, read only").execute()
                .chain(() -> read(conn, ids)));
    }

    private Uni<Map<UUID, JobSnapshot>> read(SqlConnection conn, Tuple ids) {
        Map<UUID, Long> lastSeqs = new HashMap<>();
        Map<UUID, List<WsMessage>> messages = new LinkedHashMap<>();
        return conn.preparedQuery(JOBS).execute(ids).invoke(rows -> {
            for (Row row : rows) {
                UUID id = row.getUUID("id");
                long seq = row.getLong("last_seq");
                lastSeqs.put(id, seq);
                messages.computeIfAbsent(id, k -> new ArrayList<>()).add(WsMessage.snapshot(EventType.JOB_UPDATE.name(), id,
                        new JobUpdateData(JobStatus.valueOf(row.getString("status")), row.getInteger("progress_percent"),
                                row.getString("error_message")), seq));
            }
        }).chain(() -> conn.preparedQuery(STAGES).execute(ids)).invoke(rows -> {
            for (Row row : rows) {
                UUID id = row.getUUID("job_id");
                add(messages, lastSeqs, id, EventType.STAGE_UPDATE, new StageUpdateData(StageId.valueOf(row.getString("stage_id")),
                        StageStatus.valueOf(row.getString("status")), row.getInteger("progress_percent"), row.getString("error_message")));
            }
        }).chain(() -> conn.preparedQuery(METADATA).execute(ids)).invoke(rows -> {
            for (Row row : rows) {
                UUID id = row.getUUID("job_id");
                add(messages, lastSeqs, id, EventType.METADATA_UPDATE,
                        new MetadataUpdateData(MetadataType.valueOf(row.getString("metadata_type")), json(row.getString("content_json"))));
            }
        }).chain(() -> conn.preparedQuery(THUMBNAILS).execute(ids)).map(rows -> {
            for (Row row : rows) {
                UUID id = row.getUUID("job_id");
                UUID thumbnailId = row.getUUID("id");
                add(messages, lastSeqs, id, EventType.THUMBNAIL_GENERATED, new ThumbnailGeneratedData(
                        thumbnailLinks.signedPath(id, thumbnailId), thumbnailId, row.getInteger("width"),
                        row.getInteger("height"), row.getDouble("timestamp_seconds")));
            }
            Map<UUID, JobSnapshot> snapshots = new HashMap<>();
            messages.forEach((id, list) -> snapshots.put(id, new JobSnapshot(id, lastSeqs.get(id), list)));
            return snapshots;
        });
    }

    private static void add(Map<UUID, List<WsMessage>> messages, Map<UUID, Long> lastSeqs, UUID jobId, EventType type, Object data) {
        Long seq = lastSeqs.get(jobId);
        if (seq != null) {
            messages.get(jobId).add(WsMessage.snapshot(type.name(), jobId, data, seq));
        }
    }

    private JsonNode json(String text) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored metadata is not valid JSON", e);
        }
    }
}
