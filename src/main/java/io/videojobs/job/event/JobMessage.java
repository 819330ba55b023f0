package io.videojobs.job.event;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.UUID;

/** A job message of the wire contract: {@code {type, job_id, data, timestamp}} plus the per-job {@code seq}. */
@RegisterForReflection
@JsonPropertyOrder({"type", "job_id", "data", "timestamp", "seq"})
public record JobMessage(EventType type, UUID jobId, Object data, Instant timestamp, long seq) {
}
