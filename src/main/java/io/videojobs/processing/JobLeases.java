package io.videojobs.processing;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Lease bookkeeping, which changes nothing a client sees and so logs no events: renewing the leases
 * of running jobs (the heartbeat) and handing them back on shutdown.
 */
@ApplicationScoped
public class JobLeases {

    private final Pool pool;

    public JobLeases(Pool pool) {
        this.pool = pool;
    }

    /**
     * Extends the leases this instance holds on {@code jobIds} and returns the jobs it still holds:
     * a job missing from the answer was cancelled, deleted, finished or taken over.
     */
    public Uni<Set<UUID>> renew(String owner, Collection<UUID> jobIds, Duration lease) {
        if (jobIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        OffsetDateTime expires = OffsetDateTime.now(ZoneOffset.UTC).plus(lease);
        return pool.preparedQuery("UPDATE jobs SET lease_expires_at = $1 "
                        + "WHERE id = ANY($2) AND lease_owner = $3 AND status = 'PROCESSING' RETURNING id")
                .execute(Tuple.of(expires, jobIds.toArray(new UUID[0]), owner))
                .map(rows -> {
                    Set<UUID> held = new HashSet<>();
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
