package io.videojobs.processing.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.videojobs.config.EngineConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's scratch: a directory per pass, and at start-up only what no running instance owns is deleted. */
class ScratchTest {

    @TempDir
    Path work;

    @Test
    void startUpDeletesTheScratchOfStoppedInstancesAndOfThisInstancesEarlierLifeOnly() throws IOException {
        Path root = work.resolve("video-jobs-scratch");
        ProcessHandle parent = ProcessHandle.current().parent().orElseThrow();
        Path liveOther = leftover(root, "instance-" + parent.pid() + "-" + started(parent));
        Path earlierLife = leftover(root, "instance-" + ProcessHandle.current().pid() + "-1");
        Path stopped = leftover(root, "instance-" + deadPid() + "-" + Instant.now().toEpochMilli());
        Scratch scratch = new Scratch(config());
        Path pass = scratch.newPass(UUID.randomUUID());

        scratch.cleanLeftovers(null);

        assertTrue(Files.exists(liveOther), "another running instance's work stays");
        assertTrue(Files.exists(pass), "this instance's own passes stay");
        assertFalse(Files.exists(earlierLife));
        assertFalse(Files.exists(stopped));
    }

    @Test
    void aPassDirectoryIsNewAndEmptyAndDeletedWithItsContent() throws IOException {
        Scratch scratch = new Scratch(config());
        UUID job = UUID.randomUUID();
        Path first = scratch.newPass(job);
        Path second = scratch.newPass(job);
        Files.writeString(first.resolve("source"), "video");

        Scratch.delete(first);

        assertFalse(Files.exists(first));
        assertTrue(Files.isDirectory(second));
        try (var entries = Files.list(second)) {
            assertEquals(0, entries.count());
        }
    }

    private EngineConfig config() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(EngineConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withDefaultValue("video-jobs.engine.work-directory", work.toString()).build();
        return config.getConfigMapping(EngineConfig.class);
    }

    private static Path leftover(Path root, String name) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name).resolve("job-" + UUID.randomUUID()));
        Files.writeString(dir.resolve("source"), "left over");
        return root.resolve(name);
    }

    private static long deadPid() throws IOException {
        try {
            Process process = new ProcessBuilder("true").start();
            process.waitFor();
            return process.pid();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static long started(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }
}
