package io.videojobs.job.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.job.StageId;
import io.videojobs.job.StageStatus;

/** Payload of {@code STAGE_UPDATE}; {@code error_message} only when the stage failed. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StageUpdateData(StageId stageId, StageStatus status, int progressPercent, String errorMessage) {
}
