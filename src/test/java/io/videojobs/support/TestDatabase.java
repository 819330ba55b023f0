package io.videojobs.support;

import io.videojobs.database.EmbeddedPostgresServer;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * The tests' PostgreSQL: the embedded server on target/embedded-postgres (the %test directory), started once per
 * test JVM when the JUnit session opens, so the packaged application that the integration tests launch finds it
 * running and attaches to it. A datasource URL in the environment ({@code QUARKUS_DATASOURCE_JDBC_URL}, with
 * {@code QUARKUS_DATASOURCE_USERNAME} and {@code _PASSWORD}) replaces it, for the tests and the launched
 * application alike.
 */
public final class TestDatabase implements LauncherSessionListener, TestExecutionListener {

    private static final Path DIRECTORY = Path.of("target", "embedded-postgres").toAbsolutePath();

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        ensureRunning();
    }

    /** Before each test class too, so a packaged application launched for it always finds the server. */
    @Override
    public void executionStarted(TestIdentifier identifier) {
        if (identifier.isContainer()) {
            ensureRunning();
        }
    }

    /** Starts the embedded server unless it runs (or an external database is configured). */
    public static void ensureRunning() {
        if (external().isEmpty()) {
            EmbeddedPostgresServer.start(DIRECTORY);
        }
    }

    /** The JDBC URL the application under test uses. */
    public static String jdbcUrl() {
        return external().orElseGet(() -> "jdbc:postgresql://127.0.0.1:" + EmbeddedPostgresServer.start(DIRECTORY)
                + "/postgres");
    }

    /** The database server's port on 127.0.0.1, for a proxy in front of it. */
    public static int port() {
        return uri().getPort();
    }

    /** The database's name. */
    public static String database() {
        return uri().getPath().substring(1);
    }

    /** A new JDBC connection, for a test that reads or changes rows behind the application's back. */
    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), env("QUARKUS_DATASOURCE_USERNAME").orElse("postgres"),
                env("QUARKUS_DATASOURCE_PASSWORD").orElse(""));
    }

    private static URI uri() {
        return URI.create(jdbcUrl().substring("jdbc:".length()));
    }

    private static Optional<String> external() {
        return env("QUARKUS_DATASOURCE_JDBC_URL");
    }

    private static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(value -> !value.isBlank());
    }
}
