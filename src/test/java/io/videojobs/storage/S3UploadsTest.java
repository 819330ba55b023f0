package io.videojobs.storage;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.videojobs.support.JobApi;
import io.videojobs.support.S3ProxyServer;
import io.videojobs.support.TestDatabase;
import io.videojobs.support.TestMedia;
import io.videojobs.support.TestTokens;
import io.videojobs.support.Uploader;
import io.videojobs.upload.AbandonedUploads;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Resumable direct uploads on S3 (S3Proxy): the browser's PUTs go to presigned multipart UploadPart URLs with no
 * extra header (the SDK's default CRC checksums would break them), the state comes from ListParts, and complete,
 * abort and the abandoned-upload sweep leave the bucket as they should.
 */
@QuarkusTest
@TestProfile(S3StorageProfile.class)
class S3UploadsTest {

    private final JobApi vera = JobApi.as(TestTokens.user("vera-s3-uploads"));
    private final Uploader uploader = new Uploader(vera);

    @Inject
    AbandonedUploads abandoned;

    @Test
    void aClipSentInPartsToPresignedUrlsIsProcessedAndItsSourceIsTheFile() throws Exception {
        byte[] clip = Files.readAllBytes(TestMedia.multipartClip());
        JsonNode upload = uploader.start("clip.mp4", clip.length, List.of("METADATA_EXTRACTION", "THUMBNAIL_GENERATION"));
        int parts = upload.path("part_count").asInt();
        assertTrue(parts >= 2, "the clip spans parts: " + upload);
        String id = upload.path("upload_id").asText();
        String url = upload.path("parts").get(0).path("url").asText();
        assertTrue(url.startsWith(S3ProxyServer.endpoint().toString()) && url.contains("uploadId="), "a presigned UploadPart URL");

        HttpResponse<String> first = uploader.putPart(upload, 1, clip);
        assertEquals(200, first.statusCode(), first.body());
        assertTrue(first.headers().firstValue("ETag").isPresent());
        assertEquals(List.of(1), uploader.doneParts(uploader.state(id)), "the state is the store's ListParts");
        for (int part = 2; part <= parts; part++) {
            assertEquals(200, uploader.putPart(upload, part, clip).statusCode());
        }

        String jobId = uploader.complete(id).statusCode(202).extract().path("job_id");
        uploader.complete(id).statusCode(202).header("Idempotent-Replayed", "true").body("job_id", equalTo(jobId));
        JsonNode job = vera.awaitEnd(jobId, Duration.ofSeconds(120));
        assertEquals("COMPLETED", job.path("status").asText(), job.toString());
        try (var client = S3ProxyServer.client()) {
            byte[] stored = client.getObjectAsBytes(get -> get.bucket(S3ProxyServer.BUCKET).key("uploads/" + id)).asByteArray();
            assertArrayEquals(clip, stored);
        }

        vera.request().delete("/api/jobs/" + jobId).then().statusCode(204);
        assertEquals(List.of(), S3ProxyServer.keys("uploads/" + id));
        assertEquals(List.of(), S3ProxyServer.keys("jobs/" + jobId + "/"));
    }

    @Test
    void aTamperedPresignedPartUrlIsRefusedByTheStore() throws Exception {
        byte[] file = Uploader.randomBytes(6 * 1024 * 1024);
        JsonNode upload = uploader.start("tampered.bin", file.length, List.of("METADATA_EXTRACTION"));
        String url = upload.path("parts").get(0).path("url").asText();
        String tampered = url.replaceAll("partNumber=1", "partNumber=2");

        HttpResponse<String> put = uploader.put(tampered, uploader.slice(file, 2, upload.path("part_size").asInt()));
        assertEquals(403, put.statusCode(), put.body());
        assertEquals(List.of(), uploader.doneParts(uploader.state(upload.path("upload_id").asText())));
    }

    @Test
    void completingWithAMissingPartIsRefusedAndCreatesNoJob() throws Exception {
        byte[] file = Uploader.randomBytes(6 * 1024 * 1024);
        JsonNode upload = uploader.start("half.bin", file.length, List.of("METADATA_EXTRACTION"));
        uploader.putPart(upload, 2, file);

        uploader.complete(upload.path("upload_id").asText()).statusCode(409)
                .body("error_code", equalTo("UPLOAD_INCOMPLETE"))
                .body("details.field", equalTo(List.of("parts[1]")));
        assertEquals(List.of(), S3ProxyServer.keys("uploads/" + upload.path("upload_id").asText()));
    }

    @Test
    void abortingAndTheSweepLeaveNoMultipartUploadInTheBucket() throws Throwable {
        byte[] file = Uploader.randomBytes(6 * 1024 * 1024);
        JsonNode aborted = uploader.start("aborted.bin", file.length, List.of("METADATA_EXTRACTION"));
        uploader.putPart(aborted, 1, file);
        JsonNode left = uploader.start("left.bin", file.length, List.of("METADATA_EXTRACTION"));
        uploader.putPart(left, 1, file);
        String orphan;
        try (var client = S3ProxyServer.client()) {
            orphan = client.createMultipartUpload(create -> create.bucket(S3ProxyServer.BUCKET).key("uploads/orphan"))
                    .uploadId();
        }

        vera.request().delete("/api/uploads/" + aborted.path("upload_id").asText()).then().statusCode(204);
        assertEquals(List.of(), multipartUploads("uploads/" + aborted.path("upload_id").asText()));
        VertxContextSupport.subscribeAndAwait(() -> abandoned.abortAbandoned(Instant.now().plus(Duration.ofHours(25))));

        assertEquals("ABORTED", uploader.state(left.path("upload_id").asText()).path("status").asText());
        assertEquals(List.of(), multipartUploads("uploads/"), "no multipart upload older than the limit is left");
        assertTrue(orphan != null);
    }

    @Test
    void whileTheStoreIsDownUploadsAnswer503WithRetryAfterAndACompleteRetriedOnceItIsBackMakesOneJob() throws Exception {
        String owner = "otto-s3-outage-" + UUID.randomUUID();
        JobApi otto = JobApi.as(TestTokens.user(owner));
        Uploader ottoUploads = new Uploader(otto);
        byte[] file = Uploader.randomBytes(6 * 1024 * 1024);
        JsonNode upload = ottoUploads.start("outage.bin", file.length, List.of("METADATA_EXTRACTION"));
        String id = upload.path("upload_id").asText();
        for (int part = 1; part <= upload.path("part_count").asInt(); part++) {
            assertEquals(200, ottoUploads.putPart(upload, part, file).statusCode());
        }
        String key = "outage-" + UUID.randomUUID();

        S3ProxyServer.stopServer();
        try {
            unavailable(otto.request().body(Map.of("filename", "later.bin", "size", file.length)).post("/api/uploads"));
            unavailable(otto.request().get("/api/uploads/" + id));
            unavailable(otto.request().body("{}").post("/api/uploads/" + id + "/complete"));
            unavailable(multipart(otto, key, file));
            assertEquals(1, ottoUploads.partUrls(id, List.of(1)).path("parts").size(), "signing a part URL needs no store");
        } finally {
            S3ProxyServer.startServer();
        }
        assertEquals(0, count("SELECT count(*) FROM jobs WHERE owner_id = ?", owner), "no job while the store was down");
        assertEquals(1, count("SELECT count(*) FROM uploads WHERE owner_id = ?", owner), "no upload started then");
        assertEquals(List.of(1, 2), ottoUploads.doneParts(ottoUploads.state(id)), "the parts are still in the store");

        String jobId = ottoUploads.complete(id).statusCode(202).extract().path("job_id");
        ottoUploads.complete(id).statusCode(202).header("Idempotent-Replayed", "true").body("job_id", equalTo(jobId));
        multipart(otto, key, file).then().statusCode(202).header("Idempotent-Replayed", nullValue());
        assertEquals(1, count("SELECT count(*) FROM jobs WHERE owner_id = ? AND media_key = 'uploads/" + id + "'", owner),
                "exactly one job for the upload");
        assertEquals(2, count("SELECT count(*) FROM jobs WHERE owner_id = ?", owner), "and one for the multipart retry");
    }

    /** 503 STORAGE_UNAVAILABLE with a Retry-After, and no address of the store in the message. */
    private static void unavailable(Response response) {
        response.then().statusCode(503).header("Retry-After", "5")
                .body("error_code", equalTo("STORAGE_UNAVAILABLE"))
                .body("error_message", not(containsString(S3ProxyServer.endpoint().getAuthority())));
    }

    private static Response multipart(JobApi api, String idempotencyKey, byte[] file) {
        return api.request().contentType(ContentType.MULTIPART).header("Idempotency-Key", idempotencyKey)
                .multiPart("file", "outage.bin", file, "application/octet-stream")
                .multiPart("stages", "[\"METADATA_EXTRACTION\"]").post("/api/jobs");
    }

    private static long count(String sql, String owner) throws SQLException {
        try (Connection db = TestDatabase.connect(); PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, owner);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static List<String> multipartUploads(String prefix) {
        try (var client = S3ProxyServer.client()) {
            return client.listMultipartUploads(list -> list.bucket(S3ProxyServer.BUCKET).prefix(prefix)).uploads().stream()
                    .map(upload -> upload.key() + " " + upload.uploadId()).toList();
        }
    }
}
