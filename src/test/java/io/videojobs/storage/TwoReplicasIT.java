package io.videojobs.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.videojobs.support.JobApi;
import io.videojobs.support.S3ProxyServer;
import io.videojobs.support.ServiceInstance;
import io.videojobs.support.TestMedia;
import io.videojobs.support.TestTokens;
import io.videojobs.support.Uploader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the packaged service that share no disk (each its own storage directory and scratch), with s3
 * storage on S3Proxy: a clip uploaded in parts through replica A, which does not process jobs and is stopped once the
 * upload is complete, is processed by replica B; its thumbnails and source load, with {@code Range}, through the
 * links either replica signed, served by the other; neither replica's disk holds any of it afterwards, and neither
 * replica's log a presigned URL's signature or the secret key.
 */
class TwoReplicasIT {

    private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

    @Test
    void aClipUploadedThroughOneReplicaIsProcessedByTheOtherAndReadThroughBoth() throws Exception {
        deleteTree(Path.of("target", "replica-a"));
        deleteTree(Path.of("target", "replica-b"));
        S3ProxyServer store = new S3ProxyServer();
        Map<String, String> shared = new HashMap<>(store.start());
        shared.put("video-jobs.uploads.part-size", "5M");
        shared.put("video-jobs.fetch.allowed-hosts", "127.0.0.1");
        byte[] clip = Files.readAllBytes(TestMedia.multipartClip());
        String token = TestTokens.user("replica-rosa");
        try {
            ServiceInstance a = ServiceInstance.start("replica-a", true, replica(shared, "a", false));
            int portA = a.port();
            String jobId;
            String videoUrlFromA;
            try (ServiceInstance b = ServiceInstance.start("replica-b", false, replica(shared, "b", true))) {
                try {
                    JobApi viaA = JobApi.as(token).on(portA);
                    Uploader uploader = new Uploader(viaA, "http://127.0.0.1:" + portA);
                    JsonNode upload = uploader.start("clip.mp4", clip.length, List.of("METADATA_EXTRACTION", "THUMBNAIL_GENERATION"));
                    assertTrue(upload.path("part_count").asInt() >= 2, upload.toString());
                    for (int part = upload.path("part_count").asInt(); part >= 1; part--) {
                        assertEquals(200, uploader.putPart(upload, part, clip).statusCode());
                    }
                    JsonNode job = JobApi.parseJson(uploader.complete(upload.path("upload_id").asText())
                            .statusCode(202).extract().asString());
                    jobId = job.path("job_id").asText();
                    videoUrlFromA = job.path("video_url").asText();
                } finally {
                    a.close();
                }

                JobApi viaB = JobApi.as(token).on(b.port());
                JsonNode done = viaB.awaitEnd(jobId, Duration.ofMinutes(3));
                assertEquals("COMPLETED", done.path("status").asText(), done.toString());
                assertTrue(b.log().contains("Running job " + jobId), "replica B ran the job");
                assertNoCredential(a.log());

                assertRange(clip, "http://127.0.0.1:" + b.port() + videoUrlFromA);
                try (ServiceInstance againA = ServiceInstance.start("replica-a-again", portA, false, replica(shared, "a", false))) {
                    assertRange(clip, "http://127.0.0.1:" + portA + done.path("video_url").asText());
                    assertNoCredential(againA.log());
                    for (JsonNode thumbnail : done.path("thumbnails")) {
                        for (int port : new int[] {portA, b.port()}) {
                            HttpResponse<byte[]> image = get("http://127.0.0.1:" + port + thumbnail.path("thumbnail_url").asText(), null);
                            assertEquals(200, image.statusCode());
                            assertEquals("image/jpeg", image.headers().firstValue("Content-Type").orElse(null));
                        }
                    }
                }
                assertNoCredential(b.log());
            }
            assertEquals(List.of(), filesUnder(Path.of("target", "replica-a")), "replica A's disk keeps nothing");
            assertEquals(List.of(), filesUnder(Path.of("target", "replica-b")), "replica B's disk keeps nothing");
        } finally {
            store.stop();
        }
    }

    /** No presigned URL's signature and no secret key in a replica's log. */
    private static void assertNoCredential(String log) {
        List<String> leaks = log.lines().filter(line -> line.toLowerCase(java.util.Locale.ROOT).contains("x-amz-signature")
                || line.contains(S3ProxyServer.SECRET_KEY)).toList();
        assertEquals(List.of(), leaks);
    }

    private static Map<String, String> replica(Map<String, String> shared, String name, boolean engine) {
        Map<String, String> properties = new HashMap<>(shared);
        properties.put("video-jobs.engine.enabled", Boolean.toString(engine));
        properties.put("video-jobs.engine.instance-id", "replica-" + name);
        properties.put("video-jobs.storage.directory", "target/replica-" + name + "/media");
        properties.put("video-jobs.engine.work-directory", "target/replica-" + name + "/scratch");
        return properties;
    }

    private static void assertRange(byte[] clip, String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> middle = get(url, "bytes=1000-1999");
        assertEquals(206, middle.statusCode(), url);
        assertArrayEquals(Arrays.copyOfRange(clip, 1000, 2000), middle.body());
        HttpResponse<byte[]> whole = get(url, null);
        assertArrayEquals(clip, whole.body());
    }

    private static HttpResponse<byte[]> get(String url, String range) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        if (range != null) {
            request.header("Range", range);
        }
        return BROWSER.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    private static List<String> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(Files::isRegularFile).map(Path::toString).toList();
        }
    }
}
