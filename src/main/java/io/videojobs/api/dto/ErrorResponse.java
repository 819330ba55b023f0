package io.videojobs.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.error.FieldError;
import java.util.List;

/** Body of every 4xx and 5xx response. */
@RegisterForReflection
public record ErrorResponse(String errorCode, String errorMessage,
                            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FieldError> details) {
}
