package io.videojobs.api;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.videojobs.support.JobApi;
import io.videojobs.support.TestTokens;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** An Idempotency-Key makes a retry return the original job; the same key with another body is a 409. */
@QuarkusTest
class IdempotencyTest {

    private final JobApi alice = JobApi.as(TestTokens.user("alice-" + UUID.randomUUID()));
    private final Map<String, Object> body = Map.of("source_url", "https://videos.example.com/keyed.mp4");

    private String submitWithKey(JobApi user, String key, Map<String, Object> request, int status) {
        return user.request().header("Idempotency-Key", key).body(request).post("/api/jobs")
                .then().statusCode(status).extract().asString();
    }

    @Test
    void retryWithSameKeyReturnsTheOriginalJob() {
        String key = UUID.randomUUID().toString();
        String first = alice.request().header("Idempotency-Key", key).body(body).post("/api/jobs")
                .then().statusCode(202).extract().path("job_id");
        alice.request().header("Idempotency-Key", key).body(body).post("/api/jobs")
                .then().statusCode(202)
                .header("Idempotent-Replayed", "true")
                .header("Location", org.hamcrest.Matchers.endsWith("/api/jobs/" + first))
                .body("job_id", equalTo(first));
        alice.request().queryParam("limit", 100).get("/api/jobs").then()
                .body("items.findAll { it.job_id == '" + first + "' }.size()", equalTo(1));
    }

    @Test
    void sameKeyWithDifferentBodyIsAConflict() {
        String key = UUID.randomUUID().toString();
        submitWithKey(alice, key, body, 202);
        alice.request().header("Idempotency-Key", key)
                .body(Map.of("source_url", "https://videos.example.com/other.mp4")).post("/api/jobs")
                .then().statusCode(409).body("error_code", equalTo("CONFLICT"));
    }

    @Test
    void keysArePerUser() {
        String key = UUID.randomUUID().toString();
        JobApi bob = JobApi.as(TestTokens.user("bob-" + UUID.randomUUID()));
        String alices = alice.request().header("Idempotency-Key", key).body(body).post("/api/jobs")
                .then().statusCode(202).extract().path("job_id");
        String bobs = bob.request().header("Idempotency-Key", key).body(body).post("/api/jobs")
                .then().statusCode(202).extract().path("job_id");
        org.junit.jupiter.api.Assertions.assertNotEquals(alices, bobs);
    }

    @Test
    void concurrentRetriesCreateExactlyOneJob() {
        String key = UUID.randomUUID().toString();
        List<CompletableFuture<String>> retries = IntStream.range(0, 8)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> alice.request().header("Idempotency-Key", key)
                        .body(body).post("/api/jobs").then().statusCode(202).extract().<String>path("job_id")))
                .toList();
        Set<String> ids = retries.stream().map(CompletableFuture::join).collect(Collectors.toSet());
        assertEquals(1, ids.size(), "every retry must return the same job");
    }

    @Test
    void overlongKeyIsRejected() {
        alice.request().header("Idempotency-Key", "k".repeat(256)).body(body).post("/api/jobs")
                .then().statusCode(400).body("details[0].field", equalTo("Idempotency-Key"));
    }
}
