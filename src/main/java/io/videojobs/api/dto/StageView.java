package io.videojobs.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.job.JobStage;
import io.videojobs.job.StageId;
import io.videojobs.job.StageStatus;

/** A stage as clients see it; {@code error_message} only when it failed. */
@RegisterForReflection
public record StageView(StageId stageId, StageStatus status, int progressPercent,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String errorMessage) {

    public static StageView from(JobStage stage) {
        return new StageView(stage.stageId(), stage.status, stage.progressPercent, stage.errorMessage);
    }
}
