package io.videojobs.processing.stage;

import io.videojobs.config.EngineConfig;
import io.videojobs.processing.media.FfmpegRunner;
import io.videojobs.processing.media.FilterGraphs;
import io.videojobs.processing.run.ProcessFailedException;
import io.videojobs.processing.run.StageContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One decode pass of the video that serves both THUMBNAIL_GENERATION and CHAPTERS: the decoded frames are
 * split; one copy is shrunk to {@value #ANALYSIS_WIDTH} px (fast bilinear) for scene scores, the other gives
 * the frames at the thumbnail times, scaled to the thumbnail width. Every frame reaches a null output, so
 * ffmpeg's progress is the real position in the video. Each thumbnail is handed over while the pass runs, as
 * soon as its JPEG is complete (ffmpeg writes it to a temporary name and renames it) and its frame time is
 * printed (unbuffered), so thumbnails appear one by one as the video is decoded. The scene cuts are left in
 * the run's scratch directory for CHAPTERS.
 */
@ApplicationScoped
class VideoScan {

    /** Scene scores are computed on a small copy of each frame: as reliable for hard cuts, much cheaper. */
    static final int ANALYSIS_WIDTH = 320;
    private static final String CUTS_FILE = "scene-cuts.txt";
    private static final String CUTS_DONE = "scene-cuts.done";
    private static final String THUMB_KEY = "video_jobs.thumbnail";

    private final FfmpegRunner ffmpeg;
    private final EngineConfig config;

    VideoScan(FfmpegRunner ffmpeg, EngineConfig config) {
        this.ffmpeg = ffmpeg;
        this.config = config;
    }

    /** A frame written for a thumbnail, and the time of that frame. */
    record Frame(Path file, double timeSeconds) {
    }

    /** Receives the frame for the {@code index}-th requested time, or null when the video had none at or after it. */
    @FunctionalInterface
    interface FrameReady {
        void accept(int index, Frame frame) throws IOException;
    }

    /**
     * Decodes the video once: scene cuts when {@code scenes} is set, and the first frame at or after each of
     * {@code times} (ascending) scaled to {@code width}, handed to {@code ready} in the order of {@code times},
     * each as soon as it is written, and at the latest when the pass has ended.
     */
    void scan(StageContext context, boolean scenes, List<Double> times, int width, FrameReady ready)
            throws IOException, ProcessFailedException {
        Path work = context.workDir();
        Path thumbsDir = Files.createDirectories(work.resolve("scan-thumbnails"));
        Path thumbsPrinted = work.resolve("scan-thumbnails.txt");
        Path cuts = work.resolve(CUTS_FILE);
        List<String> graph = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        String split = scenes && !times.isEmpty() ? "[0:v:0]split=2[scan][thumbs];" : "";
        String scanIn = split.isEmpty() ? "[0:v:0]" : "[scan]";
        String thumbsIn = split.isEmpty() ? "[0:v:0]" : "[thumbs]";
        if (scenes) {
            graph.add(scanIn + sceneFilter(cuts) + "[scanned]");
            outputs.addAll(List.of("-map", "[scanned]", "-f", "null", "-"));
        }
        if (!times.isEmpty()) {
            graph.add(thumbsIn + "select='" + selectExpression(times) + "',metadata=mode=add:key=" + THUMB_KEY
                    + ":value=1,metadata=mode=print:key=" + THUMB_KEY + ":direct=1:file="
                    + FilterGraphs.escape(thumbsPrinted.toString()) + ",scale=" + width + ":-2[thumbnails]");
            outputs.addAll(List.of("-map", "[thumbnails]", "-fps_mode", "passthrough", "-q:v", "3",
                    "-atomic_writing", "1", thumbsDir.resolve("%04d.jpg").toString()));
        }
        if (graph.isEmpty()) {
            return;
        }
        List<String> args = new ArrayList<>(List.of("-i", context.media().toString(), "-filter_complex",
                split + String.join(";", graph)));
        args.addAll(outputs);
        Handover handover = new Handover(thumbsPrinted, thumbsDir, times, ready);
        ffmpeg.ffmpeg(args, work, context.handle(), seconds -> {
            handover.whileRunning();
            context.mediaProgress(seconds);
        });
        if (scenes) {
            Files.writeString(work.resolve(CUTS_DONE), "", StandardCharsets.UTF_8);
        }
        handover.afterPass();
    }

    /** Hands the thumbnails over in order: during the pass those already written, after it all the rest. */
    private static final class Handover {
        private final Path printed;
        private final Path directory;
        private final List<Double> times;
        private final FrameReady ready;
        private int next;

        Handover(Path printed, Path directory, List<Double> times, FrameReady ready) {
            this.printed = printed;
            this.directory = directory;
            this.times = times;
            this.ready = ready;
        }

        /** Called with each progress report; a thumbnail that cannot be stored yet is tried again after the pass. */
        void whileRunning() {
            try {
                handOver(false);
            } catch (IOException e) {
                // not lost: afterPass() hands it over again and reports a failure then
            }
        }

        void afterPass() throws IOException {
            handOver(true);
        }

        private void handOver(boolean passEnded) throws IOException {
            if (next >= times.size()) {
                return;
            }
            List<Double> frameTimes = ChaptersStage.parseCuts(Files.exists(printed)
                    ? Files.readString(printed, StandardCharsets.UTF_8) : "");
            while (next < times.size()) {
                int index = firstAtOrAfter(frameTimes, times.get(next));
                Path file = index < 0 ? null : directory.resolve(String.format(Locale.ROOT, "%04d.jpg", index + 1));
                boolean written = file != null && Files.isRegularFile(file);
                if (!written && !passEnded) {
                    return;
                }
                ready.accept(next, written ? new Frame(file, frameTimes.get(index)) : null);
                next++;
            }
        }
    }

    /** Runs a scene-only pass unless this run's thumbnail pass already found the cuts; returns the cut times. */
    List<Double> sceneCuts(StageContext context) throws IOException, ProcessFailedException {
        Optional<List<Double>> known = knownCuts(context.workDir());
        if (known.isPresent()) {
            context.sink().progress(90);
            return known.get();
        }
        scan(context, true, List.of(), 0, (index, frame) -> { });
        return knownCuts(context.workDir()).orElse(List.of());
    }

    private static Optional<List<Double>> knownCuts(Path work) throws IOException {
        if (!Files.exists(work.resolve(CUTS_DONE))) {
            return Optional.empty();
        }
        Path cuts = work.resolve(CUTS_FILE);
        return Optional.of(ChaptersStage.parseCuts(Files.exists(cuts) ? Files.readString(cuts, StandardCharsets.UTF_8) : ""));
    }

    /**
     * Scores every frame of a small copy ({@code select} computes the score for each frame it sees) and prints
     * the frames above the threshold; all frames pass on, so progress stays real.
     */
    private String sceneFilter(Path cuts) {
        return String.format(Locale.ROOT, "scale=%d:-2:flags=fast_bilinear,select='gte(scene,0)',"
                        + "metadata=mode=print:key=lavfi.scene_score:value=%.3f:function=greater:file=%s",
                ANALYSIS_WIDTH, config.sceneThreshold(), FilterGraphs.escape(cuts.toString()));
    }

    /** True for the first frame at or after each time: {@code gte(t,T)*lt(prev_t,T)} summed. */
    static String selectExpression(List<Double> times) {
        List<String> terms = new ArrayList<>();
        for (double time : times) {
            String t = String.format(Locale.ROOT, "%.3f", time);
            terms.add("gte(t," + t + ")*lt(prev_t," + t + ")");
        }
        return String.join("+", terms);
    }

    private static int firstAtOrAfter(List<Double> frameTimes, double time) {
        for (int i = 0; i < frameTimes.size(); i++) {
            if (frameTimes.get(i) >= time - 0.0005) {
                return i;
            }
        }
        return -1;
    }
}
