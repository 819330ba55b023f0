package io.videojobs.processing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.videojobs.config.EngineConfig;
import io.videojobs.job.Job;
import io.videojobs.job.JobOptions;
import io.videojobs.job.JobStage;
import io.videojobs.job.MetadataType;
import io.videojobs.job.StageId;
import io.videojobs.storage.MediaStorage;
import io.videojobs.storage.StorageKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Runs one claimed job on an engine worker thread: gets the source media and probes it (both part of
 * METADATA_EXTRACTION), then runs every unfinished stage in order. Resuming after a crash simply starts at the first unfinished stage.
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);
    /** MDC key of the job a log line is about; JSON logs carry it as {@code mdc.job_id}. */
    public static final String MDC_JOB_ID = "job_id";
    /** STAGE_UPDATE throttle: a write needs a 5-point step and 250 ms since the last one, or 2 s and any step. */
    private static final int MIN_STEP = 5;
    private static final long MIN_STEP_NANOS = 250_000_000L;
    private static final long ANY_STEP_NANOS = 2_000_000_000L;

    private final JobTransitions transitions;
    private final MediaProbe probe;
    private final SourceFetcher fetcher;
    private final MediaStorage storage;
    private final EngineConfig config;
    private final ObjectMapper mapper;
    private final EngineMetrics metrics;
    private final Map<StageId, StageRunner> runners = new EnumMap<>(StageId.class);

    public JobRunner(JobTransitions transitions, MediaProbe probe, SourceFetcher fetcher, MediaStorage storage,
                     EngineConfig config, ObjectMapper mapper, EngineMetrics metrics,
                     Instance<StageRunner> stageRunners) {
        this.transitions = transitions;
        this.probe = probe;
        this.fetcher = fetcher;
        this.storage = storage;
        this.config = config;
        this.mapper = mapper;
        this.metrics = metrics;
        stageRunners.forEach(runner -> runners.put(runner.stage(), runner));
    }

    /** Processes a job this instance ({@code owner}) has claimed, until it ends, fails, is retried or aborted. */
    public void run(UUID jobId, String owner, RunHandle handle) {
        Path work = null;
        StageId current = null;
        StageId timed = null;
        long stageStarted = 0;
        MDC.put(MDC_JOB_ID, jobId.toString());
        try {
            JobRunPlan plan = await(() -> transitions.plan(jobId, owner));
            LOG.infof("Running job %s from stage %s", jobId, plan.stages().stream()
                    .filter(stage -> !stage.status.isFinished()).map(JobStage::stageId).findFirst().orElse(null));
            work = Files.createTempDirectory(workRoot(), "job-" + jobId + "-");
            boolean extract = isPending(plan.stages(), StageId.METADATA_EXTRACTION);
            if (extract) {
                current = StageId.METADATA_EXTRACTION;
                timed = current;
                stageStarted = System.nanoTime();
                await(() -> transitions.startStage(jobId, owner, StageId.METADATA_EXTRACTION));
            }
            Path media = media(plan.job(), owner, work, handle);
            MediaInfo info = probe.probe(media, work, handle);
            await(() -> transitions.recordMedia(jobId, owner, null, info));
            if (extract) {
                await(() -> transitions.completeStage(jobId, owner, StageId.METADATA_EXTRACTION, List.of()));
                metrics.stageEnded(StageId.METADATA_EXTRACTION, EngineMetrics.Outcome.COMPLETED, stageStarted);
                timed = null;
            }
            JobOptions options = options(plan.job());
            String sourceName = sourceName(plan.job());
            for (JobStage stage : plan.stages()) {
                if (stage.stageId() == StageId.METADATA_EXTRACTION || stage.status.isFinished()) {
                    continue;
                }
                current = stage.stageId();
                timed = current;
                stageStarted = System.nanoTime();
                runStage(jobId, owner, current, new StageContext(jobId, media, info, options, sourceName, work, handle,
                        new Sink(jobId, owner, current, stage.progressPercent), pending(plan.stages())), stageStarted);
                timed = null;
            }
            current = null;
            await(() -> transitions.finish(jobId, owner));
        } catch (JobAbortedException e) {
            stopped(jobId, timed, stageStarted, e.getMessage());
        } catch (StageFailure failure) {
            failUnlessAborted(handle, owner, current, timed, stageStarted, failure);
        } catch (ProcessFailedException e) {
            failUnlessAborted(handle, owner, current, timed, stageStarted,
                    StageFailure.transientFailure("PROCESSING_FAILED", e.getMessage(), e));
        } catch (IOException | RuntimeException e) {
            if (!handle.isAborted()) {
                LOG.errorf(e, "Job %s failed unexpectedly in %s", jobId, current);
            }
            failUnlessAborted(handle, owner, current, timed, stageStarted, StageFailure.transientFailure(
                    "PROCESSING_FAILED", "Processing failed unexpectedly: " + e.getMessage(), e));
        } finally {
            deleteQuietly(work);
            MDC.remove(MDC_JOB_ID);
        }
    }

    /**
     * Runs one stage and records its duration when it completes or fails recoverably; a failure that stops
     * the job propagates and {@link #run} records it.
     */
    private void runStage(UUID jobId, String owner, StageId stageId, StageContext context, long started)
            throws IOException, ProcessFailedException, StageFailure {
        await(() -> transitions.startStage(jobId, owner, stageId));
        try {
            List<MetadataOutput> outputs = runners.get(stageId).run(context);
            context.handle().checkActive();
            await(() -> transitions.completeStage(jobId, owner, stageId, outputs));
            metrics.stageEnded(stageId, EngineMetrics.Outcome.COMPLETED, started);
        } catch (StageFailure failure) {
            if (failure.kind() != StageFailure.Kind.RECOVERABLE) {
                throw failure;
            }
            await(() -> transitions.failStage(jobId, owner, stageId, failure.errorCode(), failure.getMessage(),
                    failure.outputs()));
            metrics.stageEnded(stageId, EngineMetrics.Outcome.FAILED, started);
        }
    }

    /** Records the end of the stage a run stopped in, if it stopped inside one. */
    private void stageEnded(StageId timed, EngineMetrics.Outcome outcome, long started) {
        if (timed != null) {
            metrics.stageEnded(timed, outcome, started);
        }
    }

    /**
     * Records a failure, unless the run was aborted (shutdown, cancellation, deletion, lost lease). Killing
     * ffmpeg makes the stage fail too, with a closed stream or an exit code, before it can notice the abort;
     * that failure is the abort's doing, and recording it would send a shutting-down instance's job to retry.
     */
    private void failUnlessAborted(RunHandle handle, String owner, StageId stage, StageId timed, long started,
                                   StageFailure failure) {
        if (handle.isAborted()) {
            stopped(handle.jobId(), timed, started, "its stage ended with: " + failure.getMessage());
            return;
        }
        stageEnded(timed, EngineMetrics.Outcome.FAILED, started);
        fail(handle.jobId(), owner, stage, failure);
    }

    /** Ends an aborted run: its stage counts as aborted, and a deleted job's files go. */
    private void stopped(UUID jobId, StageId timed, long started, String why) {
        stageEnded(timed, EngineMetrics.Outcome.ABORTED, started);
        LOG.infof("Job %s stopped: %s", jobId, why);
        removeFilesIfDeleted(jobId);
    }

    private void fail(UUID jobId, String owner, StageId stage, StageFailure failure) {
        try {
            if (failure.kind() == StageFailure.Kind.TRANSIENT) {
                boolean retried = await(() -> transitions.retryLater(jobId, owner, stage, failure.errorCode(),
                        failure.getMessage(), config.maxAttempts(), config.retryBaseDelay()));
                LOG.infof("Job %s: %s (%s)", jobId, failure.getMessage(), retried ? "will retry" : "failed for good");
            } else {
                await(() -> transitions.failJob(jobId, owner, stage, failure.errorCode(), failure.getMessage()));
                LOG.infof("Job %s failed: %s", jobId, failure.getMessage());
            }
        } catch (JobAbortedException e) {
            LOG.infof("Job %s stopped before its failure was recorded: %s", jobId, e.getMessage());
        }
    }

    /** The stored source, downloading it first when the job has a URL and no stored copy yet. */
    private Path media(Job job, String owner, Path work, RunHandle handle) throws IOException, StageFailure {
        if (job.mediaKey != null && storage.exists(job.mediaKey)) {
            return storage.localFile(job.mediaKey);
        }
        if (job.sourceUrl == null) {
            throw StageFailure.fatal("SOURCE_MISSING", "The uploaded source file is no longer stored");
        }
        Path download = work.resolve("download");
        fetcher.download(job.sourceUrl, download, handle);
        String key = StorageKeys.source(job.id);
        storage.put(key, download);
        await(() -> transitions.recordMedia(job.id, owner, key, null));
        return storage.localFile(key);
    }

    private JobOptions options(Job job) throws IOException {
        return job.optionsJson == null || job.optionsJson.isBlank() ? JobOptions.DEFAULTS
                : mapper.readValue(job.optionsJson, JobOptions.class);
    }

    private static String sourceName(Job job) {
        if (job.sourceName != null) {
            return job.sourceName;
        }
        if (job.sourceUrl == null) {
            return null;
        }
        String path = URI.create(job.sourceUrl).getRawPath();
        if (path == null || path.isEmpty() || path.endsWith("/")) {
            return null;
        }
        return URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
    }

    private static Set<StageId> pending(List<JobStage> stages) {
        return stages.stream().filter(stage -> !stage.status.isFinished()).map(JobStage::stageId)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    private static boolean isPending(List<JobStage> stages, StageId stageId) {
        return stages.stream().anyMatch(stage -> stage.stageId() == stageId && !stage.status.isFinished());
    }

    private Path workRoot() throws IOException {
        Path root = Path.of(config.workDirectory().orElse(System.getProperty("java.io.tmpdir")));
        Files.createDirectories(root);
        return root;
    }

    /** A job deleted while it ran may have had files stored after the deletion removed them. */
    private void removeFilesIfDeleted(UUID jobId) {
        try {
            if (!await(() -> transitions.exists(jobId))) {
                storage.deletePrefix(StorageKeys.jobPrefix(jobId));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf(e, "Cannot clean up after stopped job %s", jobId);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.debugf(e, "Cannot clean %s", dir);
        }
    }

    /** Runs a transaction from this worker thread on a Vert.x context and waits for it. */
    private static <T> T await(Supplier<Uni<T>> call) {
        try {
            return VertxContextSupport.subscribeAndAwait(call);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** The running stage's link to the engine, with a throttle on progress writes. */
    private final class Sink implements StageSink {

        private final UUID jobId;
        private final String owner;
        private final StageId stageId;
        private int reported;
        private long reportedAt = System.nanoTime();

        Sink(UUID jobId, String owner, StageId stageId, int alreadyReported) {
            this.jobId = jobId;
            this.owner = owner;
            this.stageId = stageId;
            this.reported = alreadyReported;
        }

        @Override
        public void progress(int percent) {
            long now = System.nanoTime();
            long since = now - reportedAt;
            boolean due = (percent - reported >= MIN_STEP && since >= MIN_STEP_NANOS)
                    || (percent > reported && since >= ANY_STEP_NANOS);
            if (due) {
                await(() -> transitions.progress(jobId, owner, stageId, percent));
                reported = percent;
                reportedAt = now;
            }
        }

        @Override
        public Set<Integer> thumbnailPositions() {
            return await(() -> transitions.thumbnailPositions(jobId));
        }

        @Override
        public void thumbnail(int position, int width, int height, double timestampSeconds, String storageKey) {
            await(() -> transitions.addThumbnail(jobId, owner, position, width, height, timestampSeconds, storageKey));
        }

        @Override
        public Optional<JsonNode> metadata(MetadataType type) {
            return await(() -> transitions.metadata(jobId, type));
        }
    }
}
