package io.videojobs.bulk;

import java.util.UUID;

/** One job's outcome in a bulk, with why when it was not DONE. */
public record ItemResult(UUID jobId, ItemOutcome outcome, String reason) {
}
