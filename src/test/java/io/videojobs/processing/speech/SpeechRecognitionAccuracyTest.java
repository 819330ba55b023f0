package io.videojobs.processing.speech;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.videojobs.job.JobOptions;
import io.videojobs.processing.media.MediaProbe;
import io.videojobs.processing.run.MediaInfo;
import io.videojobs.processing.run.RunHandle;
import io.videojobs.processing.run.StageContext;
import io.videojobs.support.EngineTestProfile;
import io.videojobs.support.TestMedia;
import io.videojobs.support.WordErrorRate;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/**
 * The offline recogniser's accuracy on the committed speech fixture, as a word error rate against its known
 * text. The threshold sits just above today's figure, so accuracy cannot silently get worse.
 */
@QuarkusTest
@TestProfile(EngineTestProfile.class)
class SpeechRecognitionAccuracyTest {

    /** Measured 0.848 (28 errors in 33 words) with Debian 12's ffmpeg 5.1 and pocketsphinx-en-us. */
    private static final double MAX_WER = 0.87;

    @Inject
    PocketsphinxRecognizer recognizer;
    @Inject
    MediaProbe probe;
    @Inject
    SpeechRecognitionSupport support;

    @Test
    void pocketsphinxTranscribesTheSpeechFixtureWithinTheKnownWordErrorRate() throws Exception {
        assertTrue(support.available(), support.description());
        Path work = Files.createTempDirectory("wer-");
        ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();
        try {
            UUID id = UUID.randomUUID();
            RunHandle handle = new RunHandle(id, killer);
            MediaInfo info = probe.probe(TestMedia.SPEECH_AUDIO, work, handle);
            RecordingSink sink = new RecordingSink();
            Transcript transcript = recognizer.transcribe(new StageContext(id, TestMedia.SPEECH_AUDIO, info,
                    JobOptions.DEFAULTS, "speech.ogg", work, handle, sink));

            double wer = WordErrorRate.of(TestMedia.SPEECH_TEXT, transcript.text());
            System.out.printf(Locale.ROOT, "%nWER of pocketsphinx on the speech fixture: %.3f%n  reference:  %s%n"
                    + "  recognised: %s%n", wer, TestMedia.SPEECH_TEXT, transcript.text());
            assertTrue(wer <= MAX_WER, "WER " + wer + " is above " + MAX_WER);
            assertEquals(Transcript.SPEECH_RECOGNITION, transcript.source());
            assertFalse(sink.progress.isEmpty(), "recognition reports progress");
            TranscriptSegment last = transcript.segments().get(transcript.segments().size() - 1);
            assertTrue(last.endSeconds() <= info.durationSeconds() + 0.001, "segments end inside the audio");
        } finally {
            killer.shutdownNow();
        }
    }
}
