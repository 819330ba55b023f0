package io.videojobs.health;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link HealthTest} against the packaged application. */
@QuarkusIntegrationTest
class HealthIT extends HealthTest {
}
