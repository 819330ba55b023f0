package io.videojobs.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.DisabledOnIntegrationTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.videojobs.support.JobApi;
import io.videojobs.support.TestTokens;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bearer tokens as Supabase issues them: HS256 and RS256 via JWKS accepted, everything else a 401. */
@QuarkusTest
class AuthenticationTest {

    @Test
    void missingTokenIsUnauthorized() {
        JobApi.anonymous().request().get("/api/jobs").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .contentType(ContentType.JSON)
                .body("error_code", equalTo("UNAUTHORIZED"))
                .body("error_message", notNullValue());
        JobApi.anonymous().request().body(Map.of("source_url", "https://x.example/v.mp4"))
                .post("/api/jobs").then().statusCode(401).body("error_code", equalTo("UNAUTHORIZED"));
    }

    @Test
    void garbledTokenIsUnauthorized() {
        JobApi.as("not.a.token").request().get("/api/jobs").then().statusCode(401)
                .body("error_code", equalTo("UNAUTHORIZED"));
    }

    @Test
    void expiredTokenIsUnauthorized() {
        JobApi.as(TestTokens.expired("alice")).request().get("/api/jobs").then().statusCode(401)
                .body("error_code", equalTo("UNAUTHORIZED"));
    }

    @Test
    void tokenSignedWithAnotherSecretIsUnauthorized() {
        JobApi.as(TestTokens.signedWithOtherSecret("alice")).request().get("/api/jobs").then().statusCode(401)
                .body("error_code", equalTo("UNAUTHORIZED"));
    }

    @Test
    void tokenFromAnotherIssuerIsUnauthorized() {
        JobApi.as(TestTokens.wrongIssuer("alice")).request().get("/api/jobs").then().statusCode(401)
                .body("error_code", equalTo("UNAUTHORIZED"));
    }

    @Test
    @DisabledOnIntegrationTest("the JWKS it is verified with is a test resource, not part of the packaged application")
    void rs256TokenVerifiedThroughJwksIsAccepted() {
        JobApi carol = JobApi.as(TestTokens.rs256("carol-rs"));
        String jobId = carol.submitJob();
        carol.get(jobId).statusCode(200).body("job_id", equalTo(jobId));
        JobApi.as(TestTokens.user("carol-rs")).get(jobId).statusCode(200);
    }

    @Test
    void devTokenEndpointDoesNotExistOutsideDevMode() {
        given().get("/dev/token").then().statusCode(404);
    }

    @Test
    void theSignInOptionsOfferNoDevSignInOutsideDevMode() {
        JobApi.anonymous().request().get("/api/sign-in-options").then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("dev_sign_in", equalTo(false));
    }
}
