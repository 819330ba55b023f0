package io.videojobs.processing.engine;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.videojobs.config.EngineConfig;
import io.videojobs.job.Job;
import io.videojobs.job.JobStage;
import io.videojobs.job.JobStatus;
import io.videojobs.job.JobThumbnail;
import io.videojobs.job.JsonText;
import io.videojobs.job.StageId;
import io.videojobs.job.StageStatus;
import io.videojobs.job.Timestamps;
import io.videojobs.job.event.ErrorData;
import io.videojobs.job.event.EventType;
import io.videojobs.job.event.JobEventLog;
import io.videojobs.job.event.MetadataUpdateData;
import io.videojobs.job.event.NotifiesSubscribers;
import io.videojobs.job.event.ThumbnailGeneratedData;
import io.videojobs.processing.run.JobAbortedException;
import io.videojobs.processing.run.MediaInfo;
import io.videojobs.processing.run.MetadataOutput;
import io.videojobs.security.ThumbnailLinks;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Records what the engine's runs do to their jobs: claims, media, stage starts, progress, thumbnails, stage
 * and job ends, retries. Each method is one transaction that locks the job row, checks that this instance
 * still holds the job's lease and the job is still PROCESSING (else it throws {@link JobAbortedException}:
 * cancelled, deleted or taken over), changes state through the entities' state machine and logs its events
 * ({@link RunState}, written by {@link RunStore}). What a run reads is on the read side
 * ({@link io.videojobs.job.JobReader}).
 */
@ApplicationScoped
public class RunRecorder {

    private final RunStore store;
    private final JobLeases leases;
    private final EngineConfig config;
    private final JobEventLog eventLog;
    private final ThumbnailLinks links;
    private final JsonText json;
    private final EngineMetrics metrics;

    public RunRecorder(RunStore store, JobLeases leases, EngineConfig config, JobEventLog eventLog,
                       ThumbnailLinks links, JsonText json, EngineMetrics metrics) {
        this.store = store;
        this.leases = leases;
        this.config = config;
        this.eventLog = eventLog;
        this.links = links;
        this.json = json;
        this.metrics = metrics;
    }

    /**
     * Claims the oldest runnable job (PENDING and due, or PROCESSING with an expired lease) under a lease
     * for {@code owner}; null when there is none. A PENDING job moves to PROCESSING. Taking over a lease that
     * expired while an owner still held it counts as a lease reclaim; a lease handed back on shutdown does not.
     * When no job is runnable, no transaction starts.
     */
    @NotifiesSubscribers
    public Uni<UUID> claimNext(String owner, Duration lease) {
        Instant now = Timestamps.now();
        return store.anyRunnable(now).chain(any -> any ? claim(owner, lease, now) : Uni.createFrom().nullItem());
    }

    private Uni<UUID> claim(String owner, Duration lease, Instant now) {
        return store.transaction(connection -> store.lockNextRunnable(connection, now), (connection, state) -> {
            if (state == null) {
                return Uni.createFrom().nullItem();
            }
            Job job = state.job();
            if (job.status == JobStatus.PROCESSING && job.leaseOwner != null) {
                metrics.leaseReclaimed();
            }
            if (job.claim(owner, now.plus(lease))) {
                state.logged(eventLog.recordJobUpdate(job));
            }
            return Uni.createFrom().item(job.id);
        });
    }

    /** Remembers where the source media is stored and what ffprobe found in it; no event. */
    @NotifiesSubscribers
    public Uni<Void> recordMedia(UUID jobId, String owner, String mediaKey, MediaInfo info) {
        return change(jobId, owner, state -> media(state, mediaKey, info));
    }

    /**
     * The source is stored and probed: remembers both ({@link #recordMedia}) and completes METADATA_EXTRACTION
     * ({@link #completeStage}), in one transaction.
     */
    @NotifiesSubscribers
    public Uni<Void> completeMetadataExtraction(UUID jobId, String owner, String mediaKey, MediaInfo info,
                                               StageId next) {
        return change(jobId, owner, state -> {
            media(state, mediaKey, info);
            complete(state, StageId.METADATA_EXTRACTION, next);
        });
    }

    /** Marks a stage PROCESSING and reports it, also when a resumed run picks an interrupted stage up again. */
    @NotifiesSubscribers
    public Uni<Void> startStage(UUID jobId, String owner, StageId stageId) {
        return change(jobId, owner, state -> start(state, stageId));
    }

    /** Raises a stage's progress (never lowers it, and leaves 100 to completion), then the job's. */
    @NotifiesSubscribers
    public Uni<Void> progress(UUID jobId, String owner, StageId stageId, int percent) {
        return change(jobId, owner, state -> raiseProgress(state, stageId, percent));
    }

