package io.videojobs.job;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.videojobs.error.ServiceException;
import io.videojobs.security.Caller;
import io.videojobs.storage.StorageKeys;
import io.videojobs.storage.StoredObjectDeletes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Deletes jobs: the row (stages, thumbnails, metadata and events cascade), recording in the same transaction that its
 * stored objects are to be deleted, and then the objects ({@link StoredObjectDeletes}: a store that is unreachable
 * now is tried again until the delete succeeds). A running job's engine sees the row gone at its next heartbeat and
 * kills its ffmpeg.
 */
@ApplicationScoped
public class JobRemoval {

    /**
     * The retention sweep's batch in one statement. The sweep runs on an event loop that also serves requests,
     * so it must not be a Hibernate query: the first HQL query of a process is parsed there and blocks that event
     * loop, and every request on it, for about a second. One statement also holds no transaction open across
     * round trips; rows another transaction holds are left for the next batch.
     */
    private static final String DELETE_FINISHED = """
            WITH gone AS (
                DELETE FROM jobs WHERE id IN (
                    SELECT id FROM jobs WHERE finished_at < $1 ORDER BY finished_at LIMIT $2 FOR UPDATE SKIP LOCKED)
                RETURNING id, media_key),
            prefixes AS (
                SELECT $3 || id || '/' AS prefix FROM gone
                UNION SELECT media_key FROM gone WHERE media_key IS NOT NULL AND NOT starts_with(media_key, $3 || id || '/')),
            recorded AS (
                INSERT INTO stored_object_deletes (storage_prefix) SELECT prefix FROM prefixes
                ON CONFLICT (storage_prefix) DO NOTHING)
            SELECT prefix, (SELECT count(*) FROM gone) AS jobs FROM prefixes""";

    private final StoredObjectDeletes deletes;
    private final Pool pool;

    public JobRemoval(StoredObjectDeletes deletes, Pool pool) {
        this.deletes = deletes;
        this.pool = pool;
    }

    /** Deletes one of the caller's jobs with its files. */
    public Uni<Void> delete(Caller caller, UUID jobId) {
        return deleteRow(caller, jobId).chain(deletes::deleteRecorded);
    }

    /** Deletes up to {@code batch} jobs that finished before {@code cutoff}; returns how many. */
    public Uni<Integer> pruneFinishedBefore(Instant cutoff, int batch) {
        return pool.preparedQuery(DELETE_FINISHED)
                .execute(Tuple.of(cutoff.atOffset(ZoneOffset.UTC), batch, StorageKeys.JOBS))
                .chain(rows -> {
                    List<String> prefixes = new ArrayList<>();
                    int jobs = 0;
                    for (Row row : rows) {
                        prefixes.add(row.getString("prefix"));
                        jobs = row.getLong("jobs").intValue();
                    }
                    return deletes.deleteRecorded(prefixes).replaceWith(jobs);
                });
    }

    /** Deletes the job's row and records its stored objects for deletion, in one transaction; answers their prefixes. */
    @WithTransaction
    Uni<List<String>> deleteRow(Caller caller, UUID jobId) {
        return Job.<Job>findById(jobId, LockModeType.PESSIMISTIC_WRITE).chain(job -> {
            if (job == null || !caller.canAccess(job.ownerId)) {
                return Uni.createFrom().failure(ServiceException.notFound("Job"));
            }
            List<String> prefixes = StorageKeys.ofJob(job.id, job.mediaKey);
            return job.delete().chain(() -> Job.getSession())
                    .chain(session -> deletes.record(session, prefixes)).replaceWith(prefixes);
        });
    }
}
