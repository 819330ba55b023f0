package io.videojobs.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.videojobs.job.Job;
import io.videojobs.job.JobStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes {@code videojobs_jobs{status=...}}: how many jobs the shared database holds in each status. Every
 * instance reports the same global figure, refreshed by one grouped count every few seconds.
 */
@ApplicationScoped
public class JobStatusMetrics {

    private final Map<JobStatus, AtomicLong> counts = new EnumMap<>(JobStatus.class);

    public JobStatusMetrics(MeterRegistry registry) {
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
    @WithSession
    Uni<Void> refresh() {
        return Job.getSession()
                .chain(session -> session.createQuery("select j.status, count(j) from Job j group by j.status", Object[].class)
                        .getResultList())
                .invoke(this::store)
                .replaceWithVoid()
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private void store(List<Object[]> rows) {
        counts.values().forEach(count -> count.set(0));
        for (Object[] row : rows) {
            counts.get((JobStatus) row[0]).set((Long) row[1]);
        }
    }
}
