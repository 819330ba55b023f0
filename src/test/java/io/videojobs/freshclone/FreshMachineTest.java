package io.videojobs.freshclone;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.videojobs.support.JobApi;
import io.videojobs.support.TestTokens;
import io.videojobs.support.TestMedia;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The service as a fresh clone runs it: no datasource URL and no Dev Services (no container runtime), so an
 * embedded PostgreSQL is created on an empty data directory and migrated by Flyway; and no ffmpeg on PATH (the
 * configured names are ones PATH does not have), so the bundled org.bytedeco build processes the upload.
 */
@QuarkusTest
@TestProfile(FreshMachineTest.FreshMachine.class)
class FreshMachineTest {

    static final Path DATA = Path.of("target", "fresh-machine", "postgres").toAbsolutePath();

    /** Its own embedded data directory, emptied before Quarkus starts, and nothing on PATH to find. */
    public static class FreshMachine implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            delete(DATA);
            return Map.of(
                    "video-jobs.embedded-database.directory", DATA.toString(),
                    "quarkus.flyway.clean-at-start", "false",
                    "video-jobs.engine.enabled", "true",
                    "video-jobs.engine.ffmpeg-path", "ffmpeg-absent-from-path",
                    "video-jobs.engine.ffprobe-path", "ffprobe-absent-from-path");
        }
    }

    private final JobApi dana = JobApi.as(TestTokens.user("dana-fresh"));

    @Test
    void anEmbeddedPostgresIsCreatedMigratedAndNamedInTheReadinessData() throws Exception {
        JsonNode ready = JobApi.parseJson(given().get("/q/health/ready").then().statusCode(200).extract().asString());
        JsonNode environment = check(ready, "runtime-environment");
        String database = environment.path("data").path("database").asText();
        assertTrue(database.startsWith("embedded PostgreSQL on 127.0.0.1:"), database);
        assertTrue(database.endsWith("data in " + DATA), database);
        assertTrue(Files.isRegularFile(DATA.resolve("PG_VERSION")), "the cluster lives in the configured directory");

        int port = Integer.parseInt(database.replaceFirst("^embedded PostgreSQL on 127\\.0\\.0\\.1:(\\d+),.*$", "$1"));
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
             ResultSet migrations = db.createStatement().executeQuery(
                     "SELECT count(*) FROM flyway_schema_history WHERE success")) {
            migrations.next();
            long applied = migrations.getLong(1);
            try (Stream<Path> scripts = Files.list(Path.of("src", "main", "resources", "db", "migration"))) {
                assertEquals(scripts.count(), applied, "every migration ran on the new cluster");
            }
        }
    }

    @Test
    void theBundledFfmpegTurnsAnUploadIntoThumbnailsAndChapters() throws IOException {
        JsonNode ready = JobApi.parseJson(given().get("/q/health/ready").then().statusCode(200).extract().asString());
        String ffmpeg = check(ready, "runtime-environment").path("data").path("ffmpeg").asText();
        assertTrue(ffmpeg.contains("(bundled org.bytedeco:ffmpeg build)"), ffmpeg);
        assertFalse(ffmpeg.contains("/usr/bin/"), ffmpeg);

        String jobId = given().auth().oauth2(dana.token())
                .multiPart("file", "scenes.mp4", Files.readAllBytes(TestMedia.scenes()), "video/mp4")
                .post("/api/jobs").then().statusCode(202).extract().path("job_id");
        JsonNode job = dana.awaitEnd(jobId, Duration.ofSeconds(120));

        assertEquals("COMPLETED", job.path("status").asText(), job.toString());
        assertEquals(5, job.path("thumbnails").size(), job.toString());
        assertEquals(TestMedia.SCENE_CUTS.length + 1, job.path("metadata").path("CHAPTERS").size(), job.toString());
        assertEquals(TestMedia.SCENE_CUTS[0],
                job.path("metadata").path("CHAPTERS").get(1).path("start_seconds").asDouble(), 1.0);
    }

    @Test
    void withoutTheAsrFilterTranscriptionIsARecoverableSpeechRecognitionUnavailable() {
        JsonNode ready = JobApi.parseJson(given().get("/q/health/ready").then().statusCode(200).extract().asString());
        assertFalse(check(ready, "runtime-environment").path("data").path("speech_recognition_available").asBoolean());

        String jobId = given().auth().oauth2(dana.token())
                .multiPart("file", "speech.mp4", readAll(TestMedia.speech()), "video/mp4")
                .post("/api/jobs").then().statusCode(202).extract().path("job_id");
        JsonNode job = dana.awaitEnd(jobId, Duration.ofSeconds(120));

        assertEquals("COMPLETED", job.path("status").asText(), job.toString());
        JsonNode error = JobApi.ofType(dana.allEvents(jobId), "ERROR").get(0).path("data");
        assertEquals("TRANSCRIPTION", error.path("affected_stage").asText());
        assertEquals("SPEECH_RECOGNITION_UNAVAILABLE", error.path("error_code").asText());
        assertTrue(error.path("recoverable").asBoolean());
        assertTrue(error.path("error_message").asText().contains("pocketsphinx-en-us"), error.toString());
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode check : health.path("checks")) {
            if (name.equals(check.path("name").asText())) {
                return check;
            }
        }
        throw new AssertionError("no " + name + " check in " + health);
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path directory) {
        // A server still running there (left by a killed run) keeps its files; zonky stops it at JVM exit
        if (!Files.exists(directory) || Files.exists(directory.resolve("postmaster.pid"))) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
