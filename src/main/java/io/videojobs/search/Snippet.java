package io.videojobs.search;

import java.util.ArrayList;
import java.util.List;

/**
 * A piece of text with the places where it matched a query, as offsets: titles and transcripts are user input, so
 * the service never sends markup built from them; a client marks the ranges itself after escaping the text.
 * Offsets count UTF-16 code units, as JavaScript strings index.
 */
public record Snippet(String text, List<Range> matches) {

    /** Marks ts_headline puts around each match; {@link #SANITIZE} first removes them from the stored text. */
    static final char START = '\u0001';
    static final char STOP = '\u0002';
    /** SQL for the ts_headline options that use those marks; append further options after a comma. */
    static final String MARK_OPTIONS = "'StartSel=' || chr(1) || ', StopSel=' || chr(2)";
    /** SQL that replaces the marks in stored text with spaces (same length), so that only ts_headline's remain. */
    static final String SANITIZE = "translate(%s, chr(1) || chr(2), '  ')";

    /** A matched range of {@code text}: from {@code start} (inclusive) to {@code end} (exclusive). */
    public record Range(int start, int end) {
    }

    /** Reads ts_headline's output made with {@link #MARK_OPTIONS}; null stays null. */
    static Snippet fromHeadline(String headline) {
        if (headline == null) {
            return null;
        }
        StringBuilder text = new StringBuilder(headline.length());
        List<Range> matches = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < headline.length(); i++) {
            char c = headline.charAt(i);
            if (c == START) {
                start = text.length();
            } else if (c == STOP) {
                if (start >= 0 && text.length() > start) {
                    matches.add(new Range(start, text.length()));
                }
                start = -1;
            } else {
                text.append(c);
            }
        }
        return new Snippet(text.toString(), List.copyOf(matches));
    }
}
