package io.videojobs.job;

import io.videojobs.job.event.JobEvent;
import java.util.List;

/** Logged events after a seq, and the job's latest seq when they were read. */
public record EventSlice(List<JobEvent> events, long lastSeq) {
}
