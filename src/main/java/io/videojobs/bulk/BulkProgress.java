package io.videojobs.bulk;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Where a bulk stands; {@code results} holds every job's outcome once it is COMPLETED, and is empty before. */
public record BulkProgress(UUID id, BulkAction action, BulkStatus status, int total, int done, int skipped,
                           int failed, Instant createdAt, Instant finishedAt, List<ItemResult> results) {
}
