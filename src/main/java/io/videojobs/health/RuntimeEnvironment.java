package io.videojobs.health;

import io.quarkus.runtime.StartupEvent;
import io.videojobs.processing.media.FfmpegExecutables;
import io.videojobs.processing.speech.SpeechRecognitionAvailability;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.jboss.logging.Logger;

/**
 * What this instance runs on, said once in the start-up log and kept for the readiness data: which database
 * (configured, Dev Services or the embedded one), which ffmpeg, and whether speech recognition works.
 */
@ApplicationScoped
public class RuntimeEnvironment {

    private static final Logger LOG = Logger.getLogger(RuntimeEnvironment.class);

    private final Config config;
    private final FfmpegExecutables ffmpeg;
    private final Instance<SpeechRecognitionAvailability> speech;

    public RuntimeEnvironment(Config config, FfmpegExecutables ffmpeg, Instance<SpeechRecognitionAvailability> speech) {
        this.config = config;
        this.ffmpeg = ffmpeg;
        this.speech = speech;
    }

    void report(@Observes StartupEvent event) {
        LOG.infof("Database: %s", database());
        LOG.infof("ffmpeg: %s", ffmpeg());
        LOG.infof("Speech recognition: %s", speechRecognition());
    }

    /** The embedded server's address and data directory, or the configured URL and where it was configured. */
    public String database() {
        return config.getOptionalValue("video-jobs.embedded-database.description", String.class).orElseGet(() -> {
            ConfigValue url = config.getConfigValue("quarkus.datasource.jdbc.url");
            if (url.getValue() == null) {
                return "no datasource URL configured";
            }
            String where = url.getSourceName() != null && url.getSourceName().contains("DevServices")
                    ? "Dev Services" : "configured in " + url.getSourceName();
            // A query string may carry a password
            return url.getValue().replaceFirst("\\?.*$", "") + " (" + where + ")";
        });
    }

    public String ffmpeg() {
        return ffmpeg.description();
    }

    public boolean ffmpegFound() {
        return ffmpeg.found();
    }

    public boolean speechRecognitionAvailable() {
        return speech.isResolvable() && speech.get().available();
    }

    public String speechRecognition() {
        return speech.isResolvable() ? speech.get().description() : "unknown: nothing here checks it";
    }
}
