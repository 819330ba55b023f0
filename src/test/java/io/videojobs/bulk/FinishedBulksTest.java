package io.videojobs.bulk;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

/**
 * Finished bulk actions and their per-job results are removed once they finished longer ago than
 * {@code video-jobs.bulk.keep-finished-for} (here 5 s, swept every second); a running bulk stays however old it is,
 * and sweeps running at once (as on several instances) remove each bulk once, without failing.
 */
@QuarkusTest
@TestProfile(FinishedBulksTest.ShortKeep.class)
class FinishedBulksTest {

    /** Finished bulks kept for 5 s, swept every second. */
    public static class ShortKeep implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("video-jobs.bulk.keep-finished-for", "5s", "video-jobs.bulk.cleanup-interval", "1s");
        }
    }

    @Inject
    Pool pool;

    @Inject
    FinishedBulks finishedBulks;

    private final String owner = "bulk-keep-" + UUID.randomUUID();
    private final JobApi alice = JobApi.as(TestTokens.user(owner));

    @Test
    void aFinishedBulkIsReadableUntilTheSettingHasPassedThenGoneWithItsResultsWhileARunningOneStays() {
        String jobId = alice.submitJob();
        String bulkId = alice.request().body(Map.of("action", "CANCEL", "job_ids", List.of(jobId)))
                .post("/api/jobs/bulk").then().statusCode(202).extract().path("bulk_id");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> "COMPLETED".equals(
                alice.request().get("/api/jobs/bulk/" + bulkId).then().statusCode(200).extract().path("status")));
        JsonNode finished = JobApi.parseJson(alice.request().get("/api/jobs/bulk/" + bulkId).then().statusCode(200)
                .extract().asString());
        assertEquals("DONE", finished.path("results").get(0).path("outcome").asText(), "the results, while kept");
        UUID running = runningBulkCreatedLastYear(jobId);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
                alice.request().get("/api/jobs/bulk/" + bulkId).then().extract().statusCode() == 404);
        assertEquals(0, items(UUID.fromString(bulkId)), "its per-job results are gone with it");
        alice.request().get("/api/jobs/bulk/" + running).then().statusCode(200);
        assertEquals(1, items(running), "a running bulk is never removed");
        assertEquals("CANCELLED", alice.readJob(jobId).path("status").asText(), "the jobs themselves stay as they are");
    }

    @Test
    void sweepsRunningAtOnceRemoveEveryExpiredBulkAndKeepARecentOne() throws Exception {
        List<UUID> expired = finishedBulks(3 * FinishedBulks.BATCH + 5, "now() - interval '1 hour'");
        UUID recent = finishedBulks(1, "now()").get(0);

        int sweeps = 4;
        CyclicBarrier start = new CyclicBarrier(sweeps);
        List<CompletableFuture<Integer>> running = new ArrayList<>();
        for (int i = 0; i < sweeps; i++) {
            running.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return finishedBulks.removeExpired().await().atMost(Duration.ofSeconds(30));
            }));
        }
        int removed = 0;
        for (CompletableFuture<Integer> sweep : running) {
            removed += sweep.get();
        }

        assertTrue(removed <= expired.size(), "each bulk removed once: " + removed);
        for (UUID bulkId : expired) {
            assertEquals(0, count("SELECT count(*) FROM bulk_actions WHERE id = $1", bulkId), "bulk " + bulkId);
            assertEquals(0, items(bulkId), "items of " + bulkId);
        }
        assertEquals(1, count("SELECT count(*) FROM bulk_actions WHERE id = $1", recent), "finished just now: kept");
        assertEquals(3, items(recent));
    }

    /**
     * CANCEL bulks of three items each, COMPLETED at {@code finishedAt} (SQL), written in one statement: the sweep of
     * this instance runs every second and must not find a bulk without its items.
     */
    private List<UUID> finishedBulks(int count, String finishedAt) {
        List<UUID> ids = new ArrayList<>();
        pool.preparedQuery("WITH b AS (INSERT INTO bulk_actions (id, owner_id, admin, action, status, total, "
                        + "created_at, finished_at) SELECT gen_random_uuid(), $1, false, 'CANCEL', 'COMPLETED', 3, "
                        + "now() - interval '2 hours', " + finishedAt + " FROM generate_series(1, $2) RETURNING id), "
                        + "i AS (INSERT INTO bulk_action_items (bulk_id, position, job_id, outcome) "
                        + "SELECT b.id, p, gen_random_uuid(), 'DONE' FROM b, generate_series(0, 2) p) SELECT id FROM b")
                .executeAndAwait(Tuple.of(owner, count)).forEach(row -> ids.add(row.getUUID("id")));
        return ids;
    }

    /** A bulk a live instance is still running (its lease held for an hour), created a year ago. */
    private UUID runningBulkCreatedLastYear(String jobId) {
        UUID bulkId = UUID.randomUUID();
        pool.preparedQuery("WITH b AS (INSERT INTO bulk_actions (id, owner_id, admin, action, status, total, "
                        + "lease_owner, lease_expires_at, created_at) VALUES ($1, $2, false, 'CANCEL', 'RUNNING', 1, "
                        + "'instance-still-running', now() + interval '1 hour', now() - interval '1 year') RETURNING id) "
                        + "INSERT INTO bulk_action_items (bulk_id, position, job_id) SELECT id, 0, $3 FROM b")
                .executeAndAwait(Tuple.of(bulkId, owner, UUID.fromString(jobId)));
        return bulkId;
    }

    private long items(UUID bulkId) {
        return count("SELECT count(*) FROM bulk_action_items WHERE bulk_id = $1", bulkId);
    }

    private long count(String sql, UUID bulkId) {
        return pool.preparedQuery(sql).executeAndAwait(Tuple.of(bulkId)).iterator().next().getLong(0);
    }
}
