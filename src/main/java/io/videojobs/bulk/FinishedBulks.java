package io.videojobs.bulk;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.videojobs.config.BulkConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Removes finished bulk actions with their per-job results once they finished longer ago than
 * {@code video-jobs.bulk.keep-finished-for}: a "select all matching" leaves a row per job, worth keeping while
 * someone reads the results, not for ever. Every instance sweeps; each statement takes its bulks with
 * {@code SKIP LOCKED}, so sweeps running at once on several instances neither wait for nor repeat each other. Ages
 * are measured on the database's clock, as {@code finished_at} is written.
 */
@ApplicationScoped
public class FinishedBulks {

    private static final Logger LOG = Logger.getLogger(FinishedBulks.class);
    /** Bulks removed per statement: up to {@code max-jobs} result rows each, so a transaction stays short. */
    static final int BATCH = 10;
    private static final String REMOVE = """
            DELETE FROM bulk_actions
             WHERE id IN (SELECT id FROM bulk_actions
                           WHERE status = 'COMPLETED' AND finished_at < now() - $1::bigint * interval '1 millisecond'
                           ORDER BY finished_at LIMIT $2 FOR UPDATE SKIP LOCKED)""";

    private final Pool pool;
    private final BulkConfig config;

    public FinishedBulks(Pool pool, BulkConfig config) {
        this.pool = pool;
        this.config = config;
    }

    @Scheduled(every = "${video-jobs.bulk.cleanup-interval:1h}", delayed = "${video-jobs.bulk.cleanup-interval:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return removeExpired().invoke(count -> {
            if (count > 0) {
                LOG.infof("Removed %d bulk action(s) finished more than %s ago", count, config.keepFinishedFor());
            }
        }).replaceWithVoid().onFailure().recoverWithUni(failure -> {
            LOG.warnf("Removing finished bulk actions failed; the sweep runs again in %s: %s", config.cleanupInterval(),
                    failure.toString());
            return Uni.createFrom().voidItem();
        });
    }

    /** Removes, a batch per statement, the bulks finished longer ago than the setting; answers how many it removed. */
    public Uni<Integer> removeExpired() {
        return pool.preparedQuery(REMOVE).execute(Tuple.of(config.keepFinishedFor().toMillis(), BATCH))
                .chain(rows -> rows.rowCount() == BATCH ? removeExpired().map(more -> BATCH + more)
                        : Uni.createFrom().item(rows.rowCount()));
    }
}
