package io.videojobs.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** Per-job processing options; an absent value means the engine's configured default. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobOptions(
        @Min(value = 1, message = "must be at least 1") @Max(value = 20, message = "must be at most 20") Integer thumbnailCount,
        @Min(value = 64, message = "must be at least 64") @Max(value = 3840, message = "must be at most 3840") Integer thumbnailWidth) {

    public static final JobOptions DEFAULTS = new JobOptions(null, null);
}
