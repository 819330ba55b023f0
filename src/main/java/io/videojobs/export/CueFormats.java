package io.videojobs.export;

import java.util.List;

/** Writes cues as WebVTT, SubRip or plain text. Cues with no text left after escaping are left out. */
public final class CueFormats {

    private CueFormats() {
    }

    public static String webVtt(List<Cue> cues) {
        StringBuilder out = new StringBuilder("WEBVTT\n");
        int number = 0;
        for (Cue cue : cues) {
            String text = CueText.escape(cue.text());
            if (text.isEmpty()) {
                continue;
            }
            out.append('\n').append(++number).append('\n')
                    .append(TimeCodes.vtt(cue.startSeconds())).append(" --> ").append(TimeCodes.vtt(end(cue))).append('\n')
                    .append(text).append('\n');
        }
        return out.toString();
    }

    public static String subRip(List<Cue> cues) {
        StringBuilder out = new StringBuilder();
        int number = 0;
        for (Cue cue : cues) {
            String text = CueText.escape(cue.text());
            if (text.isEmpty()) {
                continue;
            }
            if (number > 0) {
                out.append('\n');
            }
            out.append(++number).append('\n')
                    .append(TimeCodes.srt(cue.startSeconds())).append(" --> ").append(TimeCodes.srt(end(cue))).append('\n')
                    .append(text).append('\n');
        }
        return out.toString();
    }

    /** One line per cue, unescaped: plain text has no markup to protect. */
    public static String plainText(List<Cue> cues) {
        StringBuilder out = new StringBuilder();
        for (Cue cue : cues) {
            String text = cue.text().strip().replaceAll("\\s*\\R\\s*", " ");
            if (!text.isEmpty()) {
                out.append(text).append('\n');
            }
        }
        return out.toString();
    }

    /** A cue never ends before it starts (a player would drop it). */
    private static double end(Cue cue) {
        return Math.max(cue.startSeconds(), cue.endSeconds());
    }
}
