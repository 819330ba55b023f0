package io.videojobs.processing.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.videojobs.job.StageId;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The engine's meters, all built up front so recording is a lookup and an increment: stage durations
 * as Prometheus histograms per stage and outcome, and takeovers of expired leases.
 * Created at start-up so every series is exported, at zero, before its first event.
 */
@Startup
@ApplicationScoped
class EngineMetrics {

    /** How a stage attempt ended. */
    public enum Outcome {
        /** The stage finished and its results were committed. */
        COMPLETED,
        /** The stage failed: recorded as FAILED (recoverable), or the job was retried later or failed. */
        FAILED,
        /**
         * The run stopped mid-stage: the job was cancelled, deleted or taken over, the instance shut down, or the
         * database or storage became unavailable (the stage runs again once it is back).
         */
        ABORTED
    }

    private final Map<StageId, Map<Outcome, Timer>> stageTimers = new EnumMap<>(StageId.class);
    private final Counter leaseReclaims;

    public EngineMetrics(MeterRegistry registry) {
        for (StageId stage : StageId.values()) {
            Map<Outcome, Timer> byOutcome = new EnumMap<>(Outcome.class);
            for (Outcome outcome : Outcome.values()) {
                byOutcome.put(outcome, Timer.builder("videojobs.stage.duration")
                        .description("Wall-clock time of one stage attempt of a job")
                        .tag("stage_id", stage.name())
                        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(50))
                        .maximumExpectedValue(Duration.ofHours(2))
                        .register(registry));
            }
            stageTimers.put(stage, byOutcome);
        }
        this.leaseReclaims = Counter.builder("videojobs.engine.lease.reclaims")
                .description("Claims that took over a PROCESSING job whose owner's lease had expired")
                .register(registry);
    }

    /** Records a stage attempt that began at {@code startedNanos} ({@link System#nanoTime()}) and ended now. */
    public void stageEnded(StageId stage, Outcome outcome, long startedNanos) {
        stageTimers.get(stage).get(outcome).record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }

    public void leaseReclaimed() {
        leaseReclaims.increment();
    }
}
