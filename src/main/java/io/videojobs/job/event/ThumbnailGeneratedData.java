package io.videojobs.job.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.UUID;

/** Payload of {@code THUMBNAIL_GENERATED}. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ThumbnailGeneratedData(String thumbnailUrl, UUID thumbnailId, int width, int height,
                                     Double timestampSeconds) {
}
