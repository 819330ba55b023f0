package io.videojobs.processing.engine;

import static io.videojobs.processing.engine.DatabaseCall.await;

import io.videojobs.job.Job;
import io.videojobs.job.JobOptions;
import io.videojobs.job.StageId;
import io.videojobs.processing.run.MediaInfo;
import io.videojobs.processing.run.RunHandle;
import io.videojobs.processing.run.StageFailure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What the stages of a pass work on, and how the pass gets it: METADATA_EXTRACTION gets the source (stored, or
 * downloaded and stored first) and probes it; a pass that resumes after that stage does the same again, since its
 * work directory is new, and only records the media.
 */
@ApplicationScoped
class PassInputs {

    /** The local source, what ffprobe found in it, the job's options and its source name. */
    record Inputs(Path media, MediaInfo info, JobOptions options, String sourceName) {
    }

    private final RunRecorder recorder;
    private final JobMedia media;
    private final EngineMetrics metrics;

    PassInputs(RunRecorder recorder, JobMedia media, EngineMetrics metrics) {
        this.recorder = recorder;
        this.media = media;
        this.metrics = metrics;
    }

    /** Runs METADATA_EXTRACTION, which the pass starts here; its end starts {@code next}. */
    Inputs extract(Job job, String owner, Path work, RunHandle handle, StageId next, long started)
            throws IOException, StageFailure {
        await(() -> recorder.startStage(job.id, owner, StageId.METADATA_EXTRACTION));
        JobMedia.Source source = media.source(job, work, handle);
        MediaInfo info = media.probe(source.file(), work, handle);
        await(() -> recorder.completeMetadataExtraction(job.id, owner, source.storedKey(), info, next));
        metrics.stageEnded(StageId.METADATA_EXTRACTION, EngineMetrics.Outcome.COMPLETED, started);
        return inputs(job, source, info);
    }

    /** What a pass that resumes after METADATA_EXTRACTION works on: the source, stored again if it was lost, probed. */
    Inputs resume(Job job, String owner, Path work, RunHandle handle) throws IOException, StageFailure {
        JobMedia.Source source = media.source(job, work, handle);
        MediaInfo info = media.probe(source.file(), work, handle);
        await(() -> recorder.recordMedia(job.id, owner, source.storedKey(), info));
        return inputs(job, source, info);
    }

    private Inputs inputs(Job job, JobMedia.Source source, MediaInfo info) throws IOException {
        return new Inputs(source.file(), info, media.options(job), JobMedia.sourceName(job));
    }
}
