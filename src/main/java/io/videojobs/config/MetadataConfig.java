package io.videojobs.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** How METADATA_GENERATION writes titles, descriptions, tags and chapter titles. */
@ConfigMapping(prefix = "video-jobs.metadata")
public interface MetadataConfig {

    /** The generators: offline keyword extraction, or a chat model behind an OpenAI-compatible API. */
    enum Engine { KEYWORDS, OPENAI }

    /** {@code keywords} (offline, the default) or {@code openai} (an OpenAI-compatible chat completions API). */
    @WithDefault("keywords")
    Engine engine();

    /**
     * Transcripts whose confidence (0..1) is below this are not quoted in descriptions nor mined for titles,
     * tags and chapter titles. Subtitles count 1; pocketsphinx gets
     * {@code video-jobs.transcription.pocketsphinx-confidence}.
     */
    @WithDefault("0.5")
    double minTranscriptConfidence();

    /** The OpenAI-compatible chat API ({@code POST {base-url}/v1/chat/completions}). */
    @WithName("openai")
    OpenAiChat openai();

    /** The chat endpoint's settings: prompt, token and input limits. */
    interface OpenAiChat extends OpenAiEndpoint {

        /** The chat model; it must support JSON-schema response formats (structured outputs). */
        @Override
        @WithDefault("gpt-4o-mini")
        String model();

        /** The system prompt; the JSON schema of the answer is sent as the response format. */
        @WithDefault("You write metadata for a video platform. From the transcript, the media facts and the "
                + "container tags, write a short title (at most 100 characters), a description of one to three "
                + "sentences, 3 to 10 lower-case tags, and one short title per chapter, in the order given. Use "
                + "the language of the transcript. Do not invent facts that the input does not support.")
        String prompt();

        /** Most tokens the model may answer with ({@code max_tokens}). */
        @WithDefault("800")
        int maxOutputTokens();

        /** Most characters of input sent; a longer transcript is cut in the middle. */
        @WithDefault("12000")
        int maxInputChars();
    }
}
