package io.videojobs.api.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.job.JobThumbnail;
import io.videojobs.security.ThumbnailLinks;
import java.util.UUID;

/**
 * A thumbnail as clients see it. {@code thumbnail_url} is a signed, short-lived link an {@code <img>} tag can
 * load; its path without the query also serves the owner with a bearer token.
 */
@RegisterForReflection
public record ThumbnailView(UUID thumbnailId, String thumbnailUrl, int width, int height, Double timestampSeconds) {

    public static ThumbnailView from(JobThumbnail thumbnail, ThumbnailLinks links) {
        return new ThumbnailView(thumbnail.id, links.signedPath(thumbnail.jobId, thumbnail.id),
                thumbnail.width, thumbnail.height, thumbnail.timestampSeconds);
    }
}
