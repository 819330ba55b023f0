package io.videojobs.export;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** One timed piece of text of an export: a transcript segment or a chapter (its title). */
public record Cue(double startSeconds, double endSeconds, String text) {

    /** The cues of stored TRANSCRIPT content ({@code segments}) or CHAPTERS content (an array with titles). */
    public static List<Cue> of(JsonNode items, String textField) {
        List<Cue> cues = new ArrayList<>();
        for (JsonNode item : items) {
            cues.add(new Cue(item.path("start_seconds").asDouble(), item.path("end_seconds").asDouble(),
                    item.path(textField).asText("")));
        }
        return cues;
    }
}
