package io.videojobs.processing.engine;

import static io.videojobs.processing.engine.DatabaseCall.await;

import io.videojobs.config.EngineConfig;
import io.videojobs.job.Job;
import io.videojobs.job.JobDetails;
import io.videojobs.job.JobReader;
import io.videojobs.job.JobStage;
import io.videojobs.job.StageId;
import io.videojobs.processing.run.JobAbortedException;
import io.videojobs.processing.run.MetadataOutput;
import io.videojobs.processing.run.ProcessFailedException;
import io.videojobs.processing.run.RunHandle;
import io.videojobs.processing.run.StageContext;
import io.videojobs.processing.run.StageFailure;
import io.videojobs.processing.run.StageRunner;
import io.videojobs.storage.StorageKeys;
import io.videojobs.storage.StoredObjectDeletes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Runs one claimed job on an engine worker thread, in passes. A pass reads the job, gets the source media and
 * probes it (both part of METADATA_EXTRACTION), then runs every unfinished stage in order; resuming after a
 * crash or an outage simply starts at the first unfinished stage. Every step that stops a pass early ends in
 * {@link #settle}, the one place that decides between abort, outage (wait, then another pass), retry and failure.
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);
    /** MDC key of the job a log line is about; JSON logs carry it as {@code mdc.job_id}. */
    public static final String MDC_JOB_ID = "job_id";
    /** During an outage a run waits this long before its next pass, doubling up to the longest wait. */
    private static final Duration FIRST_OUTAGE_WAIT = Duration.ofMillis(500);
    private static final Duration LONGEST_OUTAGE_WAIT = Duration.ofSeconds(10);

    /** How a pass over the job ended. */
    private enum Ending { DONE, OUTAGE }

    /** One step of a pass; a stage step gets the time its stage started. */
    @FunctionalInterface
    private interface Step<T> {
        T run(long stageStarted) throws Exception;
    }

    /** A pass stopped early: the failure, and the stage it stopped in (null outside any stage). */
    private static final class Stopped extends Exception {
        private final StageId stage;
        private final long stageStarted;

        Stopped(StageId stage, long stageStarted, Throwable cause) {
            super(cause.getMessage(), cause, false, false);
            this.stage = stage;
            this.stageStarted = stageStarted;
        }
    }

    private final RunRecorder recorder;
    private final JobReader reader;
    private final PassInputs passInputs;
    private final Scratch scratch;
    private final StoredObjectDeletes deletes;
    private final EngineConfig config;
    private final EngineMetrics metrics;
    private final Map<StageId, StageRunner> runners = new EnumMap<>(StageId.class);

    JobRunner(RunRecorder recorder, JobReader reader, PassInputs passInputs, Scratch scratch,
              StoredObjectDeletes deletes, EngineConfig config, EngineMetrics metrics, Instance<StageRunner> stageRunners) {
        this.recorder = recorder;
        this.reader = reader;
        this.passInputs = passInputs;
        this.scratch = scratch;
        this.deletes = deletes;
        this.config = config;
        this.metrics = metrics;
        stageRunners.forEach(runner -> runners.put(runner.stage(), runner));
    }

    /**
     * Processes a job this instance ({@code owner}) has claimed, until it ends, fails, is retried or aborted.
     * While the database or storage is unavailable, the run waits and then resumes.
     */
    public void run(UUID jobId, String owner, RunHandle handle) {
        MDC.put(MDC_JOB_ID, jobId.toString());
        try {
            Duration wait = FIRST_OUTAGE_WAIT;
            while (pass(jobId, owner, handle) == Ending.OUTAGE) {
                if (!handle.pause(wait)) {
                    LOG.infof("Job %s stopped while waiting for the database or storage", jobId);
                    return;
                }
                wait = wait.multipliedBy(2).compareTo(LONGEST_OUTAGE_WAIT) > 0 ? LONGEST_OUTAGE_WAIT : wait.multipliedBy(2);
            }
        } finally {
            MDC.remove(MDC_JOB_ID);
        }
    }

    /** One pass from the job's first unfinished stage to its end, in a fresh scratch directory deleted at its end. */
    private Ending pass(UUID jobId, String owner, RunHandle handle) {
        Path work;
        try {
            work = scratch.newPass(jobId);
        } catch (IOException e) {
            return settle(jobId, owner, handle, new Stopped(null, 0, e));
        }
        try {
            runStages(jobId, owner, handle, work);
            return Ending.DONE;
        } catch (Stopped stopped) {
            return settle(jobId, owner, handle, stopped);
        } finally {
            Scratch.delete(work);
        }
    }

    /**
     * Runs the unfinished stages in order. The pass starts the first one; each later one is started by the
     * transaction that ends the stage before it, and the last one's also completes the job.
     */
    private void runStages(UUID jobId, String owner, RunHandle handle, Path work) throws Stopped {
        JobDetails plan = outsideStages(() -> plan(jobId, owner));
        List<StageId> todo = plan.stages().stream().filter(stage -> !stage.status.isFinished())
                .map(JobStage::stageId).toList();
        LOG.infof("Running job %s from stage %s", jobId, todo.isEmpty() ? null : todo.get(0));
        if (todo.isEmpty()) {
            outsideStages(() -> await(() -> recorder.finish(jobId, owner)));
            return;
        }
        Job job = plan.job();
        PassInputs.Inputs inputs = todo.contains(StageId.METADATA_EXTRACTION)
                ? inStage(StageId.METADATA_EXTRACTION,
                        started -> passInputs.extract(job, owner, work, handle, after(todo, StageId.METADATA_EXTRACTION), started))
                : outsideStages(() -> passInputs.resume(job, owner, work, handle));
        Set<StageId> pending = Set.copyOf(todo);
        Set<Integer> thumbnailPositions = plan.thumbnails().stream().map(thumbnail -> thumbnail.position)
                .collect(Collectors.toUnmodifiableSet());
        for (JobStage stage : plan.stages()) {
            if (stage.stageId() != StageId.METADATA_EXTRACTION && pending.contains(stage.stageId())) {
                StageContext context = new StageContext(jobId, inputs.media(), inputs.info(), inputs.options(),
                        inputs.sourceName(), work, handle, new RunSink(recorder, reader, jobId, owner, stage.stageId(),
                                stage.progressPercent, thumbnailPositions),
                        pending);
                StageId next = after(todo, stage.stageId());
                boolean first = stage.stageId() == todo.get(0);
                inStage(stage.stageId(), started -> runStage(owner, stage.stageId(), first, next, context, started));
            }
        }
    }

    /** The job and its stages, while this instance still runs it. */
    private JobDetails plan(UUID jobId, String owner) {
        JobDetails plan = await(() -> reader.find(jobId));
        RunRecorder.checkRunBy(plan == null ? null : plan.job(), owner);
        return plan;
    }

    /**
     * Runs one stage, which the end of the one before has started unless it is the {@code first} of the pass; a
     * recoverable failure ends only the stage, anything else stops the pass. Its end starts {@code next}, or
     * completes the job when it is the last.
     */
    private Void runStage(String owner, StageId stageId, boolean first, StageId next, StageContext context,
                          long started) throws IOException, ProcessFailedException, StageFailure {
        UUID jobId = context.jobId();
        context.handle().startStageCpu();
        if (first) {
            await(() -> recorder.startStage(jobId, owner, stageId));
        }
        try {
            List<MetadataOutput> outputs = runners.get(stageId).run(context);
            context.handle().checkActive();
            double cpu = context.handle().stageCpuSeconds();
            await(() -> recorder.completeStage(jobId, owner, stageId, outputs, next, cpu));
            metrics.stageEnded(stageId, EngineMetrics.Outcome.COMPLETED, started);
        } catch (StageFailure failure) {
            if (failure.kind() != StageFailure.Kind.RECOVERABLE || context.handle().isAborted()) {
                throw failure;
            }
            double cpu = context.handle().stageCpuSeconds();
            await(() -> recorder.failStage(jobId, owner, stageId, failure.errorCode(), failure.getMessage(),
                    failure.outputs(), next, cpu));
            metrics.stageEnded(stageId, EngineMetrics.Outcome.FAILED, started);
        }
        return null;
    }

    /** The stage to run after {@code stage}, or null when it is the last. */
    private static StageId after(List<StageId> todo, StageId stage) {
        int index = todo.indexOf(stage);
        return index + 1 < todo.size() ? todo.get(index + 1) : null;
    }

    /**
     * Decides how a pass that stopped early ends. An abort (shutdown, cancellation, deletion, lost lease) records
     * nothing: killing ffmpeg makes its stage fail too, before it can notice the abort, and recording that would
     * send a shutting-down instance's job to retry. An outage records nothing either: the run waits and resumes.
     * Anything else is the job's failure: retried later while attempts remain when transient, else final.
     */
    private Ending settle(UUID jobId, String owner, RunHandle handle, Stopped stopped) {
        Throwable cause = stopped.getCause();
        if (cause instanceof JobAbortedException || handle.isAborted()) {
            stageEnded(stopped, EngineMetrics.Outcome.ABORTED);
            LOG.infof("Job %s stopped: %s", jobId, cause instanceof JobAbortedException ? cause.getMessage()
                    : "its stage ended with: " + cause.getMessage());
            removeFilesIfDeleted(jobId);
            return Ending.DONE;
        }
        if (Outage.caused(cause)) {
            stageEnded(stopped, EngineMetrics.Outcome.ABORTED);
            LOG.warnf("Job %s waits for the database or storage: %s", jobId, cause.getMessage());
            return Ending.OUTAGE;
        }
        stageEnded(stopped, EngineMetrics.Outcome.FAILED);
        StageFailure failure = asFailure(jobId, stopped.stage, cause);
        double cpu = handle.stageCpuSeconds();
        try {
            if (failure.kind() == StageFailure.Kind.TRANSIENT) {
                boolean retried = await(() -> recorder.retryLater(jobId, owner, stopped.stage, failure.errorCode(),
                        failure.getMessage(), config.maxAttempts(), config.retryBaseDelay(), cpu));
                LOG.infof("Job %s: %s (%s)", jobId, failure.getMessage(), retried ? "will retry" : "failed for good");
            } else {
                await(() -> recorder.failJob(jobId, owner, stopped.stage, failure.errorCode(), failure.getMessage(), cpu));
                LOG.infof("Job %s failed: %s", jobId, failure.getMessage());
            }
        } catch (JobAbortedException e) {
            LOG.infof("Job %s stopped before its failure was recorded: %s", jobId, e.getMessage());
        } catch (RuntimeException e) {
            if (Outage.caused(e)) {
                LOG.warnf("Job %s waits for the database to record its failure: %s", jobId, e.getMessage());
                return Ending.OUTAGE;
            }
            LOG.errorf(e, "Cannot record the failure of job %s; its lease will expire", jobId);
        }
        return Ending.DONE;
    }

    private static StageFailure asFailure(UUID jobId, StageId stage, Throwable cause) {
        if (cause instanceof StageFailure failure) {
            return failure;
        }
        if (cause instanceof ProcessFailedException e) {
            return StageFailure.transientFailure("PROCESSING_FAILED", e.getMessage(), e);
        }
        LOG.errorf(cause, "Job %s failed unexpectedly in %s", jobId, stage);
        return StageFailure.transientFailure("PROCESSING_FAILED", "Processing failed unexpectedly: " + cause.getMessage(), cause);
    }

    private <T> T inStage(StageId stage, Step<T> step) throws Stopped {
        long started = System.nanoTime();
        try {
            return step.run(started);
        } catch (Exception e) {
            throw new Stopped(stage, started, e);
        }
    }

    private <T> T outsideStages(Callable<T> step) throws Stopped {
        return inStage(null, started -> step.call());
    }

    private void stageEnded(Stopped stopped, EngineMetrics.Outcome outcome) {
        if (stopped.stage != null) {
            metrics.stageEnded(stopped.stage, outcome, stopped.stageStarted);
        }
    }

    /**
     * A job deleted while it ran may have had files stored after the deletion removed them; their delete is recorded
     * and retried like any other.
     */
    private void removeFilesIfDeleted(UUID jobId) {
        try {
            if (!await(() -> reader.exists(jobId))) {
                await(() -> deletes.delete(List.of(StorageKeys.jobPrefix(jobId))));
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "Cannot clean up after stopped job %s", jobId);
        }
    }
}
