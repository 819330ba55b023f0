package io.videojobs.processing.metadata;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Picks keywords from text: the most frequent words that are not stop words, first occurrence breaking ties. */
final class KeywordExtractor {

    private static final Set<String> STOP_WORDS = Set.of(
            "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as",
            "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could",
            "did", "do", "does", "doing", "don't", "down", "during", "each", "even", "few", "for", "from", "further",
            "get", "got", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if",
            "in", "into", "is", "it", "it's", "its", "just", "let", "like", "me", "more", "most", "my", "no", "nor",
            "not", "now", "of", "off", "oh", "ok", "okay", "on", "once", "one", "only", "or", "other", "our", "out",
            "over", "own", "really", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their",
            "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up",
            "us", "very", "video", "was", "we", "well", "were", "what", "when", "where", "which", "while", "who",
            "whom", "why", "will", "with", "would", "yeah", "yes", "you", "your", "untitled", "chapter");

    private KeywordExtractor() {
    }

    static List<String> keywords(String text, int max) {
        Map<String, Integer> counts = counts(text);
        List<String> order = List.copyOf(counts.keySet());
        return counts.entrySet().stream()
                .sorted((a, b) -> a.getValue().equals(b.getValue())
                        ? Integer.compare(order.indexOf(a.getKey()), order.indexOf(b.getKey()))
                        : Integer.compare(b.getValue(), a.getValue()))
                .limit(max)
                .map(Map.Entry::getKey)
                .toList();
    }

    /**
     * Tags: the title's words, then the words of {@code text} that occur more than once, most frequent first;
     * stop words, short words and numbers left out.
     */
    static List<String> tags(String title, String text, int max) {
        Set<String> tags = new LinkedHashSet<>(counts(title).keySet());
        Map<String, Integer> counts = counts(text);
        keywords(text, counts.size()).stream().filter(word -> counts.get(word) > 1).forEach(tags::add);
        return tags.stream().limit(max).toList();
    }

    static boolean isStopWord(String word) {
        return STOP_WORDS.contains(word.toLowerCase(Locale.ROOT));
    }

    /** Non-stop words of at least three letters, with how often each occurs, in order of first occurrence. */
    private static Map<String, Integer> counts(String text) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String raw : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+")) {
            String word = raw.replaceAll("^'+|'+$", "");
            if (word.length() >= 3 && !STOP_WORDS.contains(word) && !word.chars().allMatch(Character::isDigit)) {
                counts.merge(word, 1, Integer::sum);
            }
        }
        return counts;
    }
}
