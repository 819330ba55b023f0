package io.videojobs.realtime;

import io.smallrye.mutiny.Uni;
import io.videojobs.job.Job;
import io.videojobs.job.JobDetails;
import io.videojobs.job.JobReader;
import io.videojobs.job.JsonText;
import io.videojobs.job.event.EventType;
import io.videojobs.job.event.JobUpdateData;
import io.videojobs.job.event.MetadataUpdateData;
import io.videojobs.job.event.StageUpdateData;
import io.videojobs.job.event.ThumbnailGeneratedData;
import io.videojobs.security.ThumbnailLinks;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads what a subscription needs from PostgreSQL: each job's owner and log bounds, and snapshots of
 * current state. A snapshot is the job in full as {@link JobReader} reads it for REST too, on the realtime pool;
 * that read is one statement, so the state and the {@code last_seq} it is stamped with come from the same
 * moment: live delivery resumes exactly after it.
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

    private final Pool pool;
    private final JobReader reader;
    private final JsonText json;
    private final ThumbnailLinks thumbnailLinks;

    public JobSnapshotReader(RealtimeDatabase database, JobReader reader, JsonText json, ThumbnailLinks thumbnailLinks) {
        this.pool = database.pool();
        this.reader = reader;
        this.json = json;
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
        return reader.inFull(pool, jobIds).map(jobs -> {
            Map<UUID, JobSnapshot> snapshots = new HashMap<>();
            jobs.forEach((id, details) -> snapshots.put(id, snapshot(details)));
            return snapshots;
        });
    }

    /** JOB_UPDATE, then a STAGE_UPDATE per stage, a METADATA_UPDATE per item and a THUMBNAIL_GENERATED per thumbnail. */
    private JobSnapshot snapshot(JobDetails details) {
        Job job = details.job();
        long seq = job.lastSeq;
        List<WsMessage> messages = new ArrayList<>();
        messages.add(WsMessage.snapshot(EventType.JOB_UPDATE.name(), job.id,
                new JobUpdateData(job.status, job.progressPercent, job.errorMessage), seq));
        details.stages().forEach(stage -> messages.add(WsMessage.snapshot(EventType.STAGE_UPDATE.name(), job.id,
                new StageUpdateData(stage.stageId(), stage.status, stage.progressPercent, stage.errorMessage), seq)));
        details.metadata().forEach(item -> messages.add(WsMessage.snapshot(EventType.METADATA_UPDATE.name(), job.id,
                new MetadataUpdateData(item.type(), json.read(item.contentJson)), seq)));
        details.thumbnails().forEach(thumbnail -> messages.add(WsMessage.snapshot(EventType.THUMBNAIL_GENERATED.name(),
                job.id, new ThumbnailGeneratedData(thumbnailLinks.signedPath(job.id, thumbnail.id), thumbnail.id,
                        thumbnail.width, thumbnail.height, thumbnail.timestampSeconds), seq)));
        return new JobSnapshot(job.id, seq, messages);
    }
}
