package io.videojobs.processing.run;

import io.videojobs.job.JobOptions;
import io.videojobs.job.StageId;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;

/**
 * Everything a stage needs: the local media, what ffprobe found, the job's options, scratch space shared by the
 * run's stages, its sink, and the stages this run still has to do (so one decode pass can serve two of them).
 */
public record StageContext(UUID jobId, Path media, MediaInfo info, JobOptions options, String sourceName,
                           Path workDir, RunHandle handle, StageSink sink, Set<StageId> pendingStages) {

    /** A context for a run that does every stage. */
    public StageContext(UUID jobId, Path media, MediaInfo info, JobOptions options, String sourceName,
                        Path workDir, RunHandle handle, StageSink sink) {
        this(jobId, media, info, options, sourceName, workDir, handle, sink, Set.copyOf(StageId.all()));
    }

    /** Whether this run still does {@code stage} after the current one. */
    public boolean willRun(StageId stage) {
        return pendingStages.contains(stage);
    }

    /** Reports media seconds done as stage progress. */
    public void mediaProgress(double secondsDone) {
        if (info.durationSeconds() > 0) {
            sink.progress((int) Math.min(99, secondsDone * 100 / info.durationSeconds()));
        }
    }
}
