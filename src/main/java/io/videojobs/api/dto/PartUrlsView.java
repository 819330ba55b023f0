package io.videojobs.api.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Fresh part URLs. */
@RegisterForReflection
@Schema(name = "PartUrls")
public record PartUrlsView(@Schema(required = true) List<PartUrlView> parts) {
}
