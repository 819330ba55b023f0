package io.videojobs.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Per-job processing options; an absent value means the engine's configured default. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(additionalProperties = Schema.False.class)
public record JobOptions(
        @Schema(description = "Thumbnails to take, default video-jobs.engine.thumbnail-count")
        @Min(value = 1, message = "must be at least 1") @Max(value = 20, message = "must be at most 20") Integer thumbnailCount,
        @Schema(description = "Thumbnail width in pixels, default video-jobs.engine.thumbnail-width")
        @Min(value = 64, message = "must be at least 64") @Max(value = 3840, message = "must be at most 3840") Integer thumbnailWidth) {

    public static final JobOptions DEFAULTS = new JobOptions(null, null);
}
