package io.videojobs.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.videojobs.support.JobApi;
import io.videojobs.support.TestTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The job API's success paths, cancel rules, metadata edits and the polling fallback. */
@QuarkusTest
class JobApiTest {

    private final JobApi alice = JobApi.as(TestTokens.user("alice-" + UUID.randomUUID()));

    @Test
    void submitReturnsAcceptedPendingJobWithLocationAndAllStages() {
        String location = alice.submit(Map.of("source_url", "https://videos.example.com/a.mp4"))
                .statusCode(202)
                .contentType(ContentType.JSON)
                .body("status", equalTo("PENDING"))
                .body("progress_percent", equalTo(0))
                .body("source_url", equalTo("https://videos.example.com/a.mp4"))
                .body("created_at", notNullValue())
                .body("started_at", nullValue())
                .body("stages.stage_id", contains("METADATA_EXTRACTION", "THUMBNAIL_GENERATION", "TRANSCRIPTION",
                        "CHAPTERS", "METADATA_GENERATION"))
                .body("stages.status", everyItemIs("PENDING", 5))
                .body("metadata", equalTo(Map.of()))
                .body("thumbnails", hasSize(0))
                .body("last_seq", equalTo(1))
                .extract().header("Location");
        String jobId = location.substring(location.lastIndexOf('/') + 1);
        assertThat(location, endsWith("/api/jobs/" + jobId));
        alice.get(jobId).statusCode(200).body("job_id", equalTo(jobId)).body("status", equalTo("PENDING"))
                .body("source_url", equalTo("https://videos.example.com/a.mp4")).body("stages.size()", equalTo(5));
    }

    @Test
    void submitRunsOnlyTheRequestedStagesInEngineOrder() {
        alice.submit(Map.of("source_url", "https://videos.example.com/b.mp4",
                        "stages", List.of("TRANSCRIPTION", "METADATA_EXTRACTION", "TRANSCRIPTION"),
                        "options", Map.of("thumbnail_count", 3, "thumbnail_width", 320)))
                .statusCode(202)
                .body("stages.stage_id", contains("METADATA_EXTRACTION", "TRANSCRIPTION"));
    }

    @Test
    void getReturnsTheDocumentedFields() {
        String jobId = alice.submitJob();
        JsonPath job = alice.get(jobId).statusCode(200).extract().jsonPath();
        for (String field : List.of("job_id", "status", "progress_percent", "source_url", "created_at", "updated_at",
                "started_at", "finished_at", "stages", "metadata", "thumbnails", "last_seq")) {
            assertEquals(true, job.getMap("").containsKey(field), "missing " + field);
        }
        assertEquals(false, job.getMap("").containsKey("error_message"), "error_message only when failed");
    }

    @Test
    void listReturnsOwnJobsNewestFirstAndFiltersByStatus() {
        String first = alice.submitJob();
        String second = alice.submitJob();
        alice.cancel(first).statusCode(200);
        alice.request().get("/api/jobs").then().statusCode(200)
                .body("items.job_id", contains(second, first))
                .body("next_cursor", nullValue());
        alice.request().queryParam("status", "CANCELLED").get("/api/jobs").then().statusCode(200)
                .body("items.job_id", contains(first));
        // Beyond the contract, which names the statuses in upper case: the service also reads them in lower case
        given().auth().oauth2(alice.token()).queryParam("status", "pending").get("/api/jobs").then().statusCode(200)
                .body("items.job_id", contains(second));
    }

    @Test
    void cancelMovesPendingJobToCancelledAndLogsIt() {
        String jobId = alice.submitJob();
        alice.cancel(jobId).statusCode(200)
                .body("status", equalTo("CANCELLED"))
                .body("finished_at", notNullValue())
                .body("last_seq", equalTo(2));
        alice.eventPage(jobId, 1).statusCode(200)
                .body("events", hasSize(1))
                .body("events[0].type", equalTo("JOB_UPDATE"))
                .body("events[0].data.status", equalTo("CANCELLED"))
                .body("events[0].seq", equalTo(2));
    }

