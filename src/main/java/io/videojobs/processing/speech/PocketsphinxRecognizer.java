package io.videojobs.processing.speech;

import io.videojobs.config.EngineConfig;
import io.videojobs.config.TranscriptionConfig;
import io.videojobs.processing.media.FfmpegRunner;
import io.videojobs.processing.media.FilterGraphs;
import io.videojobs.processing.run.ProcessFailedException;
import io.videojobs.processing.run.StageContext;
import io.videojobs.processing.run.StageFailure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Offline recognition with ffmpeg's {@code asr} filter (pocketsphinx), run through ffprobe so each utterance's
 * text arrives whole as a frame tag ({@code ametadata}'s file output cuts lines at 127 bytes) and every frame's
 * time gives real progress. The audio is decoded once, in this one pass.
 */
@ApplicationScoped
public class PocketsphinxRecognizer implements SpeechRecognizer {

    private static final String TAG = "tag:lavfi.asr.text=";

    private final FfmpegRunner ffmpeg;
    private final EngineConfig engine;
    private final TranscriptionConfig config;
    private final SpeechRecognitionSupport support;

    PocketsphinxRecognizer(FfmpegRunner ffmpeg, EngineConfig engine, TranscriptionConfig config,
                           SpeechRecognitionSupport support) {
        this.ffmpeg = ffmpeg;
        this.engine = engine;
        this.config = config;
        this.support = support;
    }

    @Override
    public Transcript transcribe(StageContext context) throws IOException, ProcessFailedException, StageFailure {
        if (!support.available()) {
            throw StageFailure.recoverable("SPEECH_RECOGNITION_UNAVAILABLE", "Speech recognition is not available on "
                    + "this server and the source has no subtitle track: " + support.description());
        }
        StringBuilder printed = new StringBuilder();
        ffmpeg.ffprobe(List.of("-f", "lavfi", "-i", graph(context), "-show_entries",
                "frame=pts_time:frame_tags=lavfi.asr.text", "-of", "compact=p=0"), context.workDir(), context.handle(),
                line -> {
                    if (line.contains(TAG)) {
                        printed.append(line).append('\n');
                    } else if (line.startsWith("pts_time=")) {
                        context.mediaProgress(parseTime(line));
                    }
                });
        return new Transcript(Transcript.SPEECH_RECOGNITION,
                parse(printed.toString(), context.info().durationSeconds()), config.pocketsphinxConfidence());
    }

    /**
     * The source's first audio track, padded with a second of silence (which makes pocketsphinx close the last
     * utterance) and converted to the 16 kHz mono s16 it expects.
     */
    private String graph(StageContext context) {
        String model = engine.asrModelDirectory();
        return "amovie=filename=" + FilterGraphs.escape(context.media().toString())
                + ",apad=pad_dur=1,aresample=16000,aformat=sample_fmts=s16:channel_layouts=mono,"
                + "asr=hmm=" + FilterGraphs.escape(model + "/en-us")
                + ":dict=" + FilterGraphs.escape(model + "/cmudict-en-us.dict")
                + ":lm=" + FilterGraphs.escape(model + "/en-us.lm.bin");
    }

    /**
     * Reads ffprobe's compact lines {@code pts_time=T|tag:lavfi.asr.text=TEXT}: each utterance ends at the
     * frame that carries it and starts where the previous one ended.
     */
    static List<TranscriptSegment> parse(String printed, double duration) {
        List<TranscriptSegment> segments = new ArrayList<>();
        double previousEnd = 0;
        for (String line : printed.split("\n")) {
            int tag = line.indexOf(TAG);
            if (tag < 0) {
                continue;
            }
            double frameTime = parseTime(line);
            String text = line.substring(tag + TAG.length()).replace("\\|", "|").strip();
            double end = duration > 0 ? Math.min(frameTime, duration) : frameTime;
            if (!text.isEmpty()) {
                segments.add(new TranscriptSegment(round(previousEnd), round(Math.max(end, previousEnd)), text));
            }
            previousEnd = Math.max(end, previousEnd);
        }
        return segments;
    }

    private static double parseTime(String line) {
        int at = line.indexOf("pts_time=");
        if (at < 0) {
            return 0;
        }
        String value = line.substring(at + "pts_time=".length()).split("\\|")[0].strip();
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
