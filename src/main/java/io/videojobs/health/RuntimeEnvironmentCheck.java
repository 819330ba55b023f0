package io.videojobs.health;

import io.videojobs.config.EngineConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness data saying which database, ffmpeg and speech recognition this instance uses. DOWN only when the engine
 * is on and has no ffmpeg to run; missing speech recognition is not an outage (TRANSCRIPTION reports it per job).
 */
@Readiness
@ApplicationScoped
public class RuntimeEnvironmentCheck implements HealthCheck {

    private final RuntimeEnvironment environment;
    private final EngineConfig engine;

    public RuntimeEnvironmentCheck(RuntimeEnvironment environment, EngineConfig engine) {
        this.environment = environment;
        this.engine = engine;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("runtime-environment")
                .status(!engine.enabled() || environment.ffmpegFound())
                .withData("database", environment.database())
                .withData("ffmpeg", environment.ffmpeg())
                .withData("speech_recognition", environment.speechRecognition())
                .withData("speech_recognition_available", environment.speechRecognitionAvailable())
                .build();
    }
}
