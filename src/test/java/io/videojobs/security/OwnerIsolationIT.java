package io.videojobs.security;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link OwnerIsolationTest} against the packaged application. */
@QuarkusIntegrationTest
class OwnerIsolationIT extends OwnerIsolationTest {
}
