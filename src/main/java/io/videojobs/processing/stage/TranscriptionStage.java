package io.videojobs.processing.stage;

import io.videojobs.config.TranscriptionConfig;
import io.videojobs.job.MetadataType;
import io.videojobs.job.StageId;
import io.videojobs.processing.media.FfmpegRunner;
import io.videojobs.processing.run.MetadataOutput;
import io.videojobs.processing.run.ProcessFailedException;
import io.videojobs.processing.run.StageContext;
import io.videojobs.processing.run.StageFailure;
import io.videojobs.processing.run.StageRunner;
import io.videojobs.processing.speech.OpenAiTranscriber;
import io.videojobs.processing.speech.PocketsphinxRecognizer;
import io.videojobs.processing.speech.SpeechRecognizer;
import io.videojobs.processing.speech.Transcript;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * TRANSCRIPTION: the first embedded subtitle track when there is one, otherwise the configured speech
 * recogniser ({@code video-jobs.transcription.engine}): offline pocketsphinx or an OpenAI-compatible API.
 * No audio track, or no recogniser available, is a recoverable failure.
 */
@ApplicationScoped
class TranscriptionStage implements StageRunner {

    private final FfmpegRunner ffmpeg;
    private final SpeechRecognizer recognizer;

    TranscriptionStage(FfmpegRunner ffmpeg, TranscriptionConfig config, PocketsphinxRecognizer pocketsphinx,
                       OpenAiTranscriber openai) {
        this.ffmpeg = ffmpeg;
        this.recognizer = config.engine() == TranscriptionConfig.Engine.OPENAI ? openai : pocketsphinx;
    }

    @Override
    public StageId stage() {
        return StageId.TRANSCRIPTION;
    }

    @Override
    public List<MetadataOutput> run(StageContext context) throws IOException, ProcessFailedException, StageFailure {
        Transcript transcript;
        if (context.info().hasSubtitles()) {
            Path srt = context.workDir().resolve("subtitles.srt");
            ffmpeg.ffmpeg(List.of("-i", context.media().toString(), "-map", "0:s:0", "-f", "srt", srt.toString()),
                    context.workDir(), context.handle(), context::mediaProgress);
            transcript = new Transcript(Transcript.SUBTITLES,
                    SubtitleParser.parseSrt(Files.readString(srt, StandardCharsets.UTF_8)), 1.0);
        } else if (context.info().hasAudio()) {
            transcript = recognizer.transcribe(context);
        } else {
            throw StageFailure.recoverable("NO_AUDIO_TRACK", "The source has no audio track to transcribe");
        }
        return List.of(new MetadataOutput(MetadataType.TRANSCRIPT, transcript.toJson()));
    }
}
