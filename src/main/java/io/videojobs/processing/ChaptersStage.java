package io.videojobs.processing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.videojobs.config.EngineConfig;
import io.videojobs.job.MetadataType;
import io.videojobs.job.StageId;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** CHAPTERS: scene-change detection; each hard cut starts a chapter, cuts closer than the minimum are merged. */
@ApplicationScoped
public class ChaptersStage implements StageRunner {

    /** Scene scores are computed on a small copy of each frame: as reliable for hard cuts, much cheaper. */
    private static final int ANALYSIS_WIDTH = 320;

    private final FfmpegRunner ffmpeg;
    private final EngineConfig config;

    public ChaptersStage(FfmpegRunner ffmpeg, EngineConfig config) {
        this.ffmpeg = ffmpeg;
        this.config = config;
    }

    @Override
    public StageId stage() {
        return StageId.CHAPTERS;
    }

    @Override
    public List<MetadataOutput> run(StageContext context) throws IOException, ProcessFailedException, StageFailure {
        if (!context.info().hasVideo()) {
            throw StageFailure.recoverable("NO_VIDEO_TRACK", "The source has no video track to find scenes in");
        }
        Path scenes = context.workDir().resolve("scenes.txt");
        String filter = String.format(Locale.ROOT, "scale=%d:-2,select='gt(scene,%.3f)',metadata=mode=print:file=%s",
                ANALYSIS_WIDTH, config.sceneThreshold(), TranscriptionStage.escape(scenes.toString()));
        ffmpeg.ffmpeg(List.of("-i", context.media().toString(), "-map", "0:v:0", "-an", "-vf", filter, "-f", "null", "-"),
                context.workDir(), context.handle(), context::mediaProgress);
        List<Double> cuts = parseCuts(Files.exists(scenes) ? Files.readString(scenes, StandardCharsets.UTF_8) : "");
        ArrayNode chapters = JsonNodeFactory.instance.arrayNode();
        for (double[] chapter : chapters(cuts, context.info().durationSeconds(), config.minChapterSeconds())) {
            String title = "Chapter " + (chapters.size() + 1);
            chapters.addObject().put("start_seconds", chapter[0]).put("end_seconds", chapter[1]).put("title", title);
        }
        return List.of(new MetadataOutput(MetadataType.CHAPTERS, chapters));
    }

    static List<Double> parseCuts(String printed) {
        List<Double> cuts = new ArrayList<>();
        for (String line : printed.split("\n")) {
            int at = line.indexOf("pts_time:");
            if (at >= 0) {
                cuts.add(Double.parseDouble(line.substring(at + "pts_time:".length()).trim().split("\\s+")[0]));
            }
        }
        return cuts;
    }

    /** Chapter bounds from cut times: [0, cut1), [cut1, cut2) ... [cutN, duration]. */
    static List<double[]> chapters(List<Double> cuts, double duration, double minSeconds) {
        List<double[]> result = new ArrayList<>();
        double start = 0;
        for (double cut : cuts.stream().sorted().toList()) {
            if (cut - start >= minSeconds && (duration <= 0 || duration - cut >= minSeconds)) {
                result.add(new double[]{round(start), round(cut)});
                start = cut;
            }
        }
        result.add(new double[]{round(start), round(Math.max(duration, start))});
        return result;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
