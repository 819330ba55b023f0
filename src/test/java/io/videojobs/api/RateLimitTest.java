package io.videojobs.api;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.videojobs.support.JobApi;
import io.videojobs.support.TestTokens;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Submissions beyond a user's burst answer 429 RATE_LIMITED with Retry-After; other users are unaffected. */
@QuarkusTest
@TestProfile(RateLimitTest.TightLimits.class)
class RateLimitTest {

    /** A burst of 3 refilled at one submission every 10 s. */
    public static class TightLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("video-jobs.api.submission-burst", "3", "video-jobs.api.submissions-per-second", "0.1");
        }
    }

    @Test
    void excessSubmissionsAreRateLimitedPerUser() {
        JobApi alice = JobApi.as(TestTokens.user("burst-" + UUID.randomUUID()));
        for (int i = 0; i < 3; i++) {
            alice.submitJob();
        }
        String retryAfter = alice.submit(Map.of("source_url", "https://videos.example.com/one-too-many.mp4"))
                .statusCode(429)
                .body("error_code", equalTo("RATE_LIMITED"))
                .extract().header("Retry-After");
        int seconds = Integer.parseInt(retryAfter);
        assertTrue(seconds >= 1 && seconds <= 10, "Retry-After " + seconds);
        alice.request().get("/api/jobs").then().statusCode(200).body("items.size()", equalTo(3));

        JobApi.as(TestTokens.user("calm-" + UUID.randomUUID())).submitJob();
    }
}
