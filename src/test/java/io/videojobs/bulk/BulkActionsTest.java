package io.videojobs.bulk;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.videojobs.support.JobApi;
import io.videojobs.support.TestTokens;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/jobs/bulk} and {@code GET /api/jobs/bulk/{id}}: per-job outcomes, owner isolation, a filter fixed
 * when the request is made, 5,000 jobs in one request, and a bulk that a stopped instance left behind.
 */
@QuarkusTest
class BulkActionsTest {

    @Inject
    Pool pool;

    private final JobApi alice = JobApi.as(TestTokens.user("bulk-alice-" + UUID.randomUUID()));
    private final JobApi bob = JobApi.as(TestTokens.user("bulk-bob-" + UUID.randomUUID()));

    @Test
    void retryingChosenJobsReportsEachJobsOutcomeAndTouchesNoOtherUsersJob() {
        String cancelled1 = cancelledJob(alice);
        String cancelled2 = cancelledJob(alice);
        String pending = alice.submitJob();
        String bobs = cancelledJob(bob);
        String missing = UUID.randomUUID().toString();

        String bulkId = alice.request()
                .body(Map.of("action", "RETRY", "job_ids", List.of(cancelled1, pending, bobs, missing, cancelled2)))
                .post("/api/jobs/bulk").then().statusCode(202)
                .header("Location", startsWith("/api/jobs/bulk/"))
                .body("total", equalTo(5)).body("action", equalTo("RETRY")).extract().path("bulk_id");
        JsonNode bulk = awaitCompleted(alice, bulkId, Duration.ofSeconds(60));

        assertEquals(2, bulk.path("done").asInt());
        assertEquals(3, bulk.path("skipped").asInt());
        assertEquals(0, bulk.path("failed").asInt());
        JsonNode results = bulk.path("results");
        assertEquals(List.of(cancelled1, pending, bobs, missing, cancelled2), field(results, "job_id"));
        assertEquals(List.of("DONE", "SKIPPED", "SKIPPED", "SKIPPED", "DONE"), field(results, "outcome"));
        assertTrue(results.get(1).path("reason").asText().contains("PENDING"), results.get(1).toString());
        assertEquals("Job not found", results.get(2).path("reason").asText(), "another user's job is not revealed");
        assertEquals("Job not found", results.get(3).path("reason").asText());
        assertEquals("PENDING", alice.readJob(cancelled1).path("status").asText());
        assertEquals("PENDING", alice.readJob(cancelled2).path("status").asText());
        assertEquals("CANCELLED", bob.readJob(bobs).path("status").asText());
        assertTrue(bulk.path("finished_at").isTextual());
    }

    @Test
    void aFilterChoosesItsJobsWhenTheRequestIsMadeAndLaterJobsAreNotTouched() {
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String jobId = cancelledJob(alice);
            alice.patchMetadata(jobId, Map.of("TAGS", List.of("old-run"))).statusCode(200);
            chosen.add(0, jobId);
        }
        String otherTag = cancelledJob(alice);
        String bobs = cancelledJob(bob);
        bob.patchMetadata(bobs, Map.of("TAGS", List.of("old-run"))).statusCode(200);

        String bulkId = alice.request().body(Map.of("action", "DELETE",
                        "filter", Map.of("status", List.of("CANCELLED"), "tag", "old-run")))
                .post("/api/jobs/bulk").then().statusCode(202).body("total", equalTo(3)).extract().path("bulk_id");
        String later = cancelledJob(alice);
        alice.patchMetadata(later, Map.of("TAGS", List.of("old-run"))).statusCode(200);
        JsonNode bulk = awaitCompleted(alice, bulkId, Duration.ofSeconds(60));

