package io.videojobs.processing.speech;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A transcript as TRANSCRIPTION stores it: where it came from, timed segments and how far the recogniser
 * trusts it (0..1; subtitles are 1). Later stages quote it only above a confidence threshold.
 */
public record Transcript(String source, List<TranscriptSegment> segments, double confidence) {

    public static final String SUBTITLES = "SUBTITLES";
    public static final String SPEECH_RECOGNITION = "SPEECH_RECOGNITION";

    public String text() {
        StringBuilder text = new StringBuilder();
        for (TranscriptSegment segment : segments) {
            text.append(text.isEmpty() ? "" : " ").append(segment.text());
        }
        return text.toString();
    }

    /** The TRANSCRIPT metadata content: {@code {source, segments: [...], text, confidence}}. */
    public ObjectNode toJson() {
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        content.put("source", source);
        ArrayNode list = content.putArray("segments");
        for (TranscriptSegment segment : segments) {
            list.addObject().put("start_seconds", segment.startSeconds())
                    .put("end_seconds", segment.endSeconds())
                    .put("text", segment.text());
        }
        content.put("text", text());
        content.put("confidence", Math.round(confidence * 1000) / 1000.0);
        return content;
    }

    /** Reads stored TRANSCRIPT content; one stored before confidences were recorded counts as 0. */
    public static Transcript fromJson(JsonNode content) {
        List<TranscriptSegment> segments = new ArrayList<>();
        for (JsonNode segment : content.path("segments")) {
            segments.add(new TranscriptSegment(segment.path("start_seconds").asDouble(),
                    segment.path("end_seconds").asDouble(), segment.path("text").asText("")));
        }
        return new Transcript(content.path("source").asText(""), segments, content.path("confidence").asDouble(0));
    }
}
