package io.videojobs.processing;

import io.videojobs.config.EngineConfig;
import io.videojobs.job.StageId;
import io.videojobs.storage.MediaStorage;
import io.videojobs.storage.StorageKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** THUMBNAIL_GENERATION: N JPEGs at evenly spaced times, scaled to a width with the aspect ratio kept. */
@ApplicationScoped
public class ThumbnailStage implements StageRunner {

    private final FfmpegRunner ffmpeg;
    private final MediaStorage storage;
    private final EngineConfig config;

    public ThumbnailStage(FfmpegRunner ffmpeg, MediaStorage storage, EngineConfig config) {
        this.ffmpeg = ffmpeg;
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
        for (int position = 0; position < count; position++) {
            if (!done.contains(position)) {
                double at = duration * (position + 1) / (count + 1);
                Path out = context.workDir().resolve("thumbnail-" + position + ".jpg");
                ffmpeg.ffmpeg(List.of("-ss", String.format(Locale.ROOT, "%.3f", at),
                                "-i", context.media().toString(), "-map", "0:v:0", "-frames:v", "1",
                                "-vf", "scale=" + width + ":-2", "-q:v", "3", out.toString()),
                        context.workDir(), context.handle(), seconds -> { });
                int[] size = jpegSize(out);
                String key = StorageKeys.thumbnail(context.jobId(), position);
                storage.put(key, out);
                context.sink().thumbnail(position, size[0], size[1], Math.round(at * 1000) / 1000.0, key);
            }
            context.sink().progress((position + 1) * 100 / count);
        }
        return List.of();
    }

    private static int[] jpegSize(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new IOException("ffmpeg did not write a readable JPEG");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                return new int[]{reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        }
    }
}
