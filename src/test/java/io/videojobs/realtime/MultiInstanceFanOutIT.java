package io.videojobs.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.videojobs.support.JobApi;
import io.videojobs.support.JobUpdatesClient;
import io.videojobs.support.ServiceInstance;
import io.videojobs.support.TestTokens;
import java.sql.Connection;
import io.videojobs.support.TestDatabase;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the packaged service, each its own process, sharing one PostgreSQL: events committed
 * on one reach WebSocket subscribers on the other, and a job created through one is announced on the other's
 * feed of new jobs ({@code subscribe_owner}), also after the LISTEN connections are killed. The safety sweeps are
 * set to a minute, so delivery within seconds proves NOTIFY and the reconnect catch-up.
 */
class MultiInstanceFanOutIT {

    private static final Map<String, String> SLOW_SWEEP = Map.of("video-jobs.ws.sweep-interval", "60s");
    private static ServiceInstance instanceA;
    private static ServiceInstance instanceB;
    private static int portA;
    private static int portB;

    @BeforeAll
    static void startInstances() throws Exception {
        instanceA = ServiceInstance.start("instance-a", true, SLOW_SWEEP);
        portA = instanceA.port();
        instanceB = ServiceInstance.start("instance-b", false, SLOW_SWEEP);
        portB = instanceB.port();
    }

    @AfterAll
    static void stopInstances() throws InterruptedException {
        for (ServiceInstance instance : new ServiceInstance[] {instanceA, instanceB}) {
            if (instance != null) {
                instance.close();
            }
        }
    }

    @Test
    void eventsWrittenOnOneInstanceReachSubscribersOnTheOtherAlsoAfterListenersAreKilled() throws Exception {
        String token = TestTokens.user("multi-instance-user");
        JobApi apiA = JobApi.as(token).on(portA);
        JobApi apiB = JobApi.as(token).on(portB);
        String jobId = apiB.submitJob();
        try (JobUpdatesClient onA = JobUpdatesClient.connect(portA, token);
             JobUpdatesClient onB = JobUpdatesClient.connect(portB, token)) {
            subscribe(onA, jobId);
            subscribe(onB, jobId);

            apiB.setTitle(jobId, "Written on B");
            assertTitle(onA, "Written on B", 2);
            assertTitle(onB, "Written on B", 2);
            apiA.setTitle(jobId, "Written on A");
            assertTitle(onB, "Written on A", 3);
            assertTitle(onA, "Written on A", 3);

            int listeners = countListeners();
            assertTrue(listeners >= 2, "one LISTEN connection per instance");
            assertEquals(listeners, killListeners(), "every LISTEN connection is cut");
            apiB.setTitle(jobId, "Written while listeners were down");
            assertTitle(onA, "Written while listeners were down", 4);
            assertTitle(onB, "Written while listeners were down", 4);
            awaitListeners(listeners);

            apiB.setTitle(jobId, "Written on B after reconnect");
            assertTitle(onA, "Written on B after reconnect", 5);
            apiA.setTitle(jobId, "Written on A after reconnect");
            assertTitle(onA, "Written on A after reconnect", 6);
            assertTitle(onB, "Written on B after reconnect", 5);
            assertTitle(onB, "Written on A after reconnect", 6);
        }
    }

    @Test
    void aJobCreatedThroughOneInstanceIsAnnouncedWithinASecondOnTheOtherAlsoAfterListenersAreKilled() throws Exception {
        String token = TestTokens.user("multi-instance-feed-user");
        JobApi apiB = JobApi.as(token).on(portB);
        try (JobUpdatesClient listOnA = JobUpdatesClient.connect(portA, token)) {
            listOnA.send(new JsonObject().put("action", "subscribe_owner"));
            listOnA.expect("OWNER_SUBSCRIBED");

            String created = apiB.submitJob();
            long committedAt = System.currentTimeMillis();
            JobUpdatesClient.Received announced = listOnA.expectReceived("JOB_CREATED", Duration.ofSeconds(10));
            assertEquals(created, announced.json().getString("job_id"));
            long delayMillis = announced.receivedAtMillis() - committedAt;
            assertTrue(delayMillis < 1000, "announced on A " + delayMillis + " ms after B answered the POST");

            int listeners = countListeners();
            assertEquals(listeners, killListeners(), "every LISTEN connection is cut");
            String whileDown = apiB.submitJob();
            awaitListeners(listeners);
            assertEquals(whileDown, listOnA.expectReceived("JOB_CREATED", Duration.ofSeconds(10)).json()
                    .getString("job_id"), "the reconnected listener catches up on the feed it missed");
            assertEquals(List.of(), listOnA.drainExceptHeartbeats(Duration.ofMillis(500)), "each job once");
        }
    }

    private static void subscribe(JobUpdatesClient client, String jobId) {
        client.subscribe(jobId);
        client.expect("SUBSCRIBED");
        assertEquals(1, client.expect("JOB_UPDATE").getLong("seq"));
    }

    private static void assertTitle(JobUpdatesClient client, String title, long seq) {
        JsonObject event = client.expectLive("METADATA_UPDATE");
        assertEquals(seq, event.getLong("seq"), event.encode());
        assertEquals(title, event.getJsonObject("data").getString("content"));
    }

    /** LISTEN connections on the test database: these two instances, and any other packaged app the ITs run. */
    private static int countListeners() throws SQLException {
        try (Connection db = jdbc(); Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery("select count(*) from pg_stat_activity "
                     + "where datname = current_database() and query ilike 'LISTEN%'")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static int killListeners() throws SQLException {
        try (Connection db = jdbc(); Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery("select pg_terminate_backend(pid) from pg_stat_activity "
                     + "where datname = current_database() and query ilike 'LISTEN%'")) {
            int killed = 0;
            while (rows.next()) {
                killed += rows.getBoolean(1) ? 1 : 0;
            }
            return killed;
        }
    }

    private static void awaitListeners(int expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (countListeners() >= expected) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("listeners did not come back");
    }

    private static Connection jdbc() throws SQLException {
        return TestDatabase.connect();
    }
}
