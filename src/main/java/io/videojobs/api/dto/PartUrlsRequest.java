package io.videojobs.api.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /api/uploads/{upload_id}/parts}. */
@RegisterForReflection
@Schema(name = "PartUrlsRequest", additionalProperties = Schema.False.class)
public record PartUrlsRequest(
        @Schema(required = true, minItems = 1, maxItems = 100, description = "The parts to send next, or again")
        List<Integer> partNumbers) {
}
