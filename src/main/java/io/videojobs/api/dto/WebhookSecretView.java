package io.videojobs.api.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.webhooks.WebhookEndpoints;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An endpoint with its signing secret: shown by registration and rotation only, never again. */
@RegisterForReflection
@Schema(name = "WebhookEndpointWithSecret")
public record WebhookSecretView(
        @Schema(required = true) WebhookEndpointView endpoint,
        @Schema(required = true, pattern = "^whsec_[A-Za-z0-9+/=]+$", description = "The Standard Webhooks signing "
                + "secret: whsec_ and 32 random bytes in base64. Shown this once; keep it in your receiver.")
        String secret) {

    public static WebhookSecretView from(WebhookEndpoints.WithSecret created) {
        return new WebhookSecretView(WebhookEndpointView.from(created.endpoint()), created.secret());
    }
}
