package io.videojobs.job;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.videojobs.error.ServiceException;
import io.videojobs.security.Caller;
import io.videojobs.storage.MediaStorage;
import io.videojobs.storage.StorageKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Deletes jobs: the row (stages, thumbnails, metadata and events cascade) and then the stored files.
 * A running job's engine sees the row gone at its next heartbeat and kills its ffmpeg.
 */
@ApplicationScoped
public class JobRemoval {

    private static final Logger LOG = Logger.getLogger(JobRemoval.class);

    /**
     * The retention sweep's batch in one statement. The sweep runs on an event loop that also serves requests,
     * so it must not be a Hibernate query: the first HQL query of a process is parsed there and blocks that event
     * loop, and every request on it, for about a second. One statement also holds no transaction open across
     * round trips; rows another transaction holds are left for the next batch.
     */
    private static final String DELETE_FINISHED = """
            DELETE FROM jobs WHERE id IN (
                SELECT id FROM jobs WHERE finished_at < $1 ORDER BY finished_at LIMIT $2 FOR UPDATE SKIP LOCKED)
            RETURNING id, media_key""";

    private final MediaStorage storage;
    private final Vertx vertx;
    private final Pool pool;

    public JobRemoval(MediaStorage storage, Vertx vertx, Pool pool) {
        this.storage = storage;
        this.vertx = vertx;
        this.pool = pool;
    }

    /** Deletes one of the caller's jobs with its files. */
    public Uni<Void> delete(Caller caller, UUID jobId) {
        return deleteRow(caller, jobId).chain(job -> deleteFiles(List.of(new StoredJob(job.id, job.mediaKey))));
    }

    /** Deletes up to {@code batch} jobs that finished before {@code cutoff}; returns how many. */
    public Uni<Integer> pruneFinishedBefore(Instant cutoff, int batch) {
        return pool.preparedQuery(DELETE_FINISHED).execute(Tuple.of(cutoff.atOffset(ZoneOffset.UTC), batch))
                .chain(rows -> {
                    List<StoredJob> jobs = new ArrayList<>();
                    for (Row row : rows) {
                        jobs.add(new StoredJob(row.getUUID("id"), row.getString("media_key")));
                    }
                    return deleteFiles(jobs).replaceWith(jobs.size());
                });
    }

    @WithTransaction
    Uni<Job> deleteRow(Caller caller, UUID jobId) {
        return Job.<Job>findById(jobId, LockModeType.PESSIMISTIC_WRITE).chain(job -> {
            if (job == null || !caller.canAccess(job.ownerId)) {
                return Uni.createFrom().failure(ServiceException.notFound("Job"));
            }
            return job.delete().replaceWith(job);
        });
    }

    private Uni<Void> deleteFiles(List<StoredJob> jobs) {
        if (jobs.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            for (StoredJob job : jobs) {
                try {
                    storage.deletePrefix(StorageKeys.jobPrefix(job.id()));
                    if (job.mediaKey() != null && !job.mediaKey().startsWith(StorageKeys.jobPrefix(job.id()))) {
                        storage.deletePrefix(job.mediaKey());
                    }
                } catch (IOException e) {
                    LOG.warnf(e, "Cannot delete the files of job %s", job.id());
                }
            }
            return (Void) null;
        }), false);
    }

    /** Where a deleted job's files are. */
    private record StoredJob(UUID id, String mediaKey) {
    }
}
