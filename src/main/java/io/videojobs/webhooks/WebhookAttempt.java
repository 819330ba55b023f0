package io.videojobs.webhooks;

import java.time.Instant;

/** One try of a delivery: when, how long, the answer's status (null when none came) and its first bytes. */
public record WebhookAttempt(Instant attemptedAt, int durationMs, Integer statusCode, String error,
                             String responseBody) {
}
