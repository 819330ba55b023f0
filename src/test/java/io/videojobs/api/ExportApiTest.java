package io.videojobs.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.videojobs.export.TimeCodes;
import io.videojobs.support.EngineTestProfile;
import io.videojobs.support.JobApi;
import io.videojobs.support.MediaServerExtension;
import io.videojobs.support.TestMedia;
import io.videojobs.support.TestTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The transcript and chapter exports of a job the engine really processed, through the API. */
@QuarkusTest
@TestProfile(EngineTestProfile.class)
class ExportApiTest {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern VTT_TIMING = Pattern.compile("(?m)^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) --> (\\d\\d:\\d\\d:\\d\\d\\.\\d{3})$");
    private static final Pattern SRT_TIMING = Pattern.compile("(?m)^(\\d\\d:\\d\\d:\\d\\d,\\d{3}) --> (\\d\\d:\\d\\d:\\d\\d,\\d{3})$");
    @RegisterExtension
    static final MediaServerExtension server = new MediaServerExtension();
    private static final JobApi alice = JobApi.as(TestTokens.user("alice-exports"));
    private static final JobApi bob = JobApi.as(TestTokens.user("bob-exports"));
    private static String jobId;
    private static JsonNode job;

    /** Once for the class, in the first test (RestAssured has the app's port only inside a test). */
    @BeforeEach
    void processAJobWithSubtitlesThatNeedEscaping() {
        if (job != null) {
            return;
        }
        jobId = alice.submitJob(server.url(TestMedia.trickySubtitles()),
                List.of("METADATA_EXTRACTION", "TRANSCRIPTION", "CHAPTERS"));
        job = alice.awaitEnd(jobId, JOB_TIMEOUT);
        assertEquals("COMPLETED", job.path("status").asText(), job.toString());
    }

    private static JsonNode segments() {
        return job.path("metadata").path("TRANSCRIPT").path("segments");
    }

    @Test
    void theWebVttHasOneCuePerSegmentWithItsTimesAndEscapedText() {
        Response response = alice.request().get("/api/jobs/" + jobId + "/transcript.vtt");
        assertEquals(200, response.statusCode());
        assertEquals("text/vtt;charset=utf-8", response.contentType().replace(" ", "").toLowerCase());
        assertEquals("attachment; filename=\"" + jobId + "-transcript.vtt\"", response.header("Content-Disposition"));
        String body = response.asString();
        assertTrue(body.startsWith("WEBVTT\n\n"), body);
        assertEquals(timings(segments(), true), matches(VTT_TIMING, body), body);
        String stored = segments().get(0).path("text").asText();
        assertTrue(stored.contains("-->") && stored.contains("&"), "the stored text needs escaping: " + segments());
        assertTrue(body.contains("\n" + stored.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "\n"), body);
        assertEquals(segments().size(), body.split(" --> ", -1).length - 1, "only the timing lines hold an arrow: " + body);
    }

    @Test
    void theSubRipNumbersEachSegmentWithCommaTimes() {
        Response response = alice.request().get("/api/jobs/" + jobId + "/transcript.srt");
        assertEquals(200, response.statusCode());
        assertEquals("application/x-subrip;charset=utf-8", response.contentType().replace(" ", "").toLowerCase());
        assertEquals("attachment; filename=\"" + jobId + "-transcript.srt\"", response.header("Content-Disposition"));
        String body = response.asString();
        assertTrue(body.startsWith("1\n"), body);
        assertEquals(timings(segments(), false), matches(SRT_TIMING, body), body);
        assertTrue(body.contains("\n\n2\n"), body);
    }

    @Test
    void thePlainTextAndJsonCarryTheSegmentsAsTheyAre() {
        Response text = alice.request().get("/api/jobs/" + jobId + "/transcript.txt");
        assertEquals(200, text.statusCode());
        assertEquals("text/plain;charset=utf-8", text.contentType().replace(" ", "").toLowerCase());
        List<String> lines = new ArrayList<>();
        segments().forEach(segment -> lines.add(segment.path("text").asText()));
        assertEquals(String.join("\n", lines) + "\n", text.asString());

        Response json = alice.request().get("/api/jobs/" + jobId + "/transcript.json");
        assertEquals(200, json.statusCode());
        assertTrue(json.contentType().startsWith("application/json"), json.contentType());
        assertEquals("attachment; filename=\"" + jobId + "-transcript.json\"", json.header("Content-Disposition"));
        assertEquals(job.path("metadata").path("TRANSCRIPT"), JobApi.parseJson(json.asString()));
    }

