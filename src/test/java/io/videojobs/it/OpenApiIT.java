package io.videojobs.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

/** The packaged application serves its OpenAPI document, describing the job API. */
@QuarkusIntegrationTest
class OpenApiIT {

    @Test
    void documentDescribesTheJobApi() {
        given().accept("application/json")
                .when().get("/q/openapi")
                .then().statusCode(200)
                .body("info.title", equalTo("video-jobs API"))
                .body("paths.'/api/jobs'.post", notNullValue())
                .body("paths.'/api/jobs/{job_id}'.get", notNullValue())
                .body("paths.'/api/jobs/{job_id}/source'.get.responses.'206'", notNullValue())
                .body("paths.'/api/jobs/{job_id}/source'.get.responses.'416'", notNullValue());
    }
}
