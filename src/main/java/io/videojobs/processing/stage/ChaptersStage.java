package io.videojobs.processing.stage;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.videojobs.config.EngineConfig;
import io.videojobs.config.MetadataConfig;
import io.videojobs.job.MetadataType;
import io.videojobs.job.StageId;
import io.videojobs.processing.metadata.OfflineMetadata;
import io.videojobs.processing.run.MetadataOutput;
import io.videojobs.processing.run.ProcessFailedException;
import io.videojobs.processing.run.StageContext;
import io.videojobs.processing.run.StageFailure;
import io.videojobs.processing.run.StageRunner;
import io.videojobs.processing.speech.Transcript;
import io.videojobs.processing.speech.TranscriptSegment;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * CHAPTERS: scene-change detection; each hard cut starts a chapter, cuts closer than the minimum are merged.
 * The cuts come from this run's thumbnail pass when there was one, else from a pass of their own. Chapters
 * are titled with the words spoken inside them when the transcript is trustworthy, else "Chapter N".
 */
@ApplicationScoped
class ChaptersStage implements StageRunner {

    private final VideoScan scan;
    private final EngineConfig config;
    private final MetadataConfig metadata;

    ChaptersStage(VideoScan scan, EngineConfig config, MetadataConfig metadata) {
        this.scan = scan;
        this.config = config;
        this.metadata = metadata;
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
        List<Double> cuts = scan.sceneCuts(context);
        List<double[]> bounds = chapters(cuts, context.info().durationSeconds(), config.minChapterSeconds());
        List<TranscriptSegment> spoken = context.sink().metadata(MetadataType.TRANSCRIPT).map(Transcript::fromJson)
                .filter(transcript -> transcript.confidence() >= metadata.minTranscriptConfidence())
                .map(Transcript::segments).orElse(List.of());
        List<String> titles = OfflineMetadata.chapterTitles(bounds, spoken);
        ArrayNode chapters = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < bounds.size(); i++) {
            chapters.addObject().put("start_seconds", bounds.get(i)[0]).put("end_seconds", bounds.get(i)[1])
                    .put("title", titles.get(i));
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
