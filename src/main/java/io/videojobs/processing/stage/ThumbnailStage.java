package io.videojobs.processing.stage;

import io.videojobs.config.EngineConfig;
import io.videojobs.job.StageId;
import io.videojobs.processing.media.FfmpegRunner;
import io.videojobs.processing.media.JpegSize;
import io.videojobs.processing.run.MediaInfo;
import io.videojobs.processing.run.MetadataOutput;
import io.videojobs.processing.run.ProcessFailedException;
import io.videojobs.processing.run.StageContext;
import io.videojobs.processing.run.StageFailure;
import io.videojobs.processing.run.StageRunner;
import io.videojobs.storage.MediaStorage;
import io.videojobs.storage.StorageKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * THUMBNAIL_GENERATION: N JPEGs at evenly spaced times, scaled to a width with the aspect ratio kept. When
 * CHAPTERS follows in the same run, one decode pass gives the thumbnails and the scene cuts
 * ({@link VideoScan}). Otherwise the probe decides: with keyframes close together (short GOP, long video),
 * seeking to each time decodes far fewer frames than a full pass; with few keyframes, one pass is cheaper.
 */
@ApplicationScoped
class ThumbnailStage implements StageRunner {

    /** Decoding cost of starting one ffmpeg process and seeking, in frames. */
    private static final double SEEK_OVERHEAD_FRAMES = 15;
    /** Seeking must decode at most this share of the frames a full pass decodes to be chosen. */
    private static final double SEEK_MAX_SHARE = 0.5;

    private final FfmpegRunner ffmpeg;
    private final VideoScan scan;
    private final MediaStorage storage;
    private final EngineConfig config;

    ThumbnailStage(FfmpegRunner ffmpeg, VideoScan scan, MediaStorage storage, EngineConfig config) {
        this.ffmpeg = ffmpeg;
        this.scan = scan;
        this.storage = storage;
        this.config = config;
    }

    @Override
    public StageId stage() {
        return StageId.THUMBNAIL_GENERATION;
    }

    @Override
    public List<MetadataOutput> run(StageContext context) throws IOException, ProcessFailedException, StageFailure {
        if (!context.info().hasVideo()) {
            throw StageFailure.recoverable("NO_VIDEO_TRACK", "The source has no video track to take thumbnails from");
        }
        int count = context.options().thumbnailCount() != null ? context.options().thumbnailCount() : config.thumbnailCount();
        int width = context.options().thumbnailWidth() != null ? context.options().thumbnailWidth() : config.thumbnailWidth();
        Set<Integer> done = context.sink().thumbnailPositions();
        double duration = context.info().durationSeconds();
        List<Integer> positions = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        for (int position = 0; position < count; position++) {
            if (!done.contains(position)) {
                positions.add(position);
                times.add(duration * (position + 1) / (count + 1));
            }
        }
        boolean scenes = context.willRun(StageId.CHAPTERS);
        if (!scenes && seekIsCheaper(context.info(), times.size())) {
            for (int i = 0; i < positions.size(); i++) {
                Path out = seek(context, times.get(i), width, positions.get(i));
                store(context, positions.get(i), out, times.get(i));
                context.sink().progress((i + 1) * 100 / positions.size());
            }
            return List.of();
        }
        List<Integer> missed = new ArrayList<>();
        scan.scan(context, scenes, times, width, (i, frame) -> {
            if (frame == null) {
                missed.add(i);
            } else {
                store(context, positions.get(i), frame.file(), frame.timeSeconds());
            }
        });
        for (int i : missed) {
            // the probed duration runs past the last video frame (a longer audio track): seek instead
            store(context, positions.get(i), seek(context, times.get(i), width, positions.get(i)), times.get(i));
        }
        return List.of();
    }

    /**
     * Whether seeking to each of {@code thumbnails} times decodes well under the frames of one full pass: each
     * seek decodes from the keyframe before its time, half a keyframe interval on average.
     */
    static boolean seekIsCheaper(MediaInfo info, int thumbnails) {
        if (info.keyframeIntervalSeconds() == null || info.frameRate() == null || info.durationSeconds() <= 0) {
            return false;
        }
        double perSeek = info.keyframeIntervalSeconds() * info.frameRate() / 2 + SEEK_OVERHEAD_FRAMES;
        return thumbnails * perSeek < SEEK_MAX_SHARE * info.durationSeconds() * info.frameRate();
    }

    private Path seek(StageContext context, double at, int width, int position) throws IOException, ProcessFailedException {
        Path out = context.workDir().resolve("thumbnail-" + position + ".jpg");
        ffmpeg.ffmpeg(List.of("-ss", String.format(Locale.ROOT, "%.3f", at),
                        "-i", context.media().toString(), "-map", "0:v:0", "-frames:v", "1",
                        "-vf", "scale=" + width + ":-2", "-q:v", "3", out.toString()),
                context.workDir(), context.handle(), seconds -> { });
        return out;
    }

    private void store(StageContext context, int position, Path jpeg, double at) throws IOException {
        int[] size = JpegSize.of(jpeg);
        String key = StorageKeys.thumbnail(context.jobId(), position);
        storage.put(key, jpeg, "image/jpeg");
        context.sink().thumbnail(position, size[0], size[1], Math.round(at * 1000) / 1000.0, key);
    }
}
