package io.videojobs.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.job.JobStage;
import io.videojobs.job.StageId;
import io.videojobs.job.StageStatus;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A stage as clients see it; {@code error_message} only when it failed. The timings: {@code runnable_at} (when it
 * could first run), {@code started_at} (first start), {@code finished_at} (last end), {@code duration_seconds}
 * between those two, {@code attempts}, and {@code cpu_seconds} over all attempts (null before the first).
 */
@RegisterForReflection
@Schema(name = "Stage", description = "Also the data of the WebSocket's STAGE_UPDATE (asyncapi.yaml), which carries"
        + " only stage_id, status, progress_percent and error_message")
public record StageView(@Schema(required = true) StageId stageId, @Schema(required = true) StageStatus status,
                        @Schema(required = true, minimum = "0", maximum = "100") int progressPercent,
                        @Schema(description = "Only when the stage FAILED")
                        @JsonInclude(JsonInclude.Include.NON_NULL) String errorMessage,
                        @Schema(nullable = true, description = "When the stage could first run") Instant runnableAt,
                        @Schema(nullable = true, description = "First start") Instant startedAt,
                        @Schema(nullable = true, description = "Last end") Instant finishedAt,
                        @Schema(nullable = true, description = "Seconds from started_at to finished_at")
                        Double durationSeconds,
                        @Schema(minimum = "0", description = "Starts, retries and resumed runs included") int attempts,
                        @Schema(nullable = true, description = "ffmpeg/ffprobe children plus the worker thread, all"
                                + " attempts; null before the first") Double cpuSeconds) {

    public static StageView from(JobStage stage) {
        Double duration = stage.startedAt == null || stage.finishedAt == null ? null
                : Duration.between(stage.startedAt, stage.finishedAt).toMillis() / 1000.0;
        return new StageView(stage.stageId(), stage.status, stage.progressPercent, stage.errorMessage,
                stage.runnableAt, stage.startedAt, stage.finishedAt, duration, stage.attempts,
                stage.attempts == 0 ? null : Math.round(stage.cpuSeconds * 1000) / 1000.0);
    }
}
