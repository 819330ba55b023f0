package io.videojobs.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.videojobs.support.JobApi;
import io.videojobs.support.JobUpdatesClient;
import io.videojobs.support.TestTokens;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The /ws contract end to end: real sockets, real signed JWTs, job changes made through the REST API. */
@QuarkusTest
class JobUpdatesSocketTest {

    @TestHTTPResource("/")
    URL base;

    private JobUpdatesClient connect(String token) {
        return JobUpdatesClient.connect(base.getPort(), token);
    }

    @Test
    void subscribeSendsSnapshotThenLiveUpdates() {
        String alice = TestTokens.user("alice-live");
        String jobId = JobApi.as(alice).submitJob();
        JobApi.as(alice).patchMetadata(jobId, "{\"TITLE\":\"First title\",\"TAGS\":[\"a\",\"b\"]}").statusCode(200);
        try (JobUpdatesClient client = connect(alice)) {
            client.subscribe(jobId);
            JsonObject ack = client.expect("SUBSCRIBED");
            assertNull(ack.getValue("job_id"));
            assertEquals(new JsonArray().add(jobId), ack.getJsonObject("data").getJsonArray("job_ids"));

            JsonObject job = client.expect("JOB_UPDATE");
            assertEquals(jobId, job.getString("job_id"));
            assertEquals("PENDING", job.getJsonObject("data").getString("status"));
            assertEquals(0, job.getJsonObject("data").getInteger("progress_percent"));
            long snapshotSeq = job.getLong("seq");
            assertEquals(3, snapshotSeq, "created + two metadata edits");
            assertTrue(job.getBoolean("snapshot"));
            for (int i = 0; i < 5; i++) {
                JsonObject stage = client.expect("STAGE_UPDATE");
                assertEquals("PENDING", stage.getJsonObject("data").getString("status"));
                assertEquals(snapshotSeq, stage.getLong("seq"));
            }
            JsonObject tags = client.expect("METADATA_UPDATE");
            assertEquals("TAGS", tags.getJsonObject("data").getString("metadata_type"));
            assertEquals(new JsonArray().add("a").add("b"), tags.getJsonObject("data").getJsonArray("content"));
            JsonObject title = client.expect("METADATA_UPDATE");
            assertEquals("First title", title.getJsonObject("data").getString("content"));

            JobApi.as(alice).setTitle(jobId, "Live title");
            JsonObject live = client.expect("METADATA_UPDATE");
            assertEquals(snapshotSeq + 1, live.getLong("seq"));
            assertEquals("Live title", live.getJsonObject("data").getString("content"));
            assertFalse(live.containsKey("snapshot"));
            assertTrue(live.getString("timestamp").matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), live.getString("timestamp"));

            JobApi.as(alice).cancel(jobId).statusCode(200);
            JsonObject cancelled = client.expect("JOB_UPDATE");
            assertEquals("CANCELLED", cancelled.getJsonObject("data").getString("status"));
            assertEquals(snapshotSeq + 2, cancelled.getLong("seq"));
            assertEquals(List.of(), client.drainExceptHeartbeats(Duration.ofMillis(300)), "nothing else, no duplicates");
        }
    }

    @Test
    void reconnectWithSinceGetsExactlyTheMissedEvents() {
        String bob = TestTokens.user("bob-resume");
        String jobId = JobApi.as(bob).submitJob();
        long lastSeen;
        try (JobUpdatesClient client = connect(bob)) {
            client.subscribe(jobId);
            client.expect("SUBSCRIBED");
            lastSeen = client.expect("JOB_UPDATE").getLong("seq");
            JobApi.as(bob).setTitle(jobId, "Seen");
            lastSeen = client.expectLive("METADATA_UPDATE").getLong("seq");
        }
        List<String> missedTitles = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            missedTitles.add("Missed " + i);
            JobApi.as(bob).setTitle(jobId, "Missed " + i);
        }
        try (JobUpdatesClient client = connect(bob)) {
            client.resume(jobId, lastSeen);
            client.expect("SUBSCRIBED");
            List<String> replayed = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                JsonObject event = client.expect("METADATA_UPDATE");
                assertEquals(lastSeen + 1 + i, event.getLong("seq"));
                assertFalse(event.containsKey("snapshot"));
                replayed.add(event.getJsonObject("data").getString("content"));
            }
            assertEquals(missedTitles, replayed);
            JobApi.as(bob).setTitle(jobId, "After resume");
            JsonObject live = client.expect("METADATA_UPDATE");
            assertEquals(lastSeen + 6, live.getLong("seq"));
            assertEquals(List.of(), client.drainExceptHeartbeats(Duration.ofMillis(300)));
        }
    }

    @Test
    void sinceAheadOfTheLogAnswersResyncThenSnapshot() {
        String carol = TestTokens.user("carol-resync");
        String jobId = JobApi.as(carol).submitJob();
        try (JobUpdatesClient client = connect(carol)) {
            client.resume(jobId, 99);
            client.expect("SUBSCRIBED");
            JsonObject resync = client.expect("RESYNC_REQUIRED");
            assertEquals(jobId, resync.getString("job_id"));
            assertEquals(99, resync.getJsonObject("data").getLong("requested_since"));
            assertEquals(1, resync.getJsonObject("data").getLong("last_seq"));
            JsonObject snapshot = client.expect("JOB_UPDATE");
            assertTrue(snapshot.getBoolean("snapshot"));
            assertEquals(1, snapshot.getLong("seq"));
        }
    }

    @Test
    void someoneElsesJobAndMissingJobAnswerJobNotFound() {
        String owner = TestTokens.user("dave-owner");
        String jobId = JobApi.as(owner).submitJob();
        String missing = UUID.randomUUID().toString();
        try (JobUpdatesClient intruder = connect(TestTokens.user("eve-intruder"))) {
            intruder.subscribe(jobId, missing);
            JsonObject ack = intruder.expect("SUBSCRIBED");
            assertEquals(new JsonArray(), ack.getJsonObject("data").getJsonArray("job_ids"));
            assertEquals(new JsonArray().add(jobId).add(missing), ack.getJsonObject("data").getJsonArray("rejected_job_ids"));
            for (String id : List.of(jobId, missing)) {
                JsonObject error = intruder.expect("ERROR");
                assertEquals(id, error.getString("job_id"));
                assertEquals("JOB_NOT_FOUND", error.getJsonObject("data").getString("error_code"));
            }
            JobApi.as(owner).setTitle(jobId, "Private");
            intruder.send("{\"action\":\"ping\"}");
            assertEquals("PONG", intruder.nextMessage().getString("type"), "no event of the foreign job, connection open");
        }
        try (JobUpdatesClient admin = connect(TestTokens.admin("frank-admin"))) {
            admin.subscribe(jobId);
            admin.expect("SUBSCRIBED");
            assertEquals(jobId, admin.expect("JOB_UPDATE").getString("job_id"));
        }
    }

    @Test
    void badExpiredOrMissingTokensAreRefusedAtTheUpgrade() {
        int port = base.getPort();
        assertEquals(401, JobUpdatesClient.upgradeStatus(JobUpdatesClient.options(port, "/ws")));
        assertEquals(401, JobUpdatesClient.upgradeStatus(JobUpdatesClient.options(port, "/ws").addHeader("Authorization", "Bearer not-a-jwt")));
        assertEquals(401, JobUpdatesClient.upgradeStatus(JobUpdatesClient.options(port, "/ws")
                .addHeader("Authorization", "Bearer " + TestTokens.expired("gina"))));
        assertEquals(401, JobUpdatesClient.upgradeStatus(JobUpdatesClient.options(port, "/ws")
                .addHeader("Authorization", "Bearer " + TestTokens.signedWithOtherSecret("gina"))));
        assertEquals(401, JobUpdatesClient.upgradeStatus(JobUpdatesClient.options(port, "/ws?access_token=" + TestTokens.expired("gina"))));
    }

    @Test
    void queryParameterAndSubprotocolTokensAreAccepted() {
        int port = base.getPort();
        String token = TestTokens.user("hank-browser");
        try (JobUpdatesClient viaQuery = JobUpdatesClient.connect(JobUpdatesClient.options(port, "/ws?access_token=" + token))) {
            viaQuery.send("{\"action\":\"ping\"}");
            assertEquals("PONG", viaQuery.nextMessage().getString("type"));
        }
        String carrier = "quarkus-http-upgrade#Authorization#" + URLEncoder.encode("Bearer " + token, StandardCharsets.UTF_8)
                .replace("+", "%20");
        WebSocketConnectOptions subprotocol = JobUpdatesClient.options(port, "/ws").setSubProtocols(List.of("bearer-token-carrier", carrier));
        try (JobUpdatesClient viaSubprotocol = JobUpdatesClient.connect(subprotocol)) {
            assertEquals("bearer-token-carrier", viaSubprotocol.subProtocol());
        }
    }

    @Test
    void tokenExpiryClosesTheSocketWith4001() {
        try (JobUpdatesClient client = connect(TestTokens.expiringIn("ida-expiring", 2))) {
            assertEquals(4001, client.awaitClose(Duration.ofSeconds(6)));
        }
    }

    @Test
    void thousandMalformedFramesEachAnswerValidationErrorAndTheConnectionStillWorks() {
        String jack = TestTokens.user("jack-fuzzer");
        String jobId = JobApi.as(jack).submitJob();
        List<String> bad = List.of("not json", "[]", "42", "{}", "{\"action\":7}", "{\"action\":\"dance\"}",
                "{\"action\":\"subscribe\"}", "{\"action\":\"subscribe\",\"job_ids\":\"x\"}",
                "{\"action\":\"subscribe\",\"job_ids\":[1]}", "{\"action\":\"subscribe\",\"job_ids\":[\"not-a-uuid\"]}",
                "{\"action\":\"subscribe\",\"job_ids\":[]}", "{\"action\":\"ping\",\"extra\":true}",
                "{\"action\":\"subscribe\",\"job_ids\":[\"" + jobId + "\"],\"since\":{\"" + jobId + "\":-1}}",
                "{\"action\":\"subscribe\",\"job_ids\":[\"" + jobId + "\"],\"since\":[1]}",
                "{\"action\":\"subscribe\",\"job_ids\":" + tooManyIds() + "}", "{\"action\":\"unsubscribe\",\"job_ids\":null}");
        try (JobUpdatesClient client = connect(jack)) {
            for (int i = 0; i < 1000; i++) {
                client.send(bad.get(i % bad.size()));
            }
            for (int i = 0; i < 1000; i++) {
                JsonObject error = client.expect("ERROR");
                assertNull(error.getValue("job_id"));
                assertEquals("VALIDATION_ERROR", error.getJsonObject("data").getString("error_code"), error.encode());
                assertFalse(error.getJsonObject("data").getString("error_message").isBlank());
            }
            client.subscribe(jobId);
            client.expect("SUBSCRIBED");
            assertEquals(jobId, client.expect("JOB_UPDATE").getString("job_id"));
        }
    }

    @Test
    void oversizedFrameClosesWith1009() {
        try (JobUpdatesClient client = connect(TestTokens.user("kim-big"))) {
            client.sendWithoutWaiting("{\"action\":\"ping\",\"pad\":\"" + "x".repeat(70_000) + "\"}");
            assertEquals(1009, client.awaitClose(Duration.ofSeconds(5)));
        }
    }

    @Test
    void unsubscribeIsAcknowledgedAndStopsUpdates() {
        String lea = TestTokens.user("lea-unsub");
        String jobId = JobApi.as(lea).submitJob();
        try (JobUpdatesClient client = connect(lea)) {
            client.subscribe(jobId);
            client.expect("SUBSCRIBED");
            client.expect("JOB_UPDATE");
            client.drainExceptHeartbeats(Duration.ofMillis(200));
            client.send(new JsonObject().put("action", "unsubscribe").put("job_ids", new JsonArray().add(jobId)));
            assertEquals(new JsonArray().add(jobId), client.expect("UNSUBSCRIBED").getJsonObject("data").getJsonArray("job_ids"));
            JobApi.as(lea).setTitle(jobId, "Unseen");
            JobApi.as(lea).cancel(jobId).statusCode(200);
            client.send("{\"action\":\"ping\"}");
            assertEquals("PONG", client.nextMessage().getString("type"));
            assertEquals(List.of(), client.drainExceptHeartbeats(Duration.ofMillis(300)));
        }
    }

    @Test
    void commandsSentBackToBackAreCarriedOutOneAtATimeInTheOrderSent() {
        String ida = TestTokens.user("ida-order");
        String jobId = JobApi.as(ida).submitJob();
        try (JobUpdatesClient client = connect(ida)) {
            client.subscribe(jobId);
            client.send(new JsonObject().put("action", "unsubscribe").put("job_ids", new JsonArray().add(jobId)));
            client.send("{\"action\":\"ping\"}");
            client.expect("SUBSCRIBED");
            List<String> types = new ArrayList<>();
            JsonObject message;
            do {
                message = client.nextMessage();
                types.add(message.getString("type"));
            } while (!"UNSUBSCRIBED".equals(message.getString("type")));
            assertTrue(types.contains("JOB_UPDATE"), "the snapshot came before the unsubscribe was carried out: " + types);
            assertEquals("PONG", client.nextMessage().getString("type"));
            JobApi.as(ida).setTitle(jobId, "Unseen");
            assertEquals(List.of(), client.drainExceptHeartbeats(Duration.ofMillis(300)), "no live update after it");
        }
    }

    @Test
    void adminReceivesStatsUpdatesAndOthersAreRefused() {
        try (JobUpdatesClient user = connect(TestTokens.user("mia-user"))) {
            user.send("{\"action\":\"subscribe_stats\"}");
            assertEquals("FORBIDDEN", user.expect("ERROR").getJsonObject("data").getString("error_code"));
        }
        try (JobUpdatesClient admin = connect(TestTokens.admin("ned-admin"))) {
            admin.send("{\"action\":\"subscribe_stats\"}");
            admin.expect("STATS_SUBSCRIBED");
            JsonObject stats = admin.expect("STATS_UPDATE").getJsonObject("data");
            assertTrue(stats.getInteger("connections") >= 1);
            assertTrue(stats.getJsonObject("jobs_by_status").containsKey("PENDING"));
            assertTrue(stats.containsKey("messages_sent_per_second"));
            assertTrue(stats.containsKey("subscriptions"));
        }
    }

    private static String tooManyIds() {
        JsonArray ids = new JsonArray();
        for (int i = 0; i < 101; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        return ids.encode();
    }
}
