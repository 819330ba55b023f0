package io.videojobs.security;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.videojobs.support.JobApi;
import io.videojobs.support.TestTokens;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A user sees only their own jobs; someone else's job answers exactly like a missing one. */
@QuarkusTest
class OwnerIsolationTest {

    private final JobApi alice = JobApi.as(TestTokens.user("alice-" + UUID.randomUUID()));
    private final JobApi bob = JobApi.as(TestTokens.user("bob-" + UUID.randomUUID()));
    private final JobApi admin = JobApi.as(TestTokens.admin("ops-" + UUID.randomUUID()));

    @Test
    void anotherUsersJobIsNotFoundForGetCancelPatchAndEvents() {
        String jobId = alice.submitJob();
        String missing = UUID.randomUUID().toString();
        for (String id : new String[] {jobId, missing}) {
            bob.get(id).statusCode(404).body("error_code", equalTo("NOT_FOUND")).body("error_message", equalTo("Job not found"));
            bob.cancel(id).statusCode(404).body("error_code", equalTo("NOT_FOUND"));
            bob.patchMetadata(id, Map.of("TITLE", "mine now")).statusCode(404).body("error_code", equalTo("NOT_FOUND"));
            bob.eventPage(id, 0).statusCode(404).body("error_code", equalTo("NOT_FOUND"));
        }
        alice.get(jobId).statusCode(200).body("status", equalTo("PENDING")).body("last_seq", equalTo(1));
    }

    @Test
    void listingShowsOnlyOwnJobs() {
        String alicesJob = alice.submitJob();
        String bobsJob = bob.submitJob();
        bob.request().get("/api/jobs").then().statusCode(200)
                .body("items.job_id", hasItem(bobsJob))
                .body("items.job_id", not(hasItem(alicesJob)));
    }

    @Test
    void adminSeesAndManagesEveryUsersJobs() {
        String alicesJob = alice.submitJob();
        String bobsJob = bob.submitJob();
        admin.request().queryParam("limit", 100).get("/api/jobs").then().statusCode(200)
                .body("items.job_id", hasItems(alicesJob, bobsJob));
        admin.get(alicesJob).statusCode(200);
        admin.cancel(bobsJob).statusCode(200).body("status", equalTo("CANCELLED"));
    }

    @Test
    void aJobIdThatIsNotAUuidIsNotFound() {
        alice.get("not-a-uuid").statusCode(404).body("error_code", equalTo("NOT_FOUND"));
    }
}
