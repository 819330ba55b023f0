package io.videojobs.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link OpenApiTest} against the packaged application. */
@QuarkusIntegrationTest
class OpenApiIT extends OpenApiTest {
}
