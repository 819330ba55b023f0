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

    private String baseUri() {
        return "http://localhost:" + base.getPort();
    }

    private WsTestClient connect(String token) {
        return WsTestClient.connect(base.getPort(), token);
    }

    @Test
    void subscribeSendsSnapshotThenLiveUpdates() {
        String alice = TestTokens.user("alice-live");
        String jobId = TestJobs.create(baseUri(), alice);
        TestJobs.edit(baseUri(), alice, jobId, "{\"TITLE\":\"First title\",\"TAGS\":[\"a\",\"b\"]}");
        try (WsTestClient client = connect(alice)) {
            client.subscribe(jobId);
            JsonObject ack = client.next("SUBSCRIBED");
            assertNull(ack.getValue("job_id"));
            assertEquals(new JsonArray().add(jobId), ack.getJsonObject("data").getJsonArray("job_ids"));

            JsonObject job = client.next("JOB_UPDATE");
            assertEquals(jobId, job.getString("job_id"));
            assertEquals("PENDING", job.getJsonObject("data").getString("status"));
            assertEquals(0, job.getJsonObject("data").getInteger("progress_percent"));
            long snapshotSeq = job.getLong("seq");
            assertEquals(3, snapshotSeq, "created + two metadata edits");
            assertTrue(job.getBoolean("snapshot"));
            for (int i = 0; i < 5; i++) {
                JsonObject stage = client.next("STAGE_UPDATE");
                assertEquals("PENDING", stage.getJsonObject("data").getString("status"));
                assertEquals(snapshotSeq, stage.getLong("seq"));
            }
            JsonObject tags = client.next("METADATA_UPDATE");
            assertEquals("TAGS", tags.getJsonObject("data").getString("metadata_type"));
            assertEquals(new JsonArray().add("a").add("b"), tags.getJsonObject("data").getJsonArray("content"));
            JsonObject title = client.next("METADATA_UPDATE");
            assertEquals("First title", title.getJsonObject("data").getString("content"));

            TestJobs.editTitle(baseUri(), alice, jobId, "Live title");
            JsonObject live = client.next("METADATA_UPDATE");
            assertEquals(snapshotSeq + 1, live.getLong("seq"));
            assertEquals("Live title", live.getJsonObject("data").getString("content"));
            assertFalse(live.containsKey("snapshot"));
            assertTrue(live.getString("timestamp").matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), live.getString("timestamp"));

            TestJobs.cancel(baseUri(), alice, jobId);
            JsonObject cancelled = client.next("JOB_UPDATE");
            assertEquals("CANCELLED", cancelled.getJsonObject("data").getString("status"));
            assertEquals(snapshotSeq + 2, cancelled.getLong("seq"));
            assertEquals(List.of(), client.drain(Duration.ofMillis(300)), "nothing else, no duplicates");
        }
    }

    @Test
    void reconnectWithSinceGetsExactlyTheMissedEvents() {
        String bob = TestTokens.user("bob-resume");
        String jobId = TestJobs.create(baseUri(), bob);
        long lastSeen;
        try (WsTestClient client = connect(bob)) {
            client.subscribe(jobId);
            client.next("SUBSCRIBED");
            lastSeen = client.next("JOB_UPDATE").getLong("seq");
            TestJobs.editTitle(baseUri(), bob, jobId, "Seen");
            lastSeen = client.nextLive("METADATA_UPDATE").getLong("seq");
        }
        List<String> missedTitles = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            missedTitles.add("Missed " + i);
            TestJobs.editTitle(baseUri(), bob, jobId, "Missed " + i);
        }
        try (WsTestClient client = connect(bob)) {
            client.send(new JsonObject().put("action", "subscribe").put("job_ids", new JsonArray().add(jobId))
                    .put("since", new JsonObject().put(jobId, lastSeen)));
            client.next("SUBSCRIBED");
            List<String> replayed = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                JsonObject event = client.next("METADATA_UPDATE");
                assertEquals(lastSeen + 1 + i, event.getLong("seq"));
                assertFalse(event.containsKey("snapshot"));
                replayed.add(event.getJsonObject("data").getString("content"));
            }
            assertEquals(missedTitles, replayed);
            TestJobs.editTitle(baseUri(), bob, jobId, "After resume");
            JsonObject live = client.next("METADATA_UPDATE");
            assertEquals(lastSeen + 6, live.getLong("seq"));
            assertEquals(List.of(), client.drain(Duration.ofMillis(300)));
        }
    }

    @Test
    void sinceAheadOfTheLogAnswersResyncThenSnapshot() {
        String carol = TestTokens.user("carol-resync");
        String jobId = TestJobs.create(baseUri(), carol);
        try (WsTestClient client = connect(carol)) {
            client.send(new JsonObject().put("action", "subscribe").put("job_ids", new JsonArray().add(jobId))
                    .put("since", new JsonObject().put(jobId, 99)));
            client.next("SUBSCRIBED");
            JsonObject resync = client.next("RESYNC_REQUIRED");
            assertEquals(jobId, resync.getString("job_id"));
            assertEquals(99, resync.getJsonObject("data").getLong("requested_since"));
            assertEquals(1, resync.getJsonObject("data").getLong("last_seq"));
            JsonObject snapshot = client.next("JOB_UPDATE");
            assertTrue(snapshot.getBoolean("snapshot"));
            assertEquals(1, snapshot.getLong("seq"));
        }
    }

    @Test
    void someoneElsesJobAndMissingJobAnswerJobNotFound() {
        String owner = TestTokens.user("dave-owner");
        String jobId = TestJobs.create(baseUri(), owner);
        String missing = UUID.randomUUID().toString();
        try (WsTestClient intruder = connect(TestTokens.user("eve-intruder"))) {
            intruder.subscribe(jobId, missing);
            JsonObject ack = intruder.next("SUBSCRIBED");
            assertEquals(new JsonArray(), ack.getJsonObject("data").getJsonArray("job_ids"));
            assertEquals(new JsonArray().add(jobId).add(missing), ack.getJsonObject("data").getJsonArray("rejected_job_ids"));
            for (String id : List.of(jobId, missing)) {
                JsonObject error = intruder.next("ERROR");
                assertEquals(id, error.getString("job_id"));
                assertEquals("JOB_NOT_FOUND", error.getJsonObject("data").getString("error_code"));
            }
            TestJobs.editTitle(baseUri(), owner, jobId, "Private");
            intruder.send("{\"action\":\"ping\"}");
            assertEquals("PONG", intruder.next().getString("type"), "no event of the foreign job, connection open");
        }
        try (WsTestClient admin = connect(TestTokens.admin("frank-admin"))) {
            admin.subscribe(jobId);
            admin.next("SUBSCRIBED");
            assertEquals(jobId, admin.next("JOB_UPDATE").getString("job_id"));
        }
    }

    @Test
    void badExpiredOrMissingTokensAreRefusedAtTheUpgrade() {
        int port = base.getPort();
        assertEquals(401, WsTestClient.upgradeStatus(options(port, "/ws")));
        assertEquals(401, WsTestClient.upgradeStatus(options(port, "/ws").addHeader("Authorization", "Bearer not-a-jwt")));
        assertEquals(401, WsTestClient.upgradeStatus(options(port, "/ws")
                .addHeader("Authorization", "Bearer " + TestTokens.expired("gina"))));
        assertEquals(401, WsTestClient.upgradeStatus(options(port, "/ws")
                .addHeader("Authorization", "Bearer " + TestTokens.signedWithOtherSecret("gina"))));
        assertEquals(401, WsTestClient.upgradeStatus(options(port, "/ws?access_token=" + TestTokens.expired("gina"))));
    }

    @Test
    void queryParameterAndSubprotocolTokensAreAccepted() {
        int port = base.getPort();
        String token = TestTokens.user("hank-browser");
        try (WsTestClient viaQuery = WsTestClient.open(options(port, "/ws?access_token=" + token))) {
            viaQuery.send("{\"action\":\"ping\"}");
            assertEquals("PONG", viaQuery.next().getString("type"));
        }
        String carrier = "quarkus-http-upgrade#Authorization#" + URLEncoder.encode("Bearer " + token, StandardCharsets.UTF_8)
                .replace("+", "%20");
        WebSocketConnectOptions subprotocol = options(port, "/ws").setSubProtocols(List.of("bearer-token-carrier", carrier));
        try (WsTestClient viaSubprotocol = WsTestClient.open(subprotocol)) {
            assertEquals("bearer-token-carrier", viaSubprotocol.socket.subProtocol());
        }
    }

    @Test
    void tokenExpiryClosesTheSocketWith4001() {
        try (WsTestClient client = connect(TestTokens.expiringIn("ida-expiring", 2))) {
            assertEquals(4001, client.awaitClose(Duration.ofSeconds(6)));
        }
    }

    @Test
    void thousandMalformedFramesEachAnswerValidationErrorAndTheConnectionStillWorks() {
        String jack = TestTokens.user("jack-fuzzer");
        String jobId = TestJobs.create(baseUri(), jack);
        List<String> bad = List.of("not json", "[]", "42", "{}", "{\"action\":7}", "{\"action\":\"dance\"}",
                "{\"action\":\"subscribe\"}", "{\"action\":\"subscribe\",\"job_ids\":\"x\"}",
                "{\"action\":\"subscribe\",\"job_ids\":[1]}", "{\"action\":\"subscribe\",\"job_ids\":[\"not-a-uuid\"]}",
                "{\"action\":\"subscribe\",\"job_ids\":[]}", "{\"action\":\"ping\",\"extra\":true}",
                "{\"action\":\"subscribe\",\"job_ids\":[\"" + jobId + "\"],\"since\":{\"" + jobId + "\":-1}}",
                "{\"action\":\"subscribe\",\"job_ids\":[\"" + jobId + "\"],\"since\":[1]}",
                "{\"action\":\"subscribe\",\"job_ids\":" + tooManyIds() + "}", "{\"action\":\"unsubscribe\",\"job_ids\":null}");
        try (WsTestClient client = connect(jack)) {
            for (int i = 0; i < 1000; i++) {
                client.send(bad.get(i % bad.size()));
            }
            for (int i = 0; i < 1000; i++) {
                JsonObject error = client.next("ERROR");
                assertNull(error.getValue("job_id"));
                assertEquals("VALIDATION_ERROR", error.getJsonObject("data").getString("error_code"), error.encode());
                assertFalse(error.getJsonObject("data").getString("error_message").isBlank());
            }
            client.subscribe(jobId);
            client.next("SUBSCRIBED");
            assertEquals(jobId, client.next("JOB_UPDATE").getString("job_id"));
        }
    }

    @Test
    void oversizedFrameClosesWith1009() {
        try (WsTestClient client = connect(TestTokens.user("kim-big"))) {
            client.socket.writeTextMessage("{\"action\":\"ping\",\"pad\":\"" + "x".repeat(70_000) + "\"}");
            assertEquals(1009, client.awaitClose(Duration.ofSeconds(5)));
        }
    }

    @Test
    void unsubscribeIsAcknowledgedAndStopsUpdates() {
        String lea = TestTokens.user("lea-unsub");
        String jobId = TestJobs.create(baseUri(), lea);
        try (WsTestClient client = connect(lea)) {
            client.subscribe(jobId);
            client.next("SUBSCRIBED");
            client.next("JOB_UPDATE");
            client.drain(Duration.ofMillis(200));
            client.send(new JsonObject().put("action", "unsubscribe").put("job_ids", new JsonArray().add(jobId)));
            assertEquals(new JsonArray().add(jobId), client.next("UNSUBSCRIBED").getJsonObject("data").getJsonArray("job_ids"));
            TestJobs.editTitle(baseUri(), lea, jobId, "Unseen");
            TestJobs.cancel(baseUri(), lea, jobId);
            client.send("{\"action\":\"ping\"}");
            assertEquals("PONG", client.next().getString("type"));
            assertEquals(List.of(), client.drain(Duration.ofMillis(300)));
        }
    }

    @Test
    void adminReceivesStatsUpdatesAndOthersAreRefused() {
        try (WsTestClient user = connect(TestTokens.user("mia-user"))) {
            user.send("{\"action\":\"subscribe_stats\"}");
            assertEquals("FORBIDDEN", user.next("ERROR").getJsonObject("data").getString("error_code"));
        }
        try (WsTestClient admin = connect(TestTokens.admin("ned-admin"))) {
            admin.send("{\"action\":\"subscribe_stats\"}");
            admin.next("STATS_SUBSCRIBED");
            JsonObject stats = admin.next("STATS_UPDATE").getJsonObject("data");
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

    private static WebSocketConnectOptions options(int port, String uri) {
        return new WebSocketConnectOptions().setHost("localhost").setPort(port).setURI(uri);
    }
}
