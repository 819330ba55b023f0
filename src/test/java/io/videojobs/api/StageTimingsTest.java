package io.videojobs.api;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.videojobs.support.EngineTestProfile;
import io.videojobs.support.JobApi;
import io.videojobs.support.MediaServerExtension;
import io.videojobs.support.TestMedia;
import io.videojobs.support.TestTokens;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each stage's timings as the engine records them, and the operator's percentiles over them. */
@QuarkusTest
@TestProfile(EngineTestProfile.class)
class StageTimingsTest {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(90);
    @RegisterExtension
    static final MediaServerExtension server = new MediaServerExtension();
    private final JobApi alice = JobApi.as(TestTokens.user("alice-timings"));
    private final JobApi admin = JobApi.as(TestTokens.admin("root-timings"));

    @Inject
    Pool pool;

    @Test
    void everyStageOfACompletedJobHasItsTimesOneAttemptAndTheCpuItsProcessesUsed() {
        String jobId = alice.submitJob(server.url(TestMedia.speechWithScenes()), null);
        JsonNode job = alice.awaitEnd(jobId, JOB_TIMEOUT);
        assertEquals("COMPLETED", job.path("status").asText(), job.toString());
        Instant created = Instant.parse(job.path("created_at").asText());
        Instant previousEnd = null;
        for (JsonNode stage : job.path("stages")) {
            String name = stage.path("stage_id").asText();
            Instant runnable = Instant.parse(stage.path("runnable_at").asText());
            Instant started = Instant.parse(stage.path("started_at").asText());
            Instant finished = Instant.parse(stage.path("finished_at").asText());
            assertEquals(previousEnd == null ? created : previousEnd, runnable,
                    name + ": runnable at the submission, or when the stage before ended");
            assertTrue(!started.isBefore(runnable) && !finished.isBefore(started), stage.toString());
            assertEquals(Duration.between(started, finished).toMillis() / 1000.0, stage.path("duration_seconds").asDouble(), 0.0005);
            assertEquals(1, stage.path("attempts").asInt(), stage.toString());
            assertTrue(stage.path("cpu_seconds").isNumber() && stage.path("cpu_seconds").asDouble() >= 0, stage.toString());
            previousEnd = finished;
        }
        double decodeCpu = 0;
        for (JsonNode stage : job.path("stages")) {
            decodeCpu += stage.path("cpu_seconds").asDouble();
        }
        assertTrue(decodeCpu > 0.05, "ffmpeg's work is counted: " + job.path("stages"));
    }

    @Test
    void anAdminReadsEachStagesMedianAndP95OverTheLastHourAsTheStoredTimingsGiveThem() {
        String jobId = alice.submitJob(server.url(TestMedia.scenes()), List.of("METADATA_EXTRACTION", "CHAPTERS"));
        assertEquals("COMPLETED", alice.awaitEnd(jobId, JOB_TIMEOUT).path("status").asText());
        Map<String, List<Double>> before = durations();
        JsonNode figures = JobApi.parseJson(admin.request().get("/api/admin/stage-durations").then().statusCode(200)
                .extract().asString());
        Map<String, List<Double>> after = durations();
        assertEquals(before, after, "no stage ended while the figures were read");
        assertEquals(3600, figures.path("window_seconds").asInt());
        List<String> shown = new ArrayList<>();
        for (JsonNode stage : figures.path("stages")) {
            String name = stage.path("stage_id").asText();
            List<Double> values = after.get(name);
            assertNotNull(values, name);
            shown.add(name);
            assertEquals(values.size(), stage.path("runs").asInt(), name);
            assertEquals(percentile(values, 0.5), stage.path("median_seconds").asDouble(), 0.001, name);
            assertEquals(percentile(values, 0.95), stage.path("p95_seconds").asDouble(), 0.001, name);
        }
        assertEquals(List.copyOf(after.keySet()), shown, "every stage that ran, in run order");
        assertTrue(shown.containsAll(List.of("METADATA_EXTRACTION", "CHAPTERS")), shown.toString());
    }

    @Test
    void aUserWhoIsNotAnAdminIsRefused() {
        alice.request().get("/api/admin/stage-durations").then().statusCode(403).body("error_code", equalTo("FORBIDDEN"));
    }

    /** The durations of the stages completed in the last hour, per stage in run order, sorted. */
    private Map<String, List<Double>> durations() {
        Map<String, List<Double>> byStage = new LinkedHashMap<>();
        for (Row row : pool.query("""
                SELECT stage_id, extract(epoch FROM finished_at - started_at)::float8 AS seconds FROM job_stages
                 WHERE status = 'COMPLETED' AND started_at IS NOT NULL AND finished_at >= now() - interval '1 hour'
                 ORDER BY position, seconds""").execute().await().indefinitely()) {
            byStage.computeIfAbsent(row.getString("stage_id"), stage -> new ArrayList<>()).add(row.getDouble("seconds"));
        }
        return byStage;
    }

    /** PostgreSQL's percentile_cont: linear interpolation between the sorted values around position p × (n − 1). */
    private static double percentile(List<Double> sorted, double p) {
        double at = p * (sorted.size() - 1);
        int below = (int) Math.floor(at);
        int above = (int) Math.ceil(at);
        return sorted.get(below) + (sorted.get(above) - sorted.get(below)) * (at - below);
    }
}
