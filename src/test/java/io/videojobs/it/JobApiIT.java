package io.videojobs.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.videojobs.support.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The job API of the packaged application (the JVM jar here, the native executable under
 * {@code -Pnative}), called the way a client does: real signed tokens, real database.
 */
@QuarkusIntegrationTest
class JobApiIT {

    /** A public-looking address: the %test profile runs no engine, so nothing is ever fetched. */
    private static final String SOURCE_URL = "https://videos.example.com/it-video.mp4";

    @Test
    void submittedJobCanBeReadListedAndFollowedByItsOwnerOnly() {
        String owner = "it-owner-" + UUID.randomUUID();
        String token = TestTokens.user(owner);

        Response submitted = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"source_url\":\"" + SOURCE_URL + "\"}")
                .when().post("/api/jobs")
                .then().statusCode(202)
                .body("job_id", notNullValue())
                .body("source_url", equalTo(SOURCE_URL))
                .body("status", equalTo("PENDING"))
                .extract().response();
        String jobId = submitted.path("job_id");
        assertThat(submitted.header("Location"), endsWith("/api/jobs/" + jobId));

        given().auth().oauth2(token)
                .when().get("/api/jobs/" + jobId)
                .then().statusCode(200)
                .body("job_id", equalTo(jobId))
                .body("source_url", equalTo(SOURCE_URL))
                .body("stages.size()", equalTo(submitted.path("stages.size()")));

        given().auth().oauth2(token)
                .when().get("/api/jobs")
                .then().statusCode(200)
                .body("items.job_id", hasItem(jobId));

        given().auth().oauth2(token)
                .when().get("/api/jobs/" + jobId + "/events?after_seq=0")
                .then().statusCode(200)
                .body("job_id", equalTo(jobId))
                .body("events[0].seq", equalTo(1))
                .body("events[0].type", equalTo("JOB_UPDATE"))
                .body("events[0].job_id", equalTo(jobId));

        given().auth().oauth2(TestTokens.user("it-stranger-" + UUID.randomUUID()))
                .when().get("/api/jobs/" + jobId)
                .then().statusCode(404)
                .body("error_code", equalTo("NOT_FOUND"));
    }

    @Test
    void requestWithoutTokenGetsJson401() {
        given().when().get("/api/jobs")
                .then().statusCode(401)
                .contentType(ContentType.JSON)
                .body("error_code", equalTo("UNAUTHORIZED"))
                .body("error_message", notNullValue());
    }
}
