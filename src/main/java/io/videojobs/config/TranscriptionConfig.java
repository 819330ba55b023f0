package io.videojobs.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.quarkus.runtime.configuration.MemorySize;

/** Which speech recogniser TRANSCRIPTION uses for a source without a subtitle track, and how to reach it. */
@ConfigMapping(prefix = "video-jobs.transcription")
public interface TranscriptionConfig {

    /** The recognisers: offline pocketsphinx through ffmpeg's asr filter, or an OpenAI-compatible API. */
    enum Engine { POCKETSPHINX, OPENAI }

    /** {@code pocketsphinx} (offline, the default) or {@code openai} (an OpenAI-compatible transcription API). */
    @WithDefault("pocketsphinx")
    Engine engine();

    /**
     * The confidence (0..1) given to pocketsphinx transcripts, which report none: about 1 − its word error rate
     * on the committed speech fixture (0.85, see src/docs/processing.md). Metadata quotes transcripts only
     * from {@code video-jobs.metadata.min-transcript-confidence} up.
     */
    @WithDefault("0.15")
    double pocketsphinxConfidence();

    /** The OpenAI-compatible transcription API ({@code POST {base-url}/v1/audio/transcriptions}). */
    @WithName("openai")
    OpenAiTranscription openai();

    /** The transcription endpoint's settings, with the upload limit that sets the audio chunk length. */
    interface OpenAiTranscription extends OpenAiEndpoint {

        /** The speech model (Groq: whisper-large-v3, faster-whisper servers: their model name). */
        @Override
        @WithDefault("whisper-1")
        String model();

        /**
         * Largest audio file sent in one request (OpenAI's limit is 25 MB). The audio, 16 kHz mono 16-bit WAV
         * (32 000 bytes a second), is cut into chunks under it: 25M makes chunks of about 13 minutes.
         */
        @WithDefault("25M")
        MemorySize maxUploadSize();
    }
}
