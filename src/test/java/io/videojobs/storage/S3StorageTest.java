package io.videojobs.storage;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.videojobs.job.JobRemoval;
import io.videojobs.support.JobApi;
import io.videojobs.support.MediaServerExtension;
import io.videojobs.support.S3ProxyServer;
import io.videojobs.support.TestDatabase;
import io.videojobs.support.TestMedia;
import io.videojobs.support.TestTokens;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code s3} storage on a real S3-compatible server (S3Proxy): the engine works from the bucket with nothing left on
 * local disk, media links redirect to presigned URLs where {@code Range} works, deletes and retention leave no
 * object behind, also when the store was down at the time, and no log line carries a signature or the secret key.
 */
@QuarkusTest
@TestProfile(S3StorageProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3StorageTest {

    @RegisterExtension
    static final MediaServerExtension server = new MediaServerExtension();
    /** Follows redirects and keeps the request's headers, as a browser's {@code <video>} element does. */
    private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    private static final List<String> STAGES = List.of("METADATA_EXTRACTION", "THUMBNAIL_GENERATION");

    private final JobApi erin = JobApi.as(TestTokens.user("erin-s3"));

    @Inject
    JobRemoval removal;

    @Test
    void anUploadedClipIsProcessedFromTheBucketAndItsMediaIsReadFromTheStoreWithRange() throws Exception {
        byte[] clip = Files.readAllBytes(TestMedia.scenes());
        String jobId = upload(clip);
        JsonNode job = erin.awaitEnd(jobId, Duration.ofSeconds(90));
        assertEquals("COMPLETED", job.path("status").asText(), job.toString());

        List<String> thumbnails = S3ProxyServer.keys("jobs/" + jobId + "/thumbnails/");
        assertEquals(job.path("thumbnails").size(), thumbnails.size(), thumbnails.toString());
        assertTrue(job.path("thumbnails").size() > 0);
        assertFalse(Files.exists(Path.of("target", "s3-profile-local-storage-unused")), "nothing is stored locally");
        awaitScratchEmpty();

        Response redirect = erin.request().redirects().follow(false).get("/api/jobs/" + jobId + "/source");
        assertEquals(302, redirect.statusCode());
        String location = redirect.header("Location");
        assertTrue(location.startsWith(S3ProxyServer.endpoint() + "/" + S3ProxyServer.BUCKET + "/"), location);
        assertTrue(location.contains("X-Amz-Signature="), "a presigned URL");

        HttpResponse<byte[]> middle = get(location, "bytes=100-1099");
        assertEquals(206, middle.statusCode());
        assertEquals("bytes 100-1099/" + clip.length, middle.headers().firstValue("Content-Range").orElse(null));
        assertArrayEquals(Arrays.copyOfRange(clip, 100, 1100), middle.body());

        String videoUrl = base() + job.path("video_url").asText();
        HttpResponse<byte[]> tail = get(videoUrl, "bytes=-500");
        assertEquals(206, tail.statusCode(), "the signed link's redirect keeps the Range");
        assertArrayEquals(Arrays.copyOfRange(clip, clip.length - 500, clip.length), tail.body());
        HttpResponse<byte[]> whole = get(videoUrl, null);
        assertEquals(200, whole.statusCode());
        assertEquals("video/mp4", whole.headers().firstValue("Content-Type").orElse(null));
        assertArrayEquals(clip, whole.body());

        for (JsonNode thumbnail : job.path("thumbnails")) {
            HttpResponse<byte[]> image = get(base() + thumbnail.path("thumbnail_url").asText(), null);
            assertEquals(200, image.statusCode());
            assertEquals("image/jpeg", image.headers().firstValue("Content-Type").orElse(null));
            assertEquals((byte) 0xFF, image.body()[0]);
            assertEquals((byte) 0xD8, image.body()[1]);
        }
        String thumbnailPath = "/api/jobs/" + jobId + "/thumbnails/" + job.path("thumbnails").get(0).path("thumbnail_id").asText();
        erin.request().redirects().follow(false).get(thumbnailPath).then().statusCode(302);
        JobApi.as(TestTokens.user("mallory-s3")).request().redirects().follow(false).get(thumbnailPath).then().statusCode(404);
    }

    @Test
    void aUrlJobStoresItsDownloadAndThumbnailsInTheBucket() throws Exception {
        String jobId = erin.submitJob(server.url(TestMedia.scenes()), STAGES);
        JsonNode job = erin.awaitEnd(jobId, Duration.ofSeconds(90));
        assertEquals("COMPLETED", job.path("status").asText(), job.toString());

        try (var client = S3ProxyServer.client()) {
            byte[] stored = client.getObjectAsBytes(get -> get.bucket(S3ProxyServer.BUCKET).key("jobs/" + jobId + "/source"))
                    .asByteArray();
            assertArrayEquals(Files.readAllBytes(TestMedia.scenes()), stored);
        }
        assertEquals(job.path("thumbnails").size(), S3ProxyServer.keys("jobs/" + jobId + "/thumbnails/").size());
        awaitScratchEmpty();
    }

    @Test
    void deletingAJobLeavesNothingOfItInTheBucket() throws Exception {
        Set<String> uploadsBefore = new HashSet<>(S3ProxyServer.keys("uploads/"));
        String jobId = upload(Files.readAllBytes(TestMedia.scenes()));
        List<String> upload = S3ProxyServer.keys("uploads/").stream().filter(key -> !uploadsBefore.contains(key)).toList();
        assertEquals(1, upload.size(), "the upload is stored under uploads/");
        assertEquals("COMPLETED", erin.awaitEnd(jobId, Duration.ofSeconds(90)).path("status").asText());
        assertFalse(S3ProxyServer.keys("jobs/" + jobId + "/").isEmpty());

        erin.request().delete("/api/jobs/" + jobId).then().statusCode(204);

        assertEquals(List.of(), S3ProxyServer.keys("jobs/" + jobId + "/"));
        assertEquals(List.of(), S3ProxyServer.keys(upload.get(0)));
        assertEquals(List.of(), pendingDeletes());
    }

    @Test
    void retentionDeletesTheObjectsOfTheJobsItRemoves() throws Throwable {
        String jobId = erin.submitJob(server.url(TestMedia.scenes()), STAGES);
        assertEquals("COMPLETED", erin.awaitEnd(jobId, Duration.ofSeconds(90)).path("status").asText());
        assertFalse(S3ProxyServer.keys("jobs/" + jobId + "/").isEmpty());

        VertxContextSupport.subscribeAndAwait(() -> removal.pruneFinishedBefore(Instant.now().plusSeconds(1), 100));

        erin.request().get("/api/jobs/" + jobId).then().statusCode(404);
        assertEquals(List.of(), S3ProxyServer.keys("jobs/" + jobId + "/"));
        assertEquals(List.of(), pendingDeletes());
    }

    @Test
    void aDeleteMadeWhileTheStoreIsDownCompletesOnceItIsBack() throws Exception {
        String jobId = upload(Files.readAllBytes(TestMedia.scenes()));
        assertEquals("COMPLETED", erin.awaitEnd(jobId, Duration.ofSeconds(90)).path("status").asText());
        String prefix = "jobs/" + jobId + "/";

        S3ProxyServer.stopServer();
        try {
            erin.request().delete("/api/jobs/" + jobId).then().statusCode(204);
            erin.request().get("/api/jobs/" + jobId).then().statusCode(404);
            await("the failed delete is recorded and retried").atMost(Duration.ofSeconds(30))
                    .until(() -> attempts(prefix) >= 2);
            assertTrue(pendingDeletes().size() >= 2, "the job's prefix and its upload's: " + pendingDeletes());
        } finally {
            S3ProxyServer.startServer();
        }

        await("the recorded deletes succeed once the store is back").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500)).until(() -> pendingDeletes().isEmpty());
        assertEquals(List.of(), S3ProxyServer.keys(prefix));
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void noLogLineCarriesAPresignedSignatureOrTheSecretKey() throws IOException {
        String secret = ConfigProvider.getConfig().getValue("video-jobs.storage.s3.secret-access-key", String.class);
        List<String> lines = Files.readAllLines(S3StorageProfile.LOG);
        assertTrue(lines.stream().anyMatch(line -> line.contains("Cannot delete the stored objects")),
                "the log holds the storage suite's lines, the outage among them");
        List<String> leaks = new ArrayList<>();
        for (String line : lines) {
            if (line.toLowerCase(Locale.ROOT).contains("x-amz-signature") || line.contains(secret)) {
                leaks.add(line);
            }
        }
        assertEquals(List.of(), leaks);
    }

    private String upload(byte[] clip) {
        return erin.request().contentType(ContentType.MULTIPART)
                .multiPart("file", "clip.mp4", clip, "video/mp4")
                .multiPart("stages", "[\"" + String.join("\",\"", STAGES) + "\"]")
                .post("/api/jobs").then().statusCode(202)
                .extract().path("job_id");
    }

    private static HttpResponse<byte[]> get(String url, String range) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (range != null) {
            request.header("Range", range);
        }
        return BROWSER.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String base() {
        return "http://localhost:" + RestAssured.port;
    }

    /** The engine deletes each pass's scratch directory when the pass ends. */
    private static void awaitScratchEmpty() {
        await("no pass directory left in the scratch").atMost(Duration.ofSeconds(10)).until(() -> {
            try (Stream<Path> paths = Files.walk(S3StorageProfile.SCRATCH)) {
                return paths.noneMatch(path -> path.getFileName().toString().startsWith("job-"));
            }
        });
    }

    private static List<String> pendingDeletes() throws SQLException {
        List<String> prefixes = new ArrayList<>();
        try (Connection connection = TestDatabase.connect();
             PreparedStatement statement = connection.prepareStatement("SELECT storage_prefix FROM stored_object_deletes");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                prefixes.add(rows.getString(1));
            }
        }
        return prefixes;
    }

    private static int attempts(String prefix) throws SQLException {
        try (Connection connection = TestDatabase.connect();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT attempts FROM stored_object_deletes WHERE storage_prefix = ?")) {
            statement.setString(1, prefix);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getInt(1) : -1;
            }
        }
    }
}
