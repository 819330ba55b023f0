package io.videojobs.processing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
            json = ffmpeg.ffprobe(List.of("-print_format", "json", "-show_format", "-show_streams", media.toString()),
                    workDir, handle);
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
                video == null ? null : keyframeInterval(media, workDir, handle));
    }

    /**
     * The median distance between the video's keyframes in its first {@value #GOP_WINDOW_SECONDS} seconds, from
     * packet flags (demuxing only, no decoding); null when the window holds fewer than two keyframes.
     */
    private Double keyframeInterval(Path media, Path workDir, RunHandle handle) throws IOException {
        String packets;
        try {
            packets = ffmpeg.ffprobe(List.of("-select_streams", "v:0", "-read_intervals", "%+" + GOP_WINDOW_SECONDS,
                    "-show_entries", "packet=pts_time,flags", "-of", "csv=p=0", media.toString()), workDir, handle);
        } catch (ProcessFailedException e) {
            return null;
        }
        return keyframeInterval(packets);
    }

    static Double keyframeInterval(String packets) {
        List<Double> keyframes = new ArrayList<>();
        for (String line : packets.split("\n")) {
            String[] fields = line.strip().split(",");
            if (fields.length >= 2 && fields[1].startsWith("K") && !fields[0].equals("N/A")) {
                keyframes.add(Double.parseDouble(fields[0]));
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
