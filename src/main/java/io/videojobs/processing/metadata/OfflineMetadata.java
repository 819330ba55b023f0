package io.videojobs.processing.metadata;

import io.videojobs.processing.run.MediaInfo;
import io.videojobs.processing.speech.TranscriptSegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The offline wording of metadata: titles from container tags or file names, a one-line description with
 * correct grammar, tags and chapter titles from the words that were spoken. Pure functions; the stages decide
 * which transcript is trustworthy enough to pass in.
 */
public final class OfflineMetadata {

    public static final int MAX_TITLE = 200;
    public static final int MAX_DESCRIPTION = 5000;
    static final int MAX_TAGS = 10;
    private static final int TRANSCRIPT_EXCERPT = 300;
    private static final int TITLE_WORDS = 8;
    private static final int CHAPTER_TITLE_WORDS = 4;
    /** File names that say nothing about the content. */
    private static final Set<String> GENERIC_NAMES = Set.of("clip", "video", "movie", "film", "source", "untitled",
            "download", "upload", "file", "media", "recording", "output", "input", "export", "audio", "sound");

    private OfflineMetadata() {
    }

    /** The container's title tag, else the cleaned file name, else the transcript's first words, else a summary. */
    public static String title(MediaInfo info, String sourceName, String transcript) {
        return clip(firstNonBlank(info.tags().get("title"), titleFromFileName(sourceName),
                firstWords(transcript, TITLE_WORDS), "Untitled " + length(info.durationSeconds()) + " "
                        + (info.hasVideo() ? "video" : "recording")), MAX_TITLE);
    }

    /** "my_trip-2024_final.mp4" becomes "My trip 2024 final"; a generic or machine-made name gives null. */
    static String titleFromFileName(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String base = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        String words = base.replaceAll("[_.\\-+]+", " ").replaceAll("\\s+", " ").strip();
        if (words.isEmpty() || GENERIC_NAMES.contains(words.toLowerCase(Locale.ROOT))
                || words.matches("[0-9a-fA-F ]{16,}") || words.matches("[0-9 ]+")) {
            return null;
        }
        return capitalise(words);
    }

    /** The container's description, comment or synopsis tag, else "An 8-second 1280x720 video with sound." */
    public static String description(MediaInfo info, String transcript) {
        String tagged = firstNonBlank(info.tags().get("description"), info.tags().get("comment"),
                info.tags().get("synopsis"));
        if (tagged != null) {
            return clip(tagged, MAX_DESCRIPTION);
        }
        String length = length(info.durationSeconds());
        StringBuilder text = new StringBuilder(capitalise(article(length))).append(' ').append(length);
        if (info.hasVideo()) {
            text.append(' ').append(info.width()).append('x').append(info.height()).append(" video");
            text.append(info.hasAudio() ? " with sound" : " without sound");
        } else {
            text.append(" audio recording");
        }
        text.append('.');
        if (transcript != null && !transcript.isBlank()) {
            String excerpt = transcript.length() <= TRANSCRIPT_EXCERPT ? transcript
                    : transcript.substring(0, TRANSCRIPT_EXCERPT).replaceAll("\\s+\\S*$", "") + "...";
            text.append(" Transcript: \"").append(excerpt.strip()).append('"');
        }
        return clip(text.toString(), MAX_DESCRIPTION);
    }

    /** Tags from the title's words and the transcript's repeated words. */
    public static List<String> tags(String title, String transcript) {
        return KeywordExtractor.tags(title, transcript == null ? "" : transcript, MAX_TAGS);
    }

    /**
     * One title per chapter from the words spoken inside it (a segment's words spread evenly over its time),
     * "Chapter N" for a chapter with no usable words. {@code bounds} holds [start, end] pairs.
     */
    public static List<String> chapterTitles(List<double[]> bounds, List<TranscriptSegment> segments) {
        List<StringBuilder> spoken = new ArrayList<>();
        bounds.forEach(bound -> spoken.add(new StringBuilder()));
        for (TranscriptSegment segment : segments) {
            String[] words = segment.text().strip().split("\\s+");
            double span = Math.max(0, segment.endSeconds() - segment.startSeconds());
            for (int i = 0; i < words.length; i++) {
                double at = segment.startSeconds() + span * (i + 0.5) / words.length;
                int chapter = chapterAt(bounds, at);
                if (chapter >= 0) {
                    spoken.get(chapter).append(words[i]).append(' ');
                }
            }
        }
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < bounds.size(); i++) {
            List<String> keywords = KeywordExtractor.keywords(spoken.get(i).toString(), CHAPTER_TITLE_WORDS);
            titles.add(keywords.isEmpty() ? "Chapter " + (i + 1) : capitalise(String.join(" ", keywords)));
        }
        return titles;
    }

    private static int chapterAt(List<double[]> bounds, double at) {
        for (int i = 0; i < bounds.size(); i++) {
            boolean last = i == bounds.size() - 1;
            if (at >= bounds.get(i)[0] && (at < bounds.get(i)[1] || last)) {
                return i;
            }
        }
        return -1;
    }

    /** "8-second", "3-minute", "2-hour": whole units, seconds below two minutes, minutes below two hours. */
    static String length(double seconds) {
        long rounded = Math.max(0, Math.round(seconds));
        if (rounded < 120) {
            return rounded + "-second";
        }
        if (rounded < 7200) {
            return Math.round(seconds / 60) + "-minute";
        }
        return Math.round(seconds / 3600) + "-hour";
    }

    /** "a" or "an" before a phrase starting with a number as it is read aloud: an 8, an 11, an 18, an 80, a 1. */
    static String article(String phrase) {
        String digits = phrase.replaceAll("^(\\d+).*$", "$1");
        if (!digits.matches("\\d+")) {
            return "aeiou".indexOf(Character.toLowerCase(phrase.charAt(0))) >= 0 ? "an" : "a";
        }
        boolean eight = digits.startsWith("8");
        boolean elevenOrEighteen = (digits.length() % 3 == 2) && (digits.startsWith("11") || digits.startsWith("18"));
        return eight || elevenOrEighteen ? "an" : "a";
    }

    /** The first {@code count} words, without the trailing stop words that would leave a title hanging. */
    private static String firstWords(String text, int count) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String[] all = text.strip().split("\\s+");
        List<String> words = new ArrayList<>(Arrays.asList(all).subList(0, Math.min(count, all.length)));
        while (words.size() > 1 && KeywordExtractor.isStopWord(words.get(words.size() - 1))) {
            words.remove(words.size() - 1);
        }
        return capitalise(String.join(" ", words));
    }

    static String capitalise(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }

    public static String clip(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
