package io.videojobs.job;

import java.util.List;

/** A job with everything a client renders: stages in run order, metadata items and thumbnails. */
public record JobDetails(Job job, List<JobStage> stages, List<JobMetadata> metadata, List<JobThumbnail> thumbnails) {
}
