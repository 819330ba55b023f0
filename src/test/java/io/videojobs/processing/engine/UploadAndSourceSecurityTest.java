package io.videojobs.processing.engine;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.videojobs.support.EngineTestProfile;
import io.videojobs.support.JobApi;
import io.videojobs.support.MediaServerExtension;
import io.videojobs.support.TestMedia;
import io.videojobs.support.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Uploaded sources, the upload size limit, SSRF protection at submission and at fetch, and fetch retries. */
@QuarkusTest
@TestProfile(EngineTestProfile.class)
class UploadAndSourceSecurityTest {

    @RegisterExtension
    static final MediaServerExtension server = new MediaServerExtension();

    @TestHTTPResource("/")
    URL baseUrl;
    private final JobApi carol = JobApi.as(TestTokens.user("carol-engine"));

    @Test
    void anUploadedVideoIsProcessedAndNamedAfterItsFile() {
        String jobId = given().auth().oauth2(carol.token())
                .multiPart("file", "my_holiday-clip.mp4", readAll(TestMedia.scenes()), "video/mp4")
                .multiPart("stages", "[\"METADATA_EXTRACTION\",\"THUMBNAIL_GENERATION\",\"METADATA_GENERATION\"]")
                .multiPart("options", "{\"thumbnail_count\":3,\"thumbnail_width\":160}")
                .post("/api/jobs").then().statusCode(202)
                .body("source_url", equalTo(null))
                .extract().path("job_id");
        JsonNode job = carol.awaitEnd(jobId, Duration.ofSeconds(60));

        assertEquals("COMPLETED", job.path("status").asText(), job.toString());
        assertEquals(3, job.path("thumbnails").size());
        assertEquals(160, job.path("thumbnails").get(0).path("width").asInt());
        assertEquals(120, job.path("thumbnails").get(0).path("height").asInt());
        assertEquals("My holiday clip", job.path("metadata").path("TITLE").asText());
    }

    @Test
    void anUploadOverTheLimitIs413InTheStandardErrorBody() throws IOException {
        String boundary = "video-jobs-test-boundary";
        long declared = 21L * 1024 * 1024;
        try (Socket socket = new Socket(baseUrl.getHost(), baseUrl.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/jobs HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + carol.token() + "\r\n"
                    + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: " + declared
                    + "\r\n\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.mp4\"\r\n"
                    + "Content-Type: video/mp4\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[64 * 1024]);
            out.flush();
            String response = readResponse(socket.getInputStream());

            assertTrue(response.startsWith("HTTP/1.1 413"), response);
            JsonNode body = JobApi.parseJson(response.substring(response.indexOf("\r\n\r\n") + 4));
            assertEquals("PAYLOAD_TOO_LARGE", body.path("error_code").asText(), response);
            assertFalse(body.path("error_message").asText().isBlank());
        }
    }

    @Test
    void anUploadWithoutAFileIsRejected() {
        given().auth().oauth2(carol.token()).multiPart("stages", "[\"CHAPTERS\"]")
                .post("/api/jobs").then().statusCode(400)
                .body("error_code", equalTo("VALIDATION_ERROR"))
                .body("details[0].field", equalTo("file"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:8080/video.mp4", "http://169.254.169.254/latest/meta-data/",
            "http://10.1.2.3/video.mp4", "http://192.168.0.10/v.mp4", "http://[::1]/v.mp4", "http://100.64.0.1/v.mp4",
            "http://[fd00::1]/v.mp4", "http://0.0.0.0/v.mp4", "http://[::ffff:127.0.0.1]/v.mp4"})
    void aSourceUrlPointingAtAnInternalAddressIsRejected(String url) {
        for (int attempt = 0; attempt < 2; attempt++) { // the second answer comes from the remembered verdict
            given().auth().oauth2(carol.token()).contentType(ContentType.JSON).body(Map.of("source_url", url))
                    .post("/api/jobs").then().statusCode(400)
                    .body("error_code", equalTo("VALIDATION_ERROR"))
                    .body("details[0].field", equalTo("source_url"));
        }
    }

    @Test
    void aRedirectToAnInternalAddressFailsTheJobAtFetchTime() {
        String internal = "http://localhost:" + URI.create(server.url(TestMedia.scenes())).getPort() + "/media/scenes.mp4";
        String jobId = carol.submitJob(server.redirectTo(internal), List.of("METADATA_EXTRACTION"));
        JsonNode job = carol.awaitEnd(jobId, Duration.ofSeconds(30));

        assertEquals("FAILED", job.path("status").asText());
        assertTrue(job.path("error_message").asText().contains("internal network address"), job.toString());
        assertEquals("FAILED", job.path("stages").get(0).path("status").asText());
    }

    @Test
    void aHostThatDoesNotResolveIsRetriedWithBackoffThenFails() {
        String jobId = carol.submitJob("https://no-such-host.invalid/video.mp4", List.of("METADATA_EXTRACTION"));
        JsonNode job = carol.awaitEnd(jobId, Duration.ofSeconds(30));

        assertEquals("FAILED", job.path("status").asText());
        assertTrue(job.path("error_message").asText().contains("gave up after 3 attempts"), job.toString());
        List<JsonNode> errors = JobApi.ofType(carol.allEvents(jobId), "ERROR");
        assertEquals(3, errors.size());
        assertTrue(errors.get(0).path("data").path("recoverable").asBoolean());
        assertFalse(errors.get(2).path("data").path("recoverable").asBoolean());
        ProcessingEngineTest.assertGapFreeAndMonotonic(carol.allEvents(jobId));
    }

    /** Reads one HTTP response (head and Content-Length body) without waiting for the connection to close. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        Matcher length = Pattern.compile("(?i)content-length:\\s*(\\d+)").matcher(head);
        byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : new byte[0];
        return head + new String(body, StandardCharsets.UTF_8);
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
