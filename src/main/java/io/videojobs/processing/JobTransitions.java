package io.videojobs.processing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.videojobs.job.Job;
import io.videojobs.job.JobMetadata;
import io.videojobs.job.JobStage;
import io.videojobs.job.JobStatus;
import io.videojobs.job.JobThumbnail;
import io.videojobs.job.MetadataType;
import io.videojobs.job.StageId;
import io.videojobs.job.StageStatus;
import io.videojobs.job.event.ErrorData;
import io.videojobs.job.event.EventType;
import io.videojobs.job.event.JobEventLog;
import io.videojobs.job.event.JobUpdateData;
import io.videojobs.job.event.MetadataUpdateData;
import io.videojobs.job.event.StageUpdateData;
import io.videojobs.job.event.ThumbnailGeneratedData;
import io.videojobs.realtime.NotifiesSubscribers;
import io.videojobs.security.ThumbnailLinks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Every state change the engine makes. Each method is one transaction that locks the job row, checks
 * that this instance still holds the job's lease and the job is still PROCESSING (else it throws
 * {@link JobAbortedException}: cancelled, deleted or taken over), changes state and logs its events.
 */
@ApplicationScoped
public class JobTransitions {

    private static final String CLAIM_SQL = """
            SELECT id FROM jobs
            WHERE (status = 'PENDING' AND (next_attempt_at IS NULL OR next_attempt_at <= :now))
               OR (status = 'PROCESSING' AND (lease_expires_at IS NULL OR lease_expires_at < :now))
            ORDER BY created_at
            LIMIT 1
            FOR UPDATE SKIP LOCKED""";

    private final JobEventLog eventLog;
    private final ThumbnailLinks links;
    private final ObjectMapper mapper;
    private final EngineMetrics metrics;

