package io.videojobs.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A registered endpoint. {@code secret} signs every delivery; {@code previousSecret} also signs until
 * {@code previousSecretExpiresAt} (a rotation's grace period). {@code disabledReason} is {@code USER},
 * {@code GONE} (it answered 410) or {@code FAILING} (every attempt failed for {@code disable-after}).
 */
public record WebhookEndpoint(UUID id, String ownerId, String url, String description, List<String> eventTypes,
                              boolean enabled, String disabledReason, String secret, String previousSecret,
                              Instant previousSecretExpiresAt, Instant failingSince, Instant createdAt,
                              Instant updatedAt) {
}
