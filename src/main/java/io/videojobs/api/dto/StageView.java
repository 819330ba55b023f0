package io.videojobs.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.job.JobStage;
import io.videojobs.job.StageId;
import io.videojobs.job.StageStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * A stage as clients see it; {@code error_message} only when it failed. The timings: {@code runnable_at} (when it
 * could first run), {@code started_at} (first start), {@code finished_at} (last end), {@code duration_seconds}
 * between those two, {@code attempts}, and {@code cpu_seconds} over all attempts (null before the first).
 */
@RegisterForReflection
public record StageView(StageId stageId, StageStatus status, int progressPercent,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String errorMessage,
                        Instant runnableAt, Instant startedAt, Instant finishedAt, Double durationSeconds,
                        int attempts, Double cpuSeconds) {

    public static StageView from(JobStage stage) {
        Double duration = stage.startedAt == null || stage.finishedAt == null ? null
                : Duration.between(stage.startedAt, stage.finishedAt).toMillis() / 1000.0;
        return new StageView(stage.stageId(), stage.status, stage.progressPercent, stage.errorMessage,
                stage.runnableAt, stage.startedAt, stage.finishedAt, duration, stage.attempts,
                stage.attempts == 0 ? null : Math.round(stage.cpuSeconds * 1000) / 1000.0);
    }
}
