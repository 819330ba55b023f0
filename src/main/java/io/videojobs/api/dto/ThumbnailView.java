package io.videojobs.api.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.job.JobThumbnail;
import io.videojobs.security.ThumbnailLinks;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A thumbnail as clients see it. {@code thumbnail_url} is a signed, short-lived link an {@code <img>} tag can
 * load; its path without the query also serves the owner with a bearer token.
 */
@RegisterForReflection
@Schema(name = "Thumbnail", description = "Also the data of the WebSocket's THUMBNAIL_GENERATED (asyncapi.yaml)")
public record ThumbnailView(
        @Schema(required = true) UUID thumbnailId,
        @Schema(required = true, format = "uri-reference", description = "Signed, short-lived path of the JPEG",
                example = "/api/jobs/6bb4a8d4-0257-4b00-bc14-014b08287452/thumbnails/0f8e2b8c-3a61-4f7e-9d52-8d3c2c1b4a77?expires=1764000000&signature=q2Vt3Yb8")
        String thumbnailUrl,
        @Schema(required = true, minimum = "1") int width,
        @Schema(required = true, minimum = "1") int height,
        @Schema(nullable = true, minimum = "0", description = "Where in the video it was taken") Double timestampSeconds) {

    public static ThumbnailView from(JobThumbnail thumbnail, ThumbnailLinks links) {
        return new ThumbnailView(thumbnail.id, links.signedPath(thumbnail.jobId, thumbnail.id),
                thumbnail.width, thumbnail.height, thumbnail.timestampSeconds);
    }
}
