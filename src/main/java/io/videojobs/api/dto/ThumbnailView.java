package io.videojobs.api.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.job.JobThumbnail;
import java.util.UUID;

/** A thumbnail as clients see it, with the URL that serves its image to the owner. */
@RegisterForReflection
public record ThumbnailView(UUID thumbnailId, String thumbnailUrl, int width, int height, Double timestampSeconds) {

    public static ThumbnailView from(JobThumbnail thumbnail) {
        return new ThumbnailView(thumbnail.id, "/api/jobs/" + thumbnail.jobId + "/thumbnails/" + thumbnail.id,
                thumbnail.width, thumbnail.height, thumbnail.timestampSeconds);
    }
}