    public JobTransitions(JobEventLog eventLog, ThumbnailLinks links, ObjectMapper mapper, EngineMetrics metrics) {
        this.eventLog = eventLog;
        this.links = links;
        this.mapper = mapper;
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
        Instant now = now();
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(CLAIM_SQL, UUID.class)
                        .setParameter("now", now)
                        .getSingleResultOrNull())
                .chain(id -> id == null ? Uni.createFrom().nullItem()
                        : Job.<Job>findById(id, LockModeType.PESSIMISTIC_WRITE).chain(job -> {
                            if (job.status == JobStatus.PROCESSING && job.leaseOwner != null) {
                                metrics.leaseReclaimed();
                            }
                            job.leaseOwner = owner;
                            job.leaseExpiresAt = now.plus(lease);
                            if (job.status != JobStatus.PENDING) {
                                return Uni.createFrom().item(id);
                            }
                            job.status = JobStatus.PROCESSING;
                            job.nextAttemptAt = null;
                            if (job.startedAt == null) {
                                job.startedAt = now;
                            }
                            return eventLog.append(job, EventType.JOB_UPDATE,
                                    new JobUpdateData(job.status, job.progressPercent, null)).replaceWith(id);
                        }));
    }

    /** The claimed job and its stages, read for a run. */
    @WithSession
    public Uni<JobRunPlan> plan(UUID jobId, String owner) {
        return owned(jobId, owner, LockModeType.NONE)
                .chain(job -> stagesOf(jobId).map(stages -> new JobRunPlan(job, stages)));
    }

    /** Whether the job still exists (a deleted job's late files must be removed). */
    @WithSession
    public Uni<Boolean> exists(UUID jobId) {
        return Job.count("id", jobId).map(count -> count > 0);
    }

    /** Remembers where the source media is stored and what ffprobe found in it; no event. */
    @NotifiesSubscribers
    @WithTransaction
    public Uni<Void> recordMedia(UUID jobId, String owner, String mediaKey, MediaInfo info) {
        return owned(jobId, owner, LockModeType.PESSIMISTIC_WRITE).invoke(job -> {
            if (mediaKey != null) {
                job.mediaKey = mediaKey;
            }
            if (info != null) {
                job.mediaInfoJson = json(info);
            }
        }).replaceWithVoid();
    }

    /** Marks a stage PROCESSING and reports it, also when a resumed run picks an interrupted stage up again. */
    @NotifiesSubscribers
    @WithTransaction
    public Uni<Void> startStage(UUID jobId, String owner, StageId stageId) {
        return owned(jobId, owner, LockModeType.PESSIMISTIC_WRITE).chain(job -> stage(jobId, stageId).chain(stage -> {
            stage.status = StageStatus.PROCESSING;
            stage.errorMessage = null;
            if (stage.startedAt == null) {
                stage.startedAt = now();
            }
            return stageUpdate(job, stage);
        }));
    }

    /** Raises a stage's progress (never lowers it, and leaves 100 to completion), then the job's. */
    @NotifiesSubscribers
    @WithTransaction
    public Uni<Void> progress(UUID jobId, String owner, StageId stageId, int percent) {
        return owned(jobId, owner, LockModeType.PESSIMISTIC_WRITE).chain(job -> stage(jobId, stageId).chain(stage -> {
            int capped = Math.min(percent, 99);
            if (stage.status != StageStatus.PROCESSING || capped <= stage.progressPercent) {
                return Uni.createFrom().voidItem();
            }
            stage.progressPercent = capped;
            return stageUpdate(job, stage).chain(() -> raiseJobProgress(job));
        }));
    }

    /** Positions of the job's stored thumbnails. */
    @WithSession
    public Uni<Set<Integer>> thumbnailPositions(UUID jobId) {
        return JobThumbnail.<JobThumbnail>list("jobId = ?1", jobId)
                .map(list -> list.stream().map(t -> t.position).collect(Collectors.toSet()));
    }

    /** Records a thumbnail and logs {@code THUMBNAIL_GENERATED}; an existing position is kept as it is. */
    @NotifiesSubscribers
    @WithTransaction
    public Uni<Void> addThumbnail(UUID jobId, String owner, int position, int width, int height,
                                  double timestampSeconds, String storageKey) {
        return owned(jobId, owner, LockModeType.PESSIMISTIC_WRITE)
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
                            thumbnail.createdAt = now();
                            return thumbnail.persist().chain(() -> eventLog.append(job, EventType.THUMBNAIL_GENERATED,
                                    new ThumbnailGeneratedData(links.signedPath(jobId, thumbnail.id), thumbnail.id,
                                            width, height, timestampSeconds))).replaceWithVoid();
                        }));
    }

    /** A committed metadata item's content. */
    @WithSession
    public Uni<Optional<JsonNode>> metadata(UUID jobId, MetadataType type) {
        return JobMetadata.<JobMetadata>findById(new JobMetadata.Key(jobId, type))
                .map(item -> Optional.ofNullable(item).map(found -> tree(found.contentJson)));
    }

    /**
     * Completes a stage: stores its metadata (skipping items the owner edited), logs a
     * {@code METADATA_UPDATE} per stored item, then the stage's and the job's progress.
     */
    @NotifiesSubscribers
    @WithTransaction
    public Uni<Void> completeStage(UUID jobId, String owner, StageId stageId, List<MetadataOutput> outputs) {
        return owned(jobId, owner, LockModeType.PESSIMISTIC_WRITE).chain(job -> {
            return storeAll(job, outputs).chain(() -> stage(jobId, stageId)).chain(stage -> {
                stage.status = StageStatus.COMPLETED;
                stage.progressPercent = 100;
                stage.finishedAt = now();
                return stageUpdate(job, stage).chain(() -> raiseJobProgress(job));
            });
        });
    }

    /**
     * Ends a stage FAILED with a recoverable {@code ERROR}, after committing the results it still leaves
     * ({@code outputs}, usually none); the job goes on with its next stage.
     */
    @NotifiesSubscribers
    @WithTransaction
    public Uni<Void> failStage(UUID jobId, String owner, StageId stageId, String errorCode, String message,
                               List<MetadataOutput> outputs) {
        return owned(jobId, owner, LockModeType.PESSIMISTIC_WRITE).chain(job -> stage(jobId, stageId).chain(stage ->
                storeAll(job, outputs)
                        .chain(() -> eventLog.append(job, EventType.ERROR, new ErrorData(errorCode, message, true, stageId.name())))
                        .chain(() -> {
                            stage.status = StageStatus.FAILED;
                            stage.errorMessage = message;
                            stage.finishedAt = now();
                            return stageUpdate(job, stage);
                        })
                        .chain(() -> raiseJobProgress(job))));
    }

    /** Ends the job FAILED: a non-recoverable {@code ERROR}, the running stage FAILED, then the job. */
    @NotifiesSubscribers
    @WithTransaction
    public Uni<Void> failJob(UUID jobId, String owner, StageId stageId, String errorCode, String message) {
        return owned(jobId, owner, LockModeType.PESSIMISTIC_WRITE).chain(job -> failLocked(job, stageId, errorCode, message));
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
        return owned(jobId, owner, LockModeType.PESSIMISTIC_WRITE).chain(job -> {
            job.attempts++;
            if (job.attempts >= maxAttempts) {
                return failLocked(job, stageId, errorCode,
                        message + " (gave up after " + job.attempts + " attempts)").replaceWith(false);
            }
            Duration delay = baseDelay.multipliedBy(1L << Math.min(job.attempts - 1, 20));
            job.status = JobStatus.PENDING;
            job.nextAttemptAt = now().plus(delay);
            job.leaseOwner = null;
            job.leaseExpiresAt = null;
            Uni<Void> chain = eventLog.append(job, EventType.ERROR, new ErrorData(errorCode,
                    message + " (attempt " + job.attempts + " of " + maxAttempts + ", retrying in "
                            + delay.toSeconds() + " s)", true, stageId == null ? null : stageId.name())).replaceWithVoid();
            if (stageId != null) {
                chain = chain.chain(() -> stage(jobId, stageId)).chain(stage -> {
                    if (stage.status != StageStatus.PROCESSING) {
                        return Uni.createFrom().voidItem();
                    }
                    stage.status = StageStatus.PENDING;
                    return stageUpdate(job, stage);
                });
            }
            return chain.chain(() -> eventLog.append(job, EventType.JOB_UPDATE,
                    new JobUpdateData(job.status, job.progressPercent, null))).replaceWith(true);
        });
    }

    /** Every stage has ended without a fatal failure: the job is COMPLETED at 100 %. */
    @NotifiesSubscribers
    @WithTransaction
    public Uni<Void> finish(UUID jobId, String owner) {
        return owned(jobId, owner, LockModeType.PESSIMISTIC_WRITE).chain(job -> {
            job.status = JobStatus.COMPLETED;
            job.progressPercent = 100;
            job.finishedAt = now();
            job.leaseOwner = null;
            job.leaseExpiresAt = null;
            return eventLog.append(job, EventType.JOB_UPDATE, new JobUpdateData(job.status, 100, null)).replaceWithVoid();
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
                stage.status = StageStatus.FAILED;
                stage.errorMessage = message;
                stage.finishedAt = now();
                return stageUpdate(job, stage);
            });
        }
        return chain.chain(() -> {
            job.status = JobStatus.FAILED;
            job.errorMessage = message;
            job.finishedAt = now();
            job.leaseOwner = null;
            job.leaseExpiresAt = null;
            return eventLog.append(job, EventType.JOB_UPDATE, new JobUpdateData(job.status, job.progressPercent, message));
        }).replaceWithVoid();
    }

    private Uni<Void> storeAll(Job job, List<MetadataOutput> outputs) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (MetadataOutput output : outputs) {
            chain = chain.chain(() -> storeMetadata(job, output));
        }
        return chain;
    }

    private Uni<Void> storeMetadata(Job job, MetadataOutput output) {
        JobMetadata.Key key = new JobMetadata.Key(job.id, output.type());
        return JobMetadata.<JobMetadata>findById(key).chain(existing -> {
            if (existing != null && existing.editedByUser) {
                return Uni.createFrom().voidItem();
            }
            JobMetadata item = existing != null ? existing : new JobMetadata();
            item.key = key;
            item.contentJson = json(output.content());
            item.updatedAt = now();
            Uni<Void> saved = existing != null ? Uni.createFrom().voidItem() : item.persist().replaceWithVoid();
            return saved.chain(() -> eventLog.append(job, EventType.METADATA_UPDATE,
                    new MetadataUpdateData(output.type(), output.content()))).replaceWithVoid();
        });
    }

    /** Job progress is the mean of its stages' (an ended stage counts 100), kept below 100 until the job ends. */
    private Uni<Void> raiseJobProgress(Job job) {
        return stagesOf(job.id).chain(stages -> {
            int sum = 0;
            for (JobStage stage : stages) {
                sum += stage.status.isFinished() ? 100 : stage.progressPercent;
            }
            int percent = stages.isEmpty() ? 0 : Math.min(99, sum / stages.size());
            if (percent <= job.progressPercent) {
                return Uni.createFrom().voidItem();
            }
            job.progressPercent = percent;
            return eventLog.append(job, EventType.JOB_UPDATE, new JobUpdateData(job.status, percent, null)).replaceWithVoid();
        });
    }

    private Uni<Void> stageUpdate(Job job, JobStage stage) {
        return eventLog.append(job, EventType.STAGE_UPDATE, new StageUpdateData(stage.stageId(), stage.status,
                stage.progressPercent, stage.errorMessage)).replaceWithVoid();
    }

    private Uni<Job> owned(UUID jobId, String owner, LockModeType lock) {
        return Job.<Job>findById(jobId, lock).map(job -> {
            if (job == null) {
                throw new JobAbortedException("Job was deleted");
            }
            if (job.status != JobStatus.PROCESSING) {
                throw new JobAbortedException("Job is " + job.status);
            }
            if (!owner.equals(job.leaseOwner)) {
                throw new JobAbortedException("Job's lease was taken over by another instance");
            }
            return job;
        });
    }

    private static Uni<JobStage> stage(UUID jobId, StageId stageId) {
        return JobStage.<JobStage>findById(new JobStage.Key(jobId, stageId)).map(stage -> {
            if (stage == null) {
                throw new IllegalStateException("Job " + jobId + " has no stage " + stageId);
            }
            return stage;
        });
    }

    private static Uni<List<JobStage>> stagesOf(UUID jobId) {
        return JobStage.list("key.jobId = ?1 order by position", jobId);
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    private JsonNode tree(String json) {
        try {
            return mapper.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
