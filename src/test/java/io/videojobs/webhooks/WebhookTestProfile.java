package io.videojobs.webhooks;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The webhook tests' profile: the engine on (the engine's writing path is one of the three), receivers on loopback
 * allowed by name ({@code 127.0.0.1}; {@code localhost} and every other internal address stay refused), and the
 * schedule shrunk from hours to milliseconds.
 */
public class WebhookTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("video-jobs.engine.enabled", "true"),
                Map.entry("video-jobs.engine.lease-duration", "5s"),
                Map.entry("video-jobs.engine.retry-base-delay", "200ms"),
                Map.entry("video-jobs.fetch.allowed-hosts", "127.0.0.1"),
                Map.entry("video-jobs.webhooks.allowed-hosts", "127.0.0.1"),
                Map.entry("video-jobs.webhooks.public-base-url", "https://video-jobs.example.com/"),
                Map.entry("video-jobs.webhooks.retry-schedule", "0s,300ms,600ms,900ms"),
                Map.entry("video-jobs.webhooks.retry-jitter", "0"),
                Map.entry("video-jobs.webhooks.retry-after-max", "2s"),
                Map.entry("video-jobs.webhooks.timeout", "1500ms"),
                Map.entry("video-jobs.webhooks.connect-timeout", "500ms"),
                Map.entry("video-jobs.webhooks.lease", "5s"),
                Map.entry("video-jobs.webhooks.disable-after", "3s"),
                Map.entry("video-jobs.webhooks.poll-interval", "200ms"));
    }
}
