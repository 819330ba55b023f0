package io.videojobs.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.job.Job;
import io.videojobs.job.JobStatus;
import io.videojobs.job.JobThumbnail;
import io.videojobs.security.ThumbnailLinks;
import java.time.Instant;
import java.util.UUID;

/**
 * A job in a listing: its status without stages and metadata, its owner (admins list every user's jobs) and its
 * first thumbnail, if one was generated, as a preview.
 */
@RegisterForReflection
public record JobSummary(UUID jobId, String ownerId, JobStatus status, int progressPercent,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String errorMessage,
                         String sourceUrl, Instant createdAt, Instant updatedAt, Instant startedAt, Instant finishedAt,
                         long lastSeq, @JsonInclude(JsonInclude.Include.NON_NULL) ThumbnailView firstThumbnail) {

    public static JobSummary from(Job job, JobThumbnail firstThumbnail, ThumbnailLinks links) {
        return new JobSummary(job.id, job.ownerId, job.status, job.progressPercent, job.errorMessage, job.sourceUrl,
                job.createdAt, job.updatedAt, job.startedAt, job.finishedAt, job.lastSeq,
                firstThumbnail == null ? null : ThumbnailView.from(firstThumbnail, links));
    }
}
