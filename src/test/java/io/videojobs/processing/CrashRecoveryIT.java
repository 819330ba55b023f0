package io.videojobs.processing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.videojobs.support.ProcessingClient;
import io.videojobs.support.MediaServer;
import io.videojobs.support.TestMedia;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Crash recovery across real processes: instance A (the packaged app) is killed with SIGKILL in the middle
 * of a job; instance B takes the job over once A's lease has expired and finishes it, with no duplicate
 * thumbnails and a gap-free event log. Then B is stopped gracefully mid-job: it releases its (long) lease
 * and instance C takes the job over at once.
 */
class CrashRecoveryIT {

    private static final Path APP = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final int THUMBNAILS = 12;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopInstances() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void anotherInstanceFinishesAJobWhoseInstanceWasKilled() throws Exception {
        assertTrue(Files.exists(APP), "run after package: " + APP);
        try (MediaServer server = MediaServer.start()) {
            int portA = freePort();
            Process a = startInstance("crash-a", portA, true, "4s");
            awaitReady(portA);
            RestAssured.port = portA;
            ProcessingClient dave = new ProcessingClient("dave-crash");
            String jobId = given().auth().oauth2(dave.token()).contentType(ContentType.JSON)
                    .body(Map.of("source_url", server.url(TestMedia.speech()),
                            "options", Map.of("thumbnail_count", THUMBNAILS)))
                    .post("/api/jobs").then().statusCode(202).extract().path("job_id");

            JsonNode[] lastSeen = new JsonNode[1];
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                lastSeen[0] = dave.job(jobId);
                return lastSeen[0].path("thumbnails").size() >= 2;
            });
            a.destroyForcibly().waitFor();
            assertEquals("PROCESSING", lastSeen[0].path("status").asText(), "killed in the middle of the job");

            int portB = freePort();
            Process b = startInstance("crash-b", portB, false, "60s");
            awaitReady(portB);
            RestAssured.port = portB;
            JsonNode job = dave.awaitEnd(jobId, Duration.ofSeconds(120));

            assertEquals("COMPLETED", job.path("status").asText(), job.toString());
            assertEquals(THUMBNAILS, job.path("thumbnails").size());
            Set<Double> times = new HashSet<>();
            job.path("thumbnails").forEach(t -> times.add(t.path("timestamp_seconds").asDouble()));
            assertEquals(THUMBNAILS, times.size(), "no thumbnail twice");

            List<JsonNode> events = dave.events(jobId);
            assertEquals(THUMBNAILS, ProcessingClient.ofType(events, "THUMBNAIL_GENERATED").size(), "each thumbnail announced once");
            ProcessingEngineTest.assertGapFreeAndMonotonic(events);
            String logB = Files.readString(Path.of("target", "crash-b.log"));
            assertTrue(logB.contains("Running job " + jobId), "instance B took the job over");
            assertTrue(ProcessingClient.ofType(events, "METADATA_UPDATE").stream()
                    .anyMatch(e -> e.path("data").path("metadata_type").asText().equals("TRANSCRIPT")));
        }
    }

    private Process startInstance(String instanceId, int port, boolean cleanDatabase, String lease) throws IOException {
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.profile=test",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.flyway.clean-at-start=" + cleanDatabase,
                "-Dvideo-jobs.engine.enabled=true",
                "-Dvideo-jobs.engine.instance-id=" + instanceId,
                "-Dvideo-jobs.engine.lease-duration=" + lease,
                "-Dvideo-jobs.fetch.allowed-hosts=127.0.0.1",
                "-Dvideo-jobs.storage.directory=target/it-storage",
                "-jar", APP.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", instanceId + ".log").toFile());
        builder.environment().put("VIDEO_JOBS_TEST_DB",
                System.getenv().getOrDefault("VIDEO_JOBS_TEST_DB", "videojobs_test"));
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private static void awaitReady(int port) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> given().port(port).get("/q/health/ready").statusCode() == 200);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
