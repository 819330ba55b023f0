package io.videojobs.processing.stage;

import io.videojobs.processing.speech.TranscriptSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses SubRip (SRT), the format ffmpeg converts any text subtitle track to. */
final class SubtitleParser {

    private static final Pattern TIMING = Pattern.compile(
            "(\\d+):(\\d{2}):(\\d{2})[,.](\\d{3})\\s*-->\\s*(\\d+):(\\d{2}):(\\d{2})[,.](\\d{3})");
    private static final Pattern TAGS = Pattern.compile("<[^>]+>|\\{\\\\[^}]*}");

    private SubtitleParser() {
    }

    static List<TranscriptSegment> parseSrt(String srt) {
        List<TranscriptSegment> segments = new ArrayList<>();
        for (String block : srt.replace("\r", "").split("\n\\s*\n")) {
            String[] lines = block.strip().split("\n");
            for (int i = 0; i < lines.length; i++) {
                Matcher timing = TIMING.matcher(lines[i]);
                if (timing.find()) {
                    StringBuilder text = new StringBuilder();
                    for (int j = i + 1; j < lines.length; j++) {
                        String clean = TAGS.matcher(lines[j]).replaceAll("").strip();
                        if (!clean.isEmpty()) {
                            text.append(text.isEmpty() ? "" : " ").append(clean);
                        }
                    }
                    if (!text.isEmpty()) {
                        segments.add(new TranscriptSegment(seconds(timing, 1), seconds(timing, 5), text.toString()));
                    }
                    break;
                }
            }
        }
        return segments;
    }

    private static double seconds(Matcher m, int group) {
        return Integer.parseInt(m.group(group)) * 3600 + Integer.parseInt(m.group(group + 1)) * 60
                + Integer.parseInt(m.group(group + 2)) + Integer.parseInt(m.group(group + 3)) / 1000.0;
    }
}
