package io.videojobs.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.job.Job;
import io.videojobs.job.JobStatus;
import java.time.Instant;
import java.util.UUID;

/** A job in a listing: its status without stages, metadata and thumbnails. */
@RegisterForReflection
public record JobSummary(UUID jobId, JobStatus status, int progressPercent,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String errorMessage,
                         String sourceUrl, Instant createdAt, Instant updatedAt, Instant startedAt, Instant finishedAt,
                         long lastSeq) {

    public static JobSummary from(Job job) {
        return new JobSummary(job.id, job.status, job.progressPercent, job.errorMessage, job.sourceUrl,
                job.createdAt, job.updatedAt, job.startedAt, job.finishedAt, job.lastSeq);
    }
}
