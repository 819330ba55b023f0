package io.videojobs.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.error.FieldError;
import io.videojobs.error.ErrorCode;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of every 4xx and 5xx response. */
@RegisterForReflection
@Schema(name = "Error", description = "Body of every 4xx and 5xx answer")
public record ErrorResponse(
        @Schema(required = true, type = SchemaType.STRING, implementation = ErrorCode.class, description = "Stable, machine-readable") String errorCode,
        @Schema(required = true, description = "For people; may change") String errorMessage,
        @Schema(description = "Input errors only: each bad field") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FieldError> details) {
}
