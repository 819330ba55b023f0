package io.videojobs.api;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.videojobs.support.JobApi;
import io.videojobs.support.TestTokens;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Cursor pagination walks every job exactly once, newest first. */
@QuarkusTest
class PaginationTest {

    private final JobApi alice = JobApi.as(TestTokens.user("pager-" + UUID.randomUUID()));

    @Test
    void pagesCoverAllJobsNewestFirstWithoutRepeats() {
        List<String> submitted = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            submitted.add(alice.submitJob());
        }
        Collections.reverse(submitted);

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        do {
            var request = alice.request().queryParam("limit", 5);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/jobs").then().statusCode(200).extract().jsonPath();
            List<String> ids = page.getList("items.job_id");
            seen.addAll(ids);
            pageSizes.add(ids.size());
            cursor = page.getString("next_cursor");
        } while (cursor != null);

        assertEquals(submitted, seen);
        assertEquals(List.of(5, 5, 2), pageSizes);
    }

    @Test
    void exactMultipleOfPageSizeEndsWithoutAnEmptyPage() {
        JobApi bob = JobApi.as(TestTokens.user("pager-" + UUID.randomUUID()));
        bob.submitJob();
        bob.submitJob();
        JsonPath page = bob.request().queryParam("limit", 2).get("/api/jobs").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(2, page.getList("items").size());
        assertNull(page.getString("next_cursor"));
    }

    @Test
    void badPaginationParametersAreValidationErrors() {
        for (String limit : List.of("0", "101", "-1", "ten")) {
            alice.request().queryParam("limit", limit).get("/api/jobs").then().statusCode(400)
                    .body("error_code", equalTo("VALIDATION_ERROR"))
                    .body("details[0].field", equalTo("limit"));
        }
        alice.request().queryParam("cursor", "bm90LWEtY3Vyc29y").get("/api/jobs").then().statusCode(400)
                .body("details[0].field", equalTo("cursor"));
        alice.request().queryParam("status", "DONE").get("/api/jobs").then().statusCode(400)
                .body("details[0].field", equalTo("status"));
        String jobId = alice.submitJob();
        alice.request().queryParam("after_seq", "-3").get("/api/jobs/" + jobId + "/events").then().statusCode(400)
                .body("details[0].field", equalTo("after_seq"));
        alice.request().queryParam("limit", "5000").get("/api/jobs/" + jobId + "/events").then().statusCode(400)
                .body("details[0].field", equalTo("limit"));
    }
}
