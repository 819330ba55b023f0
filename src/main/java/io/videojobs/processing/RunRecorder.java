package io.videojobs.processing;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.videojobs.job.Job;
import io.videojobs.job.JobMetadataStore;
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
import io.videojobs.job.event.NotifiesSubscribers;
import io.videojobs.job.event.ThumbnailGeneratedData;
import io.videojobs.security.ThumbnailLinks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Records what the engine's runs do to their jobs: claims, media, stage starts, progress, thumbnails, stage
 * and job ends, retries. Each method is one transaction that locks the job row, checks that this instance
 * still holds the job's lease and the job is still PROCESSING (else it throws {@link JobAbortedException}:
 * cancelled, deleted or taken over), changes state through the entities' state machine and logs its events.
 * What a run reads is on the read side ({@link io.videojobs.job.JobReader}).
 */
@ApplicationScoped
public class RunRecorder {

    private static final String CLAIM_SQL = """
            SELECT id FROM jobs
            WHERE (status = 'PENDING' AND (next_attempt_at IS NULL OR next_attempt_at <= :now))
               OR (status = 'PROCESSING' AND (lease_expires_at IS NULL OR lease_expires_at < :now))
            ORDER BY created_at
            LIMIT 1
            FOR UPDATE SKIP LOCKED""";

    private final JobEventLog eventLog;
    private final JobMetadataStore metadata;
    private final ThumbnailLinks links;
    private final JsonText json;
    private final EngineMetrics metrics;

    public RunRecorder(JobEventLog eventLog, JobMetadataStore metadata, ThumbnailLinks links, JsonText json,
                       EngineMetrics metrics) {
        this.eventLog = eventLog;
        this.metadata = metadata;
        this.links = links;
        this.json = json;
        this.metrics = metrics;
    }

