package io.videojobs.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.job.JobStage;
import io.videojobs.job.StageId;
import io.videojobs.job.StageStatus;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A stage as clients see it; {@code error_message} only when it failed. */
@RegisterForReflection
@Schema(name = "Stage", description = "Also the data of the WebSocket's STAGE_UPDATE (asyncapi.yaml)")
public record StageView(@Schema(required = true) StageId stageId, @Schema(required = true) StageStatus status,
                        @Schema(required = true, minimum = "0", maximum = "100") int progressPercent,
                        @Schema(description = "Only when the stage FAILED")
                        @JsonInclude(JsonInclude.Include.NON_NULL) String errorMessage) {

    public static StageView from(JobStage stage) {
        return new StageView(stage.stageId(), stage.status, stage.progressPercent, stage.errorMessage);
    }
}
