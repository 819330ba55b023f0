package io.videojobs.processing;

import io.videojobs.job.JobOptions;
import java.nio.file.Path;
import java.util.UUID;

/** Everything a stage needs: the local media, what ffprobe found, the job's options, scratch space and its sink. */
public record StageContext(UUID jobId, Path media, MediaInfo info, JobOptions options, String sourceName,
                           Path workDir, RunHandle handle, StageSink sink) {

    /** Reports media seconds done as stage progress. */
    public void mediaProgress(double secondsDone) {
        if (info.durationSeconds() > 0) {
            sink.progress((int) Math.min(99, secondsDone * 100 / info.durationSeconds()));
        }
    }
}
