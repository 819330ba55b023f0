package io.videojobs.processing;

import io.videojobs.job.Job;
import io.videojobs.job.JobStage;
import java.util.List;

/** A claimed job as read at the start of a run: its row and its stages in run order (detached copies). */
public record JobRunPlan(Job job, List<JobStage> stages) {
}
