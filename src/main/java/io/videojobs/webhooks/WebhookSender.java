package io.videojobs.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.videojobs.config.WebhooksConfig;
import io.videojobs.security.PinnedHttpClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sends one attempt of a delivery, blocking (delivery threads only): renders the body (the stored payload plus
 * absolute links), signs it by Standard Webhooks with the endpoint's secrets, and posts it through
 * {@link PinnedHttpClient} (the URL checked again on every send, no redirect followed, no proxy, a total timeout).
 */
@ApplicationScoped
class WebhookSender {

    /** What one attempt gave: the status (null when no answer came), the first bytes of the answer, or the error. */
    record Outcome(Integer statusCode, int durationMs, String error, String responseBody, String retryAfter) {
        boolean succeeded() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    private final WebhooksConfig config;
    private final ObjectMapper mapper;
    private final PinnedHttpClient http;

    @Inject
    WebhookSender(WebhooksConfig config, ObjectMapper mapper) {
        this(config, mapper, new PinnedHttpClient(PinnedHttpClient.SYSTEM_RESOLVER, config.allowedHosts().orElse(List.of())));
    }

    WebhookSender(WebhooksConfig config, ObjectMapper mapper, PinnedHttpClient http) {
        this.config = config;
        this.mapper = mapper;
        this.http = http;
    }

    /** The client endpoint URLs are checked with, at registration as at every send. */
    PinnedHttpClient http() {
        return http;
    }

    Outcome send(WebhookStore.Claimed delivery) {
        Instant now = Instant.now();
        byte[] body = body(delivery.payload(), delivery.jobId(), delivery.seq());
        long timestamp = now.getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "video-jobs-webhooks");
        headers.put("webhook-id", delivery.messageId());
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", WebhookSigner.signatures(delivery.signingSecrets(now), delivery.messageId(),
                timestamp, body));
        long start = System.nanoTime();
        try (PinnedHttpClient.Response response = http.send(new PinnedHttpClient.Request("POST",
                URI.create(delivery.url()), headers, body, config.connectTimeout(), config.timeout(), config.timeout()))) {
            String answer = new String(response.readBody(config.responseBodyLimit()), StandardCharsets.UTF_8);
            return new Outcome(response.status(), millisSince(start), null, answer, response.header("retry-after"));
        } catch (PinnedHttpClient.ForbiddenTargetException e) {
            return new Outcome(null, millisSince(start), e.getMessage(), null, null);
        } catch (IOException | IllegalArgumentException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new Outcome(null, millisSince(start), reason, null, null);
        }
    }

    /** The body: the stored payload, with {@code data.links} to the job's authenticated REST resources. */
    byte[] body(String payload, UUID jobId, Long seq) {
        try {
            ObjectNode message = (ObjectNode) mapper.readTree(payload);
            if (jobId != null && message.get("data") instanceof ObjectNode data) {
                String job = config.publicBaseUrl().replaceAll("/+$", "") + "/api/jobs/" + jobId;
                ObjectNode links = data.putObject("links");
                links.put("job", job);
                links.put("events", job + "/events?after_seq=" + (seq == null ? 0 : Math.max(0, seq - 1)));
            }
            return mapper.writeValueAsBytes(message);
        } catch (JsonProcessingException | ClassCastException e) {
            return payload.getBytes(StandardCharsets.UTF_8);
        }
    }

    private static int millisSince(long startNanos) {
        return (int) Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }
}
