package io.videojobs.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Graceful shutdown. Readiness goes DOWN for {@code quarkus.shutdown.delay} before the drain starts. */
@ConfigMapping(prefix = "video-jobs.drain")
public interface DrainConfig {

    /** How long the drain waits for the close frames (1001) of all WebSocket connections. */
    @WithDefault("5s")
    Duration socketCloseTimeout();
}
