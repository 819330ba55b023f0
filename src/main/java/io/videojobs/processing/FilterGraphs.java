package io.videojobs.processing;

/** Quoting for values inside ffmpeg filter graphs. */
final class FilterGraphs {

    private FilterGraphs() {
    }

    /** Escapes a value for an ffmpeg filter-graph option. */
    static String escape(String value) {
        return "'" + value.replace("\\", "\\\\\\\\").replace("'", "'\\\\''").replace(":", "\\:") + "'";
    }
}
