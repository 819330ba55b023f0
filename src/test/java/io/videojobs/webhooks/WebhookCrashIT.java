package io.videojobs.webhooks;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.videojobs.support.HttpReceiver;
import io.videojobs.support.JobApi;
import io.videojobs.support.MediaServer;
import io.videojobs.support.ServiceInstance;
import io.videojobs.support.TestMedia;
import io.videojobs.support.TestTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * At-least-once across a crash, on real processes: instance A is killed with SIGKILL while the receiver holds one of
 * its deliveries open; instance B takes that delivery over when A's lease expires. Every event of the jobs arrives
 * at least once, and every message that arrived twice carried the same webhook-id and body both times.
 */
class WebhookCrashIT {

    private static final int JOBS = 3;

    @Test
    void aDeliveryHeldOpenWhenItsInstanceIsKilledIsDeliveredByAnotherWithTheSameWebhookId() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        AtomicBoolean held = new AtomicBoolean();
        try (MediaServer media = MediaServer.start();
             HttpReceiver receiver = HttpReceiver.start(request -> {
                 if (held.compareAndSet(false, true)) {
                     holding.countDown();
                     Thread.sleep(60_000); // A dies meanwhile
                 }
                 return HttpReceiver.Answer.status(200);
             })) {
            String owner = TestTokens.user("webhooks-crash");
            List<String> jobIds = new ArrayList<>();
            try (ServiceInstance a = ServiceInstance.start("webhooks-crash-a", true, settings("webhooks-crash-a"))) {
                JobApi onA = JobApi.as(owner).on(a.port());
                onA.request().body(Map.of("url", receiver.url("/hooks"), "event_types", List.of("job.completed",
                                "job.updated", "job.stage.updated", "job.metadata.updated")))
                        .post("/api/webhooks").then().statusCode(201);
                for (int i = 0; i < JOBS; i++) {
                    jobIds.add(onA.submitJob(media.url(TestMedia.scenes()), List.of("METADATA_EXTRACTION")));
                }
                assertTrue(holding.await(60, TimeUnit.SECONDS), "the receiver holds a delivery open");
                a.kill();
            }
            try (ServiceInstance b = ServiceInstance.start("webhooks-crash-b", false, settings("webhooks-crash-b"))) {
                JobApi onB = JobApi.as(owner).on(b.port());
                for (String jobId : jobIds) {
                    assertEquals("COMPLETED", onB.awaitEnd(jobId, Duration.ofSeconds(120)).path("status").asText());
                }
                String endpoint = onB.request().get("/api/webhooks").then().statusCode(200).extract().path("items[0].endpoint_id");
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                        deliveries(onB, endpoint, "PENDING").isEmpty() && deliveries(onB, endpoint, "FAILED").isEmpty());

                Map<String, List<HttpReceiver.Received>> byId = receiver.received().stream()
                        .collect(Collectors.groupingBy(r -> r.header("webhook-id")));
                for (JsonNode delivery : deliveries(onB, endpoint, null)) {
                    assertTrue(byId.containsKey(delivery.path("message_id").asText()), "arrived: " + delivery);
                }
                boolean duplicated = false;
                for (List<HttpReceiver.Received> copies : byId.values()) {
                    Set<String> bodies = copies.stream().map(HttpReceiver.Received::bodyText).collect(Collectors.toSet());
                    assertEquals(1, bodies.size(), "the copies of one message are the same message");
                    duplicated |= copies.size() > 1;
                }
                assertTrue(duplicated, "the message held open when A died arrived again, from B");
                for (String jobId : jobIds) {
                    long lastSeq = onB.readJob(jobId).path("last_seq").asLong();
                    Set<Long> seqs = new HashSet<>();
                    receiver.received().stream().map(r -> JobApi.parseJson(r.bodyText()).path("data"))
                            .filter(data -> data.path("job_id").asText().equals(jobId))
                            .forEach(data -> seqs.add(data.path("seq").asLong()));
                    for (long seq = 1; seq <= lastSeq; seq++) {
                        assertTrue(seqs.contains(seq), "event " + seq + " of job " + jobId + " arrived");
                    }
                }
            }
        }
    }

    private static List<JsonNode> deliveries(JobApi api, String endpoint, String status) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            var request = api.request().queryParam("limit", 100);
            if (status != null) {
                request.queryParam("status", status);
            }
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonNode page = JobApi.parseJson(request.get("/api/webhooks/" + endpoint + "/deliveries").then()
                    .statusCode(200).extract().asString());
            page.path("items").forEach(all::add);
            cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
        } while (cursor != null);
        return all;
    }

    private static Map<String, String> settings(String instanceId) {
        Map<String, String> settings = new HashMap<>();
        settings.put("video-jobs.engine.enabled", "true");
        settings.put("video-jobs.engine.instance-id", instanceId);
        settings.put("video-jobs.engine.lease-duration", "4s");
        settings.put("video-jobs.fetch.allowed-hosts", "127.0.0.1");
        settings.put("video-jobs.webhooks.allowed-hosts", "127.0.0.1");
        settings.put("video-jobs.webhooks.lease", "20s"); // longer than an attempt's 15 s timeout, as it must be
        settings.put("video-jobs.webhooks.retry-schedule", "0s,200ms,400ms,800ms,1s,2s");
        settings.put("video-jobs.webhooks.poll-interval", "200ms");
        return settings;
    }
}
