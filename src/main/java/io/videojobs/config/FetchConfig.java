package io.videojobs.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How source URLs are downloaded, and which internal hosts they may point at. */
@ConfigMapping(prefix = "video-jobs.fetch")
public interface FetchConfig {

    /** Connect timeout of a download. */
    @WithDefault("10s")
    Duration connectTimeout();

    /** Longest wait for the next bytes of a download. */
    @WithDefault("30s")
    Duration readTimeout();

    /** Largest source a download may deliver, in bytes. */
    @WithDefault("2147483648")
    long maxBytes();

    /** Redirects a download follows; each target is checked like the original URL. */
    @WithDefault("5")
    int maxRedirects();

    /**
     * Hosts (names or IP literals) that may be fetched even though they are loopback, private, link-local or
     * otherwise internal addresses. Empty by default: internal addresses are always refused.
     */
    Optional<List<String>> allowedHosts();
}
