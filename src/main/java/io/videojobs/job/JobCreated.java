package io.videojobs.job;

import java.util.UUID;

/**
 * CDI event fired after a new job was committed, so that the owner's open lists hear of it (the realtime feed of new
 * jobs). Observers must return at once: it is fired on the request's event loop.
 */
public record JobCreated(UUID jobId, String ownerId) {
}
