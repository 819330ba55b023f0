package io.videojobs.webhooks;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.videojobs.support.HttpReceiver;
import io.videojobs.support.JobApi;
import io.videojobs.support.MediaServerExtension;
import io.videojobs.support.TestMedia;
import io.videojobs.support.TestTokens;
import jakarta.inject.Inject;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Webhooks end to end: real jobs on the real engine, a real receiver on loopback that verifies every request with
 * the Standard Webhooks reference library (not our signing code), and the schedule shrunk to milliseconds.
 */
@QuarkusTest
@TestProfile(WebhookTestProfile.class)
class WebhookDeliveryTest {

    private static final List<String> EVERY_TYPE = List.of("job.completed", "job.failed", "job.cancelled",
            "job.updated", "job.stage.updated", "job.metadata.updated", "job.thumbnail.generated");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final MediaServerExtension media = new MediaServerExtension();

    @Inject
    Pool pool;

    private HttpReceiver receiver;
    private final JobApi user = JobApi.as(TestTokens.user("webhooks-" + UUID.randomUUID()));

    @BeforeEach
    void startReceiver() {
        receiver = HttpReceiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void aJobsEventsArriveSignedAndTheReferenceLibraryVerifiesEveryOne() throws Exception {
        Registered endpoint = register(user, receiver.url("/hooks"), EVERY_TYPE);
        String jobId = user.submitJob(media.url(TestMedia.scenes()), List.of("METADATA_EXTRACTION"));
        assertEquals("COMPLETED", user.awaitEnd(jobId, WAIT).path("status").asText());

        receiver.await(r -> r.bodyText().contains("\"job.completed\""), 1, WAIT);
        List<HttpReceiver.Received> all = receiver.received();
        List<JsonNode> bodies = new ArrayList<>();
        for (HttpReceiver.Received request : all) {
            bodies.add(JobApi.parseJson(verified(endpoint.secret(), request)));
            assertEquals("application/json", request.header("Content-Type"));
            assertTrue(request.header("webhook-id").startsWith("msg_"), request.header("webhook-id"));
        }
        JsonNode completed = only(bodies, "job.completed");
        assertEquals(jobId, completed.path("data").path("job_id").asText());
        assertEquals("COMPLETED", completed.path("data").path("status").asText());
        assertEquals(100, completed.path("data").path("progress_percent").asInt());
        assertEquals("https://video-jobs.example.com/api/jobs/" + jobId, completed.path("data").path("links").path("job").asText());
        assertFalse(completed.path("timestamp").asText().isEmpty());

        JsonNode submitted = bodies.stream().filter(b -> b.path("data").path("seq").asLong() == 1).findFirst().orElseThrow();
        assertEquals("job.updated", submitted.path("type").asText(), "the submission's own event (NewJobWriter)");
        assertEquals("PENDING", submitted.path("data").path("status").asText());
        JsonNode stage = bodies.stream().filter(b -> b.path("type").asText().equals("job.stage.updated")).findFirst().orElseThrow();
        assertEquals("METADATA_EXTRACTION", stage.path("data").path("stage").path("stage_id").asText(), "the engine's events (RunStore)");

        // one log event that is both job.updated and job.completed is two messages, with two ids
        long lastSeq = completed.path("data").path("seq").asLong();
        Set<String> idsOfLastSeq = all.stream()
                .filter(r -> JobApi.parseJson(r.bodyText()).path("data").path("seq").asLong() == lastSeq)
                .map(r -> r.header("webhook-id")).collect(Collectors.toSet());
        assertEquals(2, idsOfLastSeq.size(), idsOfLastSeq.toString());
    }

    @Test
    void theReferenceLibraryRefusesABadSignatureATamperedBodyAndAStaleTimestamp() throws Exception {
        Registered endpoint = register(user, receiver.url("/hooks"), List.of("job.completed"));
        sendTest(endpoint);
        HttpReceiver.Received request = receiver.await(r -> true, 1, WAIT).get(0);
        String body = verified(endpoint.secret(), request);
        assertEquals("webhook.test", JobApi.parseJson(body).path("type").asText());

        String id = request.header("webhook-id");
        String timestamp = request.header("webhook-timestamp");
        String signature = request.header("webhook-signature");
        Webhook library = new Webhook(endpoint.secret());
        assertThrows(WebhookVerificationException.class, () -> new Webhook(WebhookSigner.newSecret())
                .verify(body, headers(id, timestamp, signature)), "another secret's signature");
        assertThrows(WebhookVerificationException.class, () -> library
                .verify(body, headers(id, timestamp, "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")), "a bad signature");
        assertThrows(WebhookVerificationException.class, () -> library
                .verify(body.replace("webhook.test", "webhook.tesT"), headers(id, timestamp, signature)), "a tampered body");
        long stale = Long.parseLong(timestamp) - 600;
        String staleSignature = WebhookSigner.signatures(List.of(endpoint.secret()), id, stale,
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThrows(WebhookVerificationException.class, () -> library
                .verify(body, headers(id, Long.toString(stale), staleSignature)), "a stale timestamp, even signed");
    }

    @Test
    void eachOfTheThreeWritingPathsProducesItsDeliveries() {
        register(user, receiver.url("/hooks"), List.of("job.updated", "job.stage.updated", "job.metadata.updated"));
        String jobId = user.submitJob(media.url(TestMedia.scenes()), List.of("METADATA_EXTRACTION"));
        user.awaitEnd(jobId, WAIT);
        user.setTitle(jobId, "Edited by its owner");

        receiver.await(r -> r.bodyText().contains("job.metadata.updated"), 1, WAIT);
        List<JsonNode> bodies = receiver.received().stream().map(r -> JobApi.parseJson(r.bodyText())).toList();
        assertTrue(bodies.stream().anyMatch(b -> b.path("type").asText().equals("job.updated")
                && b.path("data").path("seq").asLong() == 1), "NewJobWriter's batch");
        assertTrue(bodies.stream().anyMatch(b -> b.path("type").asText().equals("job.stage.updated")), "RunStore");
        JsonNode edit = only(bodies, "job.metadata.updated");
        assertEquals("TITLE", edit.path("data").path("metadata_type").asText(), "Hibernate's user actions");
        assertFalse(edit.toString().contains("Edited by its owner"), "only the small fields, not the content");
    }

    @Test
    void anEventWhoseTransactionRollsBackLeavesNoDelivery() throws Exception {
        register(user, receiver.url("/hooks"), List.of("job.updated", "job.completed"));
        UUID jobId = UUID.randomUUID();
        String owner = user.request().get("/api/webhooks").then().extract().path("items[0].owner_id");
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        AtomicInteger seenInside = new AtomicInteger(-1);

        Throwable failure = pool.withTransaction(connection -> connection.preparedQuery(
                                "INSERT INTO jobs (id, owner_id, status, created_at, updated_at, last_seq) VALUES ($1, $2, 'COMPLETED', $3, $3, 1)")
                        .execute(Tuple.of(jobId, owner, now))
                        .chain(() -> connection.preparedQuery("INSERT INTO job_events (job_id, seq, type, payload, created_at) "
                                        + "VALUES ($1, 1, 'JOB_UPDATE', $2, $3)")
                                .execute(Tuple.of(jobId, "{\"type\":\"JOB_UPDATE\",\"job_id\":\"" + jobId
                                        + "\",\"data\":{\"status\":\"COMPLETED\",\"progress_percent\":100},\"seq\":1}", now)))
                        .chain(() -> connection.preparedQuery("SELECT count(*) FROM webhook_deliveries WHERE job_id = $1")
                                .execute(Tuple.of(jobId)))
                        .invoke(rows -> seenInside.set(rows.iterator().next().getLong(0).intValue()))
                        .chain(() -> io.smallrye.mutiny.Uni.createFrom().failure(new IllegalStateException("roll back"))))
                .onItemOrFailure().transform((item, error) -> error)
                .await().atMost(Duration.ofSeconds(10));

        assertEquals("roll back", failure.getMessage());
        assertEquals(2, seenInside.get(), "inside the transaction the outbox held job.updated and job.completed");
        long after = pool.preparedQuery("SELECT count(*) FROM webhook_deliveries WHERE job_id = $1").execute(Tuple.of(jobId))
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
        assertEquals(0, after, "rolled back with the event");
        Thread.sleep(1000); // several polls
        assertTrue(receiver.received().stream().noneMatch(r -> r.bodyText().contains(jobId.toString())));
    }

    @Test
    void anOutageOf503sThenRefusedConnectionsLosesNothingAndFollowsTheScheduleAndRetryAfter() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        receiver.respondWith(r -> calls.incrementAndGet() <= 2
                ? new HttpReceiver.Answer(503, Map.of("Retry-After", "1"), "down for maintenance")
                : HttpReceiver.Answer.status(200));
        Registered endpoint = register(user, receiver.url("/hooks"), List.of("job.completed"));
        String deliveryId = sendTest(endpoint);

        receiver.await(r -> true, 2, WAIT);
        int port = receiver.port();
        receiver.close(); // now connections are refused
        await().atMost(WAIT).until(() -> delivery(endpoint, deliveryId).path("attempts").size() >= 3);
        Instant failingSince = Instant.parse(endpoint(endpoint).path("failing_since").asText());
        receiver = HttpReceiver.start(port, r -> HttpReceiver.Answer.status(200));

        await().atMost(WAIT).until(() -> delivery(endpoint, deliveryId).path("delivery").path("status").asText().equals("SUCCEEDED"));
        JsonNode attempts = delivery(endpoint, deliveryId).path("attempts");
        assertEquals(4, attempts.size(), attempts.toString());
        assertEquals(503, attempts.get(0).path("status_code").asInt());
        assertEquals("down for maintenance", attempts.get(0).path("response_body").asText());
        assertEquals(503, attempts.get(1).path("status_code").asInt());
        assertTrue(attempts.get(2).path("status_code").isNull());
        assertFalse(attempts.get(2).path("error").asText().isEmpty());
        assertEquals(200, attempts.get(3).path("status_code").asInt());
        assertTrue(gapMillis(attempts, 0) >= 1000, "Retry-After: 1 over the schedule's 300 ms: " + gapMillis(attempts, 0));
        assertTrue(gapMillis(attempts, 1) >= 1000, "Retry-After: 1 over the schedule's 600 ms: " + gapMillis(attempts, 1));
        assertTrue(gapMillis(attempts, 2) >= 900, "the schedule's 900 ms: " + gapMillis(attempts, 2));
        String id = receiver.received().get(0).header("webhook-id");
        assertEquals(id, delivery(endpoint, deliveryId).path("delivery").path("message_id").asText());
        assertEquals(Instant.parse(attempts.get(0).path("attempted_at").asText()), failingSince,
                "the endpoint's failure streak began with the first failed attempt");
        assertTrue(endpoint(endpoint).path("failing_since").isNull(), "and ended with the success");
    }

    @Test
    void anEndpointFailingPastTheThresholdIsDisabledAndEnablingPlusRecoverDeliversEverything() {
        receiver.respondWith(r -> HttpReceiver.Answer.status(500));
        Registered endpoint = register(user, receiver.url("/hooks"), List.of("job.completed"));
        Instant since = Instant.now().minusSeconds(1);
        List<String> sent = new ArrayList<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(400)).until(() -> {
            sent.add(sendTest(endpoint));
            return !endpoint(endpoint).path("enabled").asBoolean();
        });
        assertEquals("FAILING", endpoint(endpoint).path("disabled_reason").asText());
        assertFalse(deliveries(endpoint, "FAILED").isEmpty(), "some ran out of attempts and wait for recover");

        receiver.respondWith(r -> HttpReceiver.Answer.status(204));
        user.request().body(Map.of("enabled", true)).patch("/api/webhooks/" + endpoint.id()).then().statusCode(200)
                .body("enabled", equalTo(true)).body("disabled_reason", nullValue()).body("failing_since", nullValue());
        user.request().body(Map.of("since", since.toString())).post("/api/webhooks/" + endpoint.id() + "/recover")
                .then().statusCode(202);

        await().atMost(WAIT).until(() -> deliveries(endpoint, "PENDING").isEmpty() && deliveries(endpoint, "FAILED").isEmpty());
        Set<String> delivered = receiver.received().stream().map(r -> r.header("webhook-id")).collect(Collectors.toSet());
        Set<String> messages = deliveries(endpoint, null).stream().map(d -> d.path("message_id").asText()).collect(Collectors.toSet());
        assertEquals(sent.size(), messages.size());
        assertTrue(delivered.containsAll(messages), "every message arrived at least once");
    }

