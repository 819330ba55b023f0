package io.videojobs.support;

import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3-compatible server for the storage tests: S3Proxy 4.0.0 (filesystem backend, SigV4 and presigned-URL
 * checks on), run as its own process with {@code java -jar} on a free loopback port. The build fetches its jar into
 * target/s3proxy/ (maven-dependency-plugin); it is never on the test classpath, since it bundles its own Jackson and
 * Guava. As a Quarkus test resource it points {@code video-jobs.storage} at a fresh bucket; {@link #stopServer()} and
 * {@link #startServer()} take the store away and bring it back (same port, same data) for outage tests. Its own log
 * goes to target/s3proxy/s3proxy-{port}.log.
 */
public class S3ProxyServer implements QuarkusTestResourceLifecycleManager {

    public static final String BUCKET = "video-jobs-test";
    public static final String ACCESS_KEY = "test-access-key";
    /** Random per run, so that a test can look for it in the logs. */
    public static final String SECRET_KEY = "test-secret-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    private static final Path JAR = Path.of("target", "s3proxy", "s3proxy.jar").toAbsolutePath();

    private static int port;
    private static Path config;
    private static Process process;
    private static String heap = "-Xmx256m";

    private final Map<String, String> extra;

    public S3ProxyServer() {
        this(Map.of(), "256m");
    }

    /** With more S3Proxy properties (such as a larger {@code s3proxy.v4-max-non-chunked-request-size}) and heap. */
    public S3ProxyServer(Map<String, String> extra, String maxHeap) {
        this.extra = extra;
        heap = "-Xmx" + maxHeap;
    }

    @Override
    public Map<String, String> start() {
        try {
            port = ServiceInstance.freePort();
            Path data = Files.createDirectories(JAR.resolveSibling("data-" + port));
            config = JAR.resolveSibling("s3proxy-" + port + ".properties");
            Files.writeString(config, String.join("\n", List.of(
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    // Browsers on any local port may read objects and PUT parts, and read each part's ETag
                    "s3proxy.cors-allow-origins=http://localhost:[0-9]+ http://127.0.0.1:[0-9]+",
                    "s3proxy.cors-allow-methods=GET HEAD PUT",
                    "s3proxy.cors-allow-headers=Content-Type Range",
                    "s3proxy.cors-exposed-headers=ETag Content-Range Accept-Ranges",
                    "jclouds.provider=filesystem-nio2",
                    "jclouds.filesystem.basedir=" + data)) + "\n", StandardCharsets.UTF_8);
            for (Map.Entry<String, String> property : extra.entrySet()) {
                Files.writeString(config, property.getKey() + "=" + property.getValue() + "\n", StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.APPEND);
            }
            startServer();
            try (S3Client client = client()) {
                client.createBucket(create -> create.bucket(BUCKET));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "video-jobs.storage.type", "s3",
                "video-jobs.storage.s3.bucket", BUCKET,
                "video-jobs.storage.s3.endpoint-override", endpoint().toString(),
                "video-jobs.storage.s3.path-style", "true",
                "video-jobs.storage.s3.access-key-id", ACCESS_KEY,
                "video-jobs.storage.s3.secret-access-key", SECRET_KEY);
    }

    @Override
    public void stop() {
        stopServer();
    }

    /** Starts S3Proxy (again) on its port and waits until it accepts connections. */
    public static synchronized void startServer() throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run the tests through Maven, which fetches it");
        }
        process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap, "-jar", JAR.toString(), "--properties", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(JAR.resolveSibling("s3proxy-" + port + ".log").toFile()))
                .start();
        await("S3Proxy listening on " + port).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("S3Proxy exited with " + process.exitValue());
                    }
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                        return true;
                    } catch (IOException e) {
                        return false;
                    }
                });
    }

    /** Stops S3Proxy: the store is unreachable until {@link #startServer()}. */
    public static synchronized void stopServer() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** The running S3Proxy's process, if any: a benchmark must not count its CPU as the service's. */
    public static synchronized Optional<ProcessHandle> process() {
        return Optional.ofNullable(process).map(Process::toHandle);
    }

    public static URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A client of the test bucket, for a test to look at what the service stored. */
    public static S3Client client() {
        return S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    /** The keys in the test bucket under a prefix. */
    public static List<String> keys(String prefix) {
        try (S3Client client = client()) {
            return client.listObjectsV2Paginator(list -> list.bucket(BUCKET).prefix(prefix)).contents().stream()
                    .map(S3Object::key).toList();
        }
    }
}
