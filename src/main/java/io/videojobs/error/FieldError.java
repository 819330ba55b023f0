package io.videojobs.error;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One invalid input field: its JSON path and what is wrong with it. */
@RegisterForReflection
public record FieldError(
        @Schema(required = true, description = "JSON path of the field, or a parameter or header name") String field,
        @Schema(required = true) String message) {
}
