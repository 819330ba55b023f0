package io.videojobs.processing.engine;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.videojobs.health.ProxiedDatabaseResource;
import io.videojobs.support.EngineTestProfile;
import io.videojobs.support.MediaServerExtension;
import io.videojobs.support.JobApi;
import io.videojobs.support.TestTokens;
import io.videojobs.support.TestMedia;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An outage is not a job failure: the database is cut three times in the middle of one job's stages (through
 * a TCP proxy in front of PostgreSQL), and the job still completes, with its attempt count unchanged and no
 * uncaught exception or engine error logged.
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.EngineBehindProxy.class)
class DatabaseOutageTest {

    /** The engine profile, with both datasources behind the proxy. */
    public static class EngineBehindProxy extends EngineTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PatientProxiedDatabase.class));
        }
    }

    /** The readiness test's proxied database, with time for Flyway to connect on a busy machine. */
    public static class PatientProxiedDatabase extends ProxiedDatabaseResource {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = new java.util.HashMap<>(super.start());
            config.put("quarkus.datasource.jdbc.acquisition-timeout", "30S");
            return config;
        }
    }

    private static final Duration OUTAGE = Duration.ofSeconds(3);
    @RegisterExtension
    static final MediaServerExtension server = new MediaServerExtension();
    private final JobApi erin = JobApi.as(TestTokens.user("erin-outage"));
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final Handler errors = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                problems.add(record.getLoggerName() + ": " + record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Thread.UncaughtExceptionHandler previousHandler;

    @Inject
    Pool pool;

    @BeforeEach
    void watchForErrors() {
        Logger.getLogger("io.videojobs.processing").addHandler(errors);
        previousHandler = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> problems.add("uncaught in " + thread.getName() + ": " + e));
    }

    @AfterEach
    void stopWatching() {
        Logger.getLogger("io.videojobs.processing").removeHandler(errors);
        Thread.setDefaultUncaughtExceptionHandler(previousHandler);
    }

    @Test
    void aJobCompletesThroughThreeDatabaseOutagesWithoutUsingAnAttempt() throws InterruptedException {
        String jobId = given().auth().oauth2(erin.token()).contentType(ContentType.JSON)
                .body(Map.of("source_url", server.url(TestMedia.longSpeech()), "options", Map.of("thumbnail_count", 12)))
                .post("/api/jobs").then().statusCode(202).extract().path("job_id");

        long seenSeq = 0;
        for (int cut = 1; cut <= 3; cut++) {
            long after = seenSeq;
            JsonNode[] running = new JsonNode[1];
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                running[0] = erin.readJob(jobId);
                return running[0].path("last_seq").asLong() > after && runningStage(running[0]) != null;
            });
            assertEquals("PROCESSING", running[0].path("status").asText(), "cut " + cut + " lands in the middle of the job");
            ProxiedDatabaseResource.PROXY.stop();
            Thread.sleep(OUTAGE.toMillis());
            ProxiedDatabaseResource.PROXY.start();
            seenSeq = running[0].path("last_seq").asLong();
        }

        JsonNode job = erin.awaitEnd(jobId, Duration.ofMinutes(5));
        assertEquals("COMPLETED", job.path("status").asText(), job.toString());
        job.path("stages").forEach(stage -> assertEquals("COMPLETED", stage.path("status").asText(), stage.toString()));
        assertEquals(12, job.path("thumbnails").size());
        assertEquals(0, attempts(jobId), "the outages used up no attempt");
        List<JsonNode> events = erin.allEvents(jobId);
        assertEquals(List.of(), JobApi.ofType(events, "ERROR"), "an outage is no job error");
        ProcessingEngineTest.assertGapFreeAndMonotonic(events);
        assertTrue(problems.isEmpty(), "no uncaught exception and no error logged: " + problems);
    }

    /** The stage the job is running, or null. */
    private static String runningStage(JsonNode job) {
        for (JsonNode stage : job.path("stages")) {
            if (stage.path("status").asText().equals("PROCESSING")) {
                return stage.path("stage_id").asText();
            }
        }
        return null;
    }

    private int attempts(String jobId) {
        return pool.preparedQuery("SELECT attempts FROM jobs WHERE id = $1").execute(Tuple.of(UUID.fromString(jobId)))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getInteger(0);
    }
}
