package io.videojobs.processing.speech;

import io.videojobs.config.EngineConfig;
import io.videojobs.processing.media.FfmpegExecutables;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Whether offline speech recognition can run here: the ffmpeg build has the pocketsphinx {@code asr} filter
 * (the bytedeco build has not) and the model directory exists. Checked once, on first use, by running
 * {@code ffmpeg -hide_banner -filters}; that call blocks, so make the first one from a worker thread or at
 * start-up.
 */
@ApplicationScoped
class SpeechRecognitionSupport implements SpeechRecognitionAvailability {

    private static final Logger LOG = Logger.getLogger(SpeechRecognitionSupport.class);
    /** What an operator installs to get speech recognition, quoted in the stage's error. */
    static final String INSTALL_HINT = "install Debian's ffmpeg (its build has the pocketsphinx asr filter) and the "
            + "pocketsphinx-en-us package, or set video-jobs.transcription.engine=openai";

    private final EngineConfig config;
    private final FfmpegExecutables executables;
    private volatile Status status;

    public SpeechRecognitionSupport(EngineConfig config, FfmpegExecutables executables) {
        this.config = config;
        this.executables = executables;
    }

    /** Whether TRANSCRIPTION can recognise speech offline. */
    @Override
    public boolean available() {
        return status().available();
    }

    /** One sentence for logs, readiness details and the stage's error: what works, or what is missing. */
    @Override
    public String description() {
        return status().description();
    }

    private Status status() {
        Status known = status;
        if (known == null) {
            synchronized (this) {
                if (status == null) {
                    status = detect();
                    LOG.infof("Speech recognition: %s", status.description());
                }
                known = status;
            }
        }
        return known;
    }

    private Status detect() {
        String model = config.asrModelDirectory();
        boolean filter;
        try {
            filter = hasAsrFilter(listFilters());
        } catch (IOException e) {
            return new Status(false, "unavailable: cannot run " + executables.ffmpeg() + " (" + e.getMessage()
                    + "); " + INSTALL_HINT);
        }
        boolean modelPresent = Files.isDirectory(Path.of(model, "en-us"));
        if (filter && modelPresent) {
            return new Status(true, "available (ffmpeg asr filter, pocketsphinx model " + model + ")");
        }
        String missing = !filter ? "this ffmpeg (" + executables.ffmpeg() + ") has no asr filter"
                : "the pocketsphinx model " + model + "/en-us is missing";
        return new Status(false, "unavailable: " + missing + "; " + INSTALL_HINT);
    }

    /** Whether {@code ffmpeg -filters} lists {@code asr} (lines read like {@code " ... asr  A->A  Automatic ..."}). */
    static boolean hasAsrFilter(String filters) {
        return filters.lines().map(String::strip).map(line -> line.split("\\s+"))
                .anyMatch(words -> words.length > 1 && words[1].equals("asr"));
    }

    private String listFilters() throws IOException {
        Path out = Files.createTempFile("ffmpeg-filters-", ".txt");
        try {
            Process process = executables.processBuilder(List.of(executables.ffmpeg(), "-hide_banner", "-filters"))
                    .redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("ffmpeg -filters did not answer within 30 s");
            }
            String printed = Files.readString(out, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException("exit code " + process.exitValue() + ": "
                        + printed.lines().findFirst().orElse("no output").strip());
            }
            return printed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private record Status(boolean available, String description) {
    }
}
