package io.videojobs.database;

import io.quarkus.runtime.ImageMode;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

/**
 * Gives the dev and test profiles a database when none is configured: the embedded PostgreSQL on
 * {@code video-jobs.embedded-database.directory}, started by {@link EmbeddedPostgresServer} where that library is
 * on the classpath ({@code quarkus:dev}, the test JVMs), or attached to where it already runs (the packaged
 * application that the integration tests launch). The order: a configured datasource URL wins; then Dev Services,
 * when they are enabled and a container runtime is reachable; then the embedded server. Never in the prod profile
 * and never in a native executable.
 */
public class EmbeddedDatabaseConfigSourceFactory implements ConfigSourceFactory {

    static final String DIRECTORY = "video-jobs.embedded-database.directory";
    static final String DESCRIPTION = "video-jobs.embedded-database.description";
    static final String SOURCE_NAME = "EmbeddedPostgreSQL";
    static final String USER = "postgres";
    static final String DATABASE = "postgres";
    /** Below application.properties (250) and the environment (300), so anything configured wins. */
    private static final int ORDINAL = 150;
    private static final String SERVER_CLASS = "io.videojobs.database.EmbeddedPostgresServer";
    private static final Logger LOG = Logger.getLogger(EmbeddedDatabaseConfigSourceFactory.class);

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!applies(context, ImageMode.current(), ContainerRuntime.reachable())) {
            return List.of();
        }
        Path directory = Path.of(value(context, DIRECTORY).orElse("data/postgres")).toAbsolutePath();
        return port(directory).<Iterable<ConfigSource>>map(port -> List.of(source(directory, port))).orElse(List.of());
    }

    /**
     * Whether the embedded database is wanted: dev or test profile, on the JVM, no datasource URL configured, and
     * no Dev Services about to provide one.
     */
    static boolean applies(ConfigSourceContext context, ImageMode imageMode, boolean containerRuntime) {
        List<String> profiles = context.getProfiles();
        if (imageMode != ImageMode.JVM || !(profiles.contains("dev") || profiles.contains("test"))) {
            return false;
        }
        if (value(context, "quarkus.datasource.jdbc.url").isPresent()
                || value(context, "quarkus.datasource.reactive.url").isPresent()) {
            return false;
        }
        boolean devServices = value(context, "quarkus.devservices.enabled").map(Boolean::parseBoolean).orElse(true)
                && value(context, "quarkus.datasource.devservices.enabled").map(Boolean::parseBoolean).orElse(true);
        return !(devServices && containerRuntime);
    }

    private static Optional<Integer> port(Path directory) {
        Class<?> server;
        try {
            server = Class.forName(SERVER_CLASS, true, EmbeddedDatabaseConfigSourceFactory.class.getClassLoader());
            Class.forName("io.zonky.test.db.postgres.embedded.EmbeddedPostgres", false, server.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            // The packaged application: it can only use a server that a test JVM started
            Optional<Integer> running = Postmaster.running(directory).map(Postmaster::port);
            if (running.isEmpty()) {
                LOG.warnf("No datasource URL is configured and no embedded PostgreSQL runs on %s", directory);
            }
            return running;
        }
        try {
            return Optional.of((Integer) server.getMethod("start", Path.class).invoke(null, directory));
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Cannot start the embedded PostgreSQL on " + directory, e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ConfigSource source(Path directory, int port) {
        String hostAndDb = "127.0.0.1:" + port + "/" + DATABASE;
        return new PropertiesConfigSource(Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + hostAndDb,
                "quarkus.datasource.reactive.url", "postgresql://" + hostAndDb,
                "quarkus.datasource.username", USER,
                DESCRIPTION, "embedded PostgreSQL on 127.0.0.1:" + port + ", data in " + directory),
                SOURCE_NAME, ORDINAL);
    }

    private static Optional<String> value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isBlank()
                ? Optional.empty() : Optional.of(value.getValue());
    }
}
