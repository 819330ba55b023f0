package io.videojobs.processing.openai;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.videojobs.support.FakeOpenAiProfile;
import io.videojobs.support.FakeOpenAiServer;
import io.videojobs.support.FakeOpenAiServer.Recorded;
import io.videojobs.support.FakeOpenAiServer.Reply;
import io.videojobs.support.MediaServerExtension;
import io.videojobs.support.JobApi;
import io.videojobs.support.TestTokens;
import io.videojobs.support.TestMedia;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Both OpenAI-compatible engines through real jobs, against {@link FakeOpenAiServer}: a local server that
 * answers in the documented shapes of {@code /v1/audio/transcriptions} (verbose_json) and
 * {@code /v1/chat/completions} (JSON-schema response format). No real model runs here, so this is a contract
 * test: the requests we send and how we read, retry and reject answers.
 */
@QuarkusTest
@TestProfile(FakeOpenAiProfile.class)
class OpenAiContractTest {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(4);
    /** The profile's max-upload-size. */
    private static final int MAX_UPLOAD = 80_000;
    private static final List<String> TRANSCRIBE = List.of("METADATA_EXTRACTION", "TRANSCRIPTION");
    private static final List<String> CHAPTERS_AND_METADATA = List.of("METADATA_EXTRACTION", "CHAPTERS", "METADATA_GENERATION");
    @RegisterExtension
    static final MediaServerExtension media = new MediaServerExtension();
    private final JobApi carol = JobApi.as(TestTokens.user("carol-openai"));
    private FakeOpenAiServer api;

    @BeforeEach
    void resetServer() {
        api = FakeOpenAiProfile.server;
        api.reset();
    }

    @Test
    void audioIsUploadedInChunksUnderTheLimitAndSegmentTimesAreShiftedByEachChunksStart() {
        JsonNode job = run(TestMedia.speech(), TRANSCRIBE);

        assertEquals("COMPLETED", job.path("status").asText(), job.toString());
        List<Recorded> chunks = api.answeredChunks();
        assertTrue(chunks.size() >= 5, "13.5 s of audio in chunks of 2 s: " + chunks.size());
        double offset = 0;
        JsonNode segments = job.path("metadata").path("TRANSCRIPT").path("segments");
        assertEquals(2 * chunks.size(), segments.size(), segments.toString());
        for (int i = 0; i < chunks.size(); i++) {
            Recorded chunk = chunks.get(i);
            assertTrue(chunk.fileBytes() <= MAX_UPLOAD, "chunk " + i + " is " + chunk.fileBytes() + " bytes");
            assertEquals("whisper-test", chunk.fields().get("model"));
            assertEquals("verbose_json", chunk.fields().get("response_format"));
            assertEquals("Bearer sk-test-transcription", chunk.authorization());
            double half = Math.round(chunk.wavSeconds() / 2 * 100) / 100.0;
            JsonNode opening = segments.get(2 * i);
            JsonNode closing = segments.get(2 * i + 1);
            assertEquals(FakeOpenAiServer.segmentText(i, true), opening.path("text").asText());
            assertEquals(offset, opening.path("start_seconds").asDouble(), 0.005, "chunk " + i + " starts at " + offset);
            assertEquals(offset + half, opening.path("end_seconds").asDouble(), 0.005);
            assertEquals(offset + half, closing.path("start_seconds").asDouble(), 0.005);
            offset += chunk.wavSeconds();
        }
        assertEquals(13.5, offset, 0.2, "the chunks hold the whole audio track once");
        JsonNode transcript = job.path("metadata").path("TRANSCRIPT");
        assertEquals("SPEECH_RECOGNITION", transcript.path("source").asText());
        assertEquals(Math.exp(-0.25) * 0.98, transcript.path("confidence").asDouble(), 0.001);
    }

    @Test
    void rateLimitsServerErrorsAndATimeoutAreRetriedWithBackoff() {
        api.scriptTranscriptions(Reply.status(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\","
                        + "\"code\":\"rate_limit_exceeded\"}}", Map.of("Retry-After", "0")),
                Reply.hang(),
                Reply.status(500, "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}", Map.of()));
        JsonNode job = run(TestMedia.speech(), TRANSCRIBE);

        assertEquals("COMPLETED", job.path("status").asText(), job.toString());
        assertEquals("COMPLETED", stage(job, "TRANSCRIPTION").path("status").asText());
        assertEquals(api.answeredChunks().size() + 3, api.requests(FakeOpenAiServer.TRANSCRIPTIONS).size());
        assertEquals(FakeOpenAiServer.segmentText(0, true),
                job.path("metadata").path("TRANSCRIPT").path("segments").get(0).path("text").asText());
        assertTrue(JobApi.ofType(carol.allEvents(job.path("job_id").asText()), "ERROR").isEmpty());
    }

