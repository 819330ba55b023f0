package io.videojobs.api.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.job.JobOptions;
import io.videojobs.job.StageId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /api/jobs}. */
@RegisterForReflection
public record SubmitJobRequest(
        @Schema(description = "http(s) URL of the video", required = true, example = "https://example.com/video.mp4")
        String sourceUrl,
        @Schema(description = "Stages to run, by default all of them")
        @Size(min = 1, message = "must name at least one stage")
        List<StageId> stages,
        @Schema(description = "Processing options")
        @Valid
        JobOptions options) {
}
