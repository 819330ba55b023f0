package io.videojobs.processing.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.videojobs.support.EngineTestProfile;
import io.videojobs.support.MediaServerExtension;
import io.videojobs.support.JobApi;
import io.videojobs.support.TestTokens;
import io.videojobs.support.TestMedia;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A job cancelled in the middle of its stages is retried and runs to COMPLETED on real ffmpeg, keeping what it had. */
@QuarkusTest
@TestProfile(EngineTestProfile.class)
class RetryAfterCancelTest {

    @RegisterExtension
    static final MediaServerExtension server = new MediaServerExtension();
    private final JobApi carol = JobApi.as(TestTokens.user("carol-retry"));

    @Test
    void aCancelledJobIsRetriedFromItsFirstUnfinishedStageToCompleted() {
        String jobId = carol.submitJob(server.url(TestMedia.speech()), null);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> "COMPLETED".equals(stage(carol.readJob(jobId), "METADATA_EXTRACTION").path("status").asText()));
        carol.cancel(jobId).statusCode(200);
        await().atMost(Duration.ofSeconds(3)).until(() -> CancellationAndDeletionTest.ffmpegChildren() == 0);

        JsonNode retried = JobApi.parseJson(carol.request()
                .post("/api/jobs/" + jobId + "/retry").then().statusCode(200).extract().asString());
        assertEquals("PENDING", retried.path("status").asText());
        assertEquals("COMPLETED", stage(retried, "METADATA_EXTRACTION").path("status").asText(), "completed work is kept");

        JsonNode job = carol.awaitEnd(jobId, Duration.ofSeconds(90));
        assertEquals("COMPLETED", job.path("status").asText(), job.toString());
        job.path("stages").forEach(stage -> assertEquals("COMPLETED", stage.path("status").asText(), stage.toString()));
        assertEquals(5, job.path("thumbnails").size());
        Set<Double> times = new HashSet<>();
        job.path("thumbnails").forEach(t -> times.add(t.path("timestamp_seconds").asDouble()));
        assertEquals(5, times.size(), "no thumbnail twice");

        List<JsonNode> events = carol.allEvents(jobId);
        ProcessingEngineTest.assertGapFreeAndMonotonic(events);
        List<String> lifecycle = new java.util.ArrayList<>();
        for (JsonNode update : JobApi.ofType(events, "JOB_UPDATE")) {
            String status = update.path("data").path("status").asText();
            if (lifecycle.isEmpty() || !lifecycle.get(lifecycle.size() - 1).equals(status)) {
                lifecycle.add(status);
            }
        }
        assertEquals(List.of("PENDING", "PROCESSING", "CANCELLED", "PENDING", "PROCESSING", "COMPLETED"), lifecycle,
                "one event log across the retry");
        assertEquals(1, JobApi.ofType(events, "STAGE_UPDATE").stream()
                .filter(e -> e.path("data").path("stage_id").asText().equals("METADATA_EXTRACTION"))
                .filter(e -> e.path("data").path("status").asText().equals("COMPLETED")).count(),
                "METADATA_EXTRACTION is not run again");
    }

    static JsonNode stage(JsonNode job, String stageId) {
        for (JsonNode stage : job.path("stages")) {
            if (stage.path("stage_id").asText().equals(stageId)) {
                return stage;
            }
        }
        throw new AssertionError("no stage " + stageId + " in " + job);
    }
}
