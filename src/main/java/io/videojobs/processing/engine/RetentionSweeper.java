package io.videojobs.processing.engine;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.videojobs.config.EngineConfig;
import io.videojobs.job.JobRemoval;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jboss.logging.Logger;

/** Deletes finished jobs, with their files, once they are older than the retention period. */
@ApplicationScoped
class RetentionSweeper {

    private static final Logger LOG = Logger.getLogger(RetentionSweeper.class);
    private static final int BATCH = 100;

    private final JobRemoval removal;
    private final EngineConfig config;

    public RetentionSweeper(JobRemoval removal, EngineConfig config) {
        this.removal = removal;
        this.config = config;
    }

    @Scheduled(every = "${video-jobs.engine.retention-interval:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        if (config.retentionDays() <= 0) {
            return Uni.createFrom().voidItem();
        }
        return pruneOlderThan(Instant.now().minus(config.retentionDays(), ChronoUnit.DAYS));
    }

    /** Deletes every job that finished before the cutoff, a batch at a time. */
    public Uni<Void> pruneOlderThan(Instant cutoff) {
        return removal.pruneFinishedBefore(cutoff, BATCH).chain(count -> {
            if (count > 0) {
                LOG.infof("Retention deleted %d finished job(s)", count);
            }
            return count == BATCH ? pruneOlderThan(cutoff) : Uni.createFrom().voidItem();
        });
    }
}
