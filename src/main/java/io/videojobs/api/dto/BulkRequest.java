package io.videojobs.api.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.bulk.BulkAction;
import io.videojobs.job.JobStatus;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /api/jobs/bulk}: an action and either the chosen jobs or a filter, not both. */
@RegisterForReflection
@Schema(name = "BulkRequest", additionalProperties = Schema.False.class)
public record BulkRequest(
        @Schema(required = true) BulkAction action,
        @Schema(description = "The chosen jobs, at most video-jobs.bulk.max-jobs (10,000); ids that are not yours "
                + "end SKIPPED as not found", minItems = 1)
        List<UUID> jobIds,
        @Schema(description = "All your jobs that match this now, as GET /api/jobs filters them; jobs created later "
                + "are not included")
        Filter filter) {

    /** The filters of {@code GET /api/jobs}, as JSON. */
    @RegisterForReflection
    @Schema(name = "BulkFilter", additionalProperties = Schema.False.class)
    public record Filter(@Schema(description = "Any of these statuses") List<JobStatus> status,
                         @Schema(maxLength = 64) String tag,
                         @Schema(description = "At or after: an RFC 3339 date-time, or a date meaning its midnight UTC",
                                 example = "2026-12-01") String createdFrom,
                         @Schema(description = "Before: an RFC 3339 date-time, or a date meaning its midnight UTC",
                                 example = "2026-12-07T18:00:00Z") String createdTo,
                         @Schema(maxLength = 200, description = "Words, \"phrases\" and prefix*") String q) {
    }
}
