package io.videojobs.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.videojobs.error.ErrorCode;
import io.videojobs.error.ServiceException;
import io.videojobs.job.event.EventType;
import io.videojobs.job.event.JobEvent;
import io.videojobs.job.event.JobEventLog;
import io.videojobs.job.event.JobUpdateData;
import io.videojobs.job.event.NotifiesSubscribers;
import io.videojobs.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Reads and changes jobs. Every change of an existing job runs in one transaction that locks the job row,
 * changes its state and appends the matching events, so the log and the state never disagree; a new job is
 * written with its first event in one statement ({@link NewJobWriter}). A changed job is answered as
 * {@link JobReader} reads it once the change has committed.
 */
@ApplicationScoped
public class JobService {

    private final JobEventLog eventLog;
    private final NewJobWriter newJobs;
    private final JobReader reader;
    private final JobMetadataStore metadata;
    private final JsonText json;
    private final Event<JobSubmitted> runnable;

    public JobService(JobEventLog eventLog, NewJobWriter newJobs, JobReader reader, JobMetadataStore metadata,
                      JsonText json, Event<JobSubmitted> runnable) {
        this.eventLog = eventLog;
        this.newJobs = newJobs;
        this.reader = reader;
        this.metadata = metadata;
        this.json = json;
        this.runnable = runnable;
    }

    /**
     * Creates a PENDING job with its stages and logs its first {@code JOB_UPDATE}, all in one statement. It
     * notifies no subscriber: none can exist yet, since subscribing needs the committed job and then starts from
     * a snapshot that already holds this event, so a NOTIFY per submission would only load the database.
     */
    public Uni<JobDetails> create(Caller caller, SubmitJobCommand command, String requestHash) {
        Instant now = Timestamps.now();
        Job job = new Job();
        job.id = UUID.randomUUID();
        job.ownerId = caller.userId();
        job.status = JobStatus.PENDING;
        job.sourceUrl = command.sourceUrl();
        job.optionsJson = json.write(command.options());
        job.idempotencyKey = command.idempotencyKey();
        job.requestHash = requestHash;
        if (command.upload() != null) {
            job.mediaKey = command.upload().storageKey();
            job.sourceName = command.upload().fileName();
        }
        job.createdAt = now;
        job.updatedAt = now;
        List<JobStage> stages = new ArrayList<>();
        for (StageId stageId : command.stages()) {
            JobStage stage = new JobStage();
            stage.key = new JobStage.Key(job.id, stageId);
            stage.position = stageId.ordinal();
            stage.status = StageStatus.PENDING;
            stage.runnableAt = stages.isEmpty() ? now : null;
            stages.add(stage);
        }
        JobEvent created = eventLog.record(job, EventType.JOB_UPDATE, new JobUpdateData(job.status, 0, null));
        return newJobs.insert(job, stages, created).map(inserted -> new JobDetails(job, stages, List.of(), List.of()));
    }

    /** The caller's job submitted with this idempotency key, or null. */
    @WithSession
    public Uni<Job> findByIdempotencyKey(String ownerId, String idempotencyKey) {
        return Job.find("ownerId = ?1 and idempotencyKey = ?2", ownerId, idempotencyKey).firstResult();
    }

    /** Moves a PENDING or PROCESSING job to CANCELLED; a running stage ends FAILED. */
    @NotifiesSubscribers
    public Uni<JobDetails> cancel(Caller caller, UUID jobId) {
        return change(caller, jobId, job -> {
            if (!job.status.canMoveTo(JobStatus.CANCELLED)) {
                return Uni.createFrom().failure(new ServiceException(ErrorCode.CONFLICT,
                        "Job is already " + job.status + " and cannot be cancelled"));
            }
            return JobStage.ofJob(job.id).chain(stages -> {
                Uni<Void> chain = Uni.createFrom().voidItem();
                for (JobStage stage : stages) {
                    if (stage.status == StageStatus.PROCESSING) {
                        stage.fail("Cancelled");
                        chain = chain.chain(() -> eventLog.stageUpdate(job, stage)).replaceWithVoid();
                    }
                }
                job.cancel();
                return chain.chain(() -> eventLog.jobUpdate(job)).replaceWithVoid();
            });
        });
    }

    /**
     * Runs a FAILED or CANCELLED job again from its first unfinished stage: completed stages are kept, the
     * others go back to PENDING, and the job gets a fresh attempt budget. Any other job is a CONFLICT.
     */
    @NotifiesSubscribers
    public Uni<JobDetails> retry(Caller caller, UUID jobId) {
        return change(caller, jobId, job -> {
            if (!job.canBeRetried()) {
                return Uni.createFrom().failure(new ServiceException(ErrorCode.CONFLICT,
                        "Job is " + job.status + "; only a FAILED or CANCELLED job can be retried"));
            }
            return JobStage.ofJob(job.id).chain(stages -> {
                Uni<Void> chain = Uni.createFrom().voidItem();
                for (JobStage stage : stages) {
                    if (stage.status != StageStatus.COMPLETED && stage.status != StageStatus.PENDING) {
                        stage.requeue();
                        chain = chain.chain(() -> eventLog.stageUpdate(job, stage)).replaceWithVoid();
                    }
                }
                job.retry();
                return chain.chain(() -> eventLog.jobUpdate(job)).replaceWithVoid();
            });
        }).invoke(() -> runnable.fire(new JobSubmitted(jobId)));
    }

    /** Applies an owner's edit of TITLE, DESCRIPTION or TAGS; each item logs a {@code METADATA_UPDATE}. */
    @NotifiesSubscribers
    public Uni<JobDetails> editMetadata(Caller caller, UUID jobId, Map<MetadataType, JsonNode> edits) {
        return metadata.edit(caller, jobId, edits).chain(() -> reader.get(caller, jobId));
    }

    /** Logged events of a visible job after {@code afterSeq}, in order. */
    @WithSession
    public Uni<EventSlice> events(Caller caller, UUID jobId, long afterSeq, int limit) {
        return visibleJob(caller, jobId, LockModeType.NONE)
                .chain(job -> eventLog.after(jobId, afterSeq, limit).map(events -> new EventSlice(events, job.lastSeq)));
    }

    /** Changes a visible job in one transaction that holds its row lock, then reads it as committed. */
    private Uni<JobDetails> change(Caller caller, UUID jobId, Function<Job, Uni<Void>> change) {
        return Panache.withTransaction(() -> visibleJob(caller, jobId, LockModeType.PESSIMISTIC_WRITE).chain(change::apply))
                .chain(() -> reader.get(caller, jobId));
    }

    private Uni<Job> visibleJob(Caller caller, UUID jobId, LockModeType lock) {
        return Job.<Job>findById(jobId, lock).map(job -> {
            if (job == null || !caller.canAccess(job.ownerId)) {
                throw ServiceException.notFound("Job");
            }
            return job;
        });
    }
}
