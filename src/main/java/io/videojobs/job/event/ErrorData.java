package io.videojobs.job.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Payload of {@code ERROR}; {@code affected_stage} names the stage when one is concerned. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorData(String errorCode, String errorMessage, boolean recoverable, String affectedStage) {
}
