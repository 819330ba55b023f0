package io.videojobs.api.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.job.JobOptions;
import io.videojobs.job.StageId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /api/uploads}. */
@RegisterForReflection
@Schema(name = "StartUploadRequest", additionalProperties = Schema.False.class)
public record StartUploadRequest(
        @Schema(description = "The file's name, kept as the job's source name", maxLength = 255, example = "trip.mp4")
        @Size(max = 1024, message = "must be at most 1024 characters")
        String filename,
        @Schema(required = true, minimum = "1", format = "int64",
                description = "The file's size in bytes, at most quarkus.http.limits.max-body-size")
        @NotNull(message = "is required")
        Long size,
        @Schema(description = "The file's media type; guessed from its name when absent", example = "video/mp4")
        String contentType,
        @Schema(description = "Stages to run, by default all of them; they run in engine order")
        @Size(min = 1, message = "must name at least one stage")
        List<StageId> stages,
        @Schema(description = "Processing options; an absent one takes the engine's default")
        @Valid
        JobOptions options) {
}
