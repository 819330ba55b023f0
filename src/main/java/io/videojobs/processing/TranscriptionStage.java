package io.videojobs.processing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/**
 * TRANSCRIPTION: the first embedded subtitle track when there is one, otherwise offline speech
 * recognition with ffmpeg's {@code asr} filter (pocketsphinx). No audio track is a recoverable failure.
 */
@ApplicationScoped
public class TranscriptionStage implements StageRunner {

    private final FfmpegRunner ffmpeg;
    private final EngineConfig config;

    public TranscriptionStage(FfmpegRunner ffmpeg, EngineConfig config) {
        this.ffmpeg = ffmpeg;
        this.config = config;
    }

    @Override
    public StageId stage() {
        return StageId.TRANSCRIPTION;
    }

    @Override
    public List<MetadataOutput> run(StageContext context) throws IOException, ProcessFailedException, StageFailure {
        List<TranscriptSegment> segments;
        String source;
        if (context.info().hasSubtitles()) {
            Path srt = context.workDir().resolve("subtitles.srt");
            ffmpeg.ffmpeg(List.of("-i", context.media().toString(), "-map", "0:s:0", "-f", "srt", srt.toString()),
                    context.workDir(), context.handle(), context::mediaProgress);
            segments = SubtitleParser.parseSrt(Files.readString(srt, StandardCharsets.UTF_8));
            source = "SUBTITLES";
        } else if (context.info().hasAudio()) {
            Path text = context.workDir().resolve("asr.txt");
            ffmpeg.ffmpeg(List.of("-i", context.media().toString(), "-map", "0:a:0", "-af", asrFilter(text),
                    "-f", "null", "-"), context.workDir(), context.handle(), context::mediaProgress);
            segments = parseAsr(Files.exists(text) ? Files.readString(text, StandardCharsets.UTF_8) : "",
                    context.info().durationSeconds());
            source = "SPEECH_RECOGNITION";
        } else {
            throw StageFailure.recoverable("NO_AUDIO_TRACK", "The source has no audio track to transcribe");
        }
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        content.put("source", source);
        ArrayNode list = content.putArray("segments");
        StringBuilder fullText = new StringBuilder();
        for (TranscriptSegment segment : segments) {
            list.addObject().put("start_seconds", segment.startSeconds())
                    .put("end_seconds", segment.endSeconds())
                    .put("text", segment.text());
            fullText.append(fullText.isEmpty() ? "" : " ").append(segment.text());
        }
        content.put("text", fullText.toString());
        return List.of(new MetadataOutput(MetadataType.TRANSCRIPT, content));
    }

    /**
     * Trailing silence makes pocketsphinx close the last utterance; 16 kHz mono s16 is what it expects.
     * Each recognised utterance is printed as {@code lavfi.asr.text} metadata of the frame that ended it.
     */
    private String asrFilter(Path output) {
        String model = config.asrModelDirectory();
        return "apad=pad_dur=1,aresample=16000,aformat=sample_fmts=s16:channel_layouts=mono,"
                + "asr=hmm=" + escape(model + "/en-us") + ":dict=" + escape(model + "/cmudict-en-us.dict")
                + ":lm=" + escape(model + "/en-us.lm.bin")
                + ",ametadata=mode=print:key=lavfi.asr.text:file=" + escape(output.toString());
    }

    /** Escapes a value for an ffmpeg filter-graph option. */
    static String escape(String value) {
        return "'" + value.replace("\\", "\\\\\\\\").replace("'", "'\\\\''").replace(":", "\\:") + "'";
    }

    /** Reads ametadata's print-out: a {@code pts_time} line, then the recognised text of the utterance it ended. */
    static List<TranscriptSegment> parseAsr(String printed, double duration) {
        List<TranscriptSegment> segments = new ArrayList<>();
        double previousEnd = 0;
        double frameTime = 0;
        for (String line : printed.split("\n")) {
            int at = line.indexOf("pts_time:");
            if (at >= 0) {
                frameTime = Double.parseDouble(line.substring(at + "pts_time:".length()).trim().split("\\s+")[0]);
            } else if (line.startsWith("lavfi.asr.text=")) {
                String text = line.substring("lavfi.asr.text=".length()).strip();
                double end = duration > 0 ? Math.min(frameTime, duration) : frameTime;
                if (!text.isEmpty()) {
                    segments.add(new TranscriptSegment(round(previousEnd), round(Math.max(end, previousEnd)), text));
                }
                previousEnd = Math.max(end, previousEnd);
            }
        }
        return segments;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
