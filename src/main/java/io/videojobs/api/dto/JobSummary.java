package io.videojobs.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.job.Job;
import io.videojobs.job.JobStatus;
import io.videojobs.job.JobThumbnail;
import io.videojobs.security.ThumbnailLinks;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A job in a listing: its status without stages and metadata, its owner (admins list every user's jobs) and its
 * first thumbnail, if one was generated, as a preview.
 */
@RegisterForReflection
public record JobSummary(@Schema(required = true) UUID jobId,
                         @Schema(required = true, description = "The token sub that submitted it") String ownerId,
                         @Schema(required = true) JobStatus status,
                         @Schema(required = true, minimum = "0", maximum = "100") int progressPercent,
                         @Schema(description = "Only when the job FAILED")
                         @JsonInclude(JsonInclude.Include.NON_NULL) String errorMessage,
                         @Schema(required = true, nullable = true, format = "uri", description = "null for an upload")
                         String sourceUrl,
                         @Schema(required = true) Instant createdAt,
                         @Schema(required = true) Instant updatedAt,
                         @Schema(required = true, nullable = true) Instant startedAt,
                         @Schema(required = true, nullable = true) Instant finishedAt,
                         @Schema(required = true, minimum = "1") long lastSeq,
                         @Schema(description = "The first generated thumbnail, as a preview")
                         @JsonInclude(JsonInclude.Include.NON_NULL) ThumbnailView firstThumbnail) {

    public static JobSummary from(Job job, JobThumbnail firstThumbnail, ThumbnailLinks links) {
        return new JobSummary(job.id, job.ownerId, job.status, job.progressPercent, job.errorMessage, job.sourceUrl,
                job.createdAt, job.updatedAt, job.startedAt, job.finishedAt, job.lastSeq,
                firstThumbnail == null ? null : ThumbnailView.from(firstThumbnail, links));
    }
}
