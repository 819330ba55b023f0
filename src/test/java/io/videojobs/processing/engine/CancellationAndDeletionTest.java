package io.videojobs.processing.engine;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.videojobs.support.EngineTestProfile;
import io.videojobs.support.JobApi;
import io.videojobs.support.MediaServerExtension;
import io.videojobs.support.TestDatabase;
import io.videojobs.support.TestMedia;
import io.videojobs.support.TestTokens;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cancelling or deleting a job in the middle of a stage kills its ffmpeg; a long run keeps its lease; retention
 * prunes finished jobs.
 */
@QuarkusTest
@TestProfile(EngineTestProfile.class)
class CancellationAndDeletionTest {

    private static final Path STORAGE = Path.of("target", "test-storage");
    @RegisterExtension
    static final MediaServerExtension server = new MediaServerExtension();
    private final JobApi bob = JobApi.as(TestTokens.user("bob-engine"));

    @Inject
    RetentionSweeper retention;

    @Test
    void cancellingInTheMiddleOfAStageKillsItsFfmpegWithinTwoSeconds() {
        String jobId = bob.submitJob(server.url(TestMedia.longClip()), List.of("METADATA_EXTRACTION", "TRANSCRIPTION"));
        awaitTranscriptionRunning(jobId);

        given().auth().oauth2(bob.token()).post("/api/jobs/" + jobId + "/cancel").then().statusCode(200);
        Instant cancelled = Instant.now();
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50)).until(() -> ffmpegChildren() == 0);
        assertTrue(Duration.between(cancelled, Instant.now()).toMillis() <= 2000);

        long seqAfterCancel = bob.readJob(jobId).path("last_seq").asLong();
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> true);
        JsonNode job = bob.readJob(jobId);
        assertEquals("CANCELLED", job.path("status").asText());
        assertEquals(seqAfterCancel, job.path("last_seq").asLong(), "the engine logs nothing after the cancel");
        ProcessingEngineTest.assertGapFreeAndMonotonic(bob.allEvents(jobId));
    }

    @Test
    void deletingARunningJobKillsItsFfmpegAndRemovesItsRowsAndFiles() {
        String jobId = bob.submitJob(server.url(TestMedia.longClip()), List.of("METADATA_EXTRACTION", "TRANSCRIPTION"));
        awaitTranscriptionRunning(jobId);
        assertTrue(Files.exists(STORAGE.resolve("jobs").resolve(jobId).resolve("source")));

        given().auth().oauth2(bob.token()).delete("/api/jobs/" + jobId).then().statusCode(204);
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50)).until(() -> ffmpegChildren() == 0);
        given().auth().oauth2(bob.token()).get("/api/jobs/" + jobId).then().statusCode(404);
        given().auth().oauth2(bob.token()).get("/api/jobs/" + jobId + "/events").then().statusCode(404);
        await().atMost(Duration.ofSeconds(3)).until(() -> !Files.exists(STORAGE.resolve("jobs").resolve(jobId)));
        given().auth().oauth2(bob.token()).delete("/api/jobs/" + jobId).then().statusCode(404);
    }

    @Test
    void aRunKeepsItsLeaseAheadOfTheClockForLongerThanOneLease() throws SQLException {
        // about 9 s of speech recognition
        String jobId = bob.submitJob(server.url(TestMedia.longSpeech()), List.of("METADATA_EXTRACTION", "TRANSCRIPTION"));
        awaitTranscriptionRunning(jobId);
        try (Connection db = TestDatabase.connect();
             PreparedStatement query = db.prepareStatement("SELECT status, lease_owner, lease_expires_at > now(), "
                     + "lease_expires_at FROM jobs WHERE id = ?")) {
            query.setObject(1, UUID.fromString(jobId));
            String owner = null;
            Timestamp first = null;
            Timestamp last = null;
            // the test profile's lease is 5 s: 6 s of checks outlast it
            for (int check = 0; check < 7; check++) {
                try (ResultSet row = query.executeQuery()) {
                    assertTrue(row.next());
                    assertEquals("PROCESSING", row.getString(1));
                    owner = owner == null ? row.getString(2) : owner;
                    assertEquals(owner, row.getString(2), "the same instance keeps the job");
                    assertTrue(row.getBoolean(3), "the lease has not expired");
                    last = row.getTimestamp(4);
                    first = first == null ? last : first;
                }
                await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> true);
            }
            assertTrue(last.after(first), "the lease was renewed");
        }
        // the recognition may have finished since the last check (409 CONFLICT): either way the job ends
        given().auth().oauth2(bob.token()).post("/api/jobs/" + jobId + "/cancel").then().statusCode(anyOf(is(200), is(409)));
        bob.awaitEnd(jobId, Duration.ofSeconds(10));
    }

    @Test
    void anotherUsersJobCannotBeDeleted() {
        String jobId = bob.submitJob(server.url(TestMedia.notMedia()), List.of("METADATA_EXTRACTION"));
        given().auth().oauth2(TestTokens.user("mallory")).delete("/api/jobs/" + jobId).then().statusCode(404);
        bob.awaitEnd(jobId, Duration.ofSeconds(30));
    }

    @Test
    void retentionDeletesFinishedJobsWithTheirFiles() throws Throwable {
        String jobId = bob.submitJob(server.url(TestMedia.scenes()), List.of("METADATA_EXTRACTION", "THUMBNAIL_GENERATION"));
        assertEquals("COMPLETED", bob.awaitEnd(jobId, Duration.ofSeconds(60)).path("status").asText());
        assertTrue(Files.exists(STORAGE.resolve("jobs").resolve(jobId).resolve("thumbnails")));

        VertxContextSupport.subscribeAndAwait(() -> retention.pruneOlderThan(Instant.now().minusSeconds(3600)));
        bob.readJob(jobId);
        VertxContextSupport.subscribeAndAwait(() -> retention.pruneOlderThan(Instant.now().plusSeconds(1)));
        given().auth().oauth2(bob.token()).get("/api/jobs/" + jobId).then().statusCode(404);
        assertFalse(Files.exists(STORAGE.resolve("jobs").resolve(jobId)));
    }

    private void awaitTranscriptionRunning(String jobId) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (JsonNode stage : bob.readJob(jobId).path("stages")) {
                if (stage.path("stage_id").asText().equals("TRANSCRIPTION")
                        && stage.path("status").asText().equals("PROCESSING")) {
                    return ffmpegChildren() > 0;
                }
            }
            return false;
        });
    }

    /** ffmpeg and ffprobe processes this JVM started that are still alive (speech recognition runs in ffprobe). */
    static long ffmpegChildren() {
        return ProcessHandle.current().descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.matches("(.*/)?ff(mpeg|probe)")).orElse(false))
                .count();
    }
}
