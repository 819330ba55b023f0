package io.videojobs.job;

import java.util.Arrays;
import java.util.List;

/** The processing stages, declared in the order the engine runs them. */
public enum StageId {
    METADATA_EXTRACTION,
    THUMBNAIL_GENERATION,
    TRANSCRIPTION,
    CHAPTERS,
    METADATA_GENERATION;

    public static List<StageId> all() {
        return Arrays.asList(values());
    }
}
