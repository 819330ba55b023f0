package io.videojobs.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

/** The packaged app serves the dashboard Quinoa built at /, deep links included, and leaves the API paths alone. */
@QuarkusIntegrationTest
class DashboardRoutesIT {

    @Test
    void theDashboardIsServedAtTheRoot() {
        given().accept("text/html").get("/")
                .then().statusCode(200).contentType(startsWith("text/html")).body(containsString("<div id=\"root\">"));
    }

    @Test
    void aDeepLinkOpensTheDashboardToo() {
        given().accept("text/html").get("/jobs/6bb4a8d4-0257-4b00-bc14-014b08287452")
                .then().statusCode(200).contentType(startsWith("text/html")).body(containsString("<div id=\"root\">"));
    }

    @Test
    void apiPathsKeepTheirJsonErrorsEvenForABrowser() {
        given().accept("text/html,application/json").get("/api/nothing-here")
                .then().statusCode(404).body("error_code", equalTo("NOT_FOUND"));
        given().accept("text/html").get("/api/jobs")
                .then().statusCode(not(equalTo(200))).body(not(containsString("<div id=\"root\">")));
    }

    @Test
    void theAsyncApiDocumentIsStillServed() {
        given().accept("text/html").get("/asyncapi.yaml")
                .then().statusCode(200).body(containsString("asyncapi:"));
    }

    @Test
    void aMissingAssetIsANotFoundNotThePage() {
        given().accept("text/html").get("/assets/missing.js").then().statusCode(404);
    }
}
