package io.videojobs.job;

import java.util.UUID;

/** CDI event fired after a new job is stored, so an idle engine in this instance can start it at once. */
public record JobSubmitted(UUID jobId) {
}
