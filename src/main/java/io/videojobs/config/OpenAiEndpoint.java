package io.videojobs.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Where and how to call an OpenAI-compatible API (OpenAI, Groq, vLLM, whisper.cpp's server, LocalAI,
 * Ollama...): shared by the transcription and metadata settings. The API key is a secret: set it from the
 * environment (for example {@code VIDEO_JOBS_TRANSCRIPTION_OPENAI_API_KEY}); it is sent as a bearer token
 * and never logged.
 */
public interface OpenAiEndpoint {

    /** Base URL without the {@code /v1/...} path. */
    @WithDefault("https://api.openai.com")
    String baseUrl();

    /** Model name sent with each request; each use sets its own default. */
    String model();

    /** Bearer token; unset for servers that need none. */
    Optional<String> apiKey();

    /** Longest wait for one response before it counts as failed (and is retried). */
    @WithDefault("120s")
    Duration timeout();

    /** Attempts of one request that fails with 429, 5xx, a timeout or a broken connection. */
    @WithDefault("4")
    int maxAttempts();

    /** Wait before the first retry, doubled each time; a {@code Retry-After} header wins when it is longer. */
    @WithDefault("1s")
    Duration retryBaseDelay();
}
