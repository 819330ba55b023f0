package io.videojobs.api;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.videojobs.support.EngineTestProfile;
import io.videojobs.support.MediaServerExtension;
import io.videojobs.support.JobApi;
import io.videojobs.support.TestMedia;
import io.videojobs.support.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The source video endpoint a {@code <video>} element plays (ranges, signed links, owners), and the list's extras. */
@QuarkusTest
@TestProfile(EngineTestProfile.class)
class SourceVideoTest {

    @RegisterExtension
    static final MediaServerExtension server = new MediaServerExtension();
    private static final byte[] VIDEO = read();

    private final JobApi dora = JobApi.as(TestTokens.user("dora-source"));

    @Test
    void theOwnerGetsTheWholeUploadedVideoAndIsToldRangesWork() {
        String jobId = upload(List.of("METADATA_EXTRACTION"));

        Response response = dora.request().get("/api/jobs/" + jobId + "/source");

        assertEquals(200, response.statusCode());
        assertEquals("bytes", response.header("Accept-Ranges"));
        assertEquals("video/mp4", response.contentType());
        assertArrayEquals(VIDEO, response.asByteArray());
    }

    @Test
    void aRangeAnswers206WithExactlyThoseBytes() {
        String path = "/api/jobs/" + upload(List.of("METADATA_EXTRACTION")) + "/source";
        int length = VIDEO.length;

        Response middle = dora.request().header("Range", "bytes=100-1099").get(path);
        assertEquals(206, middle.statusCode());
        assertEquals("bytes 100-1099/" + length, middle.header("Content-Range"));
        assertEquals("1000", middle.header("Content-Length"));
        assertArrayEquals(Arrays.copyOfRange(VIDEO, 100, 1100), middle.asByteArray());

        Response open = dora.request().header("Range", "bytes=" + (length - 10) + "-").get(path);
        assertEquals(206, open.statusCode());
        assertArrayEquals(Arrays.copyOfRange(VIDEO, length - 10, length), open.asByteArray());

        Response suffix = dora.request().header("Range", "bytes=-5").get(path);
        assertEquals("bytes " + (length - 5) + "-" + (length - 1) + "/" + length, suffix.header("Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(VIDEO, length - 5, length), suffix.asByteArray());

        Response pastTheEnd = dora.request().header("Range", "bytes=0-" + (length * 2)).get(path);
        assertEquals(206, pastTheEnd.statusCode());
        assertEquals("bytes 0-" + (length - 1) + "/" + length, pastTheEnd.header("Content-Range"));
    }

    @Test
    void aRangeThatSelectsNoByteIs416WithTheLength() {
        String path = "/api/jobs/" + upload(List.of("METADATA_EXTRACTION")) + "/source";

        dora.request().header("Range", "bytes=" + VIDEO.length + "-").get(path).then()
                .statusCode(416)
                .header("Content-Range", "bytes */" + VIDEO.length)
                .body("error_code", equalTo("RANGE_NOT_SATISFIABLE"));
        dora.request().header("Range", "bytes=9-3").get(path).then().statusCode(416);
    }

    @Test
    void rangesThisServerDoesNotHandleGiveTheWholeVideo() {
        String path = "/api/jobs/" + upload(List.of("METADATA_EXTRACTION")) + "/source";

        for (String range : List.of("bytes=0-1,5-9", "items=0-1")) {
            Response response = dora.request().header("Range", range).get(path);
            assertEquals(200, response.statusCode(), range);
            assertEquals(VIDEO.length, response.asByteArray().length, range);
        }
    }

    @Test
    void theSignedVideoUrlWorksWithoutATokenAndOnlyForItsJob() {
        String jobId = upload(List.of("METADATA_EXTRACTION"));
        String otherJob = upload(List.of("METADATA_EXTRACTION"));
        String url = dora.readJob(jobId).path("video_url").asText();
        String path = url.substring(0, url.indexOf('?'));
        String query = url.substring(url.indexOf('?'));

        JobApi.anonymous().request().header("Range", "bytes=0-9").get(url).then().statusCode(206);
        JobApi.anonymous().request().get(path).then().statusCode(401);
        JobApi.anonymous().request().get(url.replaceAll("signature=[^&]+", "signature=forged")).then().statusCode(401);
        JobApi.anonymous().request().get("/api/jobs/" + otherJob + "/source" + query).then().statusCode(401);
        JobApi.anonymous().request().get(path.replace("/source", "/thumbnails/" + jobId) + query).then().statusCode(401);
    }

    @Test
    void anotherUserCannotStreamTheVideoButAnAdminCan() {
        String path = "/api/jobs/" + upload(List.of("METADATA_EXTRACTION")) + "/source";

        JobApi.as(TestTokens.user("mallory-source")).request().get(path).then().statusCode(404);
        JobApi.as(TestTokens.admin("root-source")).request().get(path).then().statusCode(200);
    }

    @Test
    void aUrlJobHasNoVideoUntilItsSourceIsFetchedThenServesTheDownload() throws IOException {
        String missing = dora.submitJob(server.url(TestMedia.DIR.resolve("no-such-clip.mp4")), List.of("METADATA_EXTRACTION"));
        String jobId = dora.submitJob(server.url(TestMedia.speech()), List.of("METADATA_EXTRACTION"));

        dora.awaitEnd(missing, Duration.ofSeconds(60));
        dora.request().get("/api/jobs/" + missing).then().body("video_url", nullValue());
        dora.request().get("/api/jobs/" + missing + "/source").then()
                .statusCode(404).body("error_code", equalTo("NOT_FOUND"));
        JsonNode job = dora.awaitEnd(jobId, Duration.ofSeconds(60));
        byte[] streamed = JobApi.anonymous().request().get(job.path("video_url").asText()).then().statusCode(200).extract().asByteArray();
        assertArrayEquals(Files.readAllBytes(TestMedia.speech()), streamed);
    }

    @Test
    void theListShowsEachJobsOwnerToAnAdminAndItsFirstThumbnail() {
        String jobId = upload(List.of("THUMBNAIL_GENERATION"));
        JsonNode job = dora.awaitEnd(jobId, Duration.ofSeconds(60));
        String firstThumbnail = job.path("thumbnails").get(0).path("thumbnail_id").asText();

        JsonNode own = JobApi.parseJson(dora.request().get("/api/jobs?limit=100")
                .then().statusCode(200).extract().asString());
        JsonNode listed = find(own, jobId);
        assertEquals("dora-source", listed.path("owner_id").asText());
        assertEquals(firstThumbnail, listed.path("first_thumbnail").path("thumbnail_id").asText());
        JobApi.anonymous().request().get(listed.path("first_thumbnail").path("thumbnail_url").asText()).then().statusCode(200)
                .contentType("image/jpeg");

        JsonNode all = JobApi.parseJson(JobApi.as(TestTokens.admin("root-source")).request()
                .get("/api/jobs?limit=100").then().statusCode(200).extract().asString());
        assertEquals("dora-source", find(all, jobId).path("owner_id").asText());
    }

    private static JsonNode find(JsonNode page, String jobId) {
        for (JsonNode item : page.path("items")) {
            if (item.path("job_id").asText().equals(jobId)) {
                return item;
            }
        }
        throw new AssertionError("job " + jobId + " not listed in " + page);
    }

    private String upload(List<String> stages) {
        return dora.request().contentType(io.restassured.http.ContentType.MULTIPART)
                .multiPart("file", "clip.mp4", VIDEO, "video/mp4")
                .multiPart("stages", "[\"" + String.join("\",\"", stages) + "\"]")
                .post("/api/jobs").then().statusCode(202)
                .body("video_url", org.hamcrest.Matchers.startsWith("/api/jobs/"))
                .extract().path("job_id");
    }

    private static byte[] read() {
        try {
            return Files.readAllBytes(TestMedia.scenes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