    @Test
    void aServerThatNeverAnswersEndsTheStageWithARecoverableErrorAndTheJobCompletes() {
        api.scriptTranscriptions(Reply.hang(), Reply.hang(), Reply.hang(), Reply.hang());
        JsonNode job = run(TestMedia.speech(), TRANSCRIBE);

        assertEquals("COMPLETED", job.path("status").asText(), job.toString());
        assertEquals("FAILED", stage(job, "TRANSCRIPTION").path("status").asText());
        JsonNode error = onlyError(job);
        assertTrue(error.path("recoverable").asBoolean());
        assertEquals("TRANSCRIPTION_FAILED", error.path("error_code").asText());
        assertTrue(error.path("error_message").asText().contains("after 4 attempts: no answer within 1000 ms"),
                error.toString());
    }

    @Test
    void malformedJsonFromTheTranscriptionApiIsARecoverableError() {
        api.scriptTranscriptions(Reply.raw("{\"text\": \"Chunk 0 opens"));
        JsonNode job = run(TestMedia.speech(), TRANSCRIBE);

        assertEquals("COMPLETED", job.path("status").asText(), job.toString());
        JsonNode error = onlyError(job);
        assertEquals("TRANSCRIPTION_FAILED", error.path("error_code").asText());
        assertTrue(error.path("error_message").asText().contains("malformed JSON"), error.toString());
        assertTrue(job.path("metadata").path("TRANSCRIPT").isMissingNode());
    }

    @Test
    void theChatModelWritesTitleDescriptionTagsAndChapterTitlesUnderAStrictSchema() {
        JsonNode job = run(TestMedia.scenes(), CHAPTERS_AND_METADATA);

        assertEquals("COMPLETED", job.path("status").asText(), job.toString());
        JsonNode metadata = job.path("metadata");
        assertEquals("Colour fields in three acts", metadata.path("TITLE").asText());
        assertEquals("Three flat colour fields follow each other, three seconds each.", metadata.path("DESCRIPTION").asText());
        assertEquals(List.of("colour", "test pattern"), strings(metadata.path("TAGS")));
        assertEquals(List.of("Act 1", "Act 2", "Act 3"),
                metadata.path("CHAPTERS").findValuesAsText("title"));
        assertEquals(3.0, metadata.path("CHAPTERS").get(1).path("start_seconds").asDouble(), 1.0);

        JsonNode request = api.requests(FakeOpenAiServer.CHAT).get(0).json();
        assertEquals("chat-test", request.path("model").asText());
        assertEquals(300, request.path("max_tokens").asInt());
        assertEquals("json_schema", request.path("response_format").path("type").asText());
        JsonNode schema = request.path("response_format").path("json_schema");
        assertTrue(schema.path("strict").asBoolean());
        assertEquals(List.of("title", "description", "tags", "chapter_titles"), strings(schema.path("schema").path("required")));
        JsonNode input = JobApi.parseJson(request.path("messages").get(1).path("content").asText());
        assertEquals("scenes.mp4", input.path("file_name").asText());
        assertEquals(9.0, input.path("media").path("duration_seconds").asDouble(), 0.5);
        assertEquals(3, input.path("chapters").size());
        assertEquals("Bearer sk-test-metadata", api.requests(FakeOpenAiServer.CHAT).get(0).authorization());
    }

    @Test
    void anAnswerThatBreaksTheSchemaIsARecoverableErrorAndTheOfflineMetadataIsKept() {
        api.scriptChat(Reply.chatContent("{\"title\":\"Only a title\",\"tags\":[],\"chapter_titles\":[\"a\",\"b\",\"c\"]}"));
        JsonNode job = run(TestMedia.scenes(), CHAPTERS_AND_METADATA);

        assertEquals("COMPLETED", job.path("status").asText(), job.toString());
        assertEquals("FAILED", stage(job, "METADATA_GENERATION").path("status").asText());
        JsonNode error = onlyError(job);
        assertTrue(error.path("recoverable").asBoolean());
        assertEquals("METADATA_SCHEMA_VIOLATION", error.path("error_code").asText());
        assertTrue(error.path("error_message").asText().contains("description is not a non-empty string"), error.toString());
        assertOfflineMetadata(job);
    }

