package io.videojobs.export;

/** Cue timestamps: WebVTT's {@code HH:MM:SS.mmm} and SubRip's {@code HH:MM:SS,mmm}, rounded to the millisecond. */
public final class TimeCodes {

    private TimeCodes() {
    }

    public static String vtt(double seconds) {
        return format(seconds, '.');
    }

    public static String srt(double seconds) {
        return format(seconds, ',');
    }

    private static String format(double seconds, char separator) {
        long millis = Math.max(0, Math.round(seconds * 1000));
        return String.format("%02d:%02d:%02d%c%03d", millis / 3_600_000, millis / 60_000 % 60, millis / 1000 % 60,
                separator, millis % 1000);
    }
}
