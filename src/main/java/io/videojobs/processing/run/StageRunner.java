package io.videojobs.processing.run;

import io.videojobs.job.StageId;
import java.io.IOException;
import java.util.List;

/** One processing stage. Runs on an engine worker thread and may block; results are committed by the engine. */
public interface StageRunner {

    StageId stage();

    /** Does the stage's work and returns the metadata it produced. */
    List<MetadataOutput> run(StageContext context) throws IOException, ProcessFailedException, StageFailure;
}
