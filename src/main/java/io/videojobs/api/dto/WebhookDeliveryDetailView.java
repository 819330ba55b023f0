package io.videojobs.api.dto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.webhooks.WebhookAttempt;
import io.videojobs.webhooks.WebhookEndpoints;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A delivery with its body as stored (links are added when sending) and every attempt, oldest first. */
@RegisterForReflection
@Schema(name = "WebhookDeliveryDetail")
public record WebhookDeliveryDetailView(
        @Schema(required = true) WebhookDeliveryView delivery,
        @Schema(required = true, ref = "WebhookPayload") JsonNode payload,
        @Schema(required = true) List<Attempt> attempts) {

    /** One attempt: when, how long, the answer's status (null when none came) and its first bytes. */
    @RegisterForReflection
    @Schema(name = "WebhookAttempt")
    public record Attempt(@Schema(required = true) Instant attemptedAt,
                          @Schema(required = true, minimum = "0") int durationMs,
                          @Schema(required = true, nullable = true) Integer statusCode,
                          @Schema(required = true, nullable = true, description = "Why no answer came (timeout, "
                                  + "refused connection, refused address)") String error,
                          @Schema(required = true, nullable = true, description = "The first 4 KB of the answer")
                          String responseBody) {

        static Attempt from(WebhookAttempt a) {
            return new Attempt(a.attemptedAt(), a.durationMs(), a.statusCode(), a.error(), a.responseBody());
        }
    }

    public static WebhookDeliveryDetailView from(WebhookEndpoints.DeliveryDetail detail, ObjectMapper mapper) {
        JsonNode payload;
        try {
            payload = mapper.readTree(detail.delivery().payload());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            payload = mapper.createObjectNode();
        }
        return new WebhookDeliveryDetailView(WebhookDeliveryView.from(detail.delivery()), payload,
                detail.attempts().stream().map(Attempt::from).toList());
    }
}