    /**
     * Records a thumbnail and logs {@code THUMBNAIL_GENERATED} (an existing position is kept as it is), and raises
     * the stage's progress to {@code percent} as {@link #progress} does: the pass that makes thumbnails reports
     * both at once, in one transaction.
     */
    @NotifiesSubscribers
    public Uni<Void> addThumbnail(UUID jobId, String owner, StageId stageId, int percent, int position, int width,
                                  int height, double timestampSeconds, String storageKey) {
        JobThumbnail thumbnail = new JobThumbnail();
        thumbnail.id = UUID.randomUUID();
        thumbnail.jobId = jobId;
        thumbnail.position = position;
        thumbnail.width = width;
        thumbnail.height = height;
        thumbnail.timestampSeconds = timestampSeconds;
        thumbnail.storageKey = storageKey;
        thumbnail.createdAt = Timestamps.now();
        return changeWith(jobId, owner, (connection, state) -> store.insertThumbnail(connection, thumbnail)
                .invoke(inserted -> {
                    if (inserted) {
                        state.logged(eventLog.record(state.job(), EventType.THUMBNAIL_GENERATED,
                                new ThumbnailGeneratedData(links.signedPath(jobId, thumbnail.id), thumbnail.id,
                                        width, height, timestampSeconds)));
                    }
                    raiseProgress(state, stageId, percent);
                }).replaceWithVoid());
    }

    /**
     * Completes a stage: stores its metadata (skipping items the owner edited), logs a
     * {@code METADATA_UPDATE} per stored item, then the stage's and the job's progress. In the same transaction
     * the run moves on: {@code next} starts, or, when it is null, the job completes.
     */
    @NotifiesSubscribers
    public Uni<Void> completeStage(UUID jobId, String owner, StageId stageId, List<MetadataOutput> outputs,
                                   StageId next) {
        return changeWith(jobId, owner, (connection, state) -> storeAll(connection, state, outputs)
                .invoke(() -> complete(state, stageId, next)));
    }

    /**
     * Ends a stage FAILED with a recoverable {@code ERROR}, after storing the results it still leaves
     * ({@code outputs}, usually none); the job goes on as after {@link #completeStage}.
     */
    @NotifiesSubscribers
    public Uni<Void> failStage(UUID jobId, String owner, StageId stageId, String errorCode, String message,
                               List<MetadataOutput> outputs, StageId next) {
        return changeWith(jobId, owner, (connection, state) -> {
            JobStage stage = state.stageToChange(stageId);
            return storeAll(connection, state, outputs).invoke(() -> {
                state.logged(eventLog.record(state.job(), EventType.ERROR,
                        new ErrorData(errorCode, message, true, stageId.name())));
                stage.fail(message);
                state.logged(eventLog.recordStageUpdate(state.job(), stage));
                raiseJobProgress(state);
                moveOn(state, next);
            });
        });
    }

    /** Ends the job FAILED: a non-recoverable {@code ERROR}, the running stage FAILED, then the job. */
    @NotifiesSubscribers
    public Uni<Void> failJob(UUID jobId, String owner, StageId stageId, String errorCode, String message) {
        return change(jobId, owner, state -> failLocked(state, stageId, errorCode, message));
    }

    /**
     * A transient failure: the job goes back to PENDING until {@code delay} has passed (the stage back to
     * PENDING), with a recoverable {@code ERROR}; after {@code maxAttempts} attempts it fails for good.
     * Returns whether it will be retried.
     */
    @NotifiesSubscribers
    public Uni<Boolean> retryLater(UUID jobId, String owner, StageId stageId, String errorCode, String message,
                                   int maxAttempts, Duration baseDelay) {
        return changeWith(jobId, owner, (connection, state) -> {
            Job job = state.job();
            int attempts = job.countFailedAttempt();
            if (attempts >= maxAttempts) {
                failLocked(state, stageId, errorCode, message + " (gave up after " + attempts + " attempts)");
                return Uni.createFrom().item(false);
            }
            Duration delay = baseDelay.multipliedBy(1L << Math.min(attempts - 1, 20));
            job.requeue(Timestamps.now().plus(delay));
            state.logged(eventLog.record(job, EventType.ERROR, new ErrorData(errorCode,
                    message + " (attempt " + attempts + " of " + maxAttempts + ", retrying in "
                            + delay.toSeconds() + " s)", true, stageId == null ? null : stageId.name())));
            if (stageId != null) {
                JobStage stage = state.stageToChange(stageId);
                if (stage.status == StageStatus.PROCESSING) {
                    stage.requeue();
                    state.logged(eventLog.recordStageUpdate(job, stage));
                }
            }
            state.logged(eventLog.recordJobUpdate(job));
            return Uni.createFrom().item(true);
        });
    }

