package io.videojobs.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The job API as a test user drives it: submit, read, wait for an end state, read the event log. */
public final class ProcessingClient {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELLED");

    private final String token;

    public ProcessingClient(String user) {
        this.token = TestTokens.user(user);
    }

    public String token() {
        return token;
    }

    /** Submits a URL job and returns its id. */
    public String submit(String sourceUrl, List<String> stages) {
        Map<String, Object> body = stages == null ? Map.of("source_url", sourceUrl)
                : Map.of("source_url", sourceUrl, "stages", stages);
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post("/api/jobs").then().statusCode(202).extract().path("job_id");
    }

    public JsonNode job(String jobId) {
        return read(given().auth().oauth2(token).get("/api/jobs/" + jobId).then().statusCode(200)
                .extract().asString());
    }

    /** Waits until the job has ended and returns it. */
    public JsonNode awaitEnd(String jobId, Duration timeout) {
        return awaitEnd(jobId, timeout, Duration.ofMillis(200));
    }

    /** Waits until the job has ended, checking every {@code poll}, and returns it. */
    public JsonNode awaitEnd(String jobId, Duration timeout, Duration poll) {
        await().atMost(timeout).pollInterval(poll)
                .until(() -> TERMINAL.contains(job(jobId).path("status").asText()));
        return job(jobId);
    }

    /** Every logged event of the job, in seq order. */
    public List<JsonNode> events(String jobId) {
        List<JsonNode> events = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = read(given().auth().oauth2(token).queryParam("after_seq", after).queryParam("limit", 1000)
                    .get("/api/jobs/" + jobId + "/events").then().statusCode(200).extract().asString());
            page.path("events").forEach(events::add);
            after = page.path("next_after_seq").asLong();
            if (!page.path("has_more").asBoolean()) {
                return events;
            }
        }
    }

    public static List<JsonNode> ofType(List<JsonNode> events, String type) {
        return events.stream().filter(e -> type.equals(e.path("type").asText())).toList();
    }

    public static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
