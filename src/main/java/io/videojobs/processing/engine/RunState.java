package io.videojobs.processing.engine;

import io.videojobs.job.Job;
import io.videojobs.job.JobStage;
import io.videojobs.job.StageId;
import io.videojobs.job.event.JobEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A job as one {@link RunRecorder} transaction sees it: the locked row and its stages, plus what the transaction
 * changes. The entities' own methods change it; {@link RunStore} writes back the job, the stages that were taken
 * to change and the logged events, in one statement.
 */
final class RunState {

    private final Job job;
    private final Map<StageId, JobStage> stages = new LinkedHashMap<>();
    private final Set<JobStage> changedStages = new LinkedHashSet<>();
    private final List<JobEvent> events = new ArrayList<>();

    RunState(Job job, List<JobStage> stages) {
        this.job = job;
        stages.forEach(stage -> this.stages.put(stage.stageId(), stage));
    }

    Job job() {
        return job;
    }

    /** A stage to change; it is written back with the job. */
    JobStage stageToChange(StageId stageId) {
        JobStage stage = stages.get(stageId);
        if (stage == null) {
            throw new IllegalStateException("Job " + job.id + " has no stage " + stageId);
        }
        changedStages.add(stage);
        return stage;
    }

    /** Every stage, in run order, to read. */
    Collection<JobStage> stages() {
        return stages.values();
    }

    /** Adds an event recorded on the job ({@link io.videojobs.job.event.JobEventLog#record}). */
    void logged(JobEvent event) {
        events.add(event);
    }

    Collection<JobStage> changedStages() {
        return changedStages;
    }

    List<JobEvent> events() {
        return events;
    }
}
