package io.videojobs.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.videojobs.support.JobApi;
import io.videojobs.support.JobUpdatesClient;
import io.videojobs.support.TestTokens;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The per-user feed of new jobs on {@code /ws}: {@code subscribe_owner}, {@code JOB_CREATED} for a job created
 * anywhere by the same user (here through REST, as another tab, curl or a backend would), owner isolation, and
 * resume after a cursor.
 */
@QuarkusTest
class OwnerFeedTest {

    private static final Duration QUIET = Duration.ofMillis(500);

    @TestHTTPResource("/")
    URL base;

    private final String alice = TestTokens.user("feed-alice-" + UUID.randomUUID());
    private final String bob = TestTokens.user("feed-bob-" + UUID.randomUUID());

    @Test
    void aJobCreatedByTheUserAnywhereIsAnnouncedToTheirSocketsOnly() {
        try (JobUpdatesClient alicesTab = connect(alice); JobUpdatesClient bobsTab = connect(bob)) {
            JsonObject subscribed = subscribeOwner(alicesTab, null);
            assertNull(subscribed.getJsonObject("data").getValue("cursor"), "alice has no job yet");
            subscribeOwner(bobsTab, null);

            String jobId = JobApi.as(alice).submitJob();

            JsonObject created = alicesTab.expect("JOB_CREATED");
            assertEquals(jobId, created.getString("job_id"));
            assertEquals(1, created.getLong("seq"), "the job's seq when it was read: resume it with since");
            JsonObject data = created.getJsonObject("data");
            assertEquals(jobId, data.getString("job_id"));
            assertEquals("PENDING", data.getString("status"));
            assertEquals(JobApi.as(alice).readJob(jobId).path("created_at").asText(), data.getString("created_at"));
            assertEquals(List.of(), alicesTab.drainExceptHeartbeats(QUIET), "announced once");
            assertEquals(List.of(), bobsTab.drainExceptHeartbeats(QUIET), "bob hears nothing of alice's job");
        }
    }

    @Test
    void aFeedResumesAfterItsCursorAndEachAnnouncedJobResumesByItsSince() {
        String first;
        JsonObject cursor;
        try (JobUpdatesClient tab = connect(alice)) {
            subscribeOwner(tab, null);
            first = JobApi.as(alice).submitJob();
            JsonObject created = tab.expect("JOB_CREATED").getJsonObject("data");
            cursor = new JsonObject().put("created_at", created.getString("created_at")).put("job_id", first);
        }
        String second = JobApi.as(alice).submitJob();
        String third = JobApi.as(alice).submitJob();

        try (JobUpdatesClient tab = connect(alice)) {
            JsonObject subscribed = subscribeOwner(tab, cursor);
            assertEquals(third, subscribed.getJsonObject("data").getJsonObject("cursor").getString("job_id"),
                    "the newest job, to resume from next time");
            JsonObject two = tab.expect("JOB_CREATED");
            JsonObject three = tab.expect("JOB_CREATED");
            assertEquals(List.of(second, third), List.of(two.getString("job_id"), three.getString("job_id")),
                    "in creation order, and the first not again");

            tab.resume(second, two.getLong("seq"));
            tab.expect("SUBSCRIBED");
            JobApi.as(alice).cancel(second).statusCode(200);
            JsonObject update = tab.expect("JOB_UPDATE");
            assertEquals(two.getLong("seq") + 1, update.getLong("seq"), "no snapshot: the events after its since");
            assertEquals("CANCELLED", update.getJsonObject("data").getString("status"));
        }
    }

    /**
     * OWNER_SUBSCRIBED's cursor is null for a user with no job; a client resumes such a feed from the start of time (the
     * epoch and the nil id, as the SDK does), and every job created while it was away is announced.
     */
    @Test
    void aFeedOfAUserWhoHadNoJobResumesFromTheStartOfTime() {
        String carol = TestTokens.user("feed-carol-" + UUID.randomUUID());
        try (JobUpdatesClient tab = connect(carol)) {
            assertNull(subscribeOwner(tab, null).getJsonObject("data").getValue("cursor"));
        }
        String first = JobApi.as(carol).submitJob();
        String second = JobApi.as(carol).submitJob();

        try (JobUpdatesClient tab = connect(carol)) {
            subscribeOwner(tab, new JsonObject().put("created_at", "1970-01-01T00:00:00Z")
                    .put("job_id", "00000000-0000-0000-0000-000000000000"));
            assertEquals(List.of(first, second), List.of(tab.expect("JOB_CREATED").getString("job_id"),
                    tab.expect("JOB_CREATED").getString("job_id")));
            assertEquals(List.of(), tab.drainExceptHeartbeats(QUIET));
        }
    }

    @Test
    void withoutACursorOnlyJobsCreatedAfterSubscribingAreAnnounced() {
        String before = JobApi.as(alice).submitJob();
        try (JobUpdatesClient tab = connect(alice)) {
            JsonObject subscribed = subscribeOwner(tab, null);
            assertEquals(before, subscribed.getJsonObject("data").getJsonObject("cursor").getString("job_id"));
            String after = JobApi.as(alice).submitJob();
            assertEquals(after, tab.expect("JOB_CREATED").getString("job_id"));
            assertEquals(List.of(), tab.drainExceptHeartbeats(QUIET));
        }
    }

    @Test
    void afterUnsubscribingNoJobIsAnnounced() {
        try (JobUpdatesClient tab = connect(alice)) {
            subscribeOwner(tab, null);
            tab.send(new JsonObject().put("action", "unsubscribe_owner"));
            tab.expect("OWNER_UNSUBSCRIBED");
            JobApi.as(alice).submitJob();
            assertEquals(List.of(), tab.drainExceptHeartbeats(QUIET));
        }
    }

    @Test
    void aMalformedSubscribeOwnerIsAValidationErrorAndSubscribeStillRefusesUnknownFields() {
        try (JobUpdatesClient tab = connect(alice)) {
            for (String bad : List.of("{\"action\":\"subscribe_owner\",\"owner_id\":\"someone-else\"}",
                    "{\"action\":\"subscribe_owner\",\"after\":\"yesterday\"}",
                    "{\"action\":\"subscribe_owner\",\"after\":{\"created_at\":\"not a time\",\"job_id\":\""
                            + UUID.randomUUID() + "\"}}",
                    "{\"action\":\"subscribe_owner\",\"after\":{\"created_at\":\"2026-12-07T18:00:00Z\"}}",
                    "{\"action\":\"subscribe\",\"job_ids\":[\"" + UUID.randomUUID() + "\"],\"owner\":true}")) {
                tab.send(bad);
                JsonObject error = tab.expect("ERROR");
                assertEquals("VALIDATION_ERROR", error.getJsonObject("data").getString("error_code"), bad);
            }
            JobApi.as(alice).submitJob();
            assertEquals(List.of(), tab.drainExceptHeartbeats(QUIET), "no feed was started");
        }
    }

    private JobUpdatesClient connect(String token) {
        return JobUpdatesClient.connect(base.getPort(), token);
    }

    private static JsonObject subscribeOwner(JobUpdatesClient tab, JsonObject after) {
        JsonObject command = new JsonObject().put("action", "subscribe_owner");
        if (after != null) {
            command.put("after", after);
        }
        tab.send(command);
        JsonObject subscribed = tab.expect("OWNER_SUBSCRIBED");
        assertTrue(subscribed.getJsonObject("data").getString("owner_id").startsWith("feed-"));
        return subscribed;
    }
}
