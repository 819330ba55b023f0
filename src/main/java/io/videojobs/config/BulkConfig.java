package io.videojobs.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How bulk actions ({@code POST /api/jobs/bulk}) are sized and run. */
@ConfigMapping(prefix = "video-jobs.bulk")
public interface BulkConfig {

    /** Whether this instance runs bulk actions; with it off it still accepts them, and another instance runs them. */
    @WithDefault("true")
    boolean enabled();

    /** Most jobs one request may cover (its job_ids, or what its filter matches); more answers 400. */
    @WithDefault("10000")
    int maxJobs();

    /** Jobs handled between two progress writes and lease renewals; what a stopped instance may leave half done. */
    @WithDefault("100")
    int batchSize();

    /** Jobs of a batch changed at the same time, each in its own transaction. */
    @WithDefault("4")
    int concurrency();

    /** How long a bulk's lease lasts without renewal; another instance goes on with the bulk after it expires. */
    @WithDefault("30s")
    Duration leaseDuration();

    /** How often an instance looks for a bulk to run (new ones also start at once on the instance that took them). */
    @WithDefault("1s")
    Duration pollInterval();

    /** How long a finished bulk and its per-job results are kept (then GET answers 404); "7d" is seven days. */
    @WithDefault("7d")
    Duration keepFinishedFor();

    /** How often each instance removes the finished bulks older than {@link #keepFinishedFor()}. */
    @WithDefault("1h")
    Duration cleanupInterval();
}
