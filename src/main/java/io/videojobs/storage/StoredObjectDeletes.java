package io.videojobs.storage;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.videojobs.config.StorageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Deletes stored objects so that none is orphaned when the store is briefly unreachable: each prefix to delete is
 * first recorded in {@code stored_object_deletes} (in the transaction that makes the objects unneeded, where there is
 * one), then deleted, and its row removed only once the store confirmed. A failed delete keeps its row and is tried
 * again by {@link #retryDue()}, with a wait that doubles up to {@code video-jobs.storage.delete-retry-max-delay}.
 */
@ApplicationScoped
public class StoredObjectDeletes {

    private static final Logger LOG = Logger.getLogger(StoredObjectDeletes.class);
    private static final int BATCH = 100;
    private static final String RECORD = """
            INSERT INTO stored_object_deletes (storage_prefix) VALUES (:prefix) ON CONFLICT (storage_prefix) DO NOTHING""";
    private static final String RECORD_ALL = """
            INSERT INTO stored_object_deletes (storage_prefix) SELECT unnest($1::text[]) ON CONFLICT (storage_prefix) DO NOTHING""";
    /** Takes due rows for two minutes, so that another instance's sweep leaves them alone meanwhile. */
    private static final String CLAIM_DUE = """
            UPDATE stored_object_deletes SET next_attempt_at = now() + interval '2 minutes'
            WHERE storage_prefix IN (SELECT storage_prefix FROM stored_object_deletes WHERE next_attempt_at <= now()
                                     ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
            RETURNING storage_prefix, attempts""";
    private static final String DONE = "DELETE FROM stored_object_deletes WHERE storage_prefix = ANY($1::text[])";
    private static final String FAILED = """
            UPDATE stored_object_deletes SET attempts = attempts + 1, last_error = $2,
                next_attempt_at = now() + make_interval(secs => $3)
            WHERE storage_prefix = $1""";

    private final MediaStorage storage;
    private final Pool pool;
    private final Vertx vertx;
    private final StorageConfig config;

    public StoredObjectDeletes(MediaStorage storage, Pool pool, Vertx vertx, StorageConfig config) {
        this.storage = storage;
        this.pool = pool;
        this.vertx = vertx;
        this.config = config;
    }

    /** Records the prefixes in the caller's Hibernate transaction; call {@link #deleteRecorded} after it commits. */
    public Uni<Void> record(Mutiny.Session session, Collection<String> prefixes) {
        Uni<Void> recorded = Uni.createFrom().voidItem();
        for (String prefix : prefixes) {
            recorded = recorded.chain(() -> session.createNativeQuery(RECORD).setParameter("prefix", prefix)
                    .executeUpdate().replaceWithVoid());
        }
        return recorded;
    }

    /** Records the prefixes, then deletes them; what cannot be deleted now is retried later. Never fails. */
    public Uni<Void> delete(Collection<String> prefixes) {
        if (prefixes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(RECORD_ALL).execute(Tuple.of(prefixes.toArray(String[]::new))).replaceWithVoid()
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Cannot record the delete of %d stored prefix(es); deleting them unrecorded: %s",
                            prefixes.size(), failure.toString());
                    return null;
                })
                .chain(() -> deleteRecorded(prefixes));
    }

    /**
     * Deletes prefixes already recorded (by {@link #record} or {@link #delete}); the ones the store does not delete
     * now keep their row and are retried later. Never fails: a failure is recorded and logged.
     */
    public Uni<Void> deleteRecorded(Collection<String> prefixes) {
        List<Attempt> attempts = prefixes.stream().map(prefix -> new Attempt(prefix, 0)).toList();
        return attempt(attempts).onFailure().recoverWithUni(failure -> {
            LOG.warnf("Cannot record the outcome of deleting %d stored prefix(es); the retry sweep takes them over: %s",
                    attempts.size(), failure.toString());
            return Uni.createFrom().voidItem();
        });
    }

    /** Tries again every recorded delete that is due. */
    @Scheduled(every = "${video-jobs.storage.delete-retry-interval:30s}", delayed = "${video-jobs.storage.delete-retry-interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> retryDue() {
        return pool.preparedQuery(CLAIM_DUE).execute(Tuple.of(BATCH)).chain(rows -> {
            List<Attempt> due = new ArrayList<>();
            for (Row row : rows) {
                due.add(new Attempt(row.getString("storage_prefix"), row.getInteger("attempts")));
            }
            return due.isEmpty() ? Uni.createFrom().voidItem()
                    : attempt(due).chain(() -> due.size() == BATCH ? retryDue() : Uni.createFrom().voidItem());
        }).onFailure().recoverWithUni(failure -> {
            LOG.debugf("The stored-object delete sweep could not run: %s", failure.toString());
            return Uni.createFrom().voidItem();
        });
    }

    /** Deletes each prefix on a worker thread, then removes the rows of those deleted and reschedules the others. */
    private Uni<Void> attempt(List<Attempt> attempts) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            List<String> done = new ArrayList<>();
            List<Failure> failed = new ArrayList<>();
            for (Attempt attempt : attempts) {
                try {
                    storage.deletePrefix(attempt.prefix());
                    done.add(attempt.prefix());
                } catch (IOException | RuntimeException e) {
                    failed.add(new Failure(attempt, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
                }
            }
            return new Outcome(done, failed);
        }), false).chain(outcome -> {
            Uni<Void> recorded = outcome.done().isEmpty() ? Uni.createFrom().voidItem()
                    : pool.preparedQuery(DONE).execute(Tuple.of(outcome.done().toArray(String[]::new))).replaceWithVoid();
            for (Failure failure : outcome.failed()) {
                Duration wait = backoff(failure.attempt().attempts());
                recorded = recorded.chain(() -> pool.preparedQuery(FAILED)
                        .execute(Tuple.of(failure.attempt().prefix(), failure.error(), wait.toMillis() / 1000.0))
                        .replaceWithVoid());
            }
            if (!outcome.failed().isEmpty()) {
                Failure first = outcome.failed().get(0);
                LOG.warnf("Cannot delete the stored objects under %d prefix(es), %s among them, now (%s); recorded, "
                                + "tried again in %s", outcome.failed().size(), first.attempt().prefix(), first.error(),
                        backoff(first.attempt().attempts()));
            }
            return recorded;
        });
    }

    /** The wait after a prefix's {@code attempts}-th failed retry: the retry interval, doubling up to the longest wait. */
    Duration backoff(int attempts) {
        Duration wait = config.deleteRetryInterval();
        for (int i = 0; i < attempts && wait.compareTo(config.deleteRetryMaxDelay()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(config.deleteRetryMaxDelay()) > 0 ? config.deleteRetryMaxDelay() : wait;
    }

    private record Attempt(String prefix, int attempts) {
    }

    private record Failure(Attempt attempt, String error) {
    }

    private record Outcome(List<String> done, List<Failure> failed) {
    }
}
