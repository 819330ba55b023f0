package io.videojobs.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the job API. */
@ConfigMapping(prefix = "video-jobs.api")
public interface JobsConfig {

    /**
     * Largest request body that is not a multipart upload (the JSON bodies of the API), in bytes; a bigger one
     * answers 413 before it is read. Uploads are bounded by {@code quarkus.http.limits.max-body-size} instead.
     */
    @WithDefault("1M")
    MemorySize maxJsonBodySize();

    /** Longest accepted {@code source_url}, in characters. */
    @WithDefault("2048")
    int maxSourceUrlLength();

    /** Page size of {@code GET /api/jobs} when {@code limit} is not given. */
    @WithDefault("20")
    int defaultPageSize();

    /** Largest {@code limit} accepted by {@code GET /api/jobs}. */
    @WithDefault("100")
    int maxPageSize();

    /** Largest {@code limit} accepted by {@code GET /api/jobs/{id}/events}. */
    @WithDefault("1000")
    int maxEventPageSize();

    /** Job submissions per user and second (token-bucket refill rate), per instance. */
    @WithDefault("5")
    double submissionsPerSecond();

    /** Submissions a user may make in a burst before the rate applies. */
    @WithDefault("20")
    int submissionBurst();
}
