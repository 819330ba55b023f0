package io.videojobs.metrics;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.videojobs.processing.engine.JobRunner;
import io.videojobs.support.EngineTestProfile;
import io.videojobs.support.JobApi;
import io.videojobs.support.JobUpdatesClient;
import io.videojobs.support.MediaServerExtension;
import io.videojobs.support.PrometheusScrape;
import io.videojobs.support.TestDatabase;
import io.videojobs.support.TestMedia;
import io.videojobs.support.TestTokens;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Real engine runs and a real WebSocket client move the figures scraped from /q/metrics; engine logs carry the job id. */
@QuarkusTest
@TestProfile(EngineTestProfile.class)
class MetricsTest {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(90);
    @RegisterExtension
    static final MediaServerExtension server = new MediaServerExtension();
    private final JobApi owner = JobApi.as(TestTokens.user("metrics-owner"));

    @TestHTTPResource("/")
    URL base;

    @Test
    void anEngineRunMovesStageHistogramsAndJobCountsAndItsLogsCarryTheJobId() {
        awaitEngineIdle();
        PrometheusScrape before = PrometheusScrape.now();
        Map<String, String> jobIdOfMessage = new ConcurrentHashMap<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record instanceof ExtLogRecord ext && ext.getMdc(JobRunner.MDC_JOB_ID) != null) {
                    jobIdOfMessage.put(ext.getFormattedMessage(), ext.getMdc(JobRunner.MDC_JOB_ID));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger runnerLog = Logger.getLogger(JobRunner.class.getName());
        runnerLog.addHandler(capture);
        String jobId;
        try {
            jobId = owner.submitJob(server.url(TestMedia.subtitles()), List.of("METADATA_EXTRACTION", "TRANSCRIPTION"));
            JsonNode job = owner.awaitEnd(jobId, JOB_TIMEOUT);
            assertEquals("COMPLETED", job.path("status").asText(), job.toString());
        } finally {
            runnerLog.removeHandler(capture);
        }

        PrometheusScrape after = PrometheusScrape.now();
        for (String stage : List.of("METADATA_EXTRACTION", "TRANSCRIPTION")) {
            String[] completed = {"stage_id", stage, "outcome", "completed"};
            assertEquals(1, after.value("videojobs_stage_duration_seconds_count", completed)
                    - before.value("videojobs_stage_duration_seconds_count", completed), 0.0, stage + " count");
            assertTrue(after.value("videojobs_stage_duration_seconds_sum", completed)
                    > before.value("videojobs_stage_duration_seconds_sum", completed), stage + " duration sum");
            assertEquals(1, after.value("videojobs_stage_duration_seconds_bucket", "stage_id", stage, "outcome",
                    "completed", "le", "+Inf") - before.value("videojobs_stage_duration_seconds_bucket", "stage_id", stage,
                    "outcome", "completed", "le", "+Inf"), 0.0, stage + " histogram +Inf bucket");
        }
        double completedBefore = before.value("videojobs_jobs", "status", "COMPLETED");
        await().atMost(Duration.ofSeconds(10)).until(
                () -> PrometheusScrape.now().value("videojobs_jobs", "status", "COMPLETED") >= completedBefore + 1);

        String started = "Running job " + jobId + " from stage METADATA_EXTRACTION";
        assertEquals(jobId, jobIdOfMessage.get(started), "job_id in the MDC of " + started + "; captured " + jobIdOfMessage);
    }

    @Test
    void aWebSocketClientMovesConnectionAndSubscriptionGaugesTheSentCounterAndTheWriteDelays() {
        String jobId = owner.submitJob(server.url(TestMedia.subtitles()), List.of("METADATA_EXTRACTION"));
        owner.awaitEnd(jobId, JOB_TIMEOUT);
        PrometheusScrape before = PrometheusScrape.now();
        double connections = before.value("videojobs_ws_connections");
        double subscriptions = before.value("videojobs_ws_subscriptions");
        double sent = before.value("videojobs_ws_messages_sent_total");
        double timedWrites = before.value("videojobs_ws_write_delay_seconds_count");

        int received;
        try (JobUpdatesClient client = JobUpdatesClient.connect(base.getPort(), owner.token())) {
            client.subscribe(jobId);
            client.skipTo("SUBSCRIBED");
            received = 2 + client.drainAll(Duration.ofMillis(500)).size();

            PrometheusScrape open = PrometheusScrape.now();
            assertEquals(connections + 1, open.value("videojobs_ws_connections"), 0.0, "open connections");
            assertEquals(subscriptions + 1, open.value("videojobs_ws_subscriptions"), 0.0, "subscriptions");
            assertTrue(received >= 3, "ack, SUBSCRIBED and the job's snapshot; got " + received);
            assertEquals(sent + received, open.value("videojobs_ws_messages_sent_total"), 0.0, "messages sent");
            assertEquals(timedWrites + received, open.value("videojobs_ws_write_delay_seconds_count"), 0.0,
                    "every written message has its write delay recorded");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            PrometheusScrape closed = PrometheusScrape.now();
            return closed.value("videojobs_ws_connections") == connections
                    && closed.value("videojobs_ws_subscriptions") == subscriptions;
        });
    }

    /**
     * Waits until no job of an earlier test class (the engine profile's application is shared) is running or due,
     * so that the stage counters move for this test's job alone.
     */
    private static void awaitEngineIdle() {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
            try (java.sql.Connection db = TestDatabase.connect();
                 java.sql.ResultSet busy = db.createStatement().executeQuery("SELECT count(*) FROM jobs WHERE "
                         + "status = 'PROCESSING' OR (status = 'PENDING' AND coalesce(next_attempt_at, now()) <= now())")) {
                busy.next();
                return busy.getLong(1) == 0;
            }
        });
    }
}
