package io.videojobs.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How the processing engine claims, runs, retries and retains jobs, and how it calls ffmpeg. */
@ConfigMapping(prefix = "video-jobs.engine")
public interface EngineConfig {

    /** Whether this instance processes jobs at all; an instance with it off only serves the API. */
    @WithDefault("true")
    boolean enabled();

    /** Jobs this instance processes at the same time. */
    @WithDefault("2")
    int concurrency();

    /** Identifies this instance in job leases; a random id when unset. */
    Optional<String> instanceId();

    /** How often an instance with free capacity looks for jobs to claim (the scheduler's minimum is 1 s). */
    @WithDefault("1s")
    Duration pollInterval();

    /** How long a claim lasts without renewal; another instance takes the job over after it expires. */
    @WithDefault("30s")
    Duration leaseDuration();

    /** How often leases are renewed and running jobs are checked for cancellation (keep it well under 2 s). */
    @WithDefault("500ms")
    Duration heartbeatInterval();

    /** Processing attempts of a job that fails transiently (for example a network error) before it fails for good. */
    @WithDefault("3")
    int maxAttempts();

    /** Delay before the first retry; each further retry waits twice as long. */
    @WithDefault("2s")
    Duration retryBaseDelay();

    /** Longest a single ffmpeg or ffprobe run may take before it is killed. */
    @WithDefault("30m")
    Duration processTimeout();

    /**
     * The ffmpeg executable: a path is used as it is; a bare name is looked up on PATH, and when it is not there the
     * build bundled for quarkus:dev and the tests (org.bytedeco:ffmpeg) runs instead.
     */
    @WithDefault("ffmpeg")
    String ffmpegPath();

    /** The ffprobe executable, found like {@link #ffmpegPath()}. */
    @WithDefault("ffprobe")
    String ffprobePath();

    /** Scratch directory for ffmpeg's intermediate files; the system temp directory when unset. */
    Optional<String> workDirectory();

    /** Thumbnails per job, when the job's options do not say. */
    @WithDefault("5")
    int thumbnailCount();

    /** Thumbnail width in pixels, when the job's options do not say; the height keeps the aspect ratio. */
    @WithDefault("320")
    int thumbnailWidth();

    /** Directory of the pocketsphinx acoustic model, dictionary and language model used by ffmpeg's asr filter. */
    @WithDefault("/usr/share/pocketsphinx/model/en-us")
    String asrModelDirectory();

    /** Scene-change score (0..1) above which a frame starts a new chapter. */
    @WithDefault("0.4")
    double sceneThreshold();

    /** Shortest chapter in seconds; closer scene changes are merged. */
    @WithDefault("1.0")
    double minChapterSeconds();

    /** Finished jobs older than this many days are deleted with their files; 0 keeps them forever. */
    @WithDefault("30")
    int retentionDays();

    /** How often the retention sweep runs. */
    @WithDefault("1h")
    Duration retentionInterval();
}
