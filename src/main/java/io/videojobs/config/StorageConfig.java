package io.videojobs.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Where media and thumbnails are stored, and how thumbnail links are signed. */
@ConfigMapping(prefix = "video-jobs.storage")
public interface StorageConfig {

    /** Directory of the local-filesystem storage. */
    @WithDefault("data/media")
    String directory();

    /**
     * HMAC key that signs thumbnail and source-video links. Every instance behind one load balancer needs the same key;
     * when unset each instance makes a random one, so its links only work on that instance until restart.
     */
    Optional<String> urlSigningKey();

    /** How long a signed thumbnail or source-video link works. */
    @WithDefault("24h")
    Duration signedUrlTtl();
}
