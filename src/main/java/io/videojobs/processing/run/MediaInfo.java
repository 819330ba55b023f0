package io.videojobs.processing.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;

/**
 * What ffprobe found in a source: duration, container, streams, container tags (keys lower-cased), and for
 * video its frame rate and the distance between keyframes (null when unknown), which decide how thumbnails
 * are taken.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MediaInfo(double durationSeconds, String formatName, Integer width, Integer height,
                        String videoCodec, String audioCodec, String subtitleCodec, Map<String, String> tags,
                        Double frameRate, Double keyframeIntervalSeconds) {

    public boolean hasVideo() {
        return videoCodec != null;
    }

    public boolean hasAudio() {
        return audioCodec != null;
    }

    public boolean hasSubtitles() {
        return subtitleCodec != null;
    }
}
