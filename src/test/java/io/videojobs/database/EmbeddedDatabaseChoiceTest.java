package io.videojobs.database;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.ImageMode;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When the embedded PostgreSQL is chosen: only in dev and test on the JVM, and only when nothing else is. */
class EmbeddedDatabaseChoiceTest {

    @Test
    void theProdProfileNeverGetsTheEmbeddedDatabase() {
        assertFalse(EmbeddedDatabaseConfigSourceFactory.applies(context("prod", Map.of()), ImageMode.JVM, false));
    }

    @Test
    void theProdProfileStartsNothingAndAddsNoConfiguration() {
        Path directory = Path.of("target", "prod-profile-must-not-create-this");
        Map<String, String> config = Map.of(EmbeddedDatabaseConfigSourceFactory.DIRECTORY, directory.toString());

        assertFalse(new EmbeddedDatabaseConfigSourceFactory().getConfigSources(context("prod", config))
                .iterator().hasNext());
        assertFalse(Files.exists(directory));
    }

    @Test
    void aNativeExecutableNeverGetsTheEmbeddedDatabaseEvenInDevOrTest() {
        for (String profile : List.of("dev", "test")) {
            assertFalse(EmbeddedDatabaseConfigSourceFactory.applies(context(profile, Map.of()), ImageMode.NATIVE_RUN, false));
            assertFalse(EmbeddedDatabaseConfigSourceFactory.applies(context(profile, Map.of()), ImageMode.NATIVE_BUILD, false));
        }
    }

    @Test
    void aConfiguredUrlWins() {
        assertFalse(EmbeddedDatabaseConfigSourceFactory.applies(
                context("dev", Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://db:5432/x")), ImageMode.JVM, false));
        assertFalse(EmbeddedDatabaseConfigSourceFactory.applies(
                context("test", Map.of("quarkus.datasource.reactive.url", "postgresql://db:5432/x")), ImageMode.JVM, false));
    }

    @Test
    void devServicesComeFirstWhenAContainerRuntimeIsThere() {
        assertFalse(EmbeddedDatabaseConfigSourceFactory.applies(context("dev", Map.of()), ImageMode.JVM, true));
        assertTrue(EmbeddedDatabaseConfigSourceFactory.applies(
                context("dev", Map.of("quarkus.datasource.devservices.enabled", "false")), ImageMode.JVM, true));
        assertTrue(EmbeddedDatabaseConfigSourceFactory.applies(
                context("dev", Map.of("quarkus.devservices.enabled", "false")), ImageMode.JVM, true));
    }

    @Test
    void devAndTestWithoutUrlOrContainerRuntimeGetTheEmbeddedDatabase() {
        assertTrue(EmbeddedDatabaseConfigSourceFactory.applies(context("dev", Map.of()), ImageMode.JVM, false));
        assertTrue(EmbeddedDatabaseConfigSourceFactory.applies(context("test", Map.of()), ImageMode.JVM, false));
    }

    private static ConfigSourceContext context(String profile, Map<String, String> values) {
        return new ConfigSourceContext() {
            @Override
            public ConfigValue getValue(String name) {
                return ConfigValue.builder().withName(name).withValue(values.get(name)).build();
            }

            @Override
            public Iterator<String> iterateNames() {
                return values.keySet().iterator();
            }

            @Override
            public List<String> getProfiles() {
                return List.of(profile);
            }
        };
    }
}
