package io.videojobs.processing.media;

/** Quoting for values inside ffmpeg filter graphs. */
public final class FilterGraphs {

    private FilterGraphs() {
    }

    /** Escapes a value for an ffmpeg filter-graph option. */
    public static String escape(String value) {
        return "'" + value.replace("\\", "\\\\\\\\").replace("'", "'\\\\''").replace(":", "\\:") + "'";
    }
}
