package io.videojobs.job;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.videojobs.error.ServiceException;
import io.videojobs.security.Caller;
import io.videojobs.storage.MediaStorage;
import io.videojobs.storage.StorageKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.io.IOException;
import java.time.Instant;
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

    private final MediaStorage storage;
    private final Vertx vertx;

    public JobRemoval(MediaStorage storage, Vertx vertx) {
        this.storage = storage;
        this.vertx = vertx;
    }

    /** Deletes one of the caller's jobs with its files. */
    public Uni<Void> delete(Caller caller, UUID jobId) {
        return deleteRow(caller, jobId).chain(job -> deleteFiles(List.of(job)));
    }

    /** Deletes up to {@code batch} jobs that finished before {@code cutoff}; returns how many. */
    public Uni<Integer> pruneFinishedBefore(Instant cutoff, int batch) {
        return deleteFinishedRows(cutoff, batch).chain(jobs -> deleteFiles(jobs).replaceWith(jobs.size()));
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

    @WithTransaction
    Uni<List<Job>> deleteFinishedRows(Instant cutoff, int batch) {
        return Job.<Job>find("finishedAt < ?1 order by finishedAt", cutoff).page(0, batch).list().chain(jobs -> {
            if (jobs.isEmpty()) {
                return Uni.createFrom().item(List.<Job>of());
            }
            List<UUID> ids = jobs.stream().map(job -> job.id).toList();
            return Job.delete("id in ?1", ids).replaceWith(jobs);
        });
    }

    private Uni<Void> deleteFiles(List<Job> jobs) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            for (Job job : jobs) {
                try {
                    storage.deletePrefix(StorageKeys.jobPrefix(job.id));
                    if (job.mediaKey != null && !job.mediaKey.startsWith(StorageKeys.jobPrefix(job.id))) {
                        storage.deletePrefix(job.mediaKey);
                    }
                } catch (IOException e) {
                    LOG.warnf(e, "Cannot delete the files of job %s", job.id);
                }
            }
            return (Void) null;
        }), false);
    }
}