    @Test
    void theChaptersVttHasOneCuePerChapterTitledAsStored() {
        JsonNode chapters = job.path("metadata").path("CHAPTERS");
        assertFalse(chapters.isEmpty(), job.toString());
        String body = alice.request().get("/api/jobs/" + jobId + "/chapters.vtt").then().statusCode(200)
                .extract().asString();
        assertEquals(timings(chapters, true), matches(VTT_TIMING, body), body);
        chapters.forEach(chapter -> assertTrue(body.contains("\n" + chapter.path("title").asText() + "\n"), body));
    }

    @Test
    void aRequestWithTheCurrentEtagIsAnswered304WithoutABody() {
        Response first = alice.request().get("/api/jobs/" + jobId + "/transcript.vtt");
        String etag = first.header("ETag");
        assertTrue(etag != null && etag.startsWith("\""), "ETag " + etag);
        Response again = alice.request().header("If-None-Match", etag).get("/api/jobs/" + jobId + "/transcript.vtt");
        assertEquals(304, again.statusCode());
        assertEquals("", again.asString());
        assertEquals(etag, again.header("ETag"));
        Response stale = alice.request().header("If-None-Match", "\"something-else\"")
                .get("/api/jobs/" + jobId + "/transcript.vtt");
        assertEquals(200, stale.statusCode());
        assertFalse(etag.equals(alice.request().get("/api/jobs/" + jobId + "/transcript.srt").header("ETag")),
                "each format has its own tag");
    }

    @Test
    void theJobsSignedLinksWorkWithoutATokenOnlyForTheirOwnFile() {
        JsonNode exports = job.path("exports");
        for (String name : List.of("transcript_vtt", "transcript_srt", "transcript_txt", "transcript_json", "chapters_vtt")) {
            String link = exports.path(name).asText();
            assertTrue(link.startsWith("/api/jobs/" + jobId + "/"), name + ": " + exports);
            given().get(link).then().statusCode(200);
        }
        String vtt = exports.path("transcript_vtt").asText();
        given().get(vtt.replace("transcript.vtt", "transcript.srt")).then().statusCode(401);
        given().get(vtt.replaceAll("signature=[^&]+", "signature=forged")).then().statusCode(401);
        given().get("/api/jobs/" + jobId + "/transcript.vtt").then().statusCode(401);
    }

    @Test
    void anotherUserSeesNoExportOfTheJobButAnAdminDoes() {
        for (String file : List.of("transcript.vtt", "transcript.srt", "transcript.txt", "transcript.json", "chapters.vtt")) {
            bob.request().get("/api/jobs/" + jobId + "/" + file).then().statusCode(404).body("error_code", equalTo("NOT_FOUND"));
        }
        JobApi.as(TestTokens.admin("root-exports")).request().get("/api/jobs/" + jobId + "/transcript.vtt")
                .then().statusCode(200);
    }

    @Test
    void aJobWithoutATranscriptHasNoExportLinkAndItsExportIsNotFound() {
        String other = alice.submitJob(server.url(TestMedia.scenes()), List.of("METADATA_EXTRACTION"));
        JsonNode done = alice.awaitEnd(other, JOB_TIMEOUT);
        assertTrue(done.path("exports").isObject() && done.path("exports").isEmpty(), done.toString());
        alice.request().get("/api/jobs/" + other + "/transcript.vtt").then().statusCode(404)
                .body("error_code", equalTo("NOT_FOUND"));
        alice.request().get("/api/jobs/not-a-uuid/transcript.vtt").then().statusCode(404)
                .body("error_code", equalTo("NOT_FOUND"));
    }

    private static List<String> timings(JsonNode items, boolean vtt) {
        List<String> out = new ArrayList<>();
        items.forEach(item -> {
            double start = item.path("start_seconds").asDouble();
            double end = item.path("end_seconds").asDouble();
            out.add(vtt ? TimeCodes.vtt(start) + " --> " + TimeCodes.vtt(end) : TimeCodes.srt(start) + " --> " + TimeCodes.srt(end));
        });
        return out;
    }

    private static List<String> matches(Pattern pattern, String body) {
        List<String> out = new ArrayList<>();
        Matcher matcher = pattern.matcher(body);
        while (matcher.find()) {
            out.add(matcher.group(1) + " --> " + matcher.group(2));
        }
        return out;
    }
}
