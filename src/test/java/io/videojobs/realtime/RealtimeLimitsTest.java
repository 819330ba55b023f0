package io.videojobs.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.videojobs.support.PrometheusScrape;
import io.vertx.core.json.JsonObject;
import io.videojobs.support.JobApi;
import io.videojobs.support.JobUpdatesClient;
import io.videojobs.support.TestTokens;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Heartbeats, slow consumers and the per-connection limits, with small limits so they trip quickly. */
@QuarkusTest
@TestProfile(RealtimeLimitsTest.SmallLimits.class)
class RealtimeLimitsTest {

    /** Short heartbeat and small buffers and limits. */
    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "video-jobs.ws.heartbeat-interval", "1s",
                    "video-jobs.ws.max-pending-outbound-bytes", "65536",
                    "video-jobs.ws.socket-send-buffer-bytes", "16384",
                    "video-jobs.ws.max-connections-per-user", "3",
                    "video-jobs.ws.max-subscriptions-per-connection", "3",
                    "video-jobs.ws.inbound-messages-per-second", "5",
                    "video-jobs.ws.inbound-burst", "10");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Inject
    SessionRegistry sessions;

    @Test
    void slowConsumerIsCutWhileAnotherClientOnTheSameJobKeepsReceivingOnTime() throws Exception {
        String owner = TestTokens.user("olga-slow");
        String jobId = JobApi.as(owner).submitJob();
        long cutBefore = sessions.slowConsumersClosed();
        PrometheusScrape before = PrometheusScrape.now();
        String description = "d".repeat(4900);
        try (JobUpdatesClient fast = JobUpdatesClient.connect(base.getPort(), owner);
             RawWebSocket stalled = RawWebSocket.connect(base.getPort(), owner)) {
            fast.subscribe(jobId);
            fast.expect("SUBSCRIBED");
            stalled.sendText("{\"action\":\"subscribe\",\"job_ids\":[\"" + jobId + "\"]}");
            Map<String, Long> committedAt = new HashMap<>();
            // the stalled client stays alive on its own clock, however long an edit takes on a loaded machine:
            // a heartbeat timeout must not cut it before the slow-consumer limit does
            ScheduledExecutorService keepAlive = Executors.newSingleThreadScheduledExecutor();
            keepAlive.scheduleAtFixedRate(() -> {
                try {
                    stalled.sendText("{\"action\":\"heartbeat\"}");
                } catch (IOException cutMeanwhile) {
                    // the server cut the stalled client: the expected outcome
                }
            }, 0, 300, TimeUnit.MILLISECONDS);
            int edits = 0;
            try {
                while (sessions.slowConsumersClosed() == cutBefore && edits < 300) {
                    String title = "Edit " + edits++;
                    JobApi.as(owner).patchMetadata(jobId,
                            "{\"TITLE\":\"" + title + "\",\"DESCRIPTION\":\"" + description + "\",\"TAGS\":[\"t" + edits + "\"]}")
                            .statusCode(200);
                    committedAt.put(title, System.currentTimeMillis());
                }
            } finally {
                keepAlive.shutdownNow();
                keepAlive.awaitTermination(5, TimeUnit.SECONDS);
            }
            assertTrue(sessions.slowConsumersClosed() > cutBefore, "the stalled client was never cut after " + edits + " edits");
            assertEquals(4008, stalled.readUntilClose(Duration.ofSeconds(10)), "close code of the stalled client");
            PrometheusScrape after = PrometheusScrape.now();
            assertTrue(after.value("videojobs_ws_slow_consumer_disconnects_total")
                    > before.value("videojobs_ws_slow_consumer_disconnects_total"), "slow-consumer disconnects metric");
            assertTrue(after.value("videojobs_ws_messages_dropped_total")
                    > before.value("videojobs_ws_messages_dropped_total"), "the message that overflowed counts as dropped");

            long lastSeq = 0;
            long worstDelay = 0;
            int titles = 0;
            while (titles < edits) {
                JobUpdatesClient.Received received = fast.nextReceived(Duration.ofSeconds(10));
                JsonObject message = received.json();
                if (Boolean.TRUE.equals(message.getBoolean("snapshot"))) {
                    continue;
                }
                assertEquals(lastSeq == 0 ? message.getLong("seq") : lastSeq + 1, message.getLong("seq"), "gap-free order");
                lastSeq = message.getLong("seq");
                JsonObject data = message.getJsonObject("data");
                if ("TITLE".equals(data.getString("metadata_type"))) {
                    titles++;
                    worstDelay = Math.max(worstDelay, received.receivedAtMillis() - committedAt.get(data.getString("content")));
                }
            }
            assertTrue(worstDelay < 1000, "the fast client was slowed down: worst delay " + worstDelay + " ms");
        }
    }

    @Test
    void heartbeatsArriveAndASilentClientIsClosed() throws Exception {
        String token = TestTokens.user("pia-heartbeat");
        try (JobUpdatesClient alive = JobUpdatesClient.connect(base.getPort(), token);
             RawWebSocket silent = RawWebSocket.connect(base.getPort(), token)) {
            JsonObject heartbeat = alive.expectReceived("HEARTBEAT", Duration.ofSeconds(3)).json();
            assertEquals(1, heartbeat.getJsonObject("data").getInteger("interval_seconds"));
            assertEquals(4002, silent.readUntilClose(Duration.ofSeconds(6)));
            alive.send("{\"action\":\"ping\"}");
            assertEquals("PONG", alive.nextMessage().getString("type"), "a client that answers pings stays open");
        }
    }

    @Test
    void heartbeatsOfManyConnectionsAreSpreadOverTheIntervalNotSentInOneBurst() throws Exception {
        List<JobUpdatesClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                clients.add(JobUpdatesClient.connect(base.getPort(), TestTokens.user("hugo-spread-" + i)));
            }
            long from = System.currentTimeMillis();
            long earliest = Long.MAX_VALUE;
            long latest = 0;
            for (JobUpdatesClient client : clients) {
                long first = nextHeartbeatAfter(client, from);
                long gap = nextHeartbeatAfter(client, first) - first;
                assertTrue(gap > 700 && gap < 1500, "each connection still beats once per 1 s interval: " + gap + " ms");
                earliest = Math.min(earliest, first);
                latest = Math.max(latest, first);
            }
            assertTrue(latest - earliest >= 400, "40 connections got their heartbeats within "
                    + (latest - earliest) + " ms of each other instead of spread over the 1 s interval");
        } finally {
            clients.forEach(JobUpdatesClient::close);
        }
    }

    private static long nextHeartbeatAfter(JobUpdatesClient client, long afterMillis) {
        while (true) {
            JobUpdatesClient.Received beat = client.expectReceived("HEARTBEAT", Duration.ofSeconds(3));
            if (beat.receivedAtMillis() > afterMillis) {
                return beat.receivedAtMillis();
            }
        }
    }

    @Test
    void inboundFloodAnswersRateLimitedThenRecovers() throws Exception {
        try (JobUpdatesClient client = JobUpdatesClient.connect(base.getPort(), TestTokens.user("quinn-flood"))) {
            for (int i = 0; i < 30; i++) {
                client.send("{\"action\":\"ping\"}");
            }
            List<JsonObject> answers = client.drainExceptHeartbeats(Duration.ofMillis(500));
            long pongs = answers.stream().filter(m -> "PONG".equals(m.getString("type"))).count();
            long limited = answers.stream().filter(m -> "ERROR".equals(m.getString("type"))
                    && "RATE_LIMITED".equals(m.getJsonObject("data").getString("error_code"))).count();
            assertEquals(30, pongs + limited);
            assertTrue(pongs >= 10 && pongs < 20, "burst of 10 then 5/s: " + pongs + " pongs");
            Thread.sleep(1000);
            client.send("{\"action\":\"ping\"}");
            assertEquals("PONG", client.nextMessage().getString("type"));
        }
    }

    @Test
    void connectionsPerUserAndSubscriptionsPerConnectionAreLimited() {
        String token = TestTokens.user("rita-limits");
        List<JobUpdatesClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(JobUpdatesClient.connect(base.getPort(), token));
            }
            assertEquals(429, JobUpdatesClient.upgradeStatus(JobUpdatesClient.bearer(base.getPort(), token)));

            JobUpdatesClient client = open.get(0);
            client.subscribe(UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                    UUID.randomUUID().toString());
            JsonObject error = client.expect("ERROR");
            assertEquals("TOO_MANY_SUBSCRIPTIONS", error.getJsonObject("data").getString("error_code"));
            client.send("{\"action\":\"ping\"}");
            assertEquals("PONG", client.nextMessage().getString("type"));
        } finally {
            open.forEach(JobUpdatesClient::close);
        }
    }
}
