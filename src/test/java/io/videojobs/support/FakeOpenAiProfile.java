package io.videojobs.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine tests' profile with both OpenAI-compatible engines pointed at a {@link FakeOpenAiServer}: small
 * upload limit (about 2 s of audio a chunk), 1 s timeouts, 50 ms backoff, a 700-character input cap.
 */
public class FakeOpenAiProfile extends EngineTestProfile {

    /** The running fake, for the test to script and inspect. */
    public static FakeOpenAiServer server;

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(super.getConfigOverrides());
        config.put("video-jobs.transcription.engine", "openai");
        config.put("video-jobs.transcription.openai.model", "whisper-test");
        config.put("video-jobs.transcription.openai.api-key", "sk-test-transcription");
        config.put("video-jobs.transcription.openai.max-upload-size", "80000");
        config.put("video-jobs.transcription.openai.timeout", "1s");
        config.put("video-jobs.transcription.openai.retry-base-delay", "50ms");
        config.put("video-jobs.metadata.engine", "openai");
        config.put("video-jobs.metadata.openai.model", "chat-test");
        config.put("video-jobs.metadata.openai.api-key", "sk-test-metadata");
        config.put("video-jobs.metadata.openai.timeout", "1s");
        config.put("video-jobs.metadata.openai.retry-base-delay", "50ms");
        config.put("video-jobs.metadata.openai.max-input-chars", "700");
        config.put("video-jobs.metadata.openai.max-output-tokens", "300");
        return config;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Resource.class));
    }

    /** Starts the fake before Quarkus and gives Quarkus its URL. */
    public static class Resource implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            server = FakeOpenAiServer.start();
            return Map.of("video-jobs.transcription.openai.base-url", server.baseUrl(),
                    "video-jobs.metadata.openai.base-url", server.baseUrl());
        }

        @Override
        public void stop() {
            if (server != null) {
                server.close();
            }
        }
    }
}
