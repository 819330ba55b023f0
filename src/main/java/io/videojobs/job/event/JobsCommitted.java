package io.videojobs.job.event;

import java.util.Collection;
import java.util.UUID;

/**
 * CDI event fired (synchronously, after the commit) when events of these jobs were committed, so that work that
 * follows from the event log, such as webhook deliveries, starts at once instead of at its next poll.
 */
public record JobsCommitted(Collection<UUID> jobIds) {
}