        assertEquals(chosen, field(bulk.path("results"), "job_id"), "the matches at request time, newest first");
        assertEquals(3, bulk.path("done").asInt());
        chosen.forEach(jobId -> alice.get(jobId).statusCode(404));
        alice.get(later).statusCode(200);
        alice.get(otherTag).statusCode(200);
        bob.get(bobs).statusCode(200);
    }

    @Test
    void onlyItsRequesterAndAnAdminCanFollowABulk() {
        String bulkId = alice.request().body(Map.of("action", "CANCEL", "job_ids", List.of(alice.submitJob())))
                .post("/api/jobs/bulk").then().statusCode(202).extract().path("bulk_id");

        bob.request().get("/api/jobs/bulk/" + bulkId).then().statusCode(404).body("error_code", equalTo("NOT_FOUND"));
        JobApi.as(TestTokens.admin("bulk-admin-" + UUID.randomUUID())).request().get("/api/jobs/bulk/" + bulkId)
                .then().statusCode(200).body("bulk_id", equalTo(bulkId));
        alice.request().get("/api/jobs/bulk/not-a-uuid").then().statusCode(404);
        awaitCompleted(alice, bulkId, Duration.ofSeconds(60));
    }

    @Test
    void anEmptySelectionIsCompletedAtOnce() {
        alice.request().body(Map.of("action", "RETRY", "filter", Map.of("status", List.of("FAILED"))))
                .post("/api/jobs/bulk").then().statusCode(202).body("total", equalTo(0))
                .body("status", equalTo("COMPLETED"));
    }

    @Test
    void badRequestsAreValidationErrors() {
        String jobId = alice.submitJob();
        List<Object> bodies = List.of(
                Map.of("action", "CANCEL"),
                Map.of("action", "CANCEL", "job_ids", List.of(jobId), "filter", Map.of()),
                Map.of("job_ids", List.of(jobId)),
                Map.of("action", "ARCHIVE", "job_ids", List.of(jobId)),
                Map.of("action", "CANCEL", "job_ids", List.of()),
                Map.of("action", "CANCEL", "job_ids", List.of("not-a-uuid")),
                Map.of("action", "CANCEL", "filter", Map.of("created_from", "last week")),
                Map.of("action", "CANCEL", "filter", Map.of("q", "\"unclosed")),
                Map.of("action", "CANCEL", "filter", Map.of("status", List.of("DONE"))),
                Map.of("action", "CANCEL", "filter", Map.of("owner_id", "someone-else")));
        for (Object body : bodies) {
            given(alice).body(body).post("/api/jobs/bulk").then().statusCode(400)
                    .body("error_code", equalTo("VALIDATION_ERROR"));
        }
        given(alice).body(Map.of("action", "CANCEL", "filter", Map.of("created_from", "last week")))
                .post("/api/jobs/bulk").then().body("details[0].field", equalTo("filter.created_from"));
        assertEquals("PENDING", alice.readJob(jobId).path("status").asText());
    }

    @Test
    void fiveThousandJobsInOneRequestAreAllCancelled() throws Exception {
        JobApi carol = JobApi.as(TestTokens.user("bulk-carol-" + UUID.randomUUID()));
        int jobs = 5_000;
        ExecutorService submitters = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> submitted = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                submitted.add(submitters.submit(() -> carol.submitJob()));
            }
            for (Future<String> jobId : submitted) {
                jobId.get();
            }
        } finally {
            submitters.shutdownNow();
        }

        long started = System.nanoTime();
        String bulkId = carol.request().body(Map.of("action", "CANCEL", "filter", Map.of("status", List.of("PENDING"))))
                .post("/api/jobs/bulk").then().statusCode(202).body("total", equalTo(jobs)).extract().path("bulk_id");
        long accepted = System.nanoTime();
        JsonNode bulk = awaitCompleted(carol, bulkId, Duration.ofMinutes(8));
        long finished = System.nanoTime();
        System.out.printf("Bulk cancel of %d jobs: accepted in %d ms, completed in %.1f s (%.0f jobs/s)%n", jobs,
                (accepted - started) / 1_000_000, (finished - started) / 1e9, jobs / ((finished - started) / 1e9));

        assertEquals(jobs, bulk.path("done").asInt(), bulk.path("results").get(0).toString());
        assertEquals(jobs, bulk.path("results").size());
        carol.request().queryParam("status", "CANCELLED").get("/api/jobs/count").then().statusCode(200)
                .body("count", equalTo(jobs));
    }

    /**
     * What an instance that stopped mid-way leaves, written as it would be: a bulk whose lease expired with its first
     * items handled. This instance goes on from the first unhandled item and leaves the handled ones as they are; a
     * bulk whose lease is still held (a live instance) is left alone.
     */
    @Test
    void aBulkLeftByAStoppedInstanceIsFinishedByAnotherAndALiveOnesIsLeftAlone() {
        List<String> jobIds = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            jobIds.add(alice.submitJob());
        }
        alice.cancel(jobIds.get(0)).statusCode(200);
        alice.cancel(jobIds.get(1)).statusCode(200);
        UUID stopped = leftBehind(jobIds, "instance-that-stopped", "now() - interval '1 second'");
        UUID live = leftBehind(List.of(alice.submitJob()), "instance-still-running", "now() + interval '1 hour'");

        JsonNode bulk = awaitCompleted(alice, stopped.toString(), Duration.ofSeconds(60));

        assertEquals(List.of("DONE", "DONE", "DONE", "DONE", "DONE"), field(bulk.path("results"), "outcome"));
        jobIds.forEach(jobId -> assertEquals("CANCELLED", alice.readJob(jobId).path("status").asText()));
        JsonNode held = JobApi.parseJson(alice.request().get("/api/jobs/bulk/" + live).then().statusCode(200)
                .extract().asString());
        assertEquals("RUNNING", held.path("status").asText());
        assertEquals(0, held.path("done").asInt() + held.path("skipped").asInt() + held.path("failed").asInt());
    }

    /** A CANCEL bulk of alice's over these jobs, leased by {@code instance} until {@code expiry}, first two done. */
    private UUID leftBehind(List<String> jobIds, String instance, String expiry) {
        UUID bulkId = UUID.randomUUID();
        pool.preparedQuery("INSERT INTO bulk_actions (id, owner_id, admin, action, status, total, lease_owner, "
                        + "lease_expires_at, created_at) VALUES ($1, $2, false, 'CANCEL', 'RUNNING', $3, $4, " + expiry
                        + ", now())")
                .executeAndAwait(Tuple.of(bulkId, ownerOf(alice), jobIds.size(), instance));
        for (int i = 0; i < jobIds.size(); i++) {
            pool.preparedQuery("INSERT INTO bulk_action_items (bulk_id, position, job_id, outcome) VALUES ($1, $2, $3, $4)")
                    .executeAndAwait(Tuple.of(bulkId, i, UUID.fromString(jobIds.get(i)),
                            i < 2 && jobIds.size() > 2 ? "DONE" : null));
        }
        return bulkId;
    }

    private String ownerOf(JobApi api) {
        return api.readJob(api.submitJob()).path("owner_id").asText();
    }

    private static String cancelledJob(JobApi api) {
        String jobId = api.submitJob();
        api.cancel(jobId).statusCode(200);
        return jobId;
    }

    private static JsonNode awaitCompleted(JobApi api, String bulkId, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> "COMPLETED".equals(
                api.request().get("/api/jobs/bulk/" + bulkId).then().statusCode(200).extract().path("status")));
        return JobApi.parseJson(api.request().get("/api/jobs/bulk/" + bulkId).then().statusCode(200).extract().asString());
    }

    private static List<String> field(JsonNode array, String name) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.path(name).asText()));
        return values;
    }

    /** Bad bodies bypass the contract filter, which would refuse to send them. */
    private static io.restassured.specification.RequestSpecification given(JobApi api) {
        return io.restassured.RestAssured.given().auth().oauth2(api.token()).contentType("application/json");
    }
}
