package io.videojobs.upload;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.videojobs.security.ThumbnailLinks;
import io.videojobs.support.JobApi;
import io.videojobs.support.TestTokens;
import io.videojobs.support.Uploader;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Resumable direct uploads with local storage, where the part URLs are the service's own signed PUTs: in parts, in any
 * order, resumed from the state the store reports, completed once however often it is asked; and every refusal.
 */
@QuarkusTest
class UploadsTest {

    /** The test profile's part size is the default 8 MiB; two parts and a bit. */
    private static final byte[] FILE = Uploader.randomBytes(8 * 1024 * 1024 * 2 + 12_345);
    private static final Path MULTIPART = Path.of("target", "test-storage", ".multipart");

    private final JobApi ulla = JobApi.as(TestTokens.user("ulla-uploads"));
    private final Uploader uploader = new Uploader(ulla);

    @Inject
    ThumbnailLinks links;
    @Inject
    AbandonedUploads abandoned;

    @Test
    void aFileSentInPartsInAnyOrderBecomesOneJobWhoseSourceIsTheFile() throws Exception {
        JsonNode upload = uploader.start("trip.mp4", FILE.length, List.of("METADATA_EXTRACTION"));
        assertEquals(3, upload.path("part_count").asInt());
        assertEquals(8 * 1024 * 1024, upload.path("part_size").asLong());
        String id = upload.path("upload_id").asText();

        for (int part = 3; part >= 2; part--) {
            HttpResponse<String> put = uploader.putPart(upload, part, FILE);
            assertEquals(200, put.statusCode(), put.body());
            assertTrue(put.headers().firstValue("ETag").isPresent());
        }
        // the service's own part PUT, checked against the OpenAPI document (request and answer) like every JobApi call
        JobApi.anonymous().request().urlEncodingEnabled(false).contentType("application/octet-stream")
                .body(uploader.slice(FILE, 1, 8 * 1024 * 1024))
                .put(upload.path("parts").get(0).path("url").asText())
                .then().statusCode(200).header("ETag", org.hamcrest.Matchers.matchesPattern("\"[0-9a-f]{32}\""));
        JsonNode state = uploader.state(id);
        assertEquals(List.of(1, 2, 3), uploader.doneParts(state));

        JsonNode job = uploader.complete(id).statusCode(202).header("Location", org.hamcrest.Matchers.startsWith("/api/jobs/"))
                .extract().as(JsonNode.class);
        String jobId = job.path("job_id").asText();
        uploader.complete(id).statusCode(202).header("Idempotent-Replayed", "true").body("job_id", equalTo(jobId));
        uploader.complete(id).statusCode(202).body("job_id", equalTo(jobId));

        byte[] source = ulla.request().get("/api/jobs/" + jobId + "/source").then().statusCode(200).extract().asByteArray();
        assertArrayEquals(FILE, source);
        ulla.request().get("/api/uploads/" + id).then().statusCode(200).body("status", equalTo("COMPLETED"))
                .body("job_id", equalTo(jobId));
        assertFalse(partsStoredLocally(id), "the parts are gone once joined");
    }

    @Test
    void anUploadResumesFromThePartsTheStoreReports() throws Exception {
        JsonNode upload = uploader.start("resume.mp4", FILE.length, List.of("METADATA_EXTRACTION"));
        String id = upload.path("upload_id").asText();
        uploader.putPart(upload, 1, FILE);

        JsonNode state = uploader.state(id);
        assertEquals("UPLOADING", state.path("status").asText());
        assertEquals(List.of(1), uploader.doneParts(state));
        assertEquals(8 * 1024 * 1024, state.path("parts_done").get(0).path("size").asLong());
        JsonNode fresh = uploader.partUrls(id, List.of(2, 3));
        assertEquals(2, fresh.path("parts").size());
        for (JsonNode part : fresh.path("parts")) {
            assertEquals(200, uploader.put(part.path("url").asText(), uploader.slice(FILE, part.path("part_number").asInt(),
                    8 * 1024 * 1024)).statusCode());
        }

        String jobId = uploader.complete(id).statusCode(202).extract().path("job_id");
        assertArrayEquals(FILE, ulla.request().get("/api/jobs/" + jobId + "/source").then().extract().asByteArray());
    }

    @Test
    void completingWithAMissingPartNamesItAndCreatesNoJob() throws Exception {
        JsonNode upload = uploader.start("gap.mp4", FILE.length, List.of("METADATA_EXTRACTION"));
        String id = upload.path("upload_id").asText();
        uploader.putPart(upload, 1, FILE);
        uploader.putPart(upload, 3, FILE);
        int jobsBefore = ulla.request().get("/api/jobs?limit=100").then().extract().path("items.size()");

        uploader.complete(id).statusCode(409)
                .body("error_code", equalTo("UPLOAD_INCOMPLETE"))
                .body("details.field", equalTo(List.of("parts[2]")))
                .body("details.message", hasItem("is missing"));

        assertEquals(jobsBefore, (int) ulla.request().get("/api/jobs?limit=100").then().extract().path("items.size()"));
        assertEquals("UPLOADING", uploader.state(id).path("status").asText());
        uploader.putPart(upload, 2, FILE);
        uploader.complete(id).statusCode(202);
    }

