package io.videojobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.videojobs.support.JobApi;
import io.videojobs.support.S3ProxyServer;
import io.videojobs.support.ServiceInstance;
import io.videojobs.support.TestTokens;
import io.videojobs.support.Uploader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Upload throughput of a large file (200 MB by default) through {@code POST /api/jobs} (multipart, the service streams
 * it to disk, then PUTs it to the bucket) against the resumable direct upload (4 parts at a time straight to presigned
 * URLs of the bucket), on S3Proxy, and the service's CPU seconds per GB in each case, read from the packaged service's
 * process ({@code /proc}: the service runs alone in its JVM, the engine off). Not part of the suite; run it with
 * {@code ./mvnw -B verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=UploadBenchmark
 * [-Dbench.megabytes=200] [-Dbench.rounds=3]}. S3Proxy runs on the same machine and its CPU is not the service's.
 */
class UploadBenchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().build();

    @Test
    void uploadThroughTheServiceAgainstStraightToTheStore() throws Exception {
        int megabytes = Integer.getInteger("bench.megabytes", 200);
        int rounds = Integer.getInteger("bench.rounds", 3);
        Path file = randomFile(megabytes);
        long size = Files.size(file);
        S3ProxyServer store = new S3ProxyServer(Map.of("s3proxy.v4-max-non-chunked-request-size",
                Long.toString(size + 1024 * 1024)), "1g");
        Map<String, String> properties = new HashMap<>(store.start());
        properties.put("video-jobs.engine.enabled", "false");
        properties.put("video-jobs.storage.directory", "target/bench-upload-storage");
        properties.put("quarkus.http.limits.max-body-size", (size / (1024 * 1024) + 16) + "M");
        properties.put("video-jobs.uploads.part-size", "16M");
        properties.put("video-jobs.api.submission-burst", "1000");
        String token = TestTokens.user("bench-uploader");
        List<String> lines = new ArrayList<>();
        try (ServiceInstance service = ServiceInstance.start("upload-bench", true, properties)) {
            ProcessHandle process = service.process().toHandle();
            String base = "http://127.0.0.1:" + service.port();
            JobApi api = JobApi.as(token).on(service.port());
            measure("warm-up multipart", file, process, () -> multipart(base, token, file));
            measure("warm-up direct", file, process, () -> direct(api, base, file));
            for (int round = 1; round <= rounds; round++) {
                lines.add(measure("POST /api/jobs multipart, round " + round, file, process, () -> multipart(base, token, file)));
                lines.add(measure("direct upload (4 parts at a time), round " + round, file, process, () -> direct(api, base, file)));
            }
        } finally {
            store.stop();
        }
        System.out.printf(Locale.ROOT, "%n== Upload benchmark: %d MB, %d rounds, s3 storage on S3Proxy ==%n", megabytes, rounds);
        lines.forEach(System.out::println);
    }

    private static String measure(String name, Path file, ProcessHandle service, Upload upload) throws Exception {
        double cpuBefore = cpuSeconds(service);
        long started = System.nanoTime();
        upload.run();
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpu = cpuSeconds(service) - cpuBefore;
        double gigabytes = Files.size(file) / 1e9;
        String line = String.format(Locale.ROOT, "%-45s %7.1f MB/s  %6.2f s  service CPU %6.2f s = %6.2f s/GB",
                name, Files.size(file) / 1e6 / seconds, seconds, cpu, cpu / gigabytes);
        System.out.println(line);
        return line;
    }

    private static double cpuSeconds(ProcessHandle process) {
        return process.info().totalCpuDuration().orElseThrow().toNanos() / 1e9;
    }

    /** POST /api/jobs with the file as a multipart part, streamed from disk. */
    private static void multipart(String base, String token, Path file) throws IOException, InterruptedException {
        String boundary = "bench" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"stages\"\r\n\r\n[\"METADATA_EXTRACTION\"]\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bench.mp4\"\r\n"
                + "Content-Type: video/mp4\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/jobs"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .timeout(Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofFile(file), HttpRequest.BodyPublishers.ofByteArray(tail)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, response.statusCode(), response.body());
    }

    /** The resumable direct upload, 4 parts at a time, as the SDK does it. */
    private static void direct(JobApi api, String base, Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        Uploader uploader = new Uploader(api, base);
        JsonNode upload = uploader.start("bench.mp4", bytes.length, List.of("METADATA_EXTRACTION"));
        String id = upload.path("upload_id").asText();
        int parts = upload.path("part_count").asInt();
        List<Integer> numbers = new ArrayList<>();
        for (int part = 1; part <= parts; part++) {
            numbers.add(part);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> sent = new ArrayList<>();
            for (List<Integer> batch : batches(numbers, 100)) {
                JsonNode urls = uploader.partUrls(id, batch);
                for (JsonNode part : urls.path("parts")) {
                    byte[] slice = uploader.slice(bytes, part.path("part_number").asInt(), upload.path("part_size").asInt());
                    sent.add(pool.submit(() -> uploader.put(part.path("url").asText(), slice).statusCode()));
                }
            }
            for (Future<Integer> status : sent) {
                assertEquals(200, status.get());
            }
        } finally {
            pool.shutdown();
        }
        uploader.complete(id).statusCode(202);
    }

    private static List<List<Integer>> batches(List<Integer> numbers, int size) {
        List<List<Integer>> batches = new ArrayList<>();
        for (int from = 0; from < numbers.size(); from += size) {
            batches.add(numbers.subList(from, Math.min(numbers.size(), from + size)));
        }
        return batches;
    }

    private static Path randomFile(int megabytes) throws IOException {
        Path file = Path.of("target", "bench-upload-" + megabytes + "MB.bin");
        if (Files.exists(file) && Files.size(file) == megabytes * 1_000_000L) {
            return file;
        }
        Random random = new Random(megabytes);
        byte[] chunk = new byte[1_000_000];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < megabytes; i++) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
        return file;
    }

    @FunctionalInterface
    private interface Upload {
        void run() throws Exception;
    }
}