    @Test
    void cancellingAJobThatEndedIsAConflict() {
        String jobId = alice.submitJob();
        alice.cancel(jobId).statusCode(200);
        alice.cancel(jobId).statusCode(409)
                .body("error_code", equalTo("CONFLICT"))
                .body("error_message", containsString("CANCELLED"));
        alice.get(jobId).body("last_seq", equalTo(2));
    }

    @Test
    void retryingACancelledJobMakesItPendingAgainAndLogsItWithTheNextSeq() {
        String jobId = alice.submitJob();
        alice.cancel(jobId).statusCode(200);
        retry(alice, jobId).statusCode(200)
                .body("status", equalTo("PENDING"))
                .body("finished_at", nullValue())
                .body("stages.status", everyItemIs("PENDING", 5))
                .body("last_seq", equalTo(3));
        alice.eventPage(jobId, 2).statusCode(200)
                .body("events", hasSize(1))
                .body("events[0].type", equalTo("JOB_UPDATE"))
                .body("events[0].data.status", equalTo("PENDING"))
                .body("events[0].seq", equalTo(3));
        alice.cancel(jobId).statusCode(200).body("status", equalTo("CANCELLED")).body("last_seq", equalTo(4));
    }

    @Test
    void retryingAJobThatIsPendingIsAConflictThatChangesNothing() {
        String jobId = alice.submitJob();
        retry(alice, jobId).statusCode(409)
                .contentType(ContentType.JSON)
                .body("error_code", equalTo("CONFLICT"))
                .body("error_message", containsString("PENDING"));
        alice.get(jobId).body("status", equalTo("PENDING")).body("last_seq", equalTo(1));
    }

    @Test
    void anotherOwnersJobCannotBeRetried() {
        String jobId = alice.submitJob();
        alice.cancel(jobId).statusCode(200);
        retry(JobApi.as(TestTokens.user("mallory-" + UUID.randomUUID())), jobId).statusCode(404)
                .body("error_code", equalTo("NOT_FOUND"));
        alice.get(jobId).body("status", equalTo("CANCELLED")).body("last_seq", equalTo(2));
    }

    @Test
    void ownerEditsTitleDescriptionAndTagsEachLoggedAsMetadataUpdate() {
        String jobId = alice.submitJob();
        alice.patchMetadata(jobId, Map.of("TITLE", "  Road trip ", "DESCRIPTION", "Day one",
                        "TAGS", List.of("travel", "cars", "travel")))
                .statusCode(200)
                .body("metadata.TITLE", equalTo("Road trip"))
                .body("metadata.DESCRIPTION", equalTo("Day one"))
                .body("metadata.TAGS", contains("travel", "cars"))
                .body("last_seq", equalTo(4));
        alice.eventPage(jobId, 1).statusCode(200)
                .body("events.type", contains("METADATA_UPDATE", "METADATA_UPDATE", "METADATA_UPDATE"))
                .body("events.data.metadata_type", contains("TITLE", "DESCRIPTION", "TAGS"))
                .body("events.seq", contains(2, 3, 4));
        alice.patchMetadata(jobId, Map.of("TITLE", "Road trip, day 2")).statusCode(200)
                .body("metadata.TITLE", equalTo("Road trip, day 2"))
                .body("metadata.TAGS", contains("travel", "cars"));
        alice.get(jobId).statusCode(200)
                .body("metadata.TITLE", equalTo("Road trip, day 2"))
                .body("metadata.DESCRIPTION", equalTo("Day one"))
                .body("metadata.TAGS", contains("travel", "cars"))
                .body("last_seq", equalTo(5));
    }

    @Test
    void metadataEditsAreValidatedFieldByField() {
        String jobId = alice.submitJob();
        alice.patchMetadata(jobId, Map.of("TRANSCRIPT", "x", "COLOR", "red", "TITLE", 7))
                .statusCode(400)
                .body("error_code", equalTo("VALIDATION_ERROR"))
                .body("details.field", hasItem("TRANSCRIPT"))
                .body("details.field", hasItem("COLOR"))
                .body("details.field", hasItem("TITLE"));
        alice.patchMetadata(jobId, Map.of("TITLE", "x".repeat(201))).statusCode(400)
                .body("details[0].field", equalTo("TITLE"));
        alice.patchMetadata(jobId, Map.of()).statusCode(400).body("error_code", equalTo("VALIDATION_ERROR"));
        alice.get(jobId).body("metadata", not(hasKey("TITLE"))).body("last_seq", equalTo(1));
    }

