package io.videojobs.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service (target/quarkus-app) running as a separate process with the test profile (or, with
 * {@link #startProd}, the prod profile), for tests that kill, signal or run several instances side by side. Its
 * output (stdout and stderr) goes to target/{name}.log.
 */
public final class ServiceInstance implements AutoCloseable {

    private static final Path APP = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private final String name;
    private final int port;
    private final Process process;

    private ServiceInstance(String name, int port, Process process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    /**
     * Starts an instance and waits until it is ready. Only the first instance of a test should
     * {@code cleanDatabase}; {@code properties} are passed as system properties.
     */
    public static ServiceInstance start(String name, boolean cleanDatabase, Map<String, String> properties)
            throws IOException {
        return start(name, freePort(), cleanDatabase, properties);
    }

    /** Starts an instance on a given port, such as the port of a stopped instance that clients reconnect to. */
    public static ServiceInstance start(String name, int port, boolean cleanDatabase, Map<String, String> properties)
            throws IOException {
        return start(name, port, "test", cleanDatabase, properties);
    }

    /**
     * Starts an instance with the prod profile, as deployed (JSON logs, the engine on): {@code properties} must
     * name its database; the test tokens' secret, issuer and audience are set, and its storage is target/it-storage.
     */
    public static ServiceInstance startProd(String name, Map<String, String> properties) throws IOException {
        Map<String, String> prod = new java.util.HashMap<>(Map.of(
                "video-jobs.auth.jwt-secret", TestTokens.SECRET,
                "video-jobs.auth.issuer", TestTokens.ISSUER,
                "video-jobs.auth.audience", TestTokens.AUDIENCE,
                "video-jobs.storage.directory", "target/it-storage",
                "video-jobs.storage.url-signing-key", "test-only-thumbnail-signing-key"));
        prod.putAll(properties);
        return start(name, freePort(), "prod", false, prod);
    }

    private static ServiceInstance start(String name, int port, String profile, boolean cleanDatabase,
                                         Map<String, String> properties) throws IOException {
        if (!Files.exists(APP)) {
            throw new IllegalStateException("Run after package: " + APP + " is missing");
        }
        TestDatabase.ensureRunning();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.profile=" + profile,
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.flyway.clean-at-start=" + cleanDatabase));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", APP.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", name + ".log").toFile());
        ServiceInstance instance = new ServiceInstance(name, port, builder.start());
        try {
            instance.awaitReady();
        } catch (RuntimeException e) {
            instance.process.destroyForcibly();
            throw e;
        }
        return instance;
    }

    public int port() {
        return port;
    }

    public Process process() {
        return process;
    }

    public String log() throws IOException {
        return Files.readString(Path.of("target", name + ".log"));
    }

    /** SIGTERM, as Kubernetes sends it on a rolling restart. */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL: the instance dies at once, as on a node failure. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    private void awaitReady() {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(name + " exited; see target/" + name + ".log");
                    }
                    return given().port(port).get("/q/health/ready").statusCode() == 200;
                });
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
