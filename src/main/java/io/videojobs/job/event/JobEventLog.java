package io.videojobs.job.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.videojobs.job.Job;
import io.videojobs.job.JobStage;
import io.videojobs.job.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * The append-only job event log. Appends must run inside the transaction that changes the job,
 * with the job row locked, so the event commits together with the change and takes the next seq.
 */
@ApplicationScoped
public class JobEventLog {

    private final ObjectMapper mapper;

    public JobEventLog(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Appends one event for a job the current transaction has locked. */
    public Uni<JobEvent> append(Job job, EventType type, Object data) {
        return record(job, type, data).persist();
    }

    /** Appends a {@code JOB_UPDATE} with the job's status, progress and error as they are now. */
    public Uni<JobEvent> jobUpdate(Job job) {
        return recordJobUpdate(job).persist();
    }

    /** Appends a {@code STAGE_UPDATE} with the stage's status, progress and error as they are now. */
    public Uni<JobEvent> stageUpdate(Job job, JobStage stage) {
        return recordStageUpdate(job, stage).persist();
    }

    /** Builds the next {@code JOB_UPDATE} of a job, like {@link #record}. */
    public JobEvent recordJobUpdate(Job job) {
        return record(job, EventType.JOB_UPDATE, new JobUpdateData(job.status, job.progressPercent, job.errorMessage));
    }

    /** Builds the next {@code STAGE_UPDATE} of a job, like {@link #record}. */
    public JobEvent recordStageUpdate(Job job, JobStage stage) {
        return record(job, EventType.STAGE_UPDATE,
                new StageUpdateData(stage.stageId(), stage.status, stage.progressPercent, stage.errorMessage));
    }

    /**
     * Builds the next event of a job and advances its seq, without persisting it: a new job records its first
     * event before it is persisted, so the job's insert already carries its seq, and the engine's
     * {@code RunRecorder} writes the events of a transaction together with the job.
     */
    public JobEvent record(Job job, EventType type, Object data) {
        JobEvent event = new JobEvent();
        event.jobId = job.id;
        event.seq = job.nextSeq();
        event.type = type;
        event.createdAt = Timestamps.now();
        event.payload = serialize(new JobMessage(type, job.id, data, event.createdAt, event.seq));
        job.updatedAt = event.createdAt;
        return event;
    }

    /** Events of a job with {@code seq > afterSeq}, in order. */
    public Uni<List<JobEvent>> after(UUID jobId, long afterSeq, int limit) {
        return JobEvent.<JobEvent>find("jobId = ?1 and seq > ?2 order by seq", jobId, afterSeq)
                .page(0, limit)
                .list();
    }

    private String serialize(JobMessage message) {
        try {
            return mapper.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize job message " + message.type(), e);
        }
    }
}