    /**
     * Claims the oldest runnable job (PENDING and due, or PROCESSING with an expired lease) under a lease
     * for {@code owner}; null when there is none. A PENDING job moves to PROCESSING. Taking over a lease that
     * expired while an owner still held it counts as a lease reclaim; a lease handed back on shutdown does not.
     */
    @NotifiesSubscribers
    @WithTransaction
    public Uni<UUID> claimNext(String owner, Duration lease) {
        Instant now = Timestamps.now();
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(CLAIM_SQL, UUID.class)
                        .setParameter("now", now)
                        .getSingleResultOrNull())
                .chain(id -> id == null ? Uni.createFrom().nullItem()
                        : Job.<Job>findById(id, LockModeType.PESSIMISTIC_WRITE).chain(job -> {
                            if (job.status == JobStatus.PROCESSING && job.leaseOwner != null) {
                                metrics.leaseReclaimed();
                            }
                            return job.claim(owner, now.plus(lease)) ? eventLog.jobUpdate(job).replaceWith(id)
                                    : Uni.createFrom().item(id);
                        }));
    }

    /** Remembers where the source media is stored and what ffprobe found in it; no event. */
    @NotifiesSubscribers
    @WithTransaction
    public Uni<Void> recordMedia(UUID jobId, String owner, String mediaKey, MediaInfo info) {
        return owned(jobId, owner).invoke(job -> {
            if (mediaKey != null) {
                job.mediaKey = mediaKey;
            }
            if (info != null) {
                job.mediaInfoJson = json.write(info);
            }
        }).replaceWithVoid();
    }

    /** Marks a stage PROCESSING and reports it, also when a resumed run picks an interrupted stage up again. */
    @NotifiesSubscribers
    @WithTransaction
    public Uni<Void> startStage(UUID jobId, String owner, StageId stageId) {
        return owned(jobId, owner).chain(job -> stage(jobId, stageId).chain(stage -> {
            stage.start();
            return eventLog.stageUpdate(job, stage).replaceWithVoid();
        }));
    }

    /** Raises a stage's progress (never lowers it, and leaves 100 to completion), then the job's. */
    @NotifiesSubscribers
    @WithTransaction
    public Uni<Void> progress(UUID jobId, String owner, StageId stageId, int percent) {
        return owned(jobId, owner).chain(job -> stage(jobId, stageId).chain(stage -> stage.raiseProgress(percent)
                ? eventLog.stageUpdate(job, stage).chain(() -> raiseJobProgress(job))
                : Uni.createFrom().voidItem()));
    }

    /** Records a thumbnail and logs {@code THUMBNAIL_GENERATED}; an existing position is kept as it is. */
    @NotifiesSubscribers
    @WithTransaction
    public Uni<Void> addThumbnail(UUID jobId, String owner, int position, int width, int height,
                                  double timestampSeconds, String storageKey) {
        return owned(jobId, owner)
                .chain(job -> JobThumbnail.<JobThumbnail>find("jobId = ?1 and position = ?2", jobId, position)
                        .firstResult()
                        .chain(existing -> {
                            if (existing != null) {
                                return Uni.createFrom().voidItem();
                            }
                            JobThumbnail thumbnail = new JobThumbnail();
                            thumbnail.id = UUID.randomUUID();
                            thumbnail.jobId = jobId;
                            thumbnail.position = position;
                            thumbnail.width = width;
                            thumbnail.height = height;
                            thumbnail.timestampSeconds = timestampSeconds;
                            thumbnail.storageKey = storageKey;
                            thumbnail.createdAt = Timestamps.now();
                            return thumbnail.persist().chain(() -> eventLog.append(job, EventType.THUMBNAIL_GENERATED,
                                    new ThumbnailGeneratedData(links.signedPath(jobId, thumbnail.id), thumbnail.id,
                                            width, height, timestampSeconds))).replaceWithVoid();
                        }));
    }

    /**
     * Completes a stage: stores its metadata (skipping items the owner edited), logs a
     * {@code METADATA_UPDATE} per stored item, then the stage's and the job's progress.
     */
    @NotifiesSubscribers
    @WithTransaction
    public Uni<Void> completeStage(UUID jobId, String owner, StageId stageId, List<MetadataOutput> outputs) {
        return owned(jobId, owner).chain(job -> {
            return storeAll(job, outputs).chain(() -> stage(jobId, stageId)).chain(stage -> {
                stage.complete();
                return eventLog.stageUpdate(job, stage).chain(() -> raiseJobProgress(job));
            });
        });
    }

    /**
     * Ends a stage FAILED with a recoverable {@code ERROR}, after storing the results it still leaves
     * ({@code outputs}, usually none); the job goes on with its next stage.
     */
    @NotifiesSubscribers
    @WithTransaction
    public Uni<Void> failStage(UUID jobId, String owner, StageId stageId, String errorCode, String message,
                               List<MetadataOutput> outputs) {
        return owned(jobId, owner).chain(job -> stage(jobId, stageId).chain(stage -> storeAll(job, outputs)
                .chain(() -> eventLog.append(job, EventType.ERROR, new ErrorData(errorCode, message, true, stageId.name())))
                        .chain(() -> {
                            stage.fail(message);
                            return eventLog.stageUpdate(job, stage);
                        })
                        .chain(() -> raiseJobProgress(job))));
    }

    /** Ends the job FAILED: a non-recoverable {@code ERROR}, the running stage FAILED, then the job. */
    @NotifiesSubscribers
    @WithTransaction
    public Uni<Void> failJob(UUID jobId, String owner, StageId stageId, String errorCode, String message) {
        return owned(jobId, owner).chain(job -> failLocked(job, stageId, errorCode, message));
    }

    /**
     * A transient failure: the job goes back to PENDING until {@code delay} has passed (the stage back to
     * PENDING), with a recoverable {@code ERROR}; after {@code maxAttempts} attempts it fails for good.
     * Returns whether it will be retried.
     */
    @NotifiesSubscribers
    @WithTransaction
    public Uni<Boolean> retryLater(UUID jobId, String owner, StageId stageId, String errorCode, String message,
                                   int maxAttempts, Duration baseDelay) {
        return owned(jobId, owner).chain(job -> {
            int attempts = job.countFailedAttempt();
            if (attempts >= maxAttempts) {
                return failLocked(job, stageId, errorCode,
                        message + " (gave up after " + attempts + " attempts)").replaceWith(false);
            }
            Duration delay = baseDelay.multipliedBy(1L << Math.min(attempts - 1, 20));
            job.requeue(Timestamps.now().plus(delay));
            Uni<Void> chain = eventLog.append(job, EventType.ERROR, new ErrorData(errorCode,
                    message + " (attempt " + attempts + " of " + maxAttempts + ", retrying in "
                            + delay.toSeconds() + " s)", true, stageId == null ? null : stageId.name())).replaceWithVoid();
            if (stageId != null) {
                chain = chain.chain(() -> stage(jobId, stageId)).chain(stage -> {
                    if (stage.status != StageStatus.PROCESSING) {
                        return Uni.createFrom().voidItem();
                    }
                    stage.requeue();
                    return eventLog.stageUpdate(job, stage).replaceWithVoid();
                });
            }
            return chain.chain(() -> eventLog.jobUpdate(job)).replaceWith(true);
        });
    }

    /** Every stage has ended without a fatal failure: the job is COMPLETED at 100 %. */
    @NotifiesSubscribers
    @WithTransaction
    public Uni<Void> finish(UUID jobId, String owner) {
        return owned(jobId, owner).chain(job -> {
            job.complete();
            return eventLog.jobUpdate(job).replaceWithVoid();
        });
    }

    private Uni<Void> failLocked(Job job, StageId stageId, String errorCode, String message) {
        Uni<Void> chain = eventLog.append(job, EventType.ERROR,
                new ErrorData(errorCode, message, false, stageId == null ? null : stageId.name())).replaceWithVoid();
        if (stageId != null) {
            chain = chain.chain(() -> stage(job.id, stageId)).chain(stage -> {
                if (stage.status.isFinished()) {
                    return Uni.createFrom().voidItem();
                }
                stage.fail(message);
                return eventLog.stageUpdate(job, stage).replaceWithVoid();
            });
        }
        return chain.chain(() -> {
            job.fail(message);
            return eventLog.jobUpdate(job);
        }).replaceWithVoid();
    }

    /** Job progress is the mean of its stages' (an ended stage counts 100), kept below 100 until the job ends. */
    private Uni<Void> raiseJobProgress(Job job) {
        return JobStage.ofJob(job.id).chain(stages -> {
            int sum = 0;
            for (JobStage stage : stages) {
                sum += stage.status.isFinished() ? 100 : stage.progressPercent;
            }
            int percent = stages.isEmpty() ? 0 : Math.min(99, sum / stages.size());
            return job.raiseProgress(percent) ? eventLog.jobUpdate(job).replaceWithVoid() : Uni.createFrom().voidItem();
        });
    }

    /** The job, locked, while this instance runs it; otherwise the run is aborted. */
    private static Uni<Job> owned(UUID jobId, String owner) {
        return Job.<Job>findById(jobId, LockModeType.PESSIMISTIC_WRITE).map(job -> {
            checkRunBy(job, owner);
            return job;
        });
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

    private static Uni<JobStage> stage(UUID jobId, StageId stageId) {
        return JobStage.<JobStage>findById(new JobStage.Key(jobId, stageId)).map(stage -> {
            if (stage == null) {
                throw new IllegalStateException("Job " + jobId + " has no stage " + stageId);
            }
            return stage;
        });
    }

    private Uni<Void> storeAll(Job job, List<MetadataOutput> outputs) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (MetadataOutput output : outputs) {
            chain = chain.chain(() -> metadata.store(job, output.type(), output.content(), false));
        }
        return chain;
    }
}
