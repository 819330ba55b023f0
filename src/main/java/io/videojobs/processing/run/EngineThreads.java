package io.videojobs.processing.run;

import static io.videojobs.concurrent.DaemonThreads.named;

import io.videojobs.config.EngineConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The engine's own threads: one worker per concurrent job (ffmpeg runs block, so they never touch
 * the event loop) and one timer thread that kills processes after their grace period or time limit.
 */
@ApplicationScoped
public class EngineThreads {

    private final ExecutorService workers;
    private final ScheduledExecutorService timer;

    public EngineThreads(EngineConfig config) {
        this.workers = Executors.newFixedThreadPool(Math.max(1, config.concurrency()), named("video-jobs-worker"));
        this.timer = Executors.newSingleThreadScheduledExecutor(named("video-jobs-timer"));
    }

    public ExecutorService workers() {
        return workers;
    }

    public ScheduledExecutorService timer() {
        return timer;
    }

    @PreDestroy
    void stop() throws InterruptedException {
        workers.shutdownNow();
        workers.awaitTermination(5, TimeUnit.SECONDS);
        timer.shutdownNow();
    }
}
