package io.videojobs.api.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.webhooks.WebhookEndpoint;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A webhook endpoint as its owner sees it; never its secret (that is answered once, by create and rotate). */
@RegisterForReflection
@Schema(name = "WebhookEndpoint")
public record WebhookEndpointView(
        @Schema(required = true) UUID endpointId,
        @Schema(required = true) String ownerId,
        @Schema(required = true, format = "uri") String url,
        @Schema(required = true, nullable = true) String description,
        @Schema(required = true, ref = "WebhookEventTypes") List<String> eventTypes,
        @Schema(required = true) boolean enabled,
        @Schema(required = true, nullable = true, description = "Why it is disabled: USER (by its owner), GONE (it "
                + "answered 410 Gone) or FAILING (every attempt failed for video-jobs.webhooks.disable-after, 5 days); "
                + "null while enabled") String disabledReason,
        @Schema(required = true, nullable = true, description = "Since when every attempt has failed")
        Instant failingSince,
        @Schema(required = true, nullable = true, description = "Until when the previous secret also signs, after a "
                + "rotation") Instant previousSecretExpiresAt,
        @Schema(required = true) Instant createdAt,
        @Schema(required = true) Instant updatedAt) {

    public static WebhookEndpointView from(WebhookEndpoint e) {
        Instant graceEnds = e.previousSecretExpiresAt() != null && e.previousSecretExpiresAt().isAfter(Instant.now())
                ? e.previousSecretExpiresAt() : null;
        return new WebhookEndpointView(e.id(), e.ownerId(), e.url(), e.description(), e.eventTypes(), e.enabled(),
                e.disabledReason(), e.failingSince(), graceEnds, e.createdAt(), e.updatedAt());
    }
}
