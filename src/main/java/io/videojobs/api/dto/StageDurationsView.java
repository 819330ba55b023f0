package io.videojobs.api.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.job.StageDurations.StagePercentiles;
import io.videojobs.job.StageId;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code GET /api/admin/stage-durations}: per stage, completed runs in the window and their median and p95 seconds. */
@RegisterForReflection
@Schema(name = "StageDurations")
public record StageDurationsView(@Schema(required = true, minimum = "1") long windowSeconds,
                                 @Schema(required = true) List<Stage> stages) {

    /** One stage's figures. */
    @RegisterForReflection
    @Schema(name = "StageDuration")
    public record Stage(@Schema(required = true) StageId stageId, @Schema(required = true, minimum = "1") long runs,
                        @Schema(required = true) double medianSeconds, @Schema(required = true) double p95Seconds) {
    }

    public static StageDurationsView from(Duration window, List<StagePercentiles> stages) {
        return new StageDurationsView(window.toSeconds(), stages.stream()
                .map(s -> new Stage(s.stageId(), s.runs(), round(s.medianSeconds()), round(s.p95Seconds()))).toList());
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
