package io.videojobs.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.videojobs.support.JobApi;
import io.videojobs.support.OpenApiContract;
import io.videojobs.support.TestTokens;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every operation, with good and bad requests, checked against the served OpenAPI document: {@link JobApi}'s
 * requests go through {@link OpenApiContract#FILTER}, which fails the test on any status, header or body the
 * document does not describe, and on any accepted request it does not allow. The other API tests carry the same
 * check on every request they make (429 in RateLimitTest, 416 and the signed links in SourceVideoTest).
 */
@QuarkusTest
class ApiContractTest {

    private static final String OTHER_ORIGIN = "https://elsewhere.example";

    private final JobApi alice = JobApi.as(TestTokens.user("contract-" + UUID.randomUUID()));

    @TestHTTPResource("/")
    URI base;

    @Test
    void theGoodRequestsOfEveryJobOperationKeepToTheDocument() {
        String jobId = alice.request().header("Idempotency-Key", "contract-" + UUID.randomUUID())
                .body(Map.of("source_url", "https://videos.example.com/contract.mp4",
                        "stages", List.of("METADATA_EXTRACTION", "THUMBNAIL_GENERATION"),
                        "options", Map.of("thumbnail_count", 3, "thumbnail_width", 320)))
                .post("/api/jobs").then().statusCode(202).extract().path("job_id");
        alice.get(jobId).statusCode(200);
        alice.request().queryParam("status", "PENDING").queryParam("limit", 1).get("/api/jobs").then().statusCode(200);
        alice.patchMetadata(jobId, Map.of("TITLE", "Contract", "DESCRIPTION", "Checked", "TAGS", List.of("a")))
                .statusCode(200).body("metadata.TAGS[0]", equalTo("a"));
        alice.request().queryParam("after_seq", 0).queryParam("limit", 2).get("/api/jobs/" + jobId + "/events")
                .then().statusCode(200);
        alice.cancel(jobId).statusCode(200);
        alice.request().post("/api/jobs/" + jobId + "/retry").then().statusCode(200);
        alice.request().delete("/api/jobs/" + jobId).then().statusCode(204);
        JobApi.anonymous().request().get("/api/sign-in-options").then().statusCode(200);

        String uploaded = alice.request().contentType(ContentType.MULTIPART)
                .multiPart("file", "clip.mp4", new byte[4096], "video/mp4")
                .multiPart("stages", "[\"METADATA_EXTRACTION\"]")
                .post("/api/jobs").then().statusCode(202).extract().path("job_id");
        alice.request().get("/api/jobs/" + uploaded + "/source").then().statusCode(200);
        alice.request().header("Range", "bytes=0-99").get("/api/jobs/" + uploaded + "/source").then().statusCode(206);
    }

    @Test
    void theBadRequestsOfEveryJobOperationAnswerTheDocumentedErrors() {
        String jobId = alice.submitJob();
        alice.submit("{\"sourceUrl\":\"https://videos.example.com/camel.mp4\"}").statusCode(400);
        alice.request().queryParam("limit", 0).get("/api/jobs").then().statusCode(400);
        alice.patchMetadata(jobId, Map.of("TRANSCRIPT", "x")).statusCode(400);
        alice.request().queryParam("after_seq", -1).get("/api/jobs/" + jobId + "/events").then().statusCode(400);
        JobApi.anonymous().request().get("/api/jobs").then().statusCode(401);
        JobApi.anonymous().request().get("/api/jobs/" + jobId + "/thumbnails/" + UUID.randomUUID()).then().statusCode(401);
        alice.request().header("Origin", OTHER_ORIGIN).get("/api/jobs").then().statusCode(403);
        alice.get(UUID.randomUUID().toString()).statusCode(404);
        alice.request().delete("/api/jobs/" + UUID.randomUUID()).then().statusCode(404);
        alice.request().get("/api/jobs/" + jobId + "/source").then().statusCode(404);
        alice.request().post("/api/jobs/" + jobId + "/retry").then().statusCode(409);
        alice.cancel(jobId).statusCode(200);
        alice.cancel(jobId).statusCode(409);
        alice.request().body("{\"TITLE\":\"" + "a".repeat(1024 * 1024) + "\"}").patch("/api/jobs/" + jobId + "/metadata")
                .then().statusCode(413);
        alice.request().contentType("text/plain").body("x").post("/api/jobs").then().statusCode(415);
        alice.request().contentType("text/plain").body("x").patch("/api/jobs/" + jobId + "/metadata").then().statusCode(415);
    }

    @Test
    void aChunkedBodyAnswersTheDocumented411() throws Exception {
        byte[] body = "{\"source_url\":\"https://v.example.com/a.mp4\"}".getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/jobs"))
                .header("Authorization", "Bearer " + alice.token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(411, response.statusCode());
        Map<String, String> headers = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
        OpenApiContract.servedBy(base.getScheme() + "://" + base.getAuthority()).assertKeptTo(new OpenApiContract.Exchange(
                "POST", "/api/jobs", Map.of(), "application/json", new String(body, StandardCharsets.UTF_8),
                Map.of(), response.statusCode(), headers, response.body()));
    }

    /** What Swagger UI's "Try it out" sends on POST /api/jobs: the document's example, verbatim. */
    @Test
    void theDocumentsExampleSubmissionIsAccepted() {
        JsonNode document = OpenApiContract.servedBy(base.getScheme() + "://" + base.getAuthority()).document();
        JsonNode example = document.at("/paths/~1api~1jobs/post/requestBody/content/application~1json/examples")
                .elements().next();
        if (example.has("$ref")) {
            example = document.at(example.path("$ref").asText().substring(1));
        }
        alice.submit(example.path("value").toString()).statusCode(202)
                .body("source_url", equalTo(example.at("/value/source_url").asText()));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
