package io.videojobs.export;

/**
 * Makes recognised or edited text safe inside a WebVTT or SubRip cue: {@code &}, {@code <} and {@code >} become
 * character references (so {@code -->} cannot end a timing line and {@code <b>} is not markup), and line breaks
 * become single newlines without blank lines, since a blank line ends a cue.
 */
public final class CueText {

    private CueText() {
    }

    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (String line : text.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append('\n');
            }
            for (int i = 0; i < trimmed.length(); i++) {
                char c = trimmed.charAt(i);
                switch (c) {
                    case '&' -> out.append("&amp;");
                    case '<' -> out.append("&lt;");
                    case '>' -> out.append("&gt;");
                    default -> out.append(c);
                }
            }
        }
        return out.toString();
    }
}
