package io.videojobs.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * {@link JobApiTest} against the packaged application (the JVM jar here, the native executable under
 * {@code -Pnative}), called the way a client does: real signed tokens, real database.
 */
@QuarkusIntegrationTest
class JobApiIT extends JobApiTest {
}
