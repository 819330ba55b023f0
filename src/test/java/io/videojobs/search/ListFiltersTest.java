package io.videojobs.search;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.videojobs.support.JobApi;
import io.videojobs.support.StoredResults;
import io.videojobs.support.StoredResults.Said;
import io.videojobs.support.TestTokens;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The filters of {@code GET /api/jobs} and {@code GET /api/jobs/count}, alone, together and across pages. */
@QuarkusTest
class ListFiltersTest {

    private static final Instant DAY1 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant DAY2 = Instant.parse("2026-03-02T10:00:00Z");
    private static final Instant DAY3 = Instant.parse("2026-03-03T10:00:00Z");

    @Inject
    Pool pool;

    private final JobApi alice = JobApi.as(TestTokens.user("filters-" + UUID.randomUUID()));

    @Test
    void statusRepeatedMatchesAnyOfTheGivenStatuses() {
        String pending = alice.submitJob();
        String cancelled = alice.submitJob();
        alice.cancel(cancelled).statusCode(200);

        assertEquals(List.of(cancelled), ids(r -> r.queryParam("status", "CANCELLED")));
        assertEquals(List.of(cancelled, pending), ids(r -> r.queryParam("status", "CANCELLED", "PENDING")));
        assertEquals(List.of(), ids(r -> r.queryParam("status", "FAILED", "COMPLETED")));
    }

    @Test
    void tagAndCreatedFromToAndTextCombine() {
        String word = SearchTest.madeUpWord();
        String early = tagged("boats", DAY1);
        String middle = tagged("boats", DAY2);
        String late = tagged("boats", DAY3);
        String otherTag = tagged("trains", DAY2.plusSeconds(3600));
        alice.setTitle(middle, "Ferry " + word);
        StoredResults.transcript(pool, late, new Said(12, 14, "the " + word + " left at noon"));

        assertEquals(List.of(late, middle, early), ids(r -> r.queryParam("tag", "boats")));
        assertEquals(List.of(otherTag), ids(r -> r.queryParam("tag", "trains")));
        assertEquals(List.of(otherTag, middle), ids(r -> r.queryParam("created_from", "2026-03-02")
                .queryParam("created_to", "2026-03-03")));
        assertEquals(List.of(late, otherTag, middle),
                ids(r -> r.queryParam("created_from", "2026-03-01T10:00:00.001Z")));
        assertEquals(List.of(early), ids(r -> r.queryParam("created_to", "2026-03-01T10:00:00.001Z")));
        assertEquals(List.of(late, middle), ids(r -> r.queryParam("q", word)),
                "the text matches the title of one and what was said in the other");
        assertEquals(List.of(middle), ids(r -> r.queryParam("q", word).queryParam("tag", "boats")
                .queryParam("created_to", "2026-03-03")));
        assertEquals(2, count(r -> r.queryParam("q", word)));
        assertEquals(3, count(r -> r.queryParam("tag", "boats")));
    }

    @Test
    void cursorPagingWalksEveryFilteredJobOnceNewestFirst() {
        List<String> matching = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String jobId = alice.submitJob();
            if (i % 3 != 0) {
                alice.patchMetadata(jobId, Map.of("TAGS", List.of("keep"))).statusCode(200);
                matching.add(0, jobId);
            }
        }
        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        do {
            String after = cursor;
            JsonNode page = page(r -> {
                r.queryParam("tag", "keep").queryParam("status", "PENDING").queryParam("limit", 3);
                return after == null ? r : r.queryParam("cursor", after);
            });
            page.path("items").forEach(item -> seen.add(item.path("job_id").asText()));
            sizes.add(page.path("items").size());
            cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
        } while (cursor != null);