    @Test
    void aTamperedOrExpiredPartUrlIsRefusedAndStoresNothing() throws Exception {
        JsonNode upload = uploader.start("tamper.mp4", FILE.length, List.of("METADATA_EXTRACTION"));
        String id = upload.path("upload_id").asText();
        String url = upload.path("parts").get(0).path("url").asText();
        byte[] part = uploader.slice(FILE, 1, 8 * 1024 * 1024);

        HttpResponse<String> forged = uploader.put(url.replaceAll("signature=[^&]+", "signature=forged"), part);
        assertEquals(403, forged.statusCode());
        assertTrue(forged.body().contains("\"error_code\":\"FORBIDDEN\""), forged.body());
        HttpResponse<String> otherPart = uploader.put(url.replace("/parts/1?", "/parts/2?"), part);
        assertEquals(403, otherPart.statusCode());
        String expired = links.signedUploadPartPath(UUID.fromString(id), 1, Instant.now().minusSeconds(1));
        assertEquals(403, uploader.put(expired, part).statusCode());

        assertEquals(List.of(), uploader.doneParts(uploader.state(id)));
    }

    @Test
    void anotherUsersUploadIsNotFoundWhateverTheyAsk() throws Exception {
        JsonNode upload = uploader.start("private.mp4", FILE.length, List.of("METADATA_EXTRACTION"));
        String id = upload.path("upload_id").asText();
        uploader.putPart(upload, 1, FILE);
        JobApi mallory = JobApi.as(TestTokens.user("mallory-uploads"));
        JobApi admin = JobApi.as(TestTokens.admin("root-uploads"));

        for (JobApi other : List.of(mallory, admin)) {
            other.request().get("/api/uploads/" + id).then().statusCode(404).body("error_code", equalTo("NOT_FOUND"));
            other.request().contentType("application/json").body(Map.of("part_numbers", List.of(2)))
                    .post("/api/uploads/" + id + "/parts").then().statusCode(404);
            other.request().contentType("application/json").body("{}").post("/api/uploads/" + id + "/complete")
                    .then().statusCode(404);
            other.request().delete("/api/uploads/" + id).then().statusCode(404);
        }
        assertEquals(List.of(1), uploader.doneParts(uploader.state(id)));
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedBeforeAnyPart() {
        ulla.request().contentType("application/json")
                .body(Map.of("filename", "huge.mp4", "size", 21L * 1024 * 1024))
                .post("/api/uploads").then().statusCode(413).body("error_code", equalTo("PAYLOAD_TOO_LARGE"));
        ulla.request().contentType("application/json").body(Map.of("filename", "empty.mp4", "size", 0))
                .post("/api/uploads").then().statusCode(400).body("error_code", equalTo("VALIDATION_ERROR"));
    }

    @Test
    void aPartLargerThanThePartSizeIsRefused() throws Exception {
        JsonNode upload = uploader.start("fat.mp4", FILE.length, List.of("METADATA_EXTRACTION"));
        HttpResponse<String> put = uploader.put(upload.path("parts").get(0).path("url").asText(),
                new byte[8 * 1024 * 1024 + 1]);
        assertEquals(413, put.statusCode());
        assertTrue(put.body().contains("PAYLOAD_TOO_LARGE"), put.body());
    }

    @Test
    void anAbortedUploadLosesItsPartsAndTakesNoMore() throws Exception {
        JsonNode upload = uploader.start("abort.mp4", FILE.length, List.of("METADATA_EXTRACTION"));
        String id = upload.path("upload_id").asText();
        uploader.putPart(upload, 1, FILE);

        ulla.request().delete("/api/uploads/" + id).then().statusCode(204);
        ulla.request().delete("/api/uploads/" + id).then().statusCode(204);

        assertEquals("ABORTED", uploader.state(id).path("status").asText());
        assertEquals(409, uploader.putPart(upload, 2, FILE).statusCode());
        uploader.complete(id).statusCode(409).body("error_code", equalTo("CONFLICT"));
        assertFalse(partsStoredLocally(id), "no part left");
    }

    @Test
    void anUploadLeftPastItsDeadlineIsAbortedByTheSweep() throws Throwable {
        JsonNode upload = uploader.start("left.mp4", FILE.length, List.of("METADATA_EXTRACTION"));
        String id = upload.path("upload_id").asText();
        uploader.putPart(upload, 1, FILE);

        VertxContextSupport.subscribeAndAwait(() -> abandoned.abortAbandoned(Instant.now().plus(Duration.ofHours(25))));

        assertEquals("ABORTED", uploader.state(id).path("status").asText());
        assertEquals(409, uploader.putPart(upload, 2, FILE).statusCode());
        assertFalse(partsStoredLocally(id), "no part left");
    }

    /** Whether the local store still holds a multipart upload of this upload's object. */
    private static boolean partsStoredLocally(String uploadId) throws IOException {
        if (!Files.isDirectory(MULTIPART)) {
            return false;
        }
        try (Stream<Path> keys = Files.list(MULTIPART).map(dir -> dir.resolve("key")).filter(Files::exists)) {
            for (Path key : keys.toList()) {
                if (Files.readString(key).equals("uploads/" + uploadId)) {
                    return true;
                }
            }
        }
        return false;
    }
}
