package io.videojobs.realtime;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.videojobs.support.JobApi;
import io.videojobs.support.JobUpdatesClient;
import io.videojobs.support.MediaServer;
import io.videojobs.support.ServiceInstance;
import io.videojobs.support.TestMedia;
import io.videojobs.support.TestTokens;
import java.sql.Connection;
import io.videojobs.support.TestDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * A rolling restart, for real: an instance in a separate process gets SIGTERM in the middle of a job. Its
 * readiness goes DOWN first, its WebSocket client gets close 1001, it hands the job's lease back, and a second
 * instance finishes the job while the client, resumed there with {@code since}, misses no event.
 */
class GracefulDrainIT {

    private static final Set<String> JOB_TYPES = Set.of("JOB_UPDATE", "STAGE_UPDATE", "METADATA_UPDATE",
            "THUMBNAIL_GENERATED", "ERROR");
    private static final Map<String, String> LONG_LEASE = Map.of(
            "video-jobs.engine.enabled", "true",
            "video-jobs.engine.lease-duration", "120s",
            "video-jobs.fetch.allowed-hosts", "127.0.0.1",
            "video-jobs.storage.directory", "target/it-storage",
            "quarkus.shutdown.delay", "3s");

    @Test
    void sigtermMidJobLosesNoJobAndNoEvent() throws Exception {
        try (MediaServer media = MediaServer.start()) {
            String erin = TestTokens.user("erin-drain");
            List<Long> seen = new ArrayList<>();
            String jobId;
            try (ServiceInstance a = ServiceInstance.start("drain-a", true, withId(LONG_LEASE, "drain-a"))) {
                jobId = JobApi.as(erin).on(a.port())
                        .submit(Map.of("source_url", media.url(TestMedia.speech()), "options", Map.of("thumbnail_count", 12)))
                        .statusCode(202).extract().path("job_id");
                JobUpdatesClient socket = JobUpdatesClient.connect(a.port(), erin);
                socket.resume(jobId, 0);
                collectUntil(socket, jobId, seen, m -> m.getString("type").equals("THUMBNAIL_GENERATED"));

                a.terminate();
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                        .until(() -> given().port(a.port()).get("/q/health/ready").statusCode() == 503);
                collectUntilClosed(socket, jobId, seen);
                assertEquals(1001, socket.awaitClose(Duration.ofSeconds(20)), "clients are told the server is going away");
                assertTrue(a.awaitExit(Duration.ofSeconds(45)), "the drain ends within the grace period");
                assertTrue(a.log().contains("Drained"), "the drain ran to its end");
            }

            assertEquals("PROCESSING|released", jobRow(jobId), "SIGTERM came mid-job and the lease was handed back");

            try (ServiceInstance b = ServiceInstance.start("drain-b", false, withId(LONG_LEASE, "drain-b"))) {
                long resumeFrom = seen.get(seen.size() - 1);
                JobUpdatesClient socket = JobUpdatesClient.connect(b.port(), erin);
                socket.resume(jobId, resumeFrom);
                long started = System.nanoTime();
                collectUntil(socket, jobId, seen, m -> m.getString("type").equals("JOB_UPDATE")
                        && Set.of("COMPLETED", "FAILED").contains(m.getJsonObject("data").getString("status")));
                assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 100,
                        "the released lease let instance B take over at once, not after 120 s");
                socket.close();

                JobApi onB = JobApi.as(erin).on(b.port());
                onB.get(jobId).statusCode(200).body("status", org.hamcrest.Matchers.equalTo("COMPLETED"));
                long lastSeq = onB.get(jobId).extract().jsonPath().getLong("last_seq");
                assertEquals(LongStream.rangeClosed(1, lastSeq).boxed().toList(), seen,
                        "across both instances the client got every event once, in order");
                assertEquals(seen.size(), new TreeSet<>(seen).size());
                assertTrue(b.log().contains("Running job " + jobId), "instance B resumed the job");
            }
        }
    }

    private static String jobRow(String jobId) throws Exception {
        try (Connection db = TestDatabase.connect();
             PreparedStatement query = db.prepareStatement("SELECT status, lease_owner IS NULL OR lease_expires_at <= now() "
                     + "FROM jobs WHERE id = ?::uuid")) {
            query.setString(1, jobId);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getString(1) + (row.getBoolean(2) ? "|released" : "|leased");
            }
        }
    }

    private static Map<String, String> withId(Map<String, String> properties, String id) {
        java.util.HashMap<String, String> all = new java.util.HashMap<>(properties);
        all.put("video-jobs.engine.instance-id", id);
        return all;
    }

    private static void collectUntil(JobUpdatesClient socket, String jobId, List<Long> seqs,
                                     java.util.function.Predicate<JsonObject> done) {
        while (true) {
            JsonObject message = socket.nextReceived(Duration.ofSeconds(120)).json();
            if (record(message, jobId, seqs) && done.test(message)) {
                return;
            }
        }
    }

    private static void collectUntilClosed(JobUpdatesClient socket, String jobId, List<Long> seqs) {
        for (JsonObject message : socket.drainExceptHeartbeats(Duration.ofSeconds(3))) {
            record(message, jobId, seqs);
        }
        assertFalse(seqs.isEmpty());
    }

    private static boolean record(JsonObject message, String jobId, List<Long> seqs) {
        if (!JOB_TYPES.contains(message.getString("type")) || !jobId.equals(message.getString("job_id"))) {
            return false;
        }
        seqs.add(message.getLong("seq"));
        return true;
    }
}
