package io.videojobs.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.bulk.BulkAction;
import io.videojobs.bulk.BulkProgress;
import io.videojobs.bulk.BulkStatus;
import io.videojobs.bulk.ItemOutcome;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A bulk action's progress, and once COMPLETED every job's outcome. */
@RegisterForReflection
@Schema(name = "Bulk")
public record BulkView(@Schema(required = true) UUID bulkId,
                       @Schema(required = true) BulkAction action,
                       @Schema(required = true) BulkStatus status,
                       @Schema(required = true, minimum = "0", description = "Jobs chosen when it was requested")
                       int total,
                       @Schema(required = true, minimum = "0") int done,
                       @Schema(required = true, minimum = "0") int skipped,
                       @Schema(required = true, minimum = "0") int failed,
                       @Schema(required = true) Instant createdAt,
                       @Schema(required = true, nullable = true) Instant finishedAt,
                       @Schema(required = true, description = "Every job's outcome in the bulk's order once it is "
                               + "COMPLETED; empty while it runs") List<Result> results) {

    /** One job's outcome. */
    @RegisterForReflection
    @Schema(name = "BulkResult")
    public record Result(@Schema(required = true) UUID jobId,
                         @Schema(required = true, description = "SKIPPED: the action does not apply to the job as it "
                                 + "is, or it is not found; FAILED: the service could not apply it") ItemOutcome outcome,
                         @Schema(description = "Why, when not DONE") @JsonInclude(JsonInclude.Include.NON_NULL)
                         String reason) {
    }

    public static BulkView from(BulkProgress progress) {
        return new BulkView(progress.id(), progress.action(), progress.status(), progress.total(), progress.done(),
                progress.skipped(), progress.failed(), progress.createdAt(), progress.finishedAt(),
                progress.results().stream().map(r -> new Result(r.jobId(), r.outcome(), r.reason())).toList());
    }
}