    /** Every stage has ended without a fatal failure: the job is COMPLETED at 100 %. */
    @NotifiesSubscribers
    public Uni<Void> finish(UUID jobId, String owner) {
        return change(jobId, owner, state -> moveOn(state, null));
    }

    /** Throws {@link JobAbortedException} unless {@code owner} still runs the job. */
    static void checkRunBy(Job job, String owner) {
        if (job == null) {
            throw new JobAbortedException("Job was deleted");
        }
        if (!job.isRunBy(owner)) {
            throw new JobAbortedException(job.status != JobStatus.PROCESSING ? "Job is " + job.status
                    : "Job's lease was taken over by another instance");
        }
    }

    private Uni<Void> change(UUID jobId, String owner, Consumer<RunState> change) {
        return changeWith(jobId, owner, (connection, state) -> {
            change.accept(state);
            return Uni.createFrom().voidItem();
        });
    }

    /**
     * One transaction on a job this instance runs: locks it (or aborts the run), renews its lease, applies
     * {@code change}, which may also write rows of its own on the connection, then writes the job, its changed
     * stages and its events. Once committed, the heartbeat need not renew the lease for a while.
     */
    private <T> Uni<T> changeWith(UUID jobId, String owner, BiFunction<SqlConnection, RunState, Uni<T>> change) {
        return store.transaction(connection -> store.lock(connection, jobId), (connection, state) -> {
            checkRunBy(state == null ? null : state.job(), owner);
            state.job().renewLease(Timestamps.now().plus(config.leaseDuration()));
            return change.apply(connection, state);
        }).invoke(() -> leases.renewedByRun(jobId));
    }

    /** Media known about the job: where it is stored (null: unchanged) and what ffprobe found (null: unchanged). */
    private void media(RunState state, String mediaKey, MediaInfo info) {
        if (mediaKey != null) {
            state.job().mediaKey = mediaKey;
        }
        if (info != null) {
            state.job().mediaInfoJson = json.write(info);
        }
    }

    private void complete(RunState state, StageId stageId, StageId next) {
        JobStage stage = state.stageToChange(stageId);
        stage.complete();
        state.logged(eventLog.recordStageUpdate(state.job(), stage));
        raiseJobProgress(state);
        moveOn(state, next);
    }

    private void start(RunState state, StageId stageId) {
        JobStage stage = state.stageToChange(stageId);
        stage.start();
        state.logged(eventLog.recordStageUpdate(state.job(), stage));
    }

    /** After a stage ended: the next one starts, or (none left) the job completes. */
    private void moveOn(RunState state, StageId next) {
        if (next != null) {
            start(state, next);
        } else {
            state.job().complete();
            state.logged(eventLog.recordJobUpdate(state.job()));
        }
    }

    private void failLocked(RunState state, StageId stageId, String errorCode, String message) {
        Job job = state.job();
        state.logged(eventLog.record(job, EventType.ERROR,
                new ErrorData(errorCode, message, false, stageId == null ? null : stageId.name())));
        if (stageId != null) {
            JobStage stage = state.stageToChange(stageId);
            if (!stage.status.isFinished()) {
                stage.fail(message);
                state.logged(eventLog.recordStageUpdate(job, stage));
            }
        }
        job.fail(message);
        state.logged(eventLog.recordJobUpdate(job));
    }

    private void raiseProgress(RunState state, StageId stageId, int percent) {
        JobStage stage = state.stageToChange(stageId);
        if (stage.raiseProgress(percent)) {
            state.logged(eventLog.recordStageUpdate(state.job(), stage));
            raiseJobProgress(state);
        }
    }

    /** Job progress is the mean of its stages' (an ended stage counts 100), kept below 100 until the job ends. */
    private void raiseJobProgress(RunState state) {
        int sum = 0;
        for (JobStage stage : state.stages()) {
            sum += stage.status.isFinished() ? 100 : stage.progressPercent;
        }
        int count = state.stages().size();
        int percent = count == 0 ? 0 : Math.min(99, sum / count);
        if (state.job().raiseProgress(percent)) {
            state.logged(eventLog.recordJobUpdate(state.job()));
        }
    }

    /** Stores the outputs, in order, and logs a {@code METADATA_UPDATE} for each one the owner had not edited. */
    private Uni<Void> storeAll(SqlConnection connection, RunState state, List<MetadataOutput> outputs) {
        Instant now = Timestamps.now();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (MetadataOutput output : outputs) {
            chain = chain.chain(() -> store.storeMetadata(connection, state.job().id, output.type(),
                    json.write(output.content()), now).invoke(stored -> {
                        if (stored) {
                            state.logged(eventLog.record(state.job(), EventType.METADATA_UPDATE,
                                    new MetadataUpdateData(output.type(), output.content())));
                        }
                    }).replaceWithVoid());
        }
        return chain;
    }
}
