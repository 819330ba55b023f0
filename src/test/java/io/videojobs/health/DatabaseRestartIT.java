package io.videojobs.health;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.json.JsonObject;
import io.videojobs.support.JobApi;
import io.videojobs.support.JobUpdatesClient;
import io.videojobs.support.RestartablePostgres;
import io.videojobs.support.ServiceInstance;
import io.videojobs.support.TestTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A prod instance of the packaged service across a real PostgreSQL restart (a fast shutdown ends every
 * connection with {@code 57P01 terminating connection due to administrator command}), with a socket subscribed
 * and its engine polling: every line the process writes, stdout and stderr, is a JSON log record; the lost
 * LISTEN connection is one warning that says what the service does; and the service works again afterwards.
 */
class DatabaseRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aPostgresRestartLeavesOnlyJsonLinesAndTheServiceServesAgain() throws Exception {
        List<String> lines;
        try (RestartablePostgres postgres = RestartablePostgres.start("restart-postgres")) {
            Map<String, String> properties = new HashMap<>(postgres.datasourceProperties());
            // the engine polls across the restart; the example job's host is refused at once, so it fails before it
            properties.put("video-jobs.fetch.allowed-hosts", "127.0.0.1");
            try (ServiceInstance instance = ServiceInstance.startProd("db-restart", properties)) {
                String token = TestTokens.user("db-restart-user");
                JobApi api = JobApi.as(token).on(instance.port());
                String jobId = api.submitJob();
                try (JobUpdatesClient socket = JobUpdatesClient.connect(instance.port(), token)) {
                    socket.subscribe(jobId);
                    socket.expect("SUBSCRIBED");
                    api.setTitle(jobId, "Before the restart");
                    assertEquals("Before the restart", titleEdit(socket));

                    postgres.restart();
                    awaitReady(instance.port());
                    api.setTitle(jobId, "After the restart");
                    assertEquals("After the restart", titleEdit(socket), "the socket opened before the restart "
                            + "still receives updates");
                    assertEquals("After the restart", api.readJob(jobId).path("metadata").path("TITLE").asText(), "the edit is stored");
                }
                lines = instance.log().lines().toList();
            }
        }
        List<JsonNode> records = new ArrayList<>();
        for (String line : lines) {
            try {
                records.add(JSON.readTree(line));
            } catch (Exception e) {
                fail("Not a JSON log line: " + line);
            }
        }
        assertEquals(1, records.stream().filter(r -> r.path("loggerName").asText().endsWith("JobChangeListener")
                        && r.path("level").asText().equals("WARN") && r.path("message").asText().contains("LISTEN"))
                .count(), "one warning for the lost LISTEN connection:\n" + String.join("\n", lines));
        assertTrue(records.stream().filter(r -> r.path("message").asText().startsWith("Claiming a job failed")).count()
                <= 1, "the engine warns once while it cannot claim:\n" + String.join("\n", lines));
        assertTrue(records.stream().noneMatch(r -> r.path("level").asText().equals("ERROR")),
                "an expected fault is no error:\n" + String.join("\n", lines));
    }

    /** Passes over the job's own events (the engine may be running it) to the next title edit. */
    private static String titleEdit(JobUpdatesClient socket) {
        while (true) {
            JsonObject message = socket.skipTo("METADATA_UPDATE");
            JsonObject data = message.getJsonObject("data");
            if ("TITLE".equals(data.getString("metadata_type"))) {
                return data.getString("content");
            }
        }
    }

    private static void awaitReady(int port) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> given().port(port).get("/q/health/ready").statusCode() == 200);
    }
}
