package io.videojobs.webhooks;

import java.time.Instant;
import java.util.UUID;

/**
 * One message to one endpoint and where it stands: {@code PENDING} (due at {@code nextAttemptAt}),
 * {@code SUCCEEDED} or {@code FAILED}. {@code messageId} is its {@code webhook-id}; {@code payload} the body as
 * stored by the outbox (links are added when sending).
 */
public record WebhookDelivery(long id, UUID endpointId, String messageId, String eventType, UUID jobId, Long seq,
                              String payload, String status, int attempts, Instant nextAttemptAt,
                              Integer lastStatusCode, String lastError, Instant createdAt, Instant finishedAt) {
}
