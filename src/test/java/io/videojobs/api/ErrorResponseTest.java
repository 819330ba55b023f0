package io.videojobs.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.videojobs.support.JobApi;
import io.videojobs.support.TestTokens;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Bad input answers 400 VALIDATION_ERROR with field-level details, and never a stack trace; bodies over
 * their limit, or of undeclared length, are refused before they are read.
 */
@QuarkusTest
class ErrorResponseTest {

    private final String aliceToken = TestTokens.user("errors-" + UUID.randomUUID());
    private final JobApi alice = JobApi.as(aliceToken);

    @TestHTTPResource("/api/jobs")
    URI jobsUri;

    private void rejects(String body, String field) {
        alice.request().body(body).post("/api/jobs").then().statusCode(400)
                .body("error_code", equalTo("VALIDATION_ERROR"))
                .body("error_message", not(containsString("Exception")))
                .body("details.field", hasItem(field));
    }

    @Test
    void malformedJson() {
        rejects("{\"source_url\": ", "body");
        rejects("not json at all", "body");
    }

    @Test
    void missingOrWrongSourceUrl() {
        rejects("{}", "source_url");
        rejects("{\"source_url\":\"\"}", "source_url");
        rejects("{\"source_url\":\"ftp://files.example.com/v.mp4\"}", "source_url");
        rejects("{\"source_url\":\"file:///etc/passwd\"}", "source_url");
        rejects("{\"source_url\":\"https://\"}", "source_url");
        rejects("{\"source_url\":\"https://user:pw@videos.example.com/v.mp4\"}", "source_url");
        rejects("{\"source_url\":\"https://videos.example.com/" + "a".repeat(2100) + "\"}", "source_url");
    }

    @Test
    void unknownStageOrEmptyStages() {
        rejects("{\"source_url\":\"https://v.example.com/a.mp4\",\"stages\":[\"UPSCALING\"]}", "stages[0]");
        rejects("{\"source_url\":\"https://v.example.com/a.mp4\",\"stages\":[]}", "stages");
        rejects("{\"source_url\":\"https://v.example.com/a.mp4\",\"stages\":\"CHAPTERS\"}", "stages");
    }

    @Test
    void badOptionsAndUnknownFields() {
        rejects("{\"source_url\":\"https://v.example.com/a.mp4\",\"options\":{\"thumbnail_count\":0}}", "options.thumbnail_count");
        rejects("{\"source_url\":\"https://v.example.com/a.mp4\",\"options\":{\"frames\":3}}", "options.frames");
        rejects("{\"source_url\":\"https://v.example.com/a.mp4\",\"priority\":1}", "priority");
    }

    @Test
    void emptyBody() {
        alice.request().post("/api/jobs").then().statusCode(400).body("error_code", equalTo("VALIDATION_ERROR"));
    }

    @Test
    void wrongContentTypeMethodAndRoute() {
        alice.request().contentType("text/plain").body("x").post("/api/jobs").then().statusCode(415)
                .body("error_code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
        alice.request().delete("/api/jobs").then().statusCode(405).body("error_code", equalTo("METHOD_NOT_ALLOWED"));
        alice.request().get("/api/nothing-here").then().statusCode(404).body("error_code", equalTo("NOT_FOUND"));
    }

    @Test
    void aJsonBodyOverItsLimitIs413WhileOneJustUnderItIsRead() {
        String padding = "a".repeat(1024 * 1024);
        alice.request().body("{\"source_url\":\"https://v.example.com/a.mp4\",\"note\":\"" + padding + "\"}")
                .post("/api/jobs").then().statusCode(413)
                .body("error_code", equalTo("PAYLOAD_TOO_LARGE"))
                .body("error_message", containsString("JSON bodies is 1048576 bytes"));
        rejects("{\"source_url\":\"https://v.example.com/a.mp4\",\"note\":\"" + padding.substring(100) + "\"}", "note");
    }

    @Test
    void aChunkedJsonBodyIs411AndCreatesNothing() throws Exception {
        byte[] body = "{\"source_url\":\"https://v.example.com/a.mp4\"}".getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(jobsUri).header("Authorization", "Bearer " + aliceToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(411, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"error_code\":\"LENGTH_REQUIRED\""), response.body());
        alice.request().get("/api/jobs").then().statusCode(200).body("items", org.hamcrest.Matchers.hasSize(0));
    }

    @Test
    void rejectedSubmissionsCreateNothing() {
        rejects("{\"source_url\":\"gopher://v.example.com\"}", "source_url");
        alice.request().get("/api/jobs").then().statusCode(200).body("items", org.hamcrest.Matchers.hasSize(0));
    }

    @Test
    void validSubmissionStillWorksAfterBadOnes() {
        malformedJson();
        alice.submit(Map.of("source_url", "https://v.example.com/ok.mp4", "stages", List.of("CHAPTERS")))
                .statusCode(202);
        given().get("/q/health/live").then().statusCode(200);
    }
}
