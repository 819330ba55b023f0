package io.videojobs.processing.engine;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lease bookkeeping, which changes nothing a client sees and so logs no events: renewing the leases
 * of running jobs (the heartbeat) and handing them back on shutdown. A run's own transactions renew its lease
 * too ({@link RunRecorder}), after checking that the job is still PROCESSING under it; the heartbeat skips a
 * lease renewed that way within its interval, so a run that reports progress costs no heartbeat statements.
 */
@ApplicationScoped
class JobLeases {

    private final Pool pool;
    /** When a run's transaction last renewed each job's lease ({@link System#nanoTime()}). */
    private final Map<UUID, Long> renewedByRun = new ConcurrentHashMap<>();

    public JobLeases(Pool pool) {
        this.pool = pool;
    }

    /** A transaction of the job's run checked that it still holds the job, and renewed its lease; it committed. */
    void renewedByRun(UUID jobId) {
        renewedByRun.put(jobId, System.nanoTime());
    }

    /**
     * Extends the leases this instance holds on {@code jobIds} and returns the jobs it still holds:
     * a job missing from the answer was cancelled, deleted, finished or taken over. A job whose run renewed
     * its lease within {@code fresh} counts as held without a statement.
     */
    public Uni<Set<UUID>> renew(String owner, Collection<UUID> jobIds, Duration lease, Duration fresh) {
        renewedByRun.keySet().retainAll(jobIds);
        long freshSince = System.nanoTime() - fresh.toNanos();
        Set<UUID> held = new HashSet<>();
        List<UUID> stale = new ArrayList<>();
        for (UUID jobId : jobIds) {
            Long renewed = renewedByRun.get(jobId);
            if (renewed != null && renewed - freshSince > 0) {
                held.add(jobId);
            } else {
                stale.add(jobId);
            }
        }
        if (stale.isEmpty()) {
            return Uni.createFrom().item(held);
        }
        OffsetDateTime expires = OffsetDateTime.now(ZoneOffset.UTC).plus(lease);
        return pool.preparedQuery("UPDATE jobs SET lease_expires_at = $1 "
                        + "WHERE id = ANY($2) AND lease_owner = $3 AND status = 'PROCESSING' RETURNING id")
                .execute(Tuple.of(expires, stale.toArray(new UUID[0]), owner))
                .map(rows -> {
                    for (Row row : rows) {
                        held.add(row.getUUID("id"));
                    }
                    return held;
                });
    }

    /** Gives up every lease of this instance at once, so another instance can take the jobs over right away. */
    public Uni<Integer> releaseAll(String owner) {
        return pool.preparedQuery("UPDATE jobs SET lease_owner = NULL, lease_expires_at = $2 "
                        + "WHERE lease_owner = $1 AND status = 'PROCESSING'")
                .execute(Tuple.of(owner, OffsetDateTime.now(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount());
    }
}
