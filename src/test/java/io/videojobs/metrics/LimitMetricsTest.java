package io.videojobs.metrics;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.videojobs.processing.engine.RunRecorder;
import io.videojobs.support.JobApi;
import io.videojobs.support.JobUpdatesClient;
import io.videojobs.support.PrometheusScrape;
import io.videojobs.support.TestTokens;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every limit counts its refusals under its own {@code limit} tag; queue depth and lease reclaims follow the database. */
@QuarkusTest
@TestProfile(LimitMetricsTest.TightLimits.class)
class LimitMetricsTest {

    private static final String HITS = "videojobs_rate_limit_hits_total";

    /** Small limits that trip within a few requests (the engine stays off, as in every plain test). */
    public static class TightLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "video-jobs.api.submission-burst", "3",
                    "video-jobs.api.submissions-per-second", "0.1",
                    "video-jobs.ws.inbound-burst", "3",
                    "video-jobs.ws.inbound-messages-per-second", "0.5",
                    "video-jobs.ws.max-connections-per-user", "2",
                    "video-jobs.ws.max-subscriptions-per-connection", "1");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Inject
    Pool pool;

    @Inject
    RunRecorder recorder;

    @Test
    void refusedSubmissionsCountAndAcceptedOnesRaiseTheQueueDepth() {
        PrometheusScrape before = PrometheusScrape.now();
        JobApi user = JobApi.as(TestTokens.user("metrics-burst-" + UUID.randomUUID()));
        for (int i = 0; i < 3; i++) {
            user.submitJob();
        }
        user.submit(Map.of("source_url", "https://videos.example.com/one-too-many.mp4")).statusCode(429);

        assertEquals(1, PrometheusScrape.now().value(HITS, "limit", "job_submission")
                - before.value(HITS, "limit", "job_submission"), 0.0);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            long due = dueNowInDatabase();
            return due >= 3 && PrometheusScrape.now().value("videojobs_queue_depth") == due;
        });
    }

    /** PENDING jobs due now, counted straight from the database: the figure the gauge must converge to. */
    private long dueNowInDatabase() {
        return pool.query("SELECT count(*) FROM jobs WHERE status = 'PENDING' "
                        + "AND (next_attempt_at IS NULL OR next_attempt_at <= now())")
                .execute().await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
    }

    @Test
    void webSocketLimitsCountEachRefusalUnderTheirOwnTag() {
        PrometheusScrape before = PrometheusScrape.now();
        String token = TestTokens.user("metrics-ws-" + UUID.randomUUID());
        try (JobUpdatesClient first = JobUpdatesClient.connect(base.getPort(), token);
             JobUpdatesClient second = JobUpdatesClient.connect(base.getPort(), token)) {
            assertEquals(429, JobUpdatesClient.upgradeStatus(JobUpdatesClient.bearer(base.getPort(), token)),
                    "third connection of the user");

            first.subscribe(UUID.randomUUID().toString(), UUID.randomUUID().toString());
            assertEquals("TOO_MANY_SUBSCRIPTIONS", first.skipTo("ERROR").getJsonObject("data").getString("error_code"));

            for (int i = 0; i < 8; i++) {
                second.send(new JsonObject().put("action", "ping"));
            }
            long refused = second.drainAll(Duration.ofMillis(500)).stream()
                    .filter(m -> "ERROR".equals(m.getString("type")))
                    .filter(m -> "RATE_LIMITED".equals(m.getJsonObject("data").getString("error_code")))
                    .count();
            assertTrue(refused >= 4, "8 pings against a burst of 3 at 0.5/s; refused " + refused);

            PrometheusScrape after = PrometheusScrape.now();
            assertEquals(1, after.value(HITS, "limit", "ws_connections") - before.value(HITS, "limit", "ws_connections"), 0.0);
            assertEquals(1, after.value(HITS, "limit", "ws_subscriptions") - before.value(HITS, "limit", "ws_subscriptions"), 0.0);
            assertEquals(refused, after.value(HITS, "limit", "ws_inbound_messages")
                    - before.value(HITS, "limit", "ws_inbound_messages"), 0.0);
        }
    }

    @Test
    void claimingAJobWhoseOwnerLetItsLeaseExpireCountsAsAReclaim() throws Throwable {
        String jobId = JobApi.as(TestTokens.user("metrics-lease-" + UUID.randomUUID())).submitJob();
        pool.preparedQuery("UPDATE jobs SET status = 'PROCESSING', lease_owner = 'crashed-instance', "
                        + "lease_expires_at = now() - interval '1 minute' WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(jobId))).await().atMost(Duration.ofSeconds(10));
        double reclaims = PrometheusScrape.now().value("videojobs_engine_lease_reclaims_total");

        UUID claimed = null;
        for (int i = 0; i < 50 && !UUID.fromString(jobId).equals(claimed); i++) {
            claimed = VertxContextSupport.subscribeAndAwait(() -> recorder.claimNext("metrics-test", Duration.ofMinutes(1)));
        }
        assertEquals(jobId, String.valueOf(claimed), "the expired job was claimed");
        assertEquals(reclaims + 1, PrometheusScrape.now().value("videojobs_engine_lease_reclaims_total"), 0.0);
    }
}
