package io.videojobs.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Resumable direct uploads ({@code /api/uploads}): part size, how long part URLs work, when an upload is abandoned. */
@ConfigMapping(prefix = "video-jobs.uploads")
public interface UploadsConfig {

    /**
     * Size of every part but the last. S3 refuses parts under 5 MiB (but the last) and more than 10,000 parts, so
     * the largest upload is 10,000 times this; it must also stay under {@code quarkus.http.limits.max-body-size},
     * the cap of a part sent to the service itself.
     */
    @WithDefault("8M")
    MemorySize partSize();

    /** How long a part URL works; ask {@code POST /api/uploads/{id}/parts} for fresh ones. */
    @WithDefault("30m")
    Duration partUrlTtl();

    /** Part URLs given with a new upload (the client asks for the rest as it goes). */
    @WithDefault("20")
    int firstPartUrls();

    /**
     * An upload not completed this long after it started is abandoned: aborted in the store and its parts removed.
     * Independent of job retention (GCS never expires multipart uploads by itself).
     */
    @WithDefault("24h")
    Duration abandonAfter();

    /** How often abandoned uploads are looked for. */
    @WithDefault("10m")
    Duration sweepInterval();
}
