package io.videojobs.processing.media;

import io.videojobs.config.EngineConfig;
import io.videojobs.processing.run.EngineThreads;
import io.videojobs.processing.run.JobAbortedException;
import io.videojobs.processing.run.ProcessFailedException;
import io.videojobs.processing.run.RunHandle;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;

/**
 * Runs ffmpeg and ffprobe as child processes on the calling (worker) thread. Progress comes from
 * {@code -progress pipe:1}; a cancelled job or a run over the time limit gets its process killed.
 */
@ApplicationScoped
public class FfmpegRunner {

    private static final int STDERR_TAIL = 2000;

    private final EngineConfig config;
    private final EngineThreads threads;
    private final FfmpegExecutables executables;
    private final DiesWithParent diesWithParent;

    public FfmpegRunner(EngineConfig config, EngineThreads threads, FfmpegExecutables executables,
                        DiesWithParent diesWithParent) {
        this.config = config;
        this.threads = threads;
        this.executables = executables;
        this.diesWithParent = diesWithParent;
    }

    /**
     * Runs ffmpeg with {@code -progress pipe:1} appended, reporting the seconds of media done to
     * {@code progress} every 0.1 s (ffmpeg's default is 0.5 s): a report is also when the thumbnails written so
     * far are handed over, so each one is shown within a tenth of a second. Throws {@link ProcessFailedException}
     * when it exits non-zero.
     */
    public void ffmpeg(List<String> args, Path workDir, RunHandle handle, DoubleConsumer progress)
            throws IOException, ProcessFailedException {
        List<String> command = new ArrayList<>();
        command.add(executables.ffmpeg());
        command.addAll(List.of("-hide_banner", "-nostdin", "-nostats", "-loglevel", "error", "-y"));
        command.addAll(args);
        command.addAll(List.of("-stats_period", "0.1", "-progress", "pipe:1"));
        run(command, workDir, handle, null, line -> {
            if (line.startsWith("out_time_us=") || line.startsWith("out_time_ms=")) {
                long micros = parseLong(line.substring(line.indexOf('=') + 1));
                if (micros > 0) {
                    progress.accept(micros / 1_000_000.0);
                }
            }
        });
    }

    /**
     * Runs ffprobe and returns what it printed. Its output goes to a file, read once at the end: ffprobe writes
     * each packet's entry on its own (hundreds of small writes for a short clip), and reading them from a pipe as
     * they come woke this thread for each.
     */
    public String ffprobe(List<String> args, Path workDir, RunHandle handle) throws IOException, ProcessFailedException {
        Path stdout = Files.createTempFile(workDir, "stdout-", ".txt");
        try {
            run(ffprobeCommand(args), workDir, handle, stdout, line -> { });
            return Files.readString(stdout, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(stdout);
        }
    }

    /** Runs ffprobe and hands each line it prints to {@code lines} as it comes (for long runs that report progress). */
    public void ffprobe(List<String> args, Path workDir, RunHandle handle, Consumer<String> lines)
            throws IOException, ProcessFailedException {
        run(ffprobeCommand(args), workDir, handle, null, lines);
    }

    private List<String> ffprobeCommand(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(executables.ffprobe());
        command.addAll(List.of("-hide_banner", "-loglevel", "error"));
        command.addAll(args);
        return command;
    }

    /** Runs a command; its output goes to {@code stdoutFile}, or, when that is null, line by line to {@code lines}. */
    private void run(List<String> command, Path workDir, RunHandle handle, Path stdoutFile, Consumer<String> lines)
            throws IOException, ProcessFailedException {
        handle.checkActive();
        Path stderr = Files.createTempFile(workDir, "stderr-", ".log");
        ProcessBuilder builder = executables.processBuilder(command)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(stderr.toFile());
        if (stdoutFile != null) {
            builder.redirectOutput(stdoutFile.toFile());
        }
        Process process = builder.start();
        diesWithParent.started(process);
        handle.attach(process);
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> watchdog = null;
        try {
            long timeoutMillis = config.processTimeout().toMillis();
            watchdog = threads.timer().schedule(() -> {
                timedOut.set(true);
                handle.terminate(process);
            }, timeoutMillis, TimeUnit.MILLISECONDS);
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.accept(line);
                }
            }
            int exit = process.waitFor();
            handle.checkActive();
            if (timedOut.get()) {
                throw new ProcessFailedException(command.get(0), exit, "timed out after " + config.processTimeout());
            }
            if (exit != 0) {
                throw new ProcessFailedException(command.get(0), exit, tail(stderr));
            }
        } catch (RuntimeException e) {
            handle.terminate(process);
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handle.terminate(process);
            throw new JobAbortedException("Interrupted");
        } finally {
            if (watchdog != null) {
                watchdog.cancel(false);
            }
            handle.detach();
            Files.deleteIfExists(stderr);
        }
    }

    private static String tail(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        return text.length() <= STDERR_TAIL ? text : text.substring(text.length() - STDERR_TAIL);
    }

    private static long parseLong(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
