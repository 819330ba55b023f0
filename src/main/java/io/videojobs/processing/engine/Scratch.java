package io.videojobs.processing.engine;

import io.quarkus.runtime.StartupEvent;
import io.videojobs.config.EngineConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The engine's local scratch (an {@code emptyDir} in Kubernetes): a directory per pass, where the pass downloads the
 * source once and ffmpeg writes, deleted when the pass ends. Nothing a job needs stays there between passes. Each
 * instance works under a directory named after its process (pid and start time), so that at start-up it deletes
 * what its own earlier life left (a container restarted in the same pod) and what instances no longer running left,
 * and never another live instance's work on the same disk.
 */
@ApplicationScoped
class Scratch {

    private static final Logger LOG = Logger.getLogger(Scratch.class);
    private static final Pattern INSTANCE = Pattern.compile("instance-(\\d+)-(\\d+)");

    private final Path root;
    private final Path own;

    Scratch(EngineConfig config) {
        this.root = Path.of(config.workDirectory().orElse(System.getProperty("java.io.tmpdir")))
                .toAbsolutePath().resolve("video-jobs-scratch");
        ProcessHandle self = ProcessHandle.current();
        this.own = root.resolve("instance-" + self.pid() + "-" + started(self));
    }

    /** Deletes the scratch of this instance's earlier life and of instances that are no longer running. */
    void cleanLeftovers(@Observes StartupEvent event) {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (DirectoryStream<Path> instances = Files.newDirectoryStream(root)) {
            for (Path dir : instances) {
                if (!dir.equals(own) && !isRunning(dir.getFileName().toString())) {
                    LOG.infof("Deleting the scratch left by a stopped instance: %s", dir);
                    delete(dir);
                }
            }
        } catch (IOException e) {
            LOG.warnf("Cannot clean the scratch directory %s: %s", root, e.toString());
        }
    }

    /** A new, empty directory for one pass over a job. */
    Path newPass(UUID jobId) throws IOException {
        Files.createDirectories(own);
        return Files.createTempDirectory(own, "job-" + jobId + "-");
    }

    /** Deletes a pass's directory and everything in it. */
    static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.debugf(e, "Cannot clean %s", dir);
        }
    }

    /** Whether the directory's name is that of a process still running (same pid and same start time). */
    private static boolean isRunning(String name) {
        Matcher matcher = INSTANCE.matcher(name);
        if (!matcher.matches()) {
            return false;
        }
        return ProcessHandle.of(Long.parseLong(matcher.group(1)))
                .map(process -> String.valueOf(started(process)).equals(matcher.group(2)))
                .orElse(false);
    }

    private static long started(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }
}
