package io.videojobs.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Readiness follows the database: DOWN while PostgreSQL is unreachable, UP again when it returns. */
@QuarkusTest
@TestProfile(ReadinessTest.ProxiedDatabase.class)
class ReadinessTest {

    /** Its own profile, so the datasource runs through the proxy only in this test. */
    public static class ProxiedDatabase implements QuarkusTestProfile {
        @Override
        public java.util.List<TestResourceEntry> testResources() {
            return java.util.List.of(new TestResourceEntry(ProxiedDatabaseResource.class));
        }
    }

    @Test
    void readinessGoesDownWithTheDatabaseAndRecoversWithoutRestart() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));

        ProxiedDatabaseResource.PROXY.stop();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN")));
            given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        } finally {
            ProxiedDatabaseResource.PROXY.start();
        }

        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP")));
    }
}
