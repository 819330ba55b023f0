package io.videojobs.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The packaged application answers the three probes deploy/ configures, UP once started. */
@QuarkusIntegrationTest
class HealthIT {

    @ParameterizedTest
    @ValueSource(strings = {"/q/health/live", "/q/health/ready", "/q/health/started"})
    void probeIsUp(String path) {
        given().when().get(path)
                .then().statusCode(200)
                .body("status", equalTo("UP"));
    }
}
