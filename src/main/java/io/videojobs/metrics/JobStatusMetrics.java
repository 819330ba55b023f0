package io.videojobs.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.videojobs.job.JobStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Publishes {@code videojobs_jobs{status=...}}: how many jobs the shared database holds in each status. Every
 * instance reports the same global figure, refreshed by one grouped count every few seconds.
 */
@ApplicationScoped
public class JobStatusMetrics {

    private static final Logger LOG = Logger.getLogger(JobStatusMetrics.class);

    private final Pool pool;
    private final Map<JobStatus, AtomicLong> counts = new EnumMap<>(JobStatus.class);

    public JobStatusMetrics(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        for (JobStatus status : JobStatus.values()) {
            AtomicLong count = new AtomicLong();
            counts.put(status, count);
            Gauge.builder("videojobs.jobs", count, AtomicLong::get)
                    .description("Jobs in the database by status")
                    .tag("status", status.name())
                    .register(registry);
        }
    }

    @Scheduled(every = "${video-jobs.metrics.refresh:10s}", delayed = "2s", identity = "job-status-metrics",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return pool.query("SELECT status, count(*) FROM jobs GROUP BY status").execute()
                .invoke(this::store)
                .onFailure().invoke(e -> LOG.debugf("Job counts not refreshed: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private void store(RowSet<Row> rows) {
        Map<JobStatus, Long> fresh = new EnumMap<>(JobStatus.class);
        for (Row row : rows) {
            fresh.put(JobStatus.valueOf(row.getString(0)), row.getLong(1));
        }
        counts.forEach((status, count) -> count.set(fresh.getOrDefault(status, 0L)));
    }
}
