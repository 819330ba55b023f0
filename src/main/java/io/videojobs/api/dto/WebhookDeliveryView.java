package io.videojobs.api.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.webhooks.WebhookDelivery;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A delivery of one message to one endpoint, and where it stands. */
@RegisterForReflection
@Schema(name = "WebhookDelivery")
public record WebhookDeliveryView(
        @Schema(required = true, format = "int64") String deliveryId,
        @Schema(required = true) UUID endpointId,
        @Schema(required = true, description = "The webhook-id header: the same on every attempt") String messageId,
        @Schema(required = true, example = "job.completed") String eventType,
        @Schema(required = true, nullable = true, description = "null for webhook.test") UUID jobId,
        @Schema(required = true, nullable = true, description = "The job event's seq; null for webhook.test") Long seq,
        @Schema(required = true, enumeration = {"PENDING", "SUCCEEDED", "FAILED"}) String status,
        @Schema(required = true, minimum = "0") int attempts,
        @Schema(required = true, nullable = true, description = "When the next attempt is due, while PENDING")
        Instant nextAttemptAt,
        @Schema(required = true, nullable = true, description = "The last answer's status; null when none came")
        Integer lastStatusCode,
        @Schema(required = true, nullable = true) String lastError,
        @Schema(required = true) Instant createdAt,
        @Schema(required = true, nullable = true) Instant finishedAt) {

    public static WebhookDeliveryView from(WebhookDelivery d) {
        return new WebhookDeliveryView(Long.toString(d.id()), d.endpointId(), d.messageId(), d.eventType(), d.jobId(),
                d.seq(), d.status(), d.attempts(), "PENDING".equals(d.status()) ? d.nextAttemptAt() : null,
                d.lastStatusCode(), d.lastError(), d.createdAt(), d.finishedAt());
    }
}
