package io.videojobs.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.videojobs.support.TestTokens;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With no origins configured, as in prod until QUARKUS_HTTP_CORS_ORIGINS is set, no other origin is allowed. */
@QuarkusTest
@TestProfile(CorsDefaultTest.NoOrigins.class)
class CorsDefaultTest {

    /** The test profile without its origin list: an empty value unsets it. */
    public static class NoOrigins implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.cors.origins", "");
        }
    }

    @Test
    void aPreflightFromADevServerOriginIsRefused() {
        CorsTest.preflight(CorsTest.ALLOWED).statusCode(403).header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void requestsWithoutAnOriginAreServedAsBefore() {
        given().auth().oauth2(TestTokens.user("cors-none")).get("/api/jobs").then().statusCode(200);
    }
}
