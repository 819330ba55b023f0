package io.videojobs.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
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
 * Publishes {@code videojobs_jobs{status=...}}, how many jobs the shared database holds in each status, and
 * {@code videojobs_queue_depth}, the PENDING jobs due to run now. Every instance reports the same global
 * figures, refreshed by one grouped count on the reactive pool every few seconds. Created at start-up so the
 * series exist from the first scrape.
 */
@Startup
@ApplicationScoped
public class JobStatusMetrics {

    private static final Logger LOG = Logger.getLogger(JobStatusMetrics.class);
    private static final String COUNTS = """
            SELECT status, count(*),
                   count(*) FILTER (WHERE next_attempt_at IS NULL OR next_attempt_at <= now())
            FROM jobs GROUP BY status""";

    private final Pool pool;
    private final Map<JobStatus, AtomicLong> counts = new EnumMap<>(JobStatus.class);
    private final AtomicLong dueNow = new AtomicLong();

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
        Gauge.builder("videojobs.queue.depth", dueNow, AtomicLong::get)
                .description("PENDING jobs due to run now (new, or past their retry delay)")
                .register(registry);
    }

    @Scheduled(every = "${video-jobs.metrics.refresh:10s}", delayed = "2s", identity = "job-status-metrics",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return pool.query(COUNTS).execute()
                .invoke(this::store)
                .onFailure().invoke(e -> LOG.debugf("Job counts not refreshed: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private void store(RowSet<Row> rows) {
        Map<JobStatus, Long> fresh = new EnumMap<>(JobStatus.class);
        long due = 0;
        for (Row row : rows) {
            JobStatus status = JobStatus.valueOf(row.getString(0));
            fresh.put(status, row.getLong(1));
            if (status == JobStatus.PENDING) {
                due = row.getLong(2);
            }
        }
        counts.forEach((status, count) -> count.set(fresh.getOrDefault(status, 0L)));
        dueNow.set(due);
    }
}
