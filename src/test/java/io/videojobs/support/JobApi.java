package io.videojobs.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The job API as one test user calls it, with their bearer token: the one REST helper of the tests. It calls
 * the application under test (RestAssured's port) unless {@link #on} names another instance. Methods returning
 * a {@link ValidatableResponse} leave every check to the test; the others expect success and fail otherwise.
 * Every request it makes is also checked against the served OpenAPI document ({@link OpenApiContract}).
 */
public final class JobApi {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELLED");
    /** A public-looking address; with the engine off, as in the %test profile, nothing is ever fetched. */
    private static final String EXAMPLE_SOURCE_URL = "https://videos.example.com/clip.mp4";

    private final String token;
    /** The port of the instance to call, or null for RestAssured's default: the app under test. */
    private final Integer port;

    private JobApi(String token, Integer port) {
        this.token = token;
        this.port = port;
    }

    public static JobApi as(String token) {
        return new JobApi(token, null);
    }

    /** A caller without a token, for what needs none (signed links) and for the 401s. */
    public static JobApi anonymous() {
        return new JobApi(null, null);
    }

    /** The same user, calling the instance on {@code port} (a separately started {@link ServiceInstance}). */
    public JobApi on(int port) {
        return new JobApi(token, port);
    }

    public String token() {
        return token;
    }

    /** A request with the user's token and a JSON content type, for calls this class has no method for. */
    public RequestSpecification request() {
        RequestSpecification request = given().filter(OpenApiContract.FILTER).contentType(ContentType.JSON);
        if (token != null) {
            request.auth().oauth2(token);
        }
        return port == null ? request : request.port(port);
    }

    public ValidatableResponse submit(Object body) {
        return request().body(body).post("/api/jobs").then();
    }

    /** Submits a job for an example URL and returns its id. */
    public String submitJob() {
        return submitJob(EXAMPLE_SOURCE_URL, null);
    }

    /** Submits a job for {@code sourceUrl} with these stages (null: all) and returns its id. */
    public String submitJob(String sourceUrl, List<String> stages) {
        Map<String, Object> body = stages == null ? Map.of("source_url", sourceUrl)
                : Map.of("source_url", sourceUrl, "stages", stages);
        return submit(body).statusCode(202).extract().path("job_id");
    }

    public ValidatableResponse get(String jobId) {
        return request().get("/api/jobs/" + jobId).then();
    }

    /** The job as JSON; expects 200. */
    public JsonNode readJob(String jobId) {
        return parseJson(get(jobId).statusCode(200).extract().asString());
    }

    /** Waits until the job has ended and returns it. */
    public JsonNode awaitEnd(String jobId, Duration timeout) {
        return awaitEnd(jobId, timeout, Duration.ofMillis(200));
    }

    /** Waits until the job has ended, checking every {@code poll}, and returns it. */
    public JsonNode awaitEnd(String jobId, Duration timeout, Duration poll) {
        await().atMost(timeout).pollInterval(poll)
                .until(() -> TERMINAL.contains(readJob(jobId).path("status").asText()));
        return readJob(jobId);
    }

    public ValidatableResponse cancel(String jobId) {
        return request().post("/api/jobs/" + jobId + "/cancel").then();
    }

    /** PATCHes the job's metadata with {@code body}: a map, or a JSON string. */
    public ValidatableResponse patchMetadata(String jobId, Object body) {
        return request().body(body).patch("/api/jobs/" + jobId + "/metadata").then();
    }

    /** Sets the job's title; expects 200. */
    public void setTitle(String jobId, String title) {
        patchMetadata(jobId, Map.of("TITLE", title)).statusCode(200);
    }

    /** {@code GET /api/search?q=}. */
    public ValidatableResponse search(String q) {
        return request().queryParam("q", q).get("/api/search").then();
    }

    /** One page of the job's logged events, those after {@code afterSeq}. */
    public ValidatableResponse eventPage(String jobId, long afterSeq) {
        return request().queryParam("after_seq", afterSeq).get("/api/jobs/" + jobId + "/events").then();
    }

    /** Every logged event of the job, in seq order, read page by page; expects 200. */
    public List<JsonNode> allEvents(String jobId) {
        List<JsonNode> events = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = parseJson(request().queryParam("after_seq", after).queryParam("limit", 1000)
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

    public static JsonNode parseJson(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
