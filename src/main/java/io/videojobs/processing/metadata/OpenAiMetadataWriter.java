package io.videojobs.processing.metadata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.videojobs.config.MetadataConfig;
import io.videojobs.processing.openai.OpenAiHttp;
import io.videojobs.processing.run.MediaInfo;
import io.videojobs.processing.run.StageContext;
import io.videojobs.processing.run.StageFailure;
import io.videojobs.processing.speech.Transcript;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Metadata written by a chat model behind an OpenAI-compatible API ({@code POST {base-url}/v1/chat/completions})
 * with a strict JSON-schema response format. The input (media facts, container tags, chapter times and the
 * transcript) is capped, the transcript cut in the middle; an answer that breaks the schema is a failure.
 */
@ApplicationScoped
public class OpenAiMetadataWriter {

    static final String ERROR_CODE = "METADATA_GENERATION_FAILED";
    static final String SCHEMA_ERROR_CODE = "METADATA_SCHEMA_VIOLATION";
    private static final String CUT = " [...] ";
    private static final int MAX_TAG = 64;

    private final OpenAiHttp http;
    private final MetadataConfig.OpenAiChat config;
    private final ObjectMapper mapper;

    OpenAiMetadataWriter(OpenAiHttp http, MetadataConfig config, ObjectMapper mapper) {
        this.http = http;
        this.config = config.openai();
        this.mapper = mapper;
    }

    /** Asks the model; {@code transcript} and {@code chapters} may be null. */
    public GeneratedMetadata write(StageContext context, Transcript transcript, JsonNode chapters) throws StageFailure {
        int chapterCount = chapters == null ? 0 : chapters.size();
        String body = request(input(context, transcript, chapters), chapterCount);
        context.sink().progress(10);
        String answer = http.post(config, "/v1/chat/completions", "application/json",
                () -> HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8), context.handle(), ERROR_CODE);
        return parse(answer, chapterCount);
    }

    /** The user message: a JSON object no longer than {@code max-input-chars}, the transcript cut in the middle. */
    String input(StageContext context, Transcript transcript, JsonNode chapters) {
        MediaInfo info = context.info();
        ObjectNode input = mapper.createObjectNode();
        input.put("file_name", context.sourceName());
        ObjectNode media = input.putObject("media");
        media.put("duration_seconds", info.durationSeconds()).put("container", info.formatName());
        if (info.hasVideo()) {
            media.put("width", info.width()).put("height", info.height()).put("video_codec", info.videoCodec());
        }
        media.put("audio_codec", info.audioCodec());
        ObjectNode tags = input.putObject("container_tags");
        info.tags().forEach((key, value) -> tags.put(key, OfflineMetadata.clip(value, 500)));
        ArrayNode chapterTimes = input.putArray("chapters");
        if (chapters != null) {
            chapters.forEach(chapter -> chapterTimes.addObject()
                    .put("start_seconds", chapter.path("start_seconds").asDouble())
                    .put("end_seconds", chapter.path("end_seconds").asDouble()));
        }
        if (transcript != null) {
            input.put("transcript_source", transcript.source()).put("transcript_confidence", transcript.confidence());
        }
        input.put("transcript", "");
        int room = config.maxInputChars() - json(input).length();
        input.put("transcript", transcript == null ? "" : cutMiddle(transcript.text(), Math.max(0, room)));
        return json(input);
    }

    /** Keeps the start and the end of {@code text}, at most {@code max} characters with the cut marked. */
    static String cutMiddle(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        if (max <= CUT.length()) {
            return "";
        }
        int keep = max - CUT.length();
        int head = (keep + 1) / 2;
        return text.substring(0, head) + CUT + text.substring(text.length() - (keep - head));
    }

    private String request(String input, int chapterCount) {
        ObjectNode request = mapper.createObjectNode();
        request.put("model", config.model());
        request.put("max_tokens", config.maxOutputTokens());
        ArrayNode messages = request.putArray("messages");
        messages.addObject().put("role", "system").put("content", config.prompt()
                + " There are " + chapterCount + " chapters: chapter_titles must have exactly " + chapterCount + " items.");
        messages.addObject().put("role", "user").put("content", input);
        ObjectNode format = request.putObject("response_format");
        format.put("type", "json_schema");
        ObjectNode jsonSchema = format.putObject("json_schema");
        jsonSchema.put("name", "video_metadata").put("strict", true);
        jsonSchema.set("schema", schema());
        return json(request);
    }

    private ObjectNode schema() {
        ObjectNode schema = mapper.createObjectNode().put("type", "object").put("additionalProperties", false);
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("title").put("type", "string");
        properties.putObject("description").put("type", "string");
        properties.putObject("tags").put("type", "array").putObject("items").put("type", "string");
        properties.putObject("chapter_titles").put("type", "array").putObject("items").put("type", "string");
        schema.putArray("required").add("title").add("description").add("tags").add("chapter_titles");
        return schema;
    }

    /** Reads {@code choices[0].message.content} and checks it against the schema and the limits. */
    GeneratedMetadata parse(String answer, int chapterCount) throws StageFailure {
        JsonNode message;
        try {
            message = mapper.readTree(answer).path("choices").path(0).path("message");
        } catch (JsonProcessingException e) {
            throw StageFailure.recoverable(ERROR_CODE, "The chat API answered with malformed JSON");
        }
        if (message.path("refusal").isTextual()) {
            throw StageFailure.recoverable(ERROR_CODE, "The model refused: " + message.path("refusal").asText());
        }
        if (!message.path("content").isTextual()) {
            throw violation("the answer has no choices[0].message.content");
        }
        JsonNode content;
        try {
            content = mapper.readTree(message.path("content").asText());
        } catch (JsonProcessingException e) {
            throw violation("the message content is not JSON");
        }
        if (content == null || !content.isObject()) {
            throw violation("the message content is not a JSON object");
        }
        String title = text(content, "title", OfflineMetadata.MAX_TITLE);
        String description = text(content, "description", OfflineMetadata.MAX_DESCRIPTION);
        List<String> tags = strings(content, "tags", MAX_TAG);
        List<String> chapterTitles = strings(content, "chapter_titles", OfflineMetadata.MAX_TITLE);
        if (chapterTitles.size() != chapterCount) {
            throw violation("chapter_titles has " + chapterTitles.size() + " items for " + chapterCount + " chapters");
        }
        return new GeneratedMetadata(title, description,
                tags.stream().map(String::toLowerCase).distinct().limit(OfflineMetadata.MAX_TAGS).toList(),
                chapterTitles);
    }

    private static String text(JsonNode content, String field, int max) throws StageFailure {
        JsonNode value = content.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw violation(field + " is not a non-empty string");
        }
        if (value.asText().length() > max) {
            throw violation(field + " is longer than " + max + " characters");
        }
        return value.asText().strip();
    }

    private static List<String> strings(JsonNode content, String field, int max) throws StageFailure {
        JsonNode value = content.get(field);
        if (value == null || !value.isArray()) {
            throw violation(field + " is not an array");
        }
        List<String> result = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual() || item.asText().isBlank() || item.asText().length() > max) {
                throw violation(field + " holds an item that is not a non-empty string of at most " + max + " characters");
            }
            result.add(item.asText().strip());
        }
        return result;
    }

    private static StageFailure violation(String what) {
        return StageFailure.recoverable(SCHEMA_ERROR_CODE, "The model's answer breaks the metadata schema: " + what);
    }

    private String json(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
