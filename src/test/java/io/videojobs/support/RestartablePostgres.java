package io.videojobs.support;

import io.videojobs.database.EmbeddedPostgresServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A PostgreSQL server that only one test owns and may restart under a running application: an embedded server
 * ({@link EmbeddedPostgresServer}'s settings) on its own fresh data directory and a fixed port, so the
 * application reconnects to the same address. {@link #restart()} is a real fast shutdown (every backend ends with
 * {@code 57P01 terminating connection due to administrator command}) and a start on the same data.
 */
public final class RestartablePostgres implements AutoCloseable {

    private final Path directory;
    private final int port;
    private EmbeddedPostgres server;

    private RestartablePostgres(Path directory, int port) {
        this.directory = directory;
        this.port = port;
    }

    /** Starts a server on a fresh {@code target/<name>} data directory. */
    public static RestartablePostgres start(String name) throws IOException {
        Path directory = Path.of("target", name).toAbsolutePath();
        deleteRecursively(directory);
        RestartablePostgres postgres = new RestartablePostgres(directory, ServiceInstance.freePort());
        postgres.server = postgres.startServer();
        return postgres;
    }

    /** Fast shutdown, then a start on the same data directory and port. */
    public void restart() throws IOException {
        server.close();
        server = startServer();
    }

    /** The datasource properties of an application that uses this server (database postgres, user postgres). */
    public Map<String, String> datasourceProperties() {
        return Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + port + "/postgres",
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "");
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private EmbeddedPostgres startServer() throws IOException {
        return EmbeddedPostgresServer.builder(directory).setPort(port).start();
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
