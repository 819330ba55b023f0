package io.videojobs.processing.speech;

import com.fasterxml.jackson.databind.JsonNode;
import io.videojobs.job.MetadataType;
import io.videojobs.processing.run.StageSink;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A stage sink for running one stage outside the engine: remembers progress and serves given metadata. */
final class RecordingSink implements StageSink {

    final List<Integer> progress = new ArrayList<>();
    final Map<MetadataType, JsonNode> metadata = new EnumMap<>(MetadataType.class);

    @Override
    public void progress(int percent) {
        progress.add(percent);
    }

    @Override
    public Set<Integer> thumbnailPositions() {
        return Set.of();
    }

    @Override
    public void thumbnail(int position, int width, int height, double timestampSeconds, String storageKey) {
        throw new UnsupportedOperationException("no thumbnails outside the engine");
    }

    @Override
    public Optional<JsonNode> metadata(MetadataType type) {
        return Optional.ofNullable(metadata.get(type));
    }
}
