package io.videojobs.job.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.videojobs.job.Job;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

    /**
     * Builds the next event of a job and advances its seq, without persisting it: a new job records its first
     * event before it is persisted, so the job's insert already carries its seq.
     */
    public JobEvent record(Job job, EventType type, Object data) {
        JobEvent event = new JobEvent();
        event.jobId = job.id;
        event.seq = job.nextSeq();
        event.type = type;
        event.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
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
