package io.videojobs.api.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The bodies of the webhook endpoints' write operations. */
public final class WebhookRequests {

    private WebhookRequests() {
    }

    /** Body of {@code POST /api/webhooks}. */
    @RegisterForReflection
    @Schema(name = "CreateWebhookRequest", additionalProperties = Schema.False.class)
    public record Create(
            @Schema(required = true, format = "uri", maxLength = 2048, example = "https://hooks.example.com/video-jobs",
                    description = "http(s), without credentials; its host must not resolve to an internal address")
            String url,
            @Schema(required = true, ref = "WebhookEventTypes") List<String> eventTypes,
            @Schema(maxLength = 500) String description) {
    }

    /** Body of {@code PATCH /api/webhooks/{id}}: absent fields stay as they are. */
    @RegisterForReflection
    @Schema(name = "UpdateWebhookRequest", additionalProperties = Schema.False.class)
    public record Update(
            @Schema(format = "uri", maxLength = 2048) String url,
            @Schema(ref = "WebhookEventTypes") List<String> eventTypes,
            @Schema(maxLength = 500) String description,
            @Schema(description = "false disables it; true enables it again and clears its failure streak")
            Boolean enabled) {
    }

    /** Body of {@code POST /api/webhooks/{id}/rotate-secret}. */
    @RegisterForReflection
    @Schema(name = "RotateWebhookSecretRequest", additionalProperties = Schema.False.class)
    public record Rotate(
            @Schema(required = true, minimum = "0", maximum = "604800", description = "How long the old secret also "
                    + "signs (each delivery then carries both signatures); 0 ends it at once")
            Long graceSeconds) {
    }

    /** Body of {@code POST /api/webhooks/{id}/recover}. */
    @RegisterForReflection
    @Schema(name = "RecoverWebhookRequest", additionalProperties = Schema.False.class)
    public record Recover(
            @Schema(required = true, description = "FAILED deliveries created since then are sent again")
            Instant since) {
    }

    /** Answer of {@code POST /api/webhooks/{id}/recover}. */
    @RegisterForReflection
    @Schema(name = "RecoverWebhookResult")
    public record Recovered(@Schema(required = true, minimum = "0") int requeued) {
    }
}
