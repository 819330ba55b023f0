package io.videojobs.security;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link AuthenticationTest} against the packaged application. */
@QuarkusIntegrationTest
class AuthenticationIT extends AuthenticationTest {
}
