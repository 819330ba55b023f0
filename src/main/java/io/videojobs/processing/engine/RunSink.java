package io.videojobs.processing.engine;

import static io.videojobs.processing.engine.DatabaseCall.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.videojobs.job.JobReader;
import io.videojobs.job.MetadataType;
import io.videojobs.job.StageId;
import io.videojobs.processing.run.StageSink;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The running stage's link to the engine, with a throttle on progress writes: a thumbnail's transaction also
 * carries the progress reported since the last write. The thumbnails the job had when the pass began are
 * those it has when its stage runs, because only this run adds them.
 */
final class RunSink implements StageSink {

    private final RunRecorder recorder;
    private final JobReader reader;
    private final UUID jobId;
    private final String owner;
    private final StageId stageId;
    private final Set<Integer> thumbnailPositions;
    private final ProgressThrottle throttle;

    RunSink(RunRecorder recorder, JobReader reader, UUID jobId, String owner, StageId stageId, int alreadyReported,
            Set<Integer> thumbnailPositions) {
        this.recorder = recorder;
        this.reader = reader;
        this.jobId = jobId;
        this.owner = owner;
        this.stageId = stageId;
        this.thumbnailPositions = thumbnailPositions;
        this.throttle = new ProgressThrottle(alreadyReported);
    }

    @Override
    public void progress(int percent) {
        if (throttle.due(percent)) {
            await(() -> recorder.progress(jobId, owner, stageId, percent));
            throttle.written(percent);
        }
    }

    @Override
    public Set<Integer> thumbnailPositions() {
        return thumbnailPositions;
    }

    @Override
    public void thumbnail(int position, int width, int height, double timestampSeconds, String storageKey) {
        int percent = throttle.latest();
        await(() -> recorder.addThumbnail(jobId, owner, stageId, percent, position, width, height,
                timestampSeconds, storageKey));
        if (throttle.ahead(percent)) {
            throttle.written(percent);
        }
    }

    @Override
    public Optional<JsonNode> metadata(MetadataType type) {
        return await(() -> reader.metadata(jobId, type));
    }
}