    @Test
    void eventsEndpointReturnsTheWireMessagesInOrderAndPages() {
        String jobId = alice.submitJob();
        for (int i = 1; i <= 4; i++) {
            alice.patchMetadata(jobId, Map.of("TITLE", "Title " + i)).statusCode(200);
        }
        JsonPath all = alice.eventPage(jobId, 0).statusCode(200).extract().jsonPath();
        assertEquals(List.of(1, 2, 3, 4, 5), all.getList("events.seq"));
        assertEquals(5, all.getInt("last_seq"));
        assertEquals(false, all.getBoolean("has_more"));
        Map<String, Object> first = all.getMap("events[0]");
        assertEquals(List.of("type", "job_id", "data", "timestamp", "seq"), List.copyOf(first.keySet()));
        assertEquals(jobId, first.get("job_id"));
        assertEquals(Map.of("status", "PENDING", "progress_percent", 0), first.get("data"));

        alice.request().queryParam("after_seq", 1).queryParam("limit", 2).get("/api/jobs/" + jobId + "/events")
                .then().statusCode(200)
                .body("events.seq", contains(2, 3))
                .body("next_after_seq", equalTo(3))
                .body("has_more", equalTo(true));
        alice.eventPage(jobId, 5).statusCode(200).body("events", hasSize(0)).body("next_after_seq", equalTo(5));
    }

    @Test
    void eventPayloadIsTheStoredMessageVerbatim() {
        String jobId = alice.submitJob();
        String body = alice.eventPage(jobId, 0).extract().asString();
        String event = body.substring(body.indexOf("[{") + 1, body.indexOf("}]") + 1);
        assertThat(event, endsWith("\"seq\":1}"));
        assertThat(event, containsString("{\"type\":\"JOB_UPDATE\",\"job_id\":\"" + jobId + "\""));
    }

    @Test
    void concurrentSubmissionsAreEachStoredWithTheirOwnSourceStagesAndFirstEvent() throws Exception {
        List<String> fewStages = List.of("METADATA_EXTRACTION", "CHAPTERS");
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> submitted = new ArrayList<>();
            for (int i = 0; i < 96; i++) {
                Map<String, Object> body = i % 2 == 0 ? Map.of("source_url", "https://videos.example.com/c" + i + ".mp4")
                        : Map.of("source_url", "https://videos.example.com/c" + i + ".mp4", "stages", fewStages);
                submitted.add(clients.submit(() -> alice.submit(body).statusCode(202).extract().<String>path("job_id")));
            }
            for (int i = 0; i < submitted.size(); i++) {
                String jobId = submitted.get(i).get(30, TimeUnit.SECONDS);
                alice.get(jobId).statusCode(200)
                        .body("source_url", equalTo("https://videos.example.com/c" + i + ".mp4"))
                        .body("stages.stage_id", i % 2 == 0 ? hasSize(5) : contains(fewStages.toArray()))
                        .body("last_seq", equalTo(1));
                List<JsonNode> events = alice.allEvents(jobId);
                assertEquals(1, events.size(), events.toString());
                assertEquals(jobId, events.get(0).path("job_id").asText());
                assertEquals("PENDING", events.get(0).path("data").path("status").asText());
            }
        } finally {
            clients.shutdownNow();
        }
    }

    private static io.restassured.response.ValidatableResponse retry(JobApi user, String jobId) {
        return user.request().post("/api/jobs/" + jobId + "/retry").then();
    }

    private static org.hamcrest.Matcher<Iterable<? extends String>> everyItemIs(String value, int count) {
        return contains(java.util.Collections.nCopies(count, equalTo(value)));
    }
}
