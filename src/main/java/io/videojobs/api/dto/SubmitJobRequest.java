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
@Schema(name = "SubmitJobRequest", additionalProperties = Schema.False.class)
public record SubmitJobRequest(
        @Schema(description = "http(s) URL of the video, without credentials, at most "
                        + "video-jobs.api.max-source-url-length (2048) characters",
                required = true, format = "uri", example = "https://download.samplelib.com/mp4/sample-5s.mp4")
        String sourceUrl,
        @Schema(description = "Stages to run, by default all of them; they run in engine order")
        @Size(min = 1, message = "must name at least one stage")
        List<StageId> stages,
        @Schema(description = "Processing options; an absent one takes the engine's default")
        @Valid
        JobOptions options) {
}
