package io.videojobs.processing.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.videojobs.job.MetadataType;
import java.util.Optional;
import java.util.Set;

/** How a running stage talks back to the engine; a thumbnail commits (and logs) at once, progress when due. */
public interface StageSink {

    /** Reports the stage's progress (0..100); the engine throttles what it writes. */
    void progress(int percent);

    /** Positions of the thumbnails the job already has, so a re-run skips them. */
    Set<Integer> thumbnailPositions();

    /**
     * Records a stored thumbnail and announces it, with the progress reported before it; a position that already
     * exists is left as it is.
     */
    void thumbnail(int position, int width, int height, double timestampSeconds, String storageKey);

    /** A metadata item committed earlier, for example the transcript of a previous stage or run. */
    Optional<JsonNode> metadata(MetadataType type);
}
