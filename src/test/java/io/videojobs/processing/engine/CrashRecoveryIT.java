package io.videojobs.processing.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.videojobs.support.JobApi;
import io.videojobs.support.MediaServer;
import io.videojobs.support.ServiceInstance;
import io.videojobs.support.TestMedia;
import io.videojobs.support.TestTokens;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Crash recovery across real processes: instance A (the packaged app) is killed with SIGKILL in the middle
 * of a job; instance B takes the job over once A's lease has expired and finishes it, with no duplicate
 * thumbnails and a gap-free event log. The ffmpeg that A was running dies with A instead of running on.
 */
class CrashRecoveryIT {

    private static final int THUMBNAILS = 12;

    @Test
    void anotherInstanceFinishesAJobWhoseInstanceWasKilled() throws Exception {
        try (MediaServer server = MediaServer.start()) {
            String dave = TestTokens.user("dave-crash");
            String jobId;
            JsonNode[] lastSeen = new JsonNode[1];
            AtomicReference<List<ProcessHandle>> ffmpegOfA = new AtomicReference<>(List.of());
            try (ServiceInstance a = ServiceInstance.start("crash-a", true, engine("crash-a", "4s"))) {
                JobApi onA = JobApi.as(dave).on(a.port());
                jobId = onA.submit(Map.of("source_url", server.url(TestMedia.longSpeech()),
                                "options", Map.of("thumbnail_count", THUMBNAILS)))
                        .statusCode(202).extract().path("job_id");
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                    lastSeen[0] = onA.readJob(jobId);
                    // the processes seen here are the ones the kill finds running, not a second look at them
                    ffmpegOfA.set(ffmpegOf(a.process().toHandle()));
                    return lastSeen[0].path("thumbnails").size() >= 2 && !ffmpegOfA.get().isEmpty();
                });
                a.kill();
            }
            assertEquals("PROCESSING", lastSeen[0].path("status").asText(), "killed in the middle of the job");
            assertTrue(!ffmpegOfA.get().isEmpty(), "killed while it ran ffmpeg");
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> ffmpegOfA.get().stream().noneMatch(ProcessHandle::isAlive));

            try (ServiceInstance b = ServiceInstance.start("crash-b", false, engine("crash-b", "60s"))) {
                JobApi onB = JobApi.as(dave).on(b.port());
                JsonNode job = onB.awaitEnd(jobId, Duration.ofSeconds(120));

                assertEquals("COMPLETED", job.path("status").asText(), job.toString());
                assertEquals(THUMBNAILS, job.path("thumbnails").size());
                Set<Double> times = new HashSet<>();
                job.path("thumbnails").forEach(t -> times.add(t.path("timestamp_seconds").asDouble()));
                assertEquals(THUMBNAILS, times.size(), "no thumbnail twice");

                List<JsonNode> events = onB.allEvents(jobId);
                assertEquals(THUMBNAILS, JobApi.ofType(events, "THUMBNAIL_GENERATED").size(),
                        "each thumbnail announced once");
                ProcessingEngineTest.assertGapFreeAndMonotonic(events);
                assertTrue(b.log().contains("Running job " + jobId), "instance B took the job over");
                assertTrue(JobApi.ofType(events, "METADATA_UPDATE").stream()
                        .anyMatch(e -> e.path("data").path("metadata_type").asText().equals("TRANSCRIPT")));
            }
        }
    }

    /** The instance's running ffmpeg and ffprobe processes (speech recognition runs in ffprobe). */
    private static List<ProcessHandle> ffmpegOf(ProcessHandle instance) {
        return instance.descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.matches("(.*/)?ff(mpeg|probe)")).orElse(false))
                .toList();
    }

    private static Map<String, String> engine(String instanceId, String lease) {
        return Map.of(
                "video-jobs.engine.enabled", "true",
                "video-jobs.engine.instance-id", instanceId,
                "video-jobs.engine.lease-duration", lease,
                "video-jobs.fetch.allowed-hosts", "127.0.0.1",
                "video-jobs.storage.directory", "target/it-storage");
    }
}
