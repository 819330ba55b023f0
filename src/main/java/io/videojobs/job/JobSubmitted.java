package io.videojobs.job;

import java.util.UUID;

/**
 * CDI event fired after a job became runnable (a new job is stored, or a job is retried), so an idle engine in
 * this instance can start it at once.
 */
public record JobSubmitted(UUID jobId) {
}
