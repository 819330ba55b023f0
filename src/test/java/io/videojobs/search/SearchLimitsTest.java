package io.videojobs.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.videojobs.config.SearchConfig;
import io.videojobs.job.JsonText;
import io.videojobs.security.Caller;
import io.videojobs.support.JobApi;
import io.videojobs.support.StoredResults;
import io.videojobs.support.StoredResults.Said;
import io.videojobs.support.TestTokens;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The bounds on one search's work ({@link SearchConfig}): with small bounds, which jobs a search considers and ranks.
 * The search runs its real statement on the test database, with the bounds given here instead of the configured ones.
 */
@QuarkusTest
class SearchLimitsTest {

    @Inject
    Pool pool;

    @Inject
    JsonText json;

    private final String owner = "search-limits-" + UUID.randomUUID();
    private final JobApi api = JobApi.as(TestTokens.user(owner));

    @Test
    void beyondTheRankedJobsATitleHitAndTheNewestJobsThatSaidTheWordAreRankedNotTheOnesThatSaidItMost() {
        String word = SearchTest.madeUpWord();
        String titled = job("The " + word);
        String saidOftenLongAgo = job("First");
        StoredResults.transcript(pool, saidOftenLongAgo, new Said(0, 5, (word + " ").repeat(5)));
        String saidOnce = job("Second");
        StoredResults.transcript(pool, saidOnce, new Said(0, 5, "once " + word));
        String saidOnceLater = job("Third");
        StoredResults.transcript(pool, saidOnceLater, new Said(0, 5, "once more " + word));

        assertEquals(List.of(titled, saidOftenLongAgo, saidOnceLater, saidOnce), ids(search(100, 100, word)),
                "unbounded: the title, then the job that said it five times, then the newest first");
        assertEquals(List.of(titled, saidOnceLater, saidOnce), ids(search(100, 3, word)),
                "three ranked: the title hit, then the two newest jobs that said it");
    }

    @Test
    void aSearchConsidersAtMostTheMaxMatchesJobs() {
        String word = SearchTest.madeUpWord();
        for (int i = 0; i < 5; i++) {
            job("Clip " + i + " " + word);
        }

        assertEquals(5, search(100, 100, word).size());
        assertEquals(4, search(4, 100, word).size());
    }

    private String job(String title) {
        String jobId = api.submitJob();
        api.patchMetadata(jobId, Map.of("TITLE", title)).statusCode(200);
        return jobId;
    }

    private List<SearchHit> search(int maxMatches, int rankedJobs, String q) {
        SearchConfig limits = new SearchConfig() {
            @Override
            public int maxMatches() {
                return maxMatches;
            }

            @Override
            public int rankedJobs() {
                return rankedJobs;
            }
        };
        return new JobSearch(pool, json, limits).search(new Caller(owner, false), TextQuery.parse("q", q), 20)
                .await().indefinitely();
    }

    private static List<String> ids(List<SearchHit> hits) {
        return hits.stream().map(hit -> hit.job().job().id.toString()).toList();
    }
}
