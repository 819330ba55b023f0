package io.videojobs.job.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.job.JobStatus;

/** Payload of {@code JOB_UPDATE}; {@code error_message} only when the job failed. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobUpdateData(JobStatus status, int progressPercent, String errorMessage) {
}