    @Test
    void a410GoneDisablesTheEndpointAtOnce() {
        receiver.respondWith(r -> HttpReceiver.Answer.status(410));
        Registered endpoint = register(user, receiver.url("/hooks"), List.of("job.completed"));
        String deliveryId = sendTest(endpoint);

        await().atMost(WAIT).until(() -> delivery(endpoint, deliveryId).path("delivery").path("status").asText().equals("FAILED"));
        JsonNode after = endpoint(endpoint);
        assertFalse(after.path("enabled").asBoolean());
        assertEquals("GONE", after.path("disabled_reason").asText());
        assertEquals(1, delivery(endpoint, deliveryId).path("attempts").size());
        assertEquals(1, receiver.received().size());
    }

    @Test
    void aHangingEndpointDoesNotDelayAnotherOnesDeliveries() throws Exception {
        try (HttpReceiver hanging = HttpReceiver.start(r -> {
            Thread.sleep(10_000);
            return HttpReceiver.Answer.status(200);
        })) {
            Registered slow = register(user, hanging.url("/hooks"), List.of("job.completed"));
            Registered fast = register(JobApi.as(TestTokens.user("webhooks-b-" + UUID.randomUUID())), receiver.url("/hooks"),
                    List.of("job.completed"));
            for (int i = 0; i < 12; i++) {
                sendTest(slow);
            }
            hanging.await(r -> true, 4, WAIT); // A's share of the workers is busy now
            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                sendTest(fast);
                receiver.await(r -> true, i + 1, Duration.ofSeconds(10));
                latencies.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
            }
            assertTrue(latencies.stream().allMatch(ms -> ms < 1000), "B's latencies with A hanging: " + latencies);
            assertFalse(deliveries(slow, "PENDING").isEmpty(), "A was still hanging meanwhile");
        }
    }

    @Test
    void duringTheRotationGraceBothSecretsVerifyAndAfterwardsOnlyTheNewOne() throws Exception {
        Registered endpoint = register(user, receiver.url("/hooks"), List.of("job.completed"));
        JsonNode rotated = user.request().body(Map.of("grace_seconds", 2))
                .post("/api/webhooks/" + endpoint.id() + "/rotate-secret").then().statusCode(200)
                .extract().as(JsonNode.class);
        String newSecret = rotated.path("secret").asText();
        assertNotEquals(endpoint.secret(), newSecret);
        assertFalse(rotated.path("endpoint").path("previous_secret_expires_at").isNull());

        sendTest(endpoint);
        HttpReceiver.Received during = receiver.await(r -> true, 1, WAIT).get(0);
        assertEquals(2, during.header("webhook-signature").split(" ").length);
        verified(endpoint.secret(), during);
        verified(newSecret, during);

        Instant graceEnds = Instant.parse(rotated.path("endpoint").path("previous_secret_expires_at").asText());
        await().atMost(WAIT).until(() -> Instant.now().isAfter(graceEnds.plusMillis(100)));
        sendTest(endpoint);
        HttpReceiver.Received after = receiver.await(r -> true, 2, WAIT).get(1);
        assertEquals(1, after.header("webhook-signature").split(" ").length);
        verified(newSecret, after);
        assertThrows(WebhookVerificationException.class, () -> new Webhook(endpoint.secret()).verify(after.bodyText(),
                headers(after.header("webhook-id"), after.header("webhook-timestamp"), after.header("webhook-signature"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:8080/hook", "http://169.254.169.254/latest/meta-data/",
            "http://10.1.2.3/hook", "http://192.168.0.10/hook", "http://[::1]/hook", "http://100.64.0.1/hook",
            "http://[fd00::1]/hook", "http://[::ffff:127.0.0.1]/hook", "http://metadata.google.internal/hook",
            "ftp://hooks.example.com/hook", "https://user:pass@hooks.example.com/hook"})
    void anEndpointUrlPointingAtAnInternalAddressOrNotHttpIsRefused(String url) {
        user.request().body(Map.of("url", url, "event_types", List.of("job.completed"))).post("/api/webhooks")
                .then().statusCode(400).body("error_code", equalTo("VALIDATION_ERROR"))
                .body("details[0].field", equalTo("url"));
    }

    @Test
    void aRedirectIsARefusedAttemptAndIsNotFollowed() {
        receiver.respondWith(r -> r.path().equals("/hooks")
                ? new HttpReceiver.Answer(307, Map.of("Location", receiver.url("/elsewhere")), "")
                : HttpReceiver.Answer.status(200));
        Registered endpoint = register(user, receiver.url("/hooks"), List.of("job.completed"));
        String deliveryId = sendTest(endpoint);

        await().atMost(WAIT).until(() -> delivery(endpoint, deliveryId).path("attempts").size() >= 2);
        JsonNode attempts = delivery(endpoint, deliveryId).path("attempts");
        assertEquals(307, attempts.get(0).path("status_code").asInt());
        assertEquals(307, attempts.get(1).path("status_code").asInt());
        assertNotEquals("SUCCEEDED", delivery(endpoint, deliveryId).path("delivery").path("status").asText());
        assertTrue(receiver.received().stream().noneMatch(r -> r.path().equals("/elsewhere")));
    }

    @Test
    void theSecretIsShownOnceOthersSeeNothingAndAnAdminSeesEveryone() {
        Registered endpoint = register(user, receiver.url("/hooks"), List.of("job.completed", "job.failed"));
        assertTrue(endpoint.secret().startsWith("whsec_"));
        assertEquals(32, java.util.Base64.getDecoder().decode(endpoint.secret().substring(6)).length);

        String read = user.request().get("/api/webhooks/" + endpoint.id()).then().statusCode(200).extract().asString();
        assertFalse(read.contains(endpoint.secret().substring(6)), "the secret is never shown again");
        JobApi other = JobApi.as(TestTokens.user("webhooks-other-" + UUID.randomUUID()));
        other.request().get("/api/webhooks/" + endpoint.id()).then().statusCode(404).body("error_code", equalTo("NOT_FOUND"));
        other.request().post("/api/webhooks/" + endpoint.id() + "/test").then().statusCode(404);
        other.request().get("/api/webhooks").then().statusCode(200).body("items.size()", equalTo(0));
        JobApi admin = JobApi.as(TestTokens.admin("webhooks-admin"));
        List<String> seenByAdmin = new ArrayList<>();
        String cursor = null;
        do {
            var request = admin.request().queryParam("limit", 100);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.get("/api/webhooks").then().statusCode(200).extract().jsonPath();
            seenByAdmin.addAll(page.getList("items.endpoint_id"));
            cursor = page.getString("next_cursor");
        } while (cursor != null);
        assertTrue(seenByAdmin.contains(endpoint.id()));

        user.request().body(Map.of("url", receiver.url("/x"), "event_types", List.of("job.finished")))
                .post("/api/webhooks").then().statusCode(400).body("details[0].field", equalTo("event_types"));
        user.request().body(Map.of("grace_seconds", -1)).post("/api/webhooks/" + endpoint.id() + "/rotate-secret")
                .then().statusCode(400).body("details[0].field", equalTo("grace_seconds"));
        user.request().delete("/api/webhooks/" + endpoint.id()).then().statusCode(204);
        user.request().get("/api/webhooks/" + endpoint.id()).then().statusCode(404);
    }

    @Test
    void aDeliveryShowsItsAttemptsAndARedeliveryCarriesTheSameWebhookId() {
        receiver.respondWith(r -> new HttpReceiver.Answer(200, Map.of(), "ok, got it"));
        Registered endpoint = register(user, receiver.url("/hooks"), List.of("job.completed"));
        String deliveryId = sendTest(endpoint);
        await().atMost(WAIT).until(() -> delivery(endpoint, deliveryId).path("delivery").path("status").asText().equals("SUCCEEDED"));
        JsonNode detail = delivery(endpoint, deliveryId);
        assertEquals("ok, got it", detail.path("attempts").get(0).path("response_body").asText());
        assertEquals("webhook.test", detail.path("payload").path("type").asText());
        assertEquals(1, deliveries(endpoint, "SUCCEEDED").size());

        user.request().post("/api/webhooks/" + endpoint.id() + "/deliveries/" + deliveryId + "/redeliver")
                .then().statusCode(202).body("status", equalTo("PENDING"));
        List<HttpReceiver.Received> both = receiver.await(r -> true, 2, WAIT);
        assertEquals(both.get(0).header("webhook-id"), both.get(1).header("webhook-id"));
        await().atMost(WAIT).until(() -> delivery(endpoint, deliveryId).path("attempts").size() == 2);
    }

    // --- helpers ---

    private record Registered(JobApi owner, String id, String secret) {
    }

    private static Registered register(JobApi owner, String url, List<String> types) {
        JsonNode created = owner.request().body(Map.of("url", url, "event_types", types, "description", "test receiver"))
                .post("/api/webhooks").then().statusCode(201).extract().as(JsonNode.class);
        return new Registered(owner, created.path("endpoint").path("endpoint_id").asText(), created.path("secret").asText());
    }

    private static String sendTest(Registered endpoint) {
        return endpoint.owner().request().post("/api/webhooks/" + endpoint.id() + "/test").then().statusCode(202)
                .extract().path("delivery_id");
    }

    private static JsonNode endpoint(Registered endpoint) {
        return endpoint.owner().request().get("/api/webhooks/" + endpoint.id()).then().statusCode(200).extract().as(JsonNode.class);
    }

    private static JsonNode delivery(Registered endpoint, String deliveryId) {
        return endpoint.owner().request().get("/api/webhooks/" + endpoint.id() + "/deliveries/" + deliveryId).then().statusCode(200)
                .extract().as(JsonNode.class);
    }

    private static List<JsonNode> deliveries(Registered endpoint, String status) {
        var request = endpoint.owner().request().queryParam("limit", 100);
        if (status != null) {
            request.queryParam("status", status);
        }
        JsonNode page = request.get("/api/webhooks/" + endpoint.id() + "/deliveries").then().statusCode(200)
                .extract().as(JsonNode.class);
        List<JsonNode> items = new ArrayList<>();
        page.path("items").forEach(items::add);
        return items;
    }

    /** The body, once the reference library has accepted the request; fails the test otherwise. */
    private static String verified(String secret, HttpReceiver.Received request) throws WebhookVerificationException {
        new Webhook(secret).verify(request.bodyText(), headers(request.header("webhook-id"),
                request.header("webhook-timestamp"), request.header("webhook-signature")));
        return request.bodyText();
    }

    private static HttpHeaders headers(String id, String timestamp, String signature) {
        return HttpHeaders.of(Map.of("webhook-id", List.of(id), "webhook-timestamp", List.of(timestamp),
                "webhook-signature", List.of(signature)), (name, value) -> true);
    }

    private static JsonNode only(List<JsonNode> bodies, String type) {
        List<JsonNode> matching = bodies.stream().filter(b -> b.path("type").asText().equals(type)).toList();
        assertEquals(1, new HashSet<>(matching).size(), type + " in " + bodies);
        return matching.get(0);
    }

    private static long gapMillis(JsonNode attempts, int index) {
        Instant first = Instant.parse(attempts.get(index).path("attempted_at").asText());
        Instant next = Instant.parse(attempts.get(index + 1).path("attempted_at").asText());
        long firstDuration = attempts.get(index).path("duration_ms").asLong();
        return Duration.between(first, next).toMillis() - firstDuration;
    }
}
