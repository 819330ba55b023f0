package io.videojobs.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.job.Job;
import io.videojobs.job.JobStatus;
import io.videojobs.job.ListedJob;
import io.videojobs.security.ThumbnailLinks;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A job in a listing: its status without stages and metadata, its owner (admins list every user's jobs), and what a
 * person recognises it by: its title, tags, duration and first thumbnail, as far as they exist yet.
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
                         @Schema(required = true, nullable = true, description = "An upload's file name (or the last "
                                 + "path segment of the URL once it was fetched), for a job that has no title yet")
                         String sourceName,
                         @Schema(required = true) Instant createdAt,
                         @Schema(required = true) Instant updatedAt,
                         @Schema(required = true, nullable = true) Instant startedAt,
                         @Schema(required = true, nullable = true) Instant finishedAt,
                         @Schema(required = true, minimum = "1") long lastSeq,
                         @Schema(required = true, nullable = true, description = "The owner's title, else the one "
                                 + "processing generated; null before either exists") String title,
                         @Schema(required = true, description = "The owner's tags, else the generated ones")
                         List<String> tags,
                         @Schema(required = true, nullable = true, minimum = "0",
                                 description = "The source's duration; null until it was probed")
                         Double durationSeconds,
                         @Schema(description = "The first generated thumbnail, as a preview")
                         @JsonInclude(JsonInclude.Include.NON_NULL) ThumbnailView firstThumbnail) {

    public static JobSummary from(ListedJob listed, ThumbnailLinks links) {
        Job job = listed.job();
        return new JobSummary(job.id, job.ownerId, job.status, job.progressPercent, job.errorMessage, job.sourceUrl,
                job.sourceName, job.createdAt, job.updatedAt, job.startedAt, job.finishedAt, job.lastSeq, listed.title(),
                listed.tags(), listed.durationSeconds(),
                listed.firstThumbnail() == null ? null : ThumbnailView.from(listed.firstThumbnail(), links));
    }
}
