package io.videojobs.processing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.videojobs.job.MetadataType;
import io.videojobs.job.StageId;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * METADATA_GENERATION: TITLE, DESCRIPTION and TAGS from the container tags, the file name and the
 * transcript. Items the owner edited are skipped when the results are committed.
 */
@ApplicationScoped
public class MetadataGenerationStage implements StageRunner {

    private static final int MAX_TITLE = 200;
    private static final int MAX_DESCRIPTION = 5000;
    private static final int MAX_TAGS = 10;
    private static final int TRANSCRIPT_EXCERPT = 300;

    @Override
    public StageId stage() {
        return StageId.METADATA_GENERATION;
    }

    @Override
    public List<MetadataOutput> run(StageContext context) {
        MediaInfo info = context.info();
        String transcript = context.sink().metadata(MetadataType.TRANSCRIPT)
                .map(node -> node.path("text").asText("")).orElse("");
        String title = firstNonBlank(info.tags().get("title"), titleFromFileName(context.sourceName()),
                firstWords(transcript, 8), "Untitled video");
        String description = firstNonBlank(info.tags().get("description"), info.tags().get("comment"),
                info.tags().get("synopsis"), describe(info, transcript));
        ArrayNode tags = JsonNodeFactory.instance.arrayNode();
        KeywordExtractor.keywords(title + " " + transcript, MAX_TAGS).forEach(tags::add);
        context.sink().progress(90);
        List<MetadataOutput> outputs = new ArrayList<>();
        outputs.add(new MetadataOutput(MetadataType.TITLE, text(title, MAX_TITLE)));
        outputs.add(new MetadataOutput(MetadataType.DESCRIPTION, text(description, MAX_DESCRIPTION)));
        outputs.add(new MetadataOutput(MetadataType.TAGS, tags));
        return outputs;
    }

    /** "my_holiday-clip.final.mp4" becomes "My holiday clip final". */
    static String titleFromFileName(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String base = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        String words = base.replaceAll("[_.\\-+]+", " ").replaceAll("\\s+", " ").strip();
        if (words.isEmpty() || words.equalsIgnoreCase("source") || words.matches("[0-9a-fA-F ]{16,}")) {
            return null;
        }
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private static String describe(MediaInfo info, String transcript) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "A %.0f-second", info.durationSeconds()));
        if (info.hasVideo()) {
            text.append(' ').append(info.width()).append('x').append(info.height()).append(" video");
        } else {
            text.append(" audio recording");
        }
        text.append(info.hasAudio() ? " with sound" : " without sound").append('.');
        if (!transcript.isBlank()) {
            String excerpt = transcript.length() <= TRANSCRIPT_EXCERPT ? transcript
                    : transcript.substring(0, TRANSCRIPT_EXCERPT).replaceAll("\\s+\\S*$", "") + "...";
            text.append(" Transcript: \"").append(excerpt).append('"');
        }
        return text.toString();
    }

    private static String firstWords(String text, int count) {
        if (text.isBlank()) {
            return null;
        }
        String[] words = text.strip().split("\\s+");
        String joined = String.join(" ", java.util.Arrays.copyOf(words, Math.min(count, words.length)));
        return Character.toUpperCase(joined.charAt(0)) + joined.substring(1);
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return "";
    }

    private static JsonNode text(String value, int max) {
        return TextNode.valueOf(value.length() <= max ? value : value.substring(0, max));
    }
}
