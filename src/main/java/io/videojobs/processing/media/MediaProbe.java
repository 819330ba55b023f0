package io.videojobs.processing.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.videojobs.processing.run.MediaInfo;
import io.videojobs.processing.run.ProcessFailedException;
import io.videojobs.processing.run.RunHandle;
import io.videojobs.processing.run.StageFailure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads a source with ffprobe; a file ffprobe cannot read as media is a fatal {@code INVALID_MEDIA} failure. */
@ApplicationScoped
public class MediaProbe {

    /** Seconds of packets read to measure the keyframe interval. */
    static final int GOP_WINDOW_SECONDS = 30;

    private final FfmpegRunner ffmpeg;
    private final ObjectMapper mapper;

    public MediaProbe(FfmpegRunner ffmpeg, ObjectMapper mapper) {
        this.ffmpeg = ffmpeg;
        this.mapper = mapper;
    }

    public MediaInfo probe(Path media, Path workDir, RunHandle handle) throws IOException, StageFailure {
        String json;
        try {
            json = ffmpeg.ffprobe(List.of("-print_format", "json", "-show_format", "-show_streams",
                    "-show_entries", "packet=stream_index,pts_time,flags", "-read_intervals", "%+" + GOP_WINDOW_SECONDS,
                    media.toString()), workDir, handle);
        } catch (ProcessFailedException e) {
            throw StageFailure.fatal("INVALID_MEDIA", "The source is not a readable video or audio file ("
                    + firstLine(e.stderr()) + ")");
        }
        JsonNode root = mapper.readTree(json);
        JsonNode streams = root.path("streams");
        JsonNode format = root.path("format");
        if (!streams.isArray() || streams.isEmpty()) {
            throw StageFailure.fatal("INVALID_MEDIA", "The source contains no audio or video streams");
        }
        JsonNode video = first(streams, "video");
        JsonNode audio = first(streams, "audio");
        JsonNode subtitle = first(streams, "subtitle");
        if (video == null && audio == null) {
            throw StageFailure.fatal("INVALID_MEDIA", "The source contains no audio or video streams");
        }
        double duration = format.path("duration").asDouble(0);
        if (duration <= 0 && video != null) {
            duration = video.path("duration").asDouble(0);
        }
        return new MediaInfo(duration, format.path("format_name").asText(null),
                video == null ? null : video.path("width").asInt(),
                video == null ? null : video.path("height").asInt(),
                codec(video), codec(audio), codec(subtitle), tags(format.path("tags")),
                video == null ? null : frameRate(video.path("avg_frame_rate").asText("")),
                video == null ? null : keyframeInterval(root.path("packets"), video.path("index").asInt()));
    }

    /**
     * The median distance between the video's keyframes in its first {@value #GOP_WINDOW_SECONDS} seconds, from
     * the packet flags that the same ffprobe call printed (demuxing only, no decoding, no second process); null
     * when the window holds fewer than two keyframes.
     */
    static Double keyframeInterval(JsonNode packets, int videoStream) {
        List<Double> keyframes = new ArrayList<>();
        for (JsonNode packet : packets) {
            double pts = packet.path("pts_time").asDouble(Double.NaN);
            if (packet.path("stream_index").asInt(-1) == videoStream && packet.path("flags").asText("").startsWith("K")
                    && !Double.isNaN(pts) && !packet.path("pts_time").asText().equals("N/A")) {
                keyframes.add(pts);
            }
        }
        Collections.sort(keyframes);
        List<Double> gaps = new ArrayList<>();
        for (int i = 1; i < keyframes.size(); i++) {
            gaps.add(keyframes.get(i) - keyframes.get(i - 1));
        }
        if (gaps.isEmpty()) {
            return null;
        }
        Collections.sort(gaps);
        return gaps.get(gaps.size() / 2);
    }

    private static Double frameRate(String ratio) {
        String[] parts = ratio.split("/");
        try {
            double rate = parts.length == 2 ? Double.parseDouble(parts[0]) / Double.parseDouble(parts[1])
                    : Double.parseDouble(ratio);
            return Double.isFinite(rate) && rate > 0 ? rate : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static JsonNode first(JsonNode streams, String type) {
        for (JsonNode stream : streams) {
            boolean attachedPicture = stream.path("disposition").path("attached_pic").asInt(0) == 1;
            if (type.equals(stream.path("codec_type").asText()) && !attachedPicture) {
                return stream;
            }
        }
        return null;
    }

    private static String codec(JsonNode stream) {
        return stream == null ? null : stream.path("codec_name").asText("unknown");
    }

    private static Map<String, String> tags(JsonNode tags) {
        Map<String, String> result = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = tags.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            result.put(field.getKey().toLowerCase(Locale.ROOT), field.getValue().asText());
        }
        return result;
    }

    private static String firstLine(String text) {
        String line = text.lines().findFirst().orElse("ffprobe could not read it").strip();
        int colon = line.lastIndexOf(": ");
        return colon >= 0 ? line.substring(colon + 2) : line;
    }
}
