package io.videojobs.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.videojobs.support.JobApi;
import io.videojobs.support.TestTokens;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The per-job seq stays 1..n with no gap and no duplicate when many writers change one job at once. */
@QuarkusTest
class EventSequenceTest {

    @Test
    void fiftyConcurrentStateChangesGetGapFreeSequenceNumbers() {
        JobApi alice = JobApi.as(TestTokens.user("seq-" + UUID.randomUUID()));
        String jobId = alice.submitJob();
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<CompletableFuture<Integer>> writers = IntStream.rangeClosed(1, 50)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> alice
                            .patchMetadata(jobId, Map.of("TITLE", "Title " + i)).extract().statusCode(), pool))
                    .toList();
            writers.forEach(writer -> assertEquals(200, writer.join()));
        } finally {
            pool.shutdown();
        }

        List<Long> seqs = alice.request().queryParam("limit", 1000).get("/api/jobs/" + jobId + "/events")
                .then().statusCode(200).extract().jsonPath().getList("events.seq", Long.class);
        // seq 1 is the submission's JOB_UPDATE, then one METADATA_UPDATE per concurrent change.
        assertEquals(LongStream.rangeClosed(1, 51).boxed().toList(), seqs);
        alice.get(jobId).statusCode(200).body("last_seq", org.hamcrest.Matchers.equalTo(51));
    }
}
