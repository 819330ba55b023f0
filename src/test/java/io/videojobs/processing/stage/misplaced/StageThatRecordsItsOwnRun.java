package io.videojobs.processing.stage.misplaced;

import io.videojobs.job.StageId;
import io.videojobs.processing.engine.RunRecorder;
import io.videojobs.processing.run.MetadataOutput;
import io.videojobs.processing.run.StageContext;
import io.videojobs.processing.run.StageRunner;
import java.util.List;

/**
 * Deliberately wrong, for {@code architecture.LayeringRulesTest} only: a stage that writes its own progress through
 * the engine's {@link RunRecorder} instead of its {@link io.videojobs.processing.run.StageSink}. Not a bean, and
 * left out of {@code LayeringTest}'s import of the main classes.
 */
public class StageThatRecordsItsOwnRun implements StageRunner {

    private final RunRecorder recorder;
    private final String owner;

    public StageThatRecordsItsOwnRun(RunRecorder recorder, String owner) {
        this.recorder = recorder;
        this.owner = owner;
    }

    @Override
    public StageId stage() {
        return StageId.CHAPTERS;
    }

    @Override
    public List<MetadataOutput> run(StageContext context) {
        recorder.progress(context.jobId(), owner, StageId.CHAPTERS, 50).await().indefinitely();
        return List.of();
    }
}
