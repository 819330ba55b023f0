package io.videojobs.storage;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.videojobs.support.EngineTestProfile;
import io.videojobs.support.S3ProxyServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine tests' settings with {@code s3} storage on an S3Proxy of its own, quick retries of failed deletes, upload
 * parts of S3's smallest size (5 MiB), the
 * engine's scratch where a test can look at it, and the service's log also written to a file the tests read.
 */
public class S3StorageProfile implements QuarkusTestProfile {

    /** The service's log; one per test JVM. */
    public static final Path LOG = Path.of("target", "s3-storage-" + ProcessHandle.current().pid() + ".log").toAbsolutePath();
    /** The engine's scratch root. */
    public static final Path SCRATCH = Path.of("target", "s3-scratch").toAbsolutePath();

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(new EngineTestProfile().getConfigOverrides());
        config.putAll(Map.of(
                "video-jobs.engine.work-directory", SCRATCH.toString(),
                "video-jobs.storage.directory", "target/s3-profile-local-storage-unused",
                "video-jobs.storage.delete-retry-interval", "1s",
                "video-jobs.storage.delete-retry-max-delay", "2s",
                "video-jobs.uploads.part-size", "5M",
                "quarkus.log.file.enabled", "true",
                "quarkus.log.file.path", LOG.toString()));
        return config;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(S3ProxyServer.class));
    }
}