    @Test
    void malformedJsonFromTheChatApiKeepsTheOfflineMetadata() {
        api.scriptChat(Reply.raw("{\"id\":\"chatcmpl-1\",\"choices\":[{\"message\":"));
        JsonNode job = run(TestMedia.scenes(), CHAPTERS_AND_METADATA);

        assertEquals("COMPLETED", job.path("status").asText(), job.toString());
        assertEquals("METADATA_GENERATION_FAILED", onlyError(job).path("error_code").asText());
        assertOfflineMetadata(job);
    }

    @Test
    void anOwnersEditIsNeverOverwrittenByTheModel() {
        CountDownLatch edited = new CountDownLatch(1);
        api.scriptChat(Reply.normalAfter(edited));
        String jobId = carol.submitJob(media.url(TestMedia.scenes()), CHAPTERS_AND_METADATA);
        given().auth().oauth2(carol.token()).contentType(ContentType.JSON).body(Map.of("TITLE", "Carol's own title"))
                .patch("/api/jobs/" + jobId + "/metadata").then().statusCode(200);
        edited.countDown();
        JsonNode job = carol.awaitEnd(jobId, JOB_TIMEOUT);

        assertEquals("COMPLETED", job.path("status").asText(), job.toString());
        assertEquals(1, api.requests(FakeOpenAiServer.CHAT).size(), "the model was asked");
        assertEquals("Carol's own title", job.path("metadata").path("TITLE").asText());
        assertEquals("Three flat colour fields follow each other, three seconds each.",
                job.path("metadata").path("DESCRIPTION").asText());
    }

    @Test
    void theTranscriptSentToTheModelIsCutInTheMiddleToFitTheInputCap() {
        JsonNode job = run(TestMedia.speech(), List.of("METADATA_EXTRACTION", "TRANSCRIPTION", "METADATA_GENERATION"));

        assertEquals("COMPLETED", job.path("status").asText(), job.toString());
        String content = api.requests(FakeOpenAiServer.CHAT).get(0).json().path("messages").get(1).path("content").asText();
        assertTrue(content.length() <= 700, content.length() + " characters: " + content);
        String transcript = JobApi.parseJson(content).path("transcript").asText();
        int last = api.answeredChunks().size() - 1;
        assertTrue(transcript.startsWith(FakeOpenAiServer.segmentText(0, true).substring(0, 20)), transcript);
        assertTrue(transcript.endsWith(FakeOpenAiServer.segmentText(last, false).substring(20)), transcript);
        assertTrue(transcript.contains(" [...] "), transcript);
    }

    private JsonNode run(java.nio.file.Path file, List<String> stages) {
        String jobId = carol.submitJob(media.url(file), stages);
        return carol.awaitEnd(jobId, JOB_TIMEOUT);
    }

    /** scenes.mp4's offline metadata: its file name, a one-line summary, and tags from the title. */
    private static void assertOfflineMetadata(JsonNode job) {
        assertEquals("Scenes", job.path("metadata").path("TITLE").asText());
        assertEquals("A 9-second 320x240 video without sound.", job.path("metadata").path("DESCRIPTION").asText());
        assertEquals(List.of("scenes"), strings(job.path("metadata").path("TAGS")));
        assertEquals("Chapter 1", job.path("metadata").path("CHAPTERS").get(0).path("title").asText());
    }

    private JsonNode onlyError(JsonNode job) {
        List<JsonNode> errors = JobApi.ofType(carol.allEvents(job.path("job_id").asText()), "ERROR");
        assertEquals(1, errors.size(), errors.toString());
        return errors.get(0).path("data");
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new java.util.ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static JsonNode stage(JsonNode job, String stageId) {
        for (JsonNode stage : job.path("stages")) {
            if (stage.path("stage_id").asText().equals(stageId)) {
                return stage;
            }
        }
        throw new AssertionError("no stage " + stageId + " in " + job);
    }
}
