package io.videojobs.freshclone;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packaged application (what the images and the native build are made from) carries neither the embedded
 * PostgreSQL nor the bundled ffmpeg, and in the prod profile it never uses an embedded server, not even one
 * running on the directory it is pointed at.
 */
class PackagedApplicationIT {

    private static final Path APP = Path.of("target", "quarkus-app").toAbsolutePath();

    @Test
    void theEmbeddedPostgresAndTheBundledFfmpegAreNotPackaged() throws IOException {
        try (Stream<Path> jars = Files.walk(APP.resolve("lib"))) {
            List<String> names = jars.map(jar -> jar.getFileName().toString()).toList();
            assertTrue(names.stream().anyMatch(name -> name.startsWith("org.postgresql.postgresql")), names.toString());
            assertFalse(names.stream().anyMatch(name -> name.startsWith("io.zonky")), names.toString());
            assertFalse(names.stream().anyMatch(name -> name.startsWith("org.bytedeco")), names.toString());
        }
    }

    @Test
    void inTheProdProfileWithoutADatasourceUrlNoEmbeddedDatabaseIsUsed() throws Exception {
        assumeTrue(System.getenv("QUARKUS_DATASOURCE_JDBC_URL") == null, "the tests use an external database");
        Path running = Path.of("target", "embedded-postgres").toAbsolutePath();
        assertTrue(Files.exists(running.resolve("postmaster.pid")), "the tests' embedded server runs on " + running);
        Path log = Path.of("target", "prod-without-url.log");
        Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.profile=prod",
                "-Dquarkus.http.port=" + freePort(),
                "-Dvideo-jobs.embedded-database.directory=" + running,
                "-Dvideo-jobs.auth.jwt-secret=prod-profile-test-secret-0123456789abcdef0123456789",
                "-Dvideo-jobs.storage.directory=target/prod-without-url-media",
                "-jar", APP.resolve("quarkus-run.jar").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        app.getOutputStream().close();
        try {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
            while (app.isAlive() && !Files.readString(log).contains("Database: ") && Instant.now().isBefore(deadline)) {
                Thread.sleep(250);
            }
            String output = Files.readString(log);
            assertFalse(output.contains("embedded PostgreSQL"), output);
            assertTrue(!app.isAlive() || output.contains("Database: no datasource URL configured"), output);
        } finally {
            app.destroyForcibly().waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