        assertEquals(matching, seen);
        assertEquals(List.of(3, 3, 2), sizes);
        assertEquals(new HashSet<>(matching).size(), seen.size(), "no job twice");
        assertEquals(8, count(r -> r.queryParam("tag", "keep")));
    }

    @Test
    void rowsCarryTitleTagsDurationFirstThumbnailAndError() {
        String jobId = alice.submitJob();
        alice.patchMetadata(jobId, Map.of("TITLE", "Harbour tour 2024", "TAGS", List.of("harbour", "boats")))
                .statusCode(200);
        StoredResults.probed(pool, jobId, 61.5);
        StoredResults.thumbnail(pool, jobId, 1);
        UUID first = StoredResults.thumbnail(pool, jobId, 0);
        String bare = alice.submitJob();

        JsonNode items = page(r -> r).path("items");
        JsonNode row = items.get(1);
        assertEquals(jobId, row.path("job_id").asText());
        assertEquals("Harbour tour 2024", row.path("title").asText());
        assertEquals("[\"harbour\",\"boats\"]", row.path("tags").toString());
        assertEquals(61.5, row.path("duration_seconds").asDouble());
        assertEquals(first.toString(), row.path("first_thumbnail").path("thumbnail_id").asText());
        JsonNode empty = items.get(0);
        assertEquals(bare, empty.path("job_id").asText());
        assertTrue(empty.path("title").isNull());
        assertTrue(empty.path("source_name").isNull(), "a URL's name is known once the source was fetched");
        assertEquals(0, empty.path("tags").size());
        assertTrue(empty.path("duration_seconds").isNull());
        assertFalse(empty.has("first_thumbnail"));
        assertFalse(empty.has("error_message"));
    }

    @Test
    void anUploadWithoutATitleYetIsListedByItsFileName() {
        String jobId = given().auth().oauth2(alice.token())
                .multiPart("file", "Harbour tour.mp4", new byte[] {0, 0, 0, 24}, "video/mp4")
                .post("/api/jobs").then().statusCode(202).extract().path("job_id");

        JsonNode row = page(r -> r).path("items").get(0);

        assertEquals(jobId, row.path("job_id").asText());
        assertTrue(row.path("title").isNull());
        assertEquals("Harbour tour.mp4", row.path("source_name").asText());
    }

    @Test
    void anotherUsersJobsAreNeitherListedNorCounted() {
        String word = SearchTest.madeUpWord();
        JobApi bob = JobApi.as(TestTokens.user("filters-" + UUID.randomUUID()));
        String bobs = bob.submitJob();
        bob.setTitle(bobs, "Bob " + word);

        assertEquals(List.of(), ids(r -> r.queryParam("q", word)));
        assertEquals(0, count(r -> r.queryParam("q", word)));
        JobApi admin = JobApi.as(TestTokens.admin("filters-admin-" + UUID.randomUUID()));
        admin.request().queryParam("q", word).get("/api/jobs/count").then().statusCode(200).body("count", equalTo(1));
    }

    @Test
    void badFiltersAreValidationErrorsNamingTheParameter() {
        Map<String, String> bad = Map.of("status", "DONE", "created_from", "yesterday", "created_to", "2026-13-01",
                "q", "\"unclosed", "tag", "t".repeat(65));
        bad.forEach((name, value) -> {
            alice.request().queryParam(name, value).get("/api/jobs").then().statusCode(400)
                    .body("error_code", equalTo("VALIDATION_ERROR")).body("details[0].field", equalTo(name));
            alice.request().queryParam(name, value).get("/api/jobs/count").then().statusCode(400)
                    .body("details[0].field", equalTo(name));
        });
        alice.request().queryParam("created_from", "2026-03-02").queryParam("created_to", "2026-03-01")
                .get("/api/jobs").then().statusCode(400).body("details[0].field", equalTo("created_to"));
    }

    private String tagged(String tag, Instant createdAt) {
        String jobId = alice.submitJob();
        alice.patchMetadata(jobId, Map.of("TAGS", List.of(tag))).statusCode(200);
        StoredResults.createdAt(pool, jobId, createdAt);
        return jobId;
    }

    private JsonNode page(UnaryOperator<RequestSpecification> query) {
        return JobApi.parseJson(query.apply(alice.request()).get("/api/jobs").then().statusCode(200)
                .extract().asString());
    }

    private List<String> ids(UnaryOperator<RequestSpecification> query) {
        JsonNode page = page(r -> query.apply(r).queryParam("limit", 100));
        assertNull(page.path("next_cursor").textValue());
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(item -> ids.add(item.path("job_id").asText()));
        return ids;
    }

    private long count(UnaryOperator<RequestSpecification> query) {
        return query.apply(alice.request()).get("/api/jobs/count").then().statusCode(200).extract()
                .jsonPath().getLong("count");
    }
}
