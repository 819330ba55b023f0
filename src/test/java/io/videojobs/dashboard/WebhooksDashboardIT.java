package io.videojobs.dashboard;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videojobs.support.HttpReceiver;
import io.videojobs.support.NodeScript;
import io.videojobs.support.ServiceInstance;
import io.videojobs.support.TestTokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's Webhooks page in Debian's Chromium (e2e/webhooks.it.mjs) against the packaged service and a real
 * receiver on loopback: register an endpoint, see its secret once, see a delivery with its attempts, redeliver it,
 * and the page passes axe-core's WCAG 2.1 A and AA rules like every other page.
 */
class WebhooksDashboardIT {

    private static final Path SCREENSHOTS = Path.of("src", "docs", "img").toAbsolutePath();
    private static ServiceInstance service;
    private static HttpReceiver receiver;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        receiver = HttpReceiver.start(request -> new HttpReceiver.Answer(200, Map.of(), "ok"));
        port = ServiceInstance.freePort();
        service = ServiceInstance.start("webhooks-dashboard", port, true, Map.of(
                "video-jobs.webhooks.allowed-hosts", "127.0.0.1",
                "video-jobs.webhooks.poll-interval", "200ms"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (service != null) {
            service.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void aUserRegistersAnEndpointSeesItsSecretOnceAndRedeliversADeliveryWithItsAttemptsShown() throws Exception {
        Files.createDirectories(SCREENSHOTS);
        NodeScript.run("e2e/webhooks.it.mjs", Map.of(
                "VIDEO_JOBS_URL", "http://localhost:" + port,
                "USER_TOKEN", TestTokens.user("alice-webhooks-dashboard"),
                "RECEIVER_URL", receiver.url("/dashboard-hooks"),
                "SCREENSHOTS", SCREENSHOTS.toString()), Duration.ofMinutes(4));

        assertTrue(receiver.received().size() >= 2, "the test event and its redelivery reached the receiver");
        assertTrue(receiver.received().get(0).header("webhook-id").equals(receiver.received().get(1).header("webhook-id")));
    }
}
